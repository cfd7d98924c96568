"""Keeping a store's rollups up to date: all at once, or only what changed since the last refresh.

An incremental refresh finds the orders touched since the watermark (the order itself, its shipments, returns,
refunds or messages), rewrites their fact rows, then rebuilds the rollup rows of every day those orders were
placed on; likewise for the days of returns and messages that changed. Each step is one set-based statement
(INSERT ... SELECT), so a million orders are refreshed by the database, not by Python.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connections, router, transaction
from django.db.models import Model, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from wasl.analytics.facts import PREFIX, PROFIT, fact_queryset
from wasl.analytics.models import (
    AnalyticsSettings,
    DailyRollup,
    MessageDay,
    OrderFact,
    ProductDay,
    RefreshState,
    ReturnDay,
    UpliftRow,
)
from wasl.analytics.rollups import daily_rollup_rows, message_day_rows, product_day_rows, return_day_rows
from wasl.messaging.models import Message
from wasl.orders.models import Order
from wasl.payments.models import Refund
from wasl.returns.models import ReturnRequest
from wasl.shipping.models import Shipment
from wasl.stores.models import Store

# A row written just before the previous refresh may have been committed just after it read: look back a little.
OVERLAP = timedelta(minutes=5)
CHUNK = 2000


@dataclass(frozen=True)
class RefreshResult:
    store: str
    full: bool
    orders: int
    days: int
    duration_ms: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "store": self.store,
            "full": self.full,
            "orders": self.orders,
            "days": self.days,
            "duration_ms": self.duration_ms,
        }


def settings_of(store: Store) -> AnalyticsSettings:
    found = AnalyticsSettings.objects.filter(store=store).first()
    return found if found is not None else AnalyticsSettings(store=store)


def insert_from(model: type[Model], queryset: QuerySet[Any]) -> int:
    """INSERT INTO model's table the rows `queryset` selects; its columns are named PREFIX + field name."""
    connection = connections[router.db_for_write(model)]
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    names = [str(alias).removeprefix(PREFIX) for _expression, _sql, alias in compiler.select]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(model._meta.get_field(name).column)) for name in names)  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) {sql}", params)
        return max(cursor.rowcount, 0)


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def analytics_refresh(*, store: Store, full: bool = False, now: datetime | None = None) -> RefreshResult:
    """Bring the store's facts and rollups up to date; `full` rebuilds everything (after a cost setting
    changed, for instance). Safe to run twice or at the same time: refreshes of one store take turns."""
    began = time.perf_counter()
    started = now or timezone.now()
    settings = settings_of(store)
    with transaction.atomic():
        RefreshState.objects.get_or_create(store=store)
        state = RefreshState.objects.select_for_update().get(store=store)
        full = full or state.watermark is None
        if full:
            orders, fact_days, return_days, message_days = _rebuild_all(store, settings)
        else:
            assert state.watermark is not None
            since: datetime = state.watermark - OVERLAP
            orders, fact_days = _refresh_orders(store, settings, since)
            return_days = _changed_days(store, ReturnRequest.objects.filter(store=store), since)
            message_days = _changed_days(store, Message.objects.filter(store=store), since)
        _rebuild(DailyRollup, store, fact_days, lambda days: daily_rollup_rows(store, days))
        _rebuild(ProductDay, store, fact_days, lambda days: product_day_rows(store, days))
        _rebuild(ReturnDay, store, return_days, lambda days: return_day_rows(store, days))
        _rebuild(MessageDay, store, message_days, lambda days: message_day_rows(store, settings, days))
        if full or orders:
            _refresh_uplift(store)
        duration_ms = round((time.perf_counter() - began) * 1000)
        state.watermark = started
        state.refreshed_at = timezone.now()
        state.orders_refreshed = orders
        state.duration_ms = duration_ms
        state.save()
    touched = len(fact_days) if fact_days is not None else DailyRollup.objects.filter(store=store).count()
    return RefreshResult(store.slug, full, orders, touched, duration_ms)


def _rebuild_all(store: Store, settings: AnalyticsSettings) -> tuple[int, None, None, None]:
    OrderFact.objects.filter(store=store).delete()
    orders = insert_from(OrderFact, fact_queryset(store, settings, Order.objects.filter(store=store)))
    OrderFact.objects.filter(store=store).update(profit=PROFIT)
    return orders, None, None, None


def _refresh_orders(store: Store, settings: AnalyticsSettings, since: datetime) -> tuple[int, list[date]]:
    """Rewrite the facts of the orders touched since `since`; the days they were (and are now) placed on."""
    touched: set[int] = set(
        Order.objects.filter(store=store, updated_at__gte=since).values_list("pk", flat=True)
    )
    for related in (
        Shipment.objects.filter(store=store, updated_at__gte=since),
        ReturnRequest.objects.filter(store=store, updated_at__gte=since),
        Refund.objects.filter(store=store, updated_at__gte=since),
        Message.objects.filter(store=store, updated_at__gte=since),
    ):
        touched.update(i for i in related.exclude(order=None).values_list("order_id", flat=True).distinct())
    ids = sorted(touched)
    days: set[date] = set()
    for chunk in _chunks(ids):
        facts = OrderFact.objects.filter(store=store, order_id__in=chunk)
        days.update(facts.values_list("day", flat=True).distinct())
        facts.delete()
        orders = Order.objects.filter(store=store, pk__in=chunk)
        insert_from(OrderFact, fact_queryset(store, settings, orders))
        fresh = OrderFact.objects.filter(store=store, order_id__in=chunk)
        fresh.update(profit=PROFIT)
        days.update(fresh.values_list("day", flat=True).distinct())
    return len(ids), sorted(days)


def _changed_days(store: Store, rows: QuerySet[Any], since: datetime) -> list[date]:
    """The local days on which the rows changed since `since` were created."""
    day = TruncDate("created_at", tzinfo=ZoneInfo(store.timezone))
    changed = rows.filter(updated_at__gte=since).annotate(local_day=day)
    return sorted(set(changed.values_list("local_day", flat=True)))


def _rebuild(model: type[Model], store: Store, days: list[date] | None, rows: Any) -> None:
    """Replace the store's rollup rows of `days` (all of them when None) by what `rows(days)` selects (one
    queryset or several)."""
    if days is not None and not days:
        return
    existing = model._default_manager.filter(store=store)
    parts: list[list[date] | None] = (
        [None] if days is None else [days[i : i + 500] for i in range(0, len(days), 500)]
    )
    for part in parts:
        (existing if part is None else existing.filter(day__in=part)).delete()
        selected = rows(part)
        for queryset in selected if isinstance(selected, list) else [selected]:
            insert_from(model, queryset)


def _refresh_uplift(store: Store) -> None:
    from wasl.risk.holdout import uplift_report

    UpliftRow.objects.filter(store=store).delete()
    UpliftRow.objects.bulk_create(
        UpliftRow(
            store=store,
            action=line.action,
            treated=line.treated,
            treated_rto=line.treated_rto,
            holdout=line.holdout,
            holdout_rto=line.holdout_rto,
            open_treated=line.open_treated,
            open_holdout=line.open_holdout,
        )
        for line in uplift_report(store=store)
    )
