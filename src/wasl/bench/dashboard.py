"""`wasl bench dashboard`: the merchant dashboard over a store with N orders.

A store is filled with N orders placed over a year (lines, a forward parcel each, failed deliveries, returns to
origin, buyer returns with refunds, credit and exchanges, a WhatsApp message per order and some replies),
written with PostgreSQL's COPY (multi-row INSERTs on SQLite). Its rollups are refreshed in full, then a few
hundred orders change and an incremental refresh runs. The dashboard is then rendered through Django's test
client, signed in as the store's owner, several times for the default range (the last 30 days) and for the
whole year; the medians are reported. The store and its rows are removed at the end.
"""

from __future__ import annotations

import random
import statistics
import time
import uuid
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.db.models import Max, Model
from django.test import Client
from django.utils import timezone

from wasl.analytics.models import AnalyticsSettings, DailyRollup
from wasl.analytics.refresh import analytics_refresh
from wasl.core.bulk import copy_rows, insert_values
from wasl.messaging.models import Conversation, Message
from wasl.orders.models import Customer, Order, OrderLine, Product, Variant
from wasl.payments.models import Refund
from wasl.returns.models import ReturnItem, ReturnRequest
from wasl.shipping.models import Shipment
from wasl.stores.models import StoreMember
from wasl.stores.services import store_create

CHUNK = 20_000
DAYS = 365
CARRIERS = ("aramex", "smsa", "dhl", "jnt", "naqel")
CITIES = (
    "Riyadh", "Jeddah", "Mecca", "Medina", "Dammam", "Khobar", "Taif", "Tabuk", "Buraidah", "Abha",
    "Hail", "Jazan", "Najran", "Yanbu", "Al Ahsa", "Jubail", "Khamis Mushait", "Qatif", "Arar", "Sakaka",
)  # fmt: skip
CHANNELS = ("shopify", "salla", "woocommerce")
NDR_REASONS = ("customer_unavailable", "phone_unreachable", "address_issue", "refused", "cod_not_ready")
RETURN_REASONS = ("wrong_size", "not_as_described", "damaged", "wrong_item", "changed_mind")
OUTCOMES = ("refunded", "credited", "exchanged")


def _ids(model: type[Model]) -> int:
    """The first free id of the table: rows are written with their ids, so lines can point at their orders."""
    return (model._default_manager.aggregate(top=Max("pk"))["top"] or 0) + 1


def _write(model: type[Model], fields: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert rows given in `fields` order; the model's other required columns get their defaults (the database
    knows none of Django's defaults)."""
    if not rows:
        return
    given = {model._meta.get_field(name).attname for name in fields}  # type: ignore[union-attr]
    rest = [
        field
        for field in model._meta.concrete_fields
        if field.attname not in given and not field.primary_key and not field.null
    ]
    names = [*fields, *(field.name for field in rest)]
    tail = tuple(field.get_default() for field in rest)
    complete = [row + tail for row in rows] if tail else rows
    if connection.vendor == "postgresql":
        copy_rows(model, names, complete)
    else:
        insert_values(model, names, complete)


def _reset_sequences(models: Sequence[type[Model]]) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            # The table names are the models' own.
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
            )


class Generator:
    """Rows of one bench store, drawn from a seeded random source, ids assigned here."""

    def __init__(self, store: Any, orders: int, seed: int, now: datetime) -> None:
        self.store, self.orders, self.now = store, orders, now
        self.rng = random.Random(seed)
        self.customers = max(1, orders // 3)
        tables: tuple[type[Model], ...] = (Customer, Conversation, Order, OrderLine, Shipment, Message)
        tables += (ReturnRequest, ReturnItem, Refund)
        self.first: dict[type[Model], int] = {model: _ids(model) for model in tables}
        self.next = dict(self.first)
        # COPY takes text as it is: JSON and amounts written as text skip Django's per-value preparation.
        postgres = connection.vendor == "postgresql"
        self.empty_dict: object = "{}" if postgres else {}
        self.empty_list: object = "[]" if postgres else []

    def take(self, model: type[Model]) -> int:
        value = self.next[model]
        self.next[model] += 1
        return value

    def catalogue(self) -> list[tuple[int, str, Decimal, Decimal]]:
        variants = []
        for number in range(200):
            product = Product.objects.create(
                store=self.store,
                external_id=f"P{number}",
                name=f"Product {number}",
                category=f"cat{number % 12}",
            )
            price = Decimal(self.rng.choice((49, 79, 99, 149, 199, 249)))
            variant = Variant.objects.create(
                store=self.store,
                product=product,
                sku=f"SKU{number}",
                price=price,
                cost=price * Decimal("0.4"),
            )
            variants.append((variant.pk, variant.sku, price, price * Decimal("0.4")))
        return variants

    def people(self) -> None:
        stamp = self.now
        customers, conversations = [], []
        for number in range(self.customers):
            phone = f"+9665{number:08d}"
            customers.append((self.take(Customer), self.store.pk, f"p:{phone}", phone, stamp))
            conversations.append(
                (self.take(Conversation), self.store.pk, "whatsapp", phone, "bot", stamp, stamp)
            )
        _write(Customer, ("id", "store", "identity", "phone", "created_at"), customers)
        _write(
            Conversation,
            ("id", "store", "channel", "address", "state", "created_at", "updated_at"),
            conversations,
        )

    def chunks(
        self, variants: list[tuple[int, str, Decimal, Decimal]]
    ) -> Iterator[dict[str, list[tuple[Any, ...]]]]:
        for start in range(0, self.orders, CHUNK):
            yield self._chunk(range(start, min(start + CHUNK, self.orders)), variants)

    def _chunk(
        self, numbers: range, variants: list[tuple[int, str, Decimal, Decimal]]
    ) -> dict[str, list[tuple[Any, ...]]]:
        rng, store = self.rng, self.store.pk
        rows: dict[str, list[tuple[Any, ...]]] = {
            name: [] for name in ("orders", "lines", "shipments", "messages", "returns", "items", "refunds")
        }
        for number in numbers:
            order_id = self.take(Order)
            customer = rng.randrange(self.customers)
            placed = self.now - timedelta(days=DAYS * (1 - number / self.orders), minutes=rng.randrange(600))
            cod = rng.random() < 0.65
            city = CITIES[min(int(rng.expovariate(0.25)), len(CITIES) - 1)]
            carrier = rng.choice(CARRIERS)
            status, ndr = self._fate(rng, placed, cod, CITIES.index(city))
            total = Decimal(0)
            for _ in range(1 + (rng.random() < 0.4)):
                variant_id, sku, price, _cost = rng.choice(variants)
                quantity = 1 + (rng.random() < 0.15)
                total += price * quantity
                rows["lines"].append(
                    (self.take(OrderLine), order_id, variant_id, sku, sku, quantity, str(price))
                )
            rows["orders"].append(
                (
                    order_id, store, self.first[Customer] + customer, rng.choice(CHANNELS), f"B{number}",
                    f"#{number}", status, "cod" if cod else "prepaid", "SAR", str(total), placed, city, "SA",
                    self.empty_list, "", placed, placed,
                )
            )  # fmt: skip
            if status in ("cancelled",):
                continue
            shipment_status = {
                "pending": "created", "shipped": "in_transit", "delivered": "delivered", "returned": "delivered",
                "rto": "rto_delivered", "lost": "lost",
            }[status]  # fmt: skip
            rows["shipments"].append(
                (self.take(Shipment), store, order_id, carrier, f"BT{number}", "forward", shipment_status,
                 1 + bool(ndr), ndr, placed, placed)
            )  # fmt: skip
            message_status = rng.choice(("sent", "delivered", "read", "read", "read"))
            sent_at = placed + timedelta(minutes=5)
            conversation = self.first[Conversation] + customer
            rows["messages"].append(
                self._message(conversation, order_id, "out", message_status, sent_at, number)
            )
            if rng.random() < 0.15:
                rows["messages"].append(
                    self._message(
                        conversation, None, "in", "received", sent_at + timedelta(minutes=30), number
                    )
                )
            if status == "returned":
                self._return(rows, rng, order_id, number, placed, total)
        return rows

    def _fate(self, rng: random.Random, placed: datetime, cod: bool, city_rank: int) -> tuple[str, str]:
        age = (self.now - placed).days
        if age < 2:
            return rng.choice(("pending", "shipped")), ""
        draw = rng.random()
        rto_share = (0.16 if cod else 0.05) + city_rank * 0.004
        if draw < 0.03:
            return "cancelled", ""
        if draw < 0.03 + rto_share:
            return "rto", rng.choice(NDR_REASONS)
        if draw < 0.04 + rto_share:
            return "lost", ""
        if age < 6 and draw > 0.9:
            return "shipped", ""
        ndr = rng.choice(NDR_REASONS) if rng.random() < 0.1 else ""
        return ("returned" if rng.random() < 0.06 else "delivered"), ndr

    def _message(
        self, conversation: int, order: int | None, direction: str, status: str, at: datetime, number: int
    ) -> tuple[Any, ...]:
        key = f"bench-{direction}-{number}"
        sent = at if direction == "out" else None
        delivered = at if status in ("delivered", "read") else None
        read = at if status == "read" else None
        return (
            self.take(Message), self.store.pk, conversation, order, direction, "whatsapp", "template", key, status,
            sent, delivered, read, self.empty_dict, self.empty_list, self.empty_list, at, at,
        )  # fmt: skip

    def _return(
        self,
        rows: dict[str, list[tuple[Any, ...]]],
        rng: random.Random,
        order: int,
        number: int,
        placed: datetime,
        total: Decimal,
    ) -> None:
        outcome = rng.choice(OUTCOMES)
        return_id, at = self.take(ReturnRequest), placed + timedelta(days=5)
        refund = None
        if outcome == "refunded":
            refund = self.take(Refund)
            rows["refunds"].append(
                (refund, self.store.pk, order, "manual", f"bench-{number}", total, "SAR", "succeeded", at, at)
            )
        rows["returns"].append(
            (return_id, self.store.pk, order, f"BR{number}", "resolved", "refund", outcome, "pickup", "SAR", refund,
             total if outcome != "exchanged" else None, at, at)
        )  # fmt: skip
        rows["items"].append(
            (self.take(ReturnItem), return_id, f"SKU{number % 200}", f"Product {number % 200}", f"cat{number % 12}",
             total, 1, rng.choice(RETURN_REASONS), rng.choice(("sellable", "sellable", "damaged")))
        )  # fmt: skip


TABLES: dict[str, tuple[type[Model], tuple[str, ...]]] = {
    "orders": (Order, ("id", "store", "customer", "channel", "external_id", "number", "status", "payment_method",
                       "currency", "total", "placed_at", "ship_city", "ship_country", "tags", "content_hash",
                       "created_at", "updated_at")),
    "lines": (OrderLine, ("id", "order", "variant", "sku", "name", "quantity", "unit_price")),
    "shipments": (Shipment, ("id", "store", "order", "carrier", "tracking_number", "direction", "status",
                             "attempts", "ndr_reason", "created_at", "updated_at")),
    "messages": (Message, ("id", "store", "conversation", "order", "direction", "channel", "kind", "idempotency_key",
                           "status", "sent_at", "delivered_at", "read_at", "extra", "template_params", "buttons",
                           "created_at", "updated_at")),
    "refunds": (Refund, ("id", "store", "order", "provider", "idempotency_key", "amount", "currency", "status",
                         "created_at", "updated_at")),
    "returns": (ReturnRequest, ("id", "store", "order", "code", "state", "resolution", "outcome", "method",
                                "currency", "refund", "resolved_amount", "created_at", "updated_at")),
    "items": (ReturnItem, ("id", "return_request", "sku", "name", "category", "unit_price", "quantity", "reason",
                           "grade")),
}  # fmt: skip


def _render(client: Client, url: str, times: int) -> tuple[float, int]:
    timings = []
    size = 0
    for _ in range(times):
        began = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - began) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        size = len(response.content)
    return round(statistics.median(timings), 1), size


def run_dashboard_benchmark(
    *, orders: int, renders: int = 7, seed: int = 7, keep: bool = False
) -> dict[str, Any]:
    began = time.perf_counter()
    now = timezone.now().astimezone(UTC)
    slug = f"bench-dash-{uuid.uuid4().hex[:8]}"
    store = store_create(name="Dashboard bench", slug=slug, country="SA", currency="SAR", language="en")
    AnalyticsSettings.objects.create(
        store=store,
        forward_shipping_cost=Decimal("18"),
        rto_shipping_cost=Decimal("15"),
        reverse_shipping_cost=Decimal("18"),
        cod_fee_fixed=Decimal("5"),
        cod_fee_percent=Decimal("1"),
        whatsapp_message_cost=Decimal("0.05"),
    )
    try:
        generator = Generator(store, orders, seed, now)
        with transaction.atomic():
            variants = generator.catalogue()
            generator.people()
            for rows in generator.chunks(variants):
                for name, (model, fields) in TABLES.items():
                    _write(model, fields, rows[name])
            _reset_sequences([Customer, Conversation, *(model for model, _ in TABLES.values())])
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        generated = time.perf_counter()
        full = analytics_refresh(store=store, full=True)
        refreshed = time.perf_counter()
        # The latest 500 orders are delivered now: what an hour of carrier scans does to a busy store.
        latest = Order.objects.filter(store=store).order_by("-placed_at").values_list("pk", flat=True)[:500]
        changed = list(latest)
        Order.objects.filter(pk__in=changed).update(status="delivered", updated_at=timezone.now())
        incremental = analytics_refresh(store=store)
        user = get_user_model().objects.create_user(username=slug, password=uuid.uuid4().hex)
        StoreMember.objects.create(store=store, user=user, role="owner")
        client = Client()
        client.force_login(user)
        base = f"/console/{slug}/dashboard/"
        _render(client, base, 1)  # warm: templates compiled, translations loaded
        render_ms, size = _render(client, base, renders)
        year = f"{base}?start={(now - timedelta(days=DAYS)).date()}&end={now.date()}&by=region"
        year_ms, _ = _render(client, year, renders)
        profit_ms, _ = _render(client, f"/console/{slug}/profit/", max(3, renders // 2))
        return {
            "orders": orders,
            "render_ms": render_ms,
            "render_year_ms": year_ms,
            "profit_render_ms": profit_ms,
            "page_bytes": size,
            "rollup_rows": DailyRollup.objects.filter(store=store).count(),
            "generate_s": round(generated - began, 1),
            "full_refresh_s": round(refreshed - generated, 1),
            "incremental_refresh_ms": incremental.duration_ms,
            "incremental_orders": incremental.orders,
            "renders": renders,
            "database": connection.vendor,
            "full_refresh_orders": full.orders,
        }
    finally:
        if not keep:
            _remove(store)


def _remove(store: Any) -> None:
    """Delete the bench store's rows table by table (children first): far faster than Django's cascade."""
    from wasl.analytics.models import MessageDay, OrderFact, ProductDay, RefreshState, ReturnDay, UpliftRow

    by_store = [OrderFact, DailyRollup, ProductDay, ReturnDay, MessageDay, UpliftRow, RefreshState]
    by_store.append(AnalyticsSettings)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Children go first, so the foreign-key checks PostgreSQL defers to the commit (one per deleted row
            # and referencing table: minutes for a million orders) can be skipped where the role allows it.
            try:
                with transaction.atomic():
                    cursor.execute("SET LOCAL session_replication_role = replica")
            except DatabaseError:
                pass
        for model in by_store:
            model._default_manager.filter(store=store).delete()
        table = connection.ops.quote_name
        # Table names come from the models, never from input.
        items = (
            f"DELETE FROM {table(ReturnItem._meta.db_table)} WHERE return_request_id IN "  # noqa: S608
            f"(SELECT id FROM {table(ReturnRequest._meta.db_table)} WHERE store_id = %s)"
        )
        lines = (
            f"DELETE FROM {table(OrderLine._meta.db_table)} WHERE order_id IN "  # noqa: S608
            f"(SELECT id FROM {table(Order._meta.db_table)} WHERE store_id = %s)"
        )
        cursor.execute(items, [store.pk])
        cursor.execute(lines, [store.pk])
        for model in (ReturnRequest, Refund, Message, Shipment, Order, Conversation, Customer):
            sql = f"DELETE FROM {table(model._meta.db_table)} WHERE store_id = %s"  # noqa: S608 - model tables
            cursor.execute(sql, [store.pk])
        get_user_model().objects.filter(username=store.slug).delete()
        store.delete()
