"""Builders for the analytics tests: a small shop whose every figure is known in advance.

Orders go through the real services (order upsert, shipment creation, carrier scans); the rows the services
of other areas would write after long flows (a return resolved, a refund paid, a message read) are written
directly, exactly as those services leave them.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from factories import order_data
from wasl.analytics.models import AnalyticsSettings
from wasl.messaging.models import Conversation, Message
from wasl.orders.models import Order, Product, Variant
from wasl.orders.services import order_upsert
from wasl.orders.types import AddressData, LineData
from wasl.payments.models import Refund
from wasl.returns.models import ReturnItem, ReturnRequest
from wasl.shipping.services import shipment_create, tracking_updates_ingest
from wasl.shipping.types import TrackingUpdate
from wasl.stores.models import Store

DAY = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
_numbers = itertools.count(1)


def catalogue(store: Store) -> None:
    """Two products with unit costs: a T-shirt (cost 40) and a cap (cost 10)."""
    shirt = Product.objects.create(store=store, external_id="p1", name="T-shirt", category="tops")
    cap = Product.objects.create(store=store, external_id="p2", name="Cap", category="hats")
    Variant.objects.create(
        store=store, product=shirt, sku="TSHIRT-M", price=Decimal("100"), cost=Decimal("40")
    )
    Variant.objects.create(store=store, product=cap, sku="CAP-1", price=Decimal("50"), cost=Decimal("10"))


def costs(store: Store) -> AnalyticsSettings:
    return AnalyticsSettings.objects.create(
        store=store,
        forward_shipping_cost=Decimal("20"),
        rto_shipping_cost=Decimal("15"),
        reverse_shipping_cost=Decimal("18"),
        cod_fee_fixed=Decimal("5"),
        cod_fee_percent=Decimal("2"),
        whatsapp_message_cost=Decimal("0.05"),
        sms_message_cost=Decimal("0.20"),
    )


def order(
    store: Store,
    *,
    payment: str = "cod",
    city: str = "Riyadh",
    shirts: int = 2,
    caps: int = 0,
    placed_at: datetime = DAY,
    channel: str = "shopify",
    phone: str = "0501234567",
) -> Order:
    lines = [LineData(sku="TSHIRT-M", name="T-shirt M", quantity=shirts, unit_price=Decimal("100"))]
    if caps:
        lines.append(LineData(sku="CAP-1", name="Cap", quantity=caps, unit_price=Decimal("50")))
    total = Decimal(100 * shirts + 50 * caps)
    number = next(_numbers)
    data = order_data(
        f"A{number}",
        channel=channel,
        payment_method=payment,
        placed_at=placed_at,
        total=total,
        lines=tuple(lines),
        shipping_address=AddressData(line1="12 King Fahd Rd", city=city, country="SA"),
        customer=order_data().customer.__class__(name="Buyer", phone=phone),
    )
    return order_upsert(store=store, data=data).order


def ship(order: Order, *statuses: str, carrier: str = "aramex", ndr_reason: str = "") -> None:
    """Scans of the order's forward parcel (made on first use), an hour apart, after the ones it already has."""
    tracking = f"T{order.pk}"
    parcel, _ = shipment_create(store=order.store, tracking_number=tracking, carrier=carrier, order=order)
    start = order.placed_at + timedelta(hours=2 + parcel.events.count())
    tracking_updates_ingest(
        store=order.store,
        updates=[
            TrackingUpdate(
                tracking_number=tracking,
                carrier=carrier,
                status=status,
                occurred_at=start + timedelta(hours=index),
                raw_code=status.upper(),
                ndr_reason=ndr_reason if status == "delivery_failed" else "",
                source="test",
            )
            for index, status in enumerate(statuses)
        ],
    )
    order.refresh_from_db()


def returned(
    order: Order,
    *,
    sku: str = "TSHIRT-M",
    reason: str = "too_small",
    outcome: str = "refunded",
    grade: str = "",
) -> ReturnRequest:
    """A resolved return of one unit of `sku`, with a reverse pickup; refunded returns get their refund."""
    refund = None
    if outcome == "refunded":
        refund = Refund.objects.create(
            store=order.store,
            order=order,
            provider="manual",
            idempotency_key=f"refund-{order.pk}",
            amount=Decimal("100"),
            currency="SAR",
            status="succeeded",
        )
    reverse, _ = shipment_create(
        store=order.store, tracking_number=f"R{order.pk}", carrier="aramex", order=order, direction="reverse"
    )
    ret = ReturnRequest.objects.create(
        store=order.store,
        order=order,
        customer=order.customer,
        code=f"RET{order.pk}",
        state="resolved",
        resolution={"refunded": "refund", "credited": "credit"}.get(outcome, "exchange_variant"),
        outcome=outcome,
        method="pickup",
        currency="SAR",
        reverse_shipment=reverse,
        refund=refund,
        resolved_amount=Decimal("100") if outcome != "exchanged" else None,
    )
    ReturnItem.objects.create(
        return_request=ret,
        sku=sku,
        name=sku,
        category="tops",
        unit_price=Decimal("100"),
        quantity=1,
        reason=reason,
        grade=grade,
    )
    ReturnRequest.objects.filter(pk=ret.pk).update(created_at=order.placed_at + timedelta(days=3))
    Order.objects.filter(pk=order.pk).update(status="returned", updated_at=datetime.now(UTC))
    return ret


def message(
    order: Order,
    *,
    status: str = "read",
    channel: str = "whatsapp",
    cost: Decimal | None = None,
    replied: bool = False,
    at: datetime | None = None,
) -> Message:
    sent_at = at or order.placed_at + timedelta(minutes=5)
    conversation, _ = Conversation.objects.get_or_create(
        store=order.store, channel=channel, address=f"+96650{order.pk:07d}"
    )
    number = next(_numbers)
    out = Message.objects.create(
        store=order.store,
        conversation=conversation,
        order=order,
        direction="out",
        channel=channel,
        kind="template",
        idempotency_key=f"m{number}",
        status=status,
        cost=cost,
        sent_at=sent_at if status in ("sent", "delivered", "read") else None,
        delivered_at=sent_at if status in ("delivered", "read") else None,
        read_at=sent_at if status == "read" else None,
    )
    Message.objects.filter(pk=out.pk).update(created_at=sent_at)
    if replied:
        answer = Message.objects.create(
            store=order.store,
            conversation=conversation,
            direction="in",
            channel=channel,
            kind="text",
            idempotency_key=f"in{number}",
            status="received",
        )
        Message.objects.filter(pk=answer.pk).update(created_at=sent_at + timedelta(hours=1))
    return out
