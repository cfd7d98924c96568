"""Writes for orders: upsert from any channel, customers and addresses, the order timeline."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from wasl.campaigns.attribution import order_arrived as campaigns_order_arrived
from wasl.core.errors import Invalid
from wasl.core.money import is_currency, quantize
from wasl.core.phones import to_e164
from wasl.core.text import db_text, has_nul
from wasl.messaging.notify import order_event_recorded
from wasl.orders.identity import address_fingerprint, customer_identity
from wasl.orders.models import (
    Address,
    Customer,
    Order,
    OrderEvent,
    OrderEventKind,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    Variant,
)
from wasl.orders.types import AddressData, OrderData
from wasl.risk.hooks import order_arrived
from wasl.stores.models import Store
from wasl.webhooks.outbound.services import outbound_event_emit


@dataclass(frozen=True)
class UpsertResult:
    order: Order
    result: str  # created | updated | unchanged | stale


def order_content_hash(data: OrderData) -> str:
    values = asdict(data)
    values.pop("checkout_tokens", None)  # which checkout it came from is not the order's content
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()


MAX_AMOUNT = Decimal("99999999999")  # what the money columns hold


def clip_to_columns(model: type[Model], values: dict[str, Any]) -> dict[str, Any]:
    """Descriptive text longer than its column is cut, not refused: a long street name must not lose an order."""
    clipped = dict(values)
    for name, value in values.items():
        if isinstance(value, str):
            clipped[name] = db_text(value, getattr(model._meta.get_field(name), "max_length", None))
    return clipped


def _validate(data: OrderData) -> None:
    if not data.external_id.strip():
        raise Invalid("an order needs an external id", code="missing_external_id")
    if len(data.external_id) > 100 or has_nul(data.external_id):
        raise Invalid(
            "the external id must be at most 100 characters, without NUL", code="invalid_external_id"
        )
    amounts: list[Decimal] = [data.total, data.shipping_total, data.discount_total, data.tax_total]
    amounts += [data.subtotal or Decimal(0)]
    if any(abs(amount) > MAX_AMOUNT for amount in amounts + [ln.unit_price for ln in data.lines]):
        raise Invalid(f"amounts above {MAX_AMOUNT} are not accepted", code="invalid_amount")
    if any(len(line.sku) > 100 or has_nul(line.sku) for line in data.lines):
        raise Invalid("a SKU must be at most 100 characters, without NUL", code="invalid_sku")
    if not is_currency(data.currency):
        raise Invalid(f"{data.currency!r} is not an ISO 4217 currency code", code="invalid_currency")
    if data.payment_method not in PaymentMethod.values:
        raise Invalid("payment_method must be 'cod' or 'prepaid'", code="invalid_payment_method")
    if data.placed_at.tzinfo is None:
        raise Invalid("placed_at needs a time zone offset", code="invalid_date")
    if data.total < 0:
        raise Invalid("total cannot be negative", code="invalid_amount")
    for line in data.lines:
        if line.quantity <= 0:
            raise Invalid(
                f"line {line.sku or line.name!r} has quantity {line.quantity}", code="invalid_quantity"
            )


def customer_resolve(*, store: Store, data: OrderData) -> Customer | None:
    country = data.shipping_address.country or store.country
    phone = to_e164(data.customer.phone or data.shipping_address.phone, country)
    identity = customer_identity(data.customer, phone, data.channel)
    if not identity:
        return None
    email = data.customer.email.strip().lower()
    defaults = clip_to_columns(
        Customer,
        {
            "name": data.customer.name or data.shipping_address.name,
            "phone": phone,
            "email": email if len(email) <= 254 else "",
            "language": data.customer.language if data.customer.language in ("ar", "fr", "en") else "",
        },
    )
    try:
        with transaction.atomic():
            customer, created = Customer.objects.get_or_create(
                store=store, identity=identity, defaults=defaults
            )
    except IntegrityError:  # another request created the same buyer a moment ago
        customer, created = Customer.objects.get(store=store, identity=identity), False
    if not created:
        missing = {k: v for k, v in defaults.items() if v and not getattr(customer, k)}
        if missing:
            Customer.objects.filter(pk=customer.pk).update(**missing)
    return customer


def address_resolve(*, customer: Customer, address: AddressData) -> Address:
    fingerprint = address_fingerprint(address)
    values = clip_to_columns(Address, asdict(address))
    values["phone"] = to_e164(address.phone, address.country)
    found, _created = Address.objects.get_or_create(
        customer=customer, fingerprint=fingerprint, defaults=values
    )
    return found


def _order_fields(store: Store, data: OrderData, customer: Customer | None) -> dict[str, Any]:
    address = data.shipping_address
    money = {
        name: quantize(getattr(data, name), data.currency)
        for name in ("total", "shipping_total", "discount_total", "tax_total")
    }
    return {
        "customer": customer,
        "channel": data.channel,
        "number": db_text(data.number or data.external_id, 100),
        "payment_method": data.payment_method,
        "currency": data.currency,
        "subtotal": quantize(data.subtotal, data.currency) if data.subtotal is not None else None,
        "placed_at": data.placed_at,
        "ship_city": db_text(address.city, 120),
        "ship_postal_code": db_text(address.postal_code, 20),
        "ship_country": db_text(address.country or store.country, 2).upper(),
        "tags": [db_text(str(tag), 100) for tag in data.tags[:50]],
        "content_hash": order_content_hash(data),
        "source_updated_at": data.source_updated_at,
        **money,
    }


def _replace_lines(store: Store, order: Order, data: OrderData) -> None:
    order.lines.all().delete()
    variants = {
        v.sku: v for v in Variant.objects.filter(store=store, sku__in=[ln.sku for ln in data.lines if ln.sku])
    }
    OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            variant=variants.get(line.sku),
            sku=line.sku,
            name=db_text(line.name, 300),
            quantity=line.quantity,
            unit_price=quantize(line.unit_price, data.currency),
            category=db_text(line.category, 120),
        )
        for line in data.lines
    )


def order_event_add(
    *,
    order: Order,
    kind: str,
    message: str = "",
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> OrderEvent:
    event = OrderEvent.objects.create(
        store_id=order.store_id,
        order=order,
        kind=kind,
        message=message,
        data=data or {},
        occurred_at=at or timezone.now(),
    )
    # The notification task is a row in this same database, queued in this transaction: it exists exactly
    # when the event does (queued after commit, a crash in between would lose it).
    order_event_recorded(store_id=order.store_id, order_id=order.pk, kind=kind, at=event.occurred_at)
    return event


def _is_stale(order: Order, data: OrderData) -> bool:
    return bool(
        order.source_updated_at
        and data.source_updated_at
        and data.source_updated_at < order.source_updated_at
    )


@transaction.atomic
def order_upsert(*, store: Store, data: OrderData) -> UpsertResult:
    """Create the order or bring it up to date. The same payload twice is a no-op ("unchanged")."""
    _validate(data)
    existing = Order.objects.select_for_update().filter(store=store, external_id=data.external_id).first()
    if existing is not None:
        if existing.content_hash == order_content_hash(data):
            return UpsertResult(existing, "unchanged")
        if _is_stale(existing, data):
            return UpsertResult(existing, "stale")
    customer = customer_resolve(store=store, data=data)
    fields = _order_fields(store, data, customer)
    if existing is not None and existing.paid_at is not None:
        fields["payment_method"] = PaymentMethod.PREPAID  # the buyer paid online; the shop may not know yet
    if customer is not None and (data.shipping_address.line1 or data.shipping_address.city):
        fields["shipping_address"] = address_resolve(customer=customer, address=data.shipping_address)
    if existing is None:
        order = Order.objects.create(store=store, external_id=data.external_id, **fields)
        result = "created"
        order_event_add(
            order=order, kind=OrderEventKind.CREATED, data={"channel": data.channel}, at=data.placed_at
        )
        # Scored by a task (queued in this transaction, so it runs once the order and its lines are
        # committed, and never without them), so a model never slows the shop's request.
        order_arrived(store_id=store.pk, order_id=order.pk, placed_at=data.placed_at)
        # Its abandoned checkouts stop their reminders in this same commit; the order is attributed.
        campaigns_order_arrived(store=store, order=order, tokens=data.checkout_tokens)
    else:
        order = existing
        for name, value in fields.items():
            setattr(order, name, value)
        order.save()
        result = "updated"
        order_event_add(order=order, kind=OrderEventKind.UPDATED, data={"channel": data.channel})
    _replace_lines(store, order, data)
    if data.cancelled and order.status != OrderStatus.CANCELLED:
        order_status_set(order=order, status=OrderStatus.CANCELLED, reason="cancelled by the shop")
    outbound_event_emit(
        store=store,
        event_type=f"order.{result}",
        data=order_summary(order),
        idempotency_key=f"order:{order.pk}:{order.content_hash}",
    )
    return UpsertResult(order, result)


def order_status_set(*, order: Order, status: str, reason: str = "", at: datetime | None = None) -> bool:
    """Move the order to `status`; False when it already was there."""
    if order.status == status:
        return False
    previous = order.status
    order.status = status
    fields = ["status", "updated_at"]
    if status == OrderStatus.CANCELLED and order.cancelled_at is None:
        order.cancelled_at = at or timezone.now()
        fields.append("cancelled_at")
    order.save(update_fields=fields)
    kind = OrderEventKind.CANCELLED if status == OrderStatus.CANCELLED else OrderEventKind.STATUS_CHANGED
    event = order_event_add(
        order=order, kind=kind, message=reason, data={"from": previous, "to": status}, at=at
    )
    outbound_event_emit(
        store=order.store,
        event_type="order.status_changed",
        data={**order_summary(order), "from": previous, "reason": reason},
        idempotency_key=f"order-status:{event.pk}",
    )
    return True


def order_summary(order: Order) -> dict[str, Any]:
    """The small, stable description of an order that outbound webhooks carry."""
    return {
        "external_id": order.external_id,
        "number": order.number,
        "status": order.status,
        "payment_method": order.payment_method,
        "currency": order.currency,
        "total": str(order.total),
        "placed_at": order.placed_at.isoformat(),
    }
