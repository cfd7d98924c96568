"""Fixtures for the returns tests: a delivered order with a catalogue behind it, and the Stripe stand-in."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for folder in (HERE, HERE.parent / "payments"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from payments_helpers import RAZORPAY_SETTINGS, STRIPE_SETTINGS  # noqa: E402

from wasl.fakeproviders.graph_server import serve_in_thread  # noqa: E402
from wasl.fakeproviders.razorpay import RazorpayStandIn  # noqa: E402
from wasl.fakeproviders.stripe import StripeStandIn  # noqa: E402


@pytest.fixture(autouse=True)
def _short_provider_timeout(settings) -> None:  # type: ignore[no-untyped-def]
    settings.WASL_PAYMENTS_TIMEOUT_S = 1.0


@pytest.fixture
def stripe_standin(store) -> Iterator[StripeStandIn]:  # type: ignore[no-untyped-def]
    from wasl.stores.services import secret_set

    stand_in = StripeStandIn(hang_s=3.0)
    running = serve_in_thread(stand_in)
    for key, value in {**STRIPE_SETTINGS, "stripe.api_base": running.url}.items():
        secret_set(store=store, key=key, value=value)
    try:
        yield stand_in
    finally:
        stand_in.close()
        running.stop()


@pytest.fixture
def razorpay_standin(store) -> Iterator[RazorpayStandIn]:  # type: ignore[no-untyped-def]
    from wasl.stores.services import secret_set

    stand_in = RazorpayStandIn(hang_s=3.0)
    running = serve_in_thread(stand_in)
    for key, value in {**RAZORPAY_SETTINGS, "razorpay.base_url": running.url + "/razorpay"}.items():
        secret_set(store=store, key=key, value=value)
    try:
        yield stand_in
    finally:
        stand_in.close()
        running.stop()
