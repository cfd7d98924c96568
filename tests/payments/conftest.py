"""Fixtures for the payments tests: the Stripe and Razorpay stand-ins on local ports, a store set up for both,
and orders to pay or refund."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from payments_helpers import RAZORPAY_SETTINGS, STRIPE_SETTINGS  # noqa: E402

from wasl.fakeproviders.graph_server import RunningServer, serve_in_thread  # noqa: E402
from wasl.fakeproviders.razorpay import RazorpayStandIn  # noqa: E402
from wasl.fakeproviders.stripe import StripeStandIn  # noqa: E402


@pytest.fixture(autouse=True)
def _short_provider_timeout(settings) -> None:  # type: ignore[no-untyped-def]
    settings.WASL_PAYMENTS_TIMEOUT_S = 1.0


@pytest.fixture
def stripe_server() -> Iterator[tuple[StripeStandIn, RunningServer]]:
    stand_in = StripeStandIn(hang_s=3.0)
    running = serve_in_thread(stand_in)
    try:
        yield stand_in, running
    finally:
        stand_in.close()
        running.stop()


@pytest.fixture
def razorpay_server() -> Iterator[tuple[RazorpayStandIn, RunningServer]]:
    stand_in = RazorpayStandIn(hang_s=3.0)
    running = serve_in_thread(stand_in)
    try:
        yield stand_in, running
    finally:
        stand_in.close()
        running.stop()


@pytest.fixture
def stripe_standin(store, stripe_server) -> StripeStandIn:  # type: ignore[no-untyped-def]
    """The Stripe stand-in, and the store's Stripe settings pointing at it."""
    from wasl.stores.services import secret_set

    stand_in, running = stripe_server
    for key, value in {**STRIPE_SETTINGS, "stripe.api_base": running.url}.items():
        secret_set(store=store, key=key, value=value)
    return stand_in


@pytest.fixture
def razorpay_standin(store, razorpay_server) -> RazorpayStandIn:  # type: ignore[no-untyped-def]
    """The Razorpay stand-in (behind the /razorpay prefix, as `wasl fake-providers` serves it)."""
    from wasl.stores.services import secret_set

    stand_in, running = razorpay_server
    for key, value in {**RAZORPAY_SETTINGS, "razorpay.base_url": running.url + "/razorpay"}.items():
        secret_set(store=store, key=key, value=value)
    return stand_in
