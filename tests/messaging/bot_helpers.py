"""Builders for the bot and review tests: a buyer's order with a parcel at some status, and buyer messages."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from factories import order_data
from wasl.messaging.channels.types import InboundMessage
from wasl.messaging.inbound import inbound_receive
from wasl.messaging.models import Conversation, Message
from wasl.orders.models import Order
from wasl.orders.services import order_upsert
from wasl.orders.types import LineData
from wasl.shipping.models import Shipment
from wasl.shipping.services import shipment_create, tracking_updates_ingest
from wasl.shipping.types import TrackingUpdate
from wasl.stores.models import Store

PHONE = "+966501234567"  # the buyer of `factories.order_data`
_ids = itertools.count(1)


def buyer_order(store: Store, external_id: str = "1042", *, placed_at: datetime | None = None) -> Order:
    """A COD order of two products for the buyer at PHONE."""
    data = order_data(
        external_id,
        placed_at=placed_at or datetime.now(UTC) - timedelta(days=2),
        lines=(
            LineData(sku="TSHIRT-M", name="T-shirt M", quantity=2, unit_price=Decimal("100.00")),
            LineData(sku="CAP-1", name="Cap", quantity=1, unit_price=Decimal("49.50")),
        ),
    )
    return order_upsert(store=store, data=data).order


def ship(
    order: Order,
    *statuses: str,
    tracking: str = "TRK1042",
    promised: date | None = None,
    at: datetime | None = None,
) -> Shipment:
    """A forward shipment for the order, moved through `statuses` by carrier scans one minute apart."""
    shipment, _ = shipment_create(
        store=order.store, tracking_number=tracking, carrier="aramex", order=order, promised_date=promised
    )
    start = at or datetime.now(UTC) - timedelta(hours=len(statuses) + 1)
    updates = [
        TrackingUpdate(
            tracking_number=tracking,
            carrier="aramex",
            status=status,
            occurred_at=start + timedelta(minutes=index),
            raw_code=status.upper(),
            source="test",
        )
        for index, status in enumerate(statuses)
    ]
    if updates:
        tracking_updates_ingest(store=order.store, updates=updates)
    shipment.refresh_from_db()
    return shipment


def says(
    store: Store,
    text: str = "",
    *,
    button_id: str = "",
    button_title: str = "",
    kind: str = "",
    phone: str = PHONE,
    channel: str = "whatsapp",
    at: datetime | None = None,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    extra: dict[str, str] | None = None,
) -> list[Message]:
    """The buyer sends one message through the inbound path; returns what it queued in answer, in order."""
    if not kind:
        kind = "list" if button_id.startswith(("review:", "menu:day", "menu:address")) else "text"
        kind = "button" if button_id and kind == "text" else kind
        kind = "location" if latitude is not None else kind
    inbound = InboundMessage(
        provider_id=f"wamid.test{next(_ids)}",
        channel=channel,
        from_phone=phone,
        to_id="1122334455667",
        received_at=at or datetime.now(UTC),
        kind=kind,
        text=text,
        button_id=button_id,
        button_title=button_title,
        latitude=latitude,
        longitude=longitude,
        extra=extra or {},
    )
    before = Message.objects.filter(direction="out").order_by("-id").values_list("id", flat=True).first() or 0
    inbound_receive(store=store, inbound=inbound)
    return list(Message.objects.filter(direction="out", id__gt=before).order_by("id"))


def conversation(store: Store, phone: str = PHONE, channel: str = "whatsapp") -> Conversation:
    return Conversation.objects.get(store=store, channel=channel, address=phone)


def ids_of(message: Message) -> list[str]:
    """The ids of a reply's buttons or list rows."""
    if message.buttons:
        return [b["id"] for b in message.buttons]
    return [r["id"] for r in message.extra.get("rows", [])]
