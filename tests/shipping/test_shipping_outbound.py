"""Shipment and order changes become outbound events for the merchant's subscribed endpoints."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from factories import order_data
from wasl.orders.services import order_upsert
from wasl.shipping.services import shipment_create, tracking_updates_ingest
from wasl.shipping.types import TrackingUpdate
from wasl.webhooks.models import OutboundDelivery, OutboundEvent
from wasl.webhooks.outbound.services import endpoint_create

pytestmark = pytest.mark.django_db


def test_given_an_endpoint_for_all_events_when_a_parcel_is_delivered_then_each_change_is_one_event(
    store,
) -> None:
    endpoint_create(store=store, url="https://erp.example.com/hooks", event_types=["*"])
    order = order_upsert(store=store, data=order_data("E-1")).order
    shipment_create(store=store, tracking_number="TRK-E1", carrier="smsa", order=order)
    delivered = TrackingUpdate(
        "TRK-E1",
        "smsa",
        "delivered",
        datetime(2026, 5, 6, 12, tzinfo=UTC),
        "DL",
        source="test",
        dedupe_key="d1",
    )
    tracking_updates_ingest(store=store, updates=[delivered])
    tracking_updates_ingest(store=store, updates=[delivered])  # a repeat emits nothing more
    types = list(
        OutboundEvent.objects.filter(store=store).order_by("id").values_list("event_type", flat=True)
    )
    assert types == ["order.created", "shipment.created", "shipment.status_changed", "order.status_changed"]
    last = OutboundEvent.objects.filter(store=store).order_by("id").last()
    assert last is not None
    assert (last.payload["external_id"], last.payload["status"], last.payload["from"]) == (
        "E-1",
        "delivered",
        "pending",
    )
    assert OutboundDelivery.objects.filter(event__store=store).count() == 4


def test_without_endpoints_nothing_is_recorded(store) -> None:
    order_upsert(store=store, data=order_data("E-2"))
    assert OutboundEvent.objects.count() == 0
