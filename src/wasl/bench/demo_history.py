"""A demo shop's order history written in bulk, for the risk benchmark and tests: thousands of orders a second.

`wasl.demo.loader` writes orders one by one through the orders and shipping services (every shipment and scan,
webhooks, notifications), about 50 orders a second. Training a model needs tens of thousands of finished orders,
so this writes only what the risk features read, with the same values the services would store: buyers and
addresses (recognised the same way), orders with their lines, the order's creation and its final status on its
timeline at the time the scans say it happened. It writes no shipments or scans; it is not a way to import real data
(`wasl import orders` is).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime

from django.db import connection, transaction

from wasl.core.money import quantize
from wasl.core.phones import to_e164
from wasl.core.text import db_text
from wasl.demo.types import DemoOrder, Outcome
from wasl.orders.identity import address_fingerprint, customer_identity
from wasl.orders.models import (
    Address,
    Customer,
    Order,
    OrderEvent,
    OrderEventKind,
    OrderLine,
    OrderStatus,
)
from wasl.orders.services import clip_to_columns
from wasl.shipping.order_sync import ORDER_STATUS_FOR
from wasl.shipping.status import StatusPoint, fold
from wasl.stores.models import Store

BATCH = 2000
_BY_BUYER = {Outcome.RETURNED: OrderStatus.RETURNED, Outcome.CANCELLED: OrderStatus.CANCELLED}


def demo_history_load(*, store: Store, orders: Iterable[DemoOrder]) -> int:
    """Write the orders; then let the database's planner know how the tables look now, as after any bulk load
    (PostgreSQL would otherwise plan with the sizes of empty tables until autovacuum comes by)."""
    count = _load(store, list(orders))
    tables = [model._meta.db_table for model in (Customer, Address, Order, OrderLine, OrderEvent)]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return count


@transaction.atomic
def _load(store: Store, demos: list[DemoOrder]) -> int:
    buyers = [_identity(store, demo) for demo in demos]
    places = [_place(demo) for demo in demos]
    customers = _customers(store, demos, buyers)
    addresses = _addresses(demos, buyers, places, customers)
    rows = []
    for demo, (identity, _phone), fingerprint in zip(demos, buyers, places, strict=True):
        data = demo.order
        customer = customers.get(identity)
        address = data.shipping_address
        status, _ = _outcome(demo)
        rows.append(
            Order(
                store=store,
                customer=customer,
                channel=data.channel,
                external_id=data.external_id,
                number=db_text(data.number or data.external_id, 100),
                status=status,
                payment_method=data.payment_method,
                currency=data.currency,
                total=quantize(data.total, data.currency),
                subtotal=quantize(data.subtotal, data.currency) if data.subtotal is not None else None,
                shipping_total=quantize(data.shipping_total, data.currency),
                discount_total=quantize(data.discount_total, data.currency),
                tax_total=quantize(data.tax_total, data.currency),
                placed_at=data.placed_at,
                cancelled_at=demo.outcome_at if status == OrderStatus.CANCELLED else None,
                shipping_address=addresses.get((customer.pk, fingerprint)) if customer else None,
                ship_city=db_text(address.city, 120),
                ship_postal_code=db_text(address.postal_code, 20),
                ship_country=db_text(address.country or store.country, 2).upper(),
                tags=list(data.tags),
                # Not the services' hash of the whole payload (the slowest part here): unique, and stable.
                content_hash=hashlib.sha256(
                    f"demo:{data.external_id}:{data.source_updated_at}".encode()
                ).hexdigest(),
                source_updated_at=data.source_updated_at,
            )
        )
    Order.objects.bulk_create(rows, batch_size=BATCH)
    OrderLine.objects.bulk_create(
        (
            OrderLine(
                order=order,
                sku=line.sku,
                name=db_text(line.name, 300),
                quantity=line.quantity,
                unit_price=quantize(line.unit_price, demo.order.currency),
                category=db_text(line.category, 120),
            )
            for order, demo in zip(rows, demos, strict=True)
            for line in demo.order.lines
        ),
        batch_size=BATCH,
    )
    OrderEvent.objects.bulk_create(_events(store, rows, demos), batch_size=BATCH)
    return len(rows)


def _identity(store: Store, demo: DemoOrder) -> tuple[str, str]:
    data = demo.order
    phone = to_e164(
        data.customer.phone or data.shipping_address.phone, data.shipping_address.country or store.country
    )
    return customer_identity(data.customer, phone, data.channel), phone


def _place(demo: DemoOrder) -> str:
    address = demo.order.shipping_address
    return address_fingerprint(address) if (address.line1 or address.city) else ""


def _customers(store: Store, demos: list[DemoOrder], buyers: list[tuple[str, str]]) -> dict[str, Customer]:
    first: dict[str, Customer] = {}
    for demo, (identity, phone) in zip(demos, buyers, strict=True):
        if identity and identity not in first:
            buyer = demo.order.customer
            values = clip_to_columns(
                Customer,
                {
                    "name": buyer.name,
                    "phone": phone,
                    "email": buyer.email.strip().lower(),
                    "language": buyer.language,
                },
            )
            first[identity] = Customer(store=store, identity=identity, **values)
    Customer.objects.bulk_create(first.values(), batch_size=BATCH)
    return first


def _addresses(
    demos: list[DemoOrder],
    buyers: list[tuple[str, str]],
    places: list[str],
    customers: dict[str, Customer],
) -> dict[tuple[int, str], Address]:
    found: dict[tuple[int, str], Address] = {}
    for demo, (identity, _phone), fingerprint in zip(demos, buyers, places, strict=True):
        address = demo.order.shipping_address
        customer = customers.get(identity)
        if customer is None or not fingerprint:
            continue
        key = (customer.pk, fingerprint)
        if key not in found:
            values = clip_to_columns(Address, asdict(address))
            values["phone"] = to_e164(address.phone, address.country)
            found[key] = Address(customer=customer, fingerprint=key[1], **values)
    Address.objects.bulk_create(found.values(), batch_size=BATCH)
    return found


def _outcome(demo: DemoOrder) -> tuple[str, datetime | None]:
    """The order's status and when it last changed, as the shipping service's fold of the scans would leave it."""
    if demo.outcome in (Outcome.RETURNED, Outcome.CANCELLED):  # set on the order itself, at that time
        return _BY_BUYER[demo.outcome], demo.outcome_at
    if not demo.events:
        return OrderStatus.PENDING, None
    state = fold(StatusPoint(e.occurred_at, e.status, e.dedupe_key, e.ndr_reason) for e in demo.events)
    return ORDER_STATUS_FOR.get(state.status, OrderStatus.PENDING), state.changed_at


def _events(store: Store, rows: list[Order], demos: list[DemoOrder]) -> Iterable[OrderEvent]:
    for order, demo in zip(rows, demos, strict=True):
        yield OrderEvent(
            store=store,
            order=order,
            kind=OrderEventKind.CREATED,
            data={"channel": order.channel},
            occurred_at=order.placed_at,
        )
        status, at = _outcome(demo)
        if status != OrderStatus.PENDING and at is not None:
            cancelled = status == OrderStatus.CANCELLED
            yield OrderEvent(
                store=store,
                order=order,
                kind=OrderEventKind.CANCELLED if cancelled else OrderEventKind.STATUS_CHANGED,
                data={"from": OrderStatus.PENDING, "to": status},
                occurred_at=at,
            )
