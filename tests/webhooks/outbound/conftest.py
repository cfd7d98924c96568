"""Fixtures for the outbound webhook tests: a real receiver, endpoints, pending deliveries.

This folder goes on sys.path so that the tests can import the receiver's helpers by one name.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from outbound_receiver import Receiver, running_receiver  # noqa: E402


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as started:
        yield started


@dataclass(frozen=True)
class Pending:
    """A delivery waiting for its first attempt, and the secret its endpoint signs with."""

    delivery_id: int
    endpoint_id: int
    secret: str


@pytest.fixture
def make_endpoint(store):  # type: ignore[no-untyped-def]
    from wasl.webhooks.outbound.services import endpoint_create

    def make(url: str, event_types: tuple[str, ...] = ("*",), *, on=None):  # type: ignore[no-untyped-def]
        return endpoint_create(store=on or store, url=url, event_types=list(event_types))

    return make


@pytest.fixture
def make_pending(store, make_endpoint):  # type: ignore[no-untyped-def]
    """Emit one order.created event for a new endpoint at `url`; return its delivery."""
    from wasl.webhooks.models import OutboundDelivery
    from wasl.webhooks.outbound.services import outbound_event_emit

    counter = iter(range(1, 1_000))

    def make(url: str, *, endpoint=None, secret: str = "") -> Pending:  # type: ignore[no-untyped-def]
        if endpoint is None:
            endpoint, secret = make_endpoint(url)
        number = next(counter)
        event = outbound_event_emit(
            store=store,
            event_type="order.created",
            data={"external_id": f"10{number:02d}", "total": "249.50", "buyer": "سارة"},
            idempotency_key=f"order:{number}:created",
        )
        assert event is not None
        delivery = OutboundDelivery.objects.get(event=event, endpoint=endpoint)
        return Pending(delivery_id=delivery.pk, endpoint_id=endpoint.pk, secret=secret)

    return make
