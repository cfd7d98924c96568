"""Builders for delivery-promise tests: orders to a city, parcels with their scans."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from django.utils import timezone

from factories import order_data
from wasl.orders.models import Order
from wasl.orders.services import order_upsert
from wasl.orders.types import AddressData
from wasl.shipping.models import Shipment
from wasl.shipping.services import shipment_create, tracking_updates_ingest
from wasl.shipping.types import TrackingUpdate
from wasl.stores.models import Store


def order_to(
    store: Store, number: str, *, city: str = "Riyadh", region: str = "", postal: str = "12211"
) -> Order:
    address = AddressData(line1="12 King Fahd Rd", city=city, region=region, postal_code=postal, country="SA")
    placed = timezone.now() - timedelta(hours=2)  # a live order: history (older than 30 days) gets no promise
    return order_upsert(
        store=store, data=order_data(number, shipping_address=address, placed_at=placed)
    ).order


def scan(shipment: Shipment, status: str, at: datetime, key: str) -> TrackingUpdate:
    return TrackingUpdate(
        tracking_number=shipment.tracking_number,
        carrier=shipment.carrier,
        status=status,
        occurred_at=at,
        raw_code=status.upper(),
        source="test",
        dedupe_key=key,
    )


def parcel(
    store: Store,
    number: str,
    *,
    carrier: str = "aramex",
    city: str = "Riyadh",
    region: str = "",
    label_at: datetime | None = None,
    end: str = "",
    end_at: datetime | None = None,
    ndr: bool = False,
) -> Shipment:
    """An order and its parcel, labelled at `label_at`, then (optionally) ending with status `end` at `end_at`."""
    order = order_to(store, number, city=city, region=region)
    shipment, _ = shipment_create(store=store, tracking_number=f"TN{number}", carrier=carrier, order=order)
    if label_at is not None:
        updates = [scan(shipment, "created", label_at, "1"), scan(shipment, "in_transit", label_at, "2")]
        if ndr and end_at is not None:
            failed = scan(shipment, "delivery_failed", end_at - timedelta(hours=26), "3")
            updates.append(replace(failed, ndr_reason="customer_unavailable"))
        if end and end_at is not None:
            updates.append(scan(shipment, end, end_at, "4"))
        tracking_updates_ingest(store=store, updates=updates)
    shipment.refresh_from_db()
    return shipment
