"""Reads behind the dashboard: sums of rollup rows over a date range, never a scan of orders."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Max, Min, QuerySet, Sum

from wasl.analytics.models import DailyRollup, MessageDay, ProductDay, RefreshState, ReturnDay, UpliftRow
from wasl.risk.holdout import Uplift
from wasl.stores.models import Store

DIMENSIONS = ("payment_method", "carrier", "region", "channel")
TOP_GROUPS = 5
OTHER = "__other__"
COUNTS = ("orders", "shipped", "delivered", "rto", "ndr", "returned", "settled", "new_customers")
MONEY = (
    "revenue",
    "kept_revenue",
    "product_cost",
    "shipping_cost",
    "cod_fee",
    "message_cost",
    "refunded",
    "profit",
)


@dataclass
class Figures:
    """Counts and money of a set of orders, with the rates the dashboard shows."""

    orders: int = 0
    shipped: int = 0
    delivered: int = 0
    rto: int = 0
    ndr: int = 0
    returned: int = 0
    settled: int = 0
    new_customers: int = 0
    revenue: Decimal = Decimal(0)
    kept_revenue: Decimal = Decimal(0)
    product_cost: Decimal = Decimal(0)
    shipping_cost: Decimal = Decimal(0)
    cod_fee: Decimal = Decimal(0)
    message_cost: Decimal = Decimal(0)
    refunded: Decimal = Decimal(0)
    profit: Decimal = Decimal(0)

    @classmethod
    def of(cls, row: dict[str, Any]) -> Figures:
        values: dict[str, Any] = {name: row.get(name) or 0 for name in COUNTS}
        values.update({name: row.get(name) or Decimal(0) for name in MONEY})
        return cls(**values)

    def add(self, other: Figures) -> None:
        for name in (*COUNTS, *MONEY):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def outcomes(self) -> int:
        """Shipped orders whose forward journey ended: delivered or back at the shop."""
        return self.delivered + self.rto

    @property
    def delivery_rate(self) -> float | None:
        return self.delivered / self.outcomes if self.outcomes else None

    @property
    def rto_rate(self) -> float | None:
        return self.rto / self.outcomes if self.outcomes else None

    @property
    def ndr_rate(self) -> float | None:
        return self.ndr / self.shipped if self.shipped else None

    @property
    def return_rate(self) -> float | None:
        return self.returned / self.delivered if self.delivered else None

    @property
    def margin(self) -> float | None:
        return float(self.profit / self.kept_revenue) if self.kept_revenue else None


def _sums(names: tuple[str, ...] = (*COUNTS, *MONEY)) -> dict[str, Any]:
    return {name: Sum(name) for name in names}


# Every order has exactly one sales channel: that dimension's rows add up to the store's totals.
WHOLE = "channel"
CHART_COUNTS = ("orders", "shipped", "delivered", "rto", "ndr", "returned")


def rollups_in(store: Store, start: date, end: date, dimension: str = WHOLE) -> QuerySet[DailyRollup]:
    return DailyRollup.objects.filter(store=store, dimension=dimension, day__gte=start, day__lte=end)


def totals(store: Store, start: date, end: date) -> Figures:
    return Figures.of(rollups_in(store, start, end).aggregate(**_sums()))


def bucket_of(day: date, start: date, weekly: bool) -> date:
    """The first day of the bucket `day` falls in: itself, or the start of its 7-day period from `start`."""
    return start + timedelta(days=7 * ((day - start).days // 7)) if weekly else day


def buckets(start: date, end: date) -> tuple[list[date], bool]:
    """Days when the range is at most two months, else 7-day periods from its start."""
    weekly = (end - start).days > 62
    step = 7 if weekly else 1
    return [start + timedelta(days=offset) for offset in range(0, (end - start).days + 1, step)], weekly


def _series(rows: Any, start: date, days: list[date], weekly: bool) -> list[Figures]:
    """Counts per bucket from rows of (day, counts...): plain sums, no money, for the charts."""
    found: dict[date, list[int]] = {}
    for row in rows:
        into = found.setdefault(bucket_of(row[0], start, weekly), [0] * len(CHART_COUNTS))
        for index, value in enumerate(row[1:]):
            into[index] += value or 0
    empty = [0] * len(CHART_COUNTS)
    counts: list[dict[str, Any]] = [
        dict(zip(CHART_COUNTS, found.get(day, empty), strict=True)) for day in days
    ]
    return [Figures(**values) for values in counts]


def over_time(store: Store, start: date, end: date) -> tuple[list[date], list[Figures]]:
    days, weekly = buckets(start, end)
    rows = rollups_in(store, start, end).values("day").annotate(**_sums(CHART_COUNTS))
    return days, _series(rows.values_list("day", *CHART_COUNTS), start, days, weekly)


@dataclass
class Breakdown:
    """One dimension (payment method, carrier, region or channel): figures per value, and counts over time for
    the largest values (the rest folded into OTHER)."""

    dimension: str
    rows: list[tuple[str, Figures]]
    days: list[date]
    series: dict[str, list[Figures]] = field(default_factory=dict)


def breakdown(store: Store, start: date, end: date, dimension: str, over_time: bool = True) -> Breakdown:
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    days, weekly = buckets(start, end)
    rollups = rollups_in(store, start, end, dimension)
    ranked = [
        (row["value"], Figures.of(dict(row)))
        for row in rollups.values("value").annotate(**_sums()).order_by("-orders", "value")
    ]
    series: dict[str, list[Figures]] = {}
    if over_time:
        largest = [value for value, _ in ranked[:TOP_GROUPS]]
        per_value: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        rows = rollups.filter(value__in=largest).values("value", "day").annotate(**_sums(CHART_COUNTS))
        for row in rows.values_list("value", "day", *CHART_COUNTS):
            per_value[row[0]].append(row[1:])
        series = {value: _series(per_value[value], start, days, weekly) for value in largest}
        if len(ranked) > TOP_GROUPS:
            rest = rollups.exclude(value__in=largest).values("day").annotate(**_sums(CHART_COUNTS))
            series[OTHER] = _series(rest.values_list("day", *CHART_COUNTS), start, days, weekly)
    return Breakdown(dimension, ranked, days, series)


def ndr_reasons(store: Store, start: date, end: date) -> list[tuple[str, int]]:
    rows = (
        rollups_in(store, start, end, "ndr_reason")
        .exclude(value="")
        .values("value")
        .annotate(failed=Sum("ndr"))
        .order_by("-failed", "value")
    )
    return [(row["value"], row["failed"]) for row in rows]


def return_reasons(store: Store, start: date, end: date) -> list[tuple[str, int]]:
    rows = (
        ReturnDay.objects.filter(store=store, day__gte=start, day__lte=end)
        .values("reason")
        .annotate(units=Sum("units"))
        .order_by("-units", "reason")
    )
    return [(row["reason"], row["units"]) for row in rows]


@dataclass(frozen=True)
class ProductFigures:
    sku: str
    name: str
    category: str
    units: int
    delivered_units: int
    rto_units: int
    returned_units: int
    revenue: Decimal
    profit: Decimal

    @property
    def return_rate(self) -> float | None:
        return self.returned_units / self.delivered_units if self.delivered_units else None

    @property
    def rto_rate(self) -> float | None:
        shipped_out = self.delivered_units + self.rto_units
        return self.rto_units / shipped_out if shipped_out else None


def products(store: Store, start: date, end: date) -> QuerySet[Any, Any]:
    return (
        ProductDay.objects.filter(store=store, day__gte=start, day__lte=end)
        .values("sku")
        .annotate(
            name_=Max("name"),
            category_=Max("category"),
            units_=Sum("units"),
            delivered_units_=Sum("delivered_units"),
            rto_units_=Sum("rto_units"),
            returned_units_=Sum("returned_units"),
            revenue_=Sum("revenue"),
            profit_=Sum("profit"),
        )
    )


def product_figures(row: dict[str, Any]) -> ProductFigures:
    return ProductFigures(
        sku=row["sku"],
        name=row["name_"],
        category=row["category_"],
        units=row["units_"],
        delivered_units=row["delivered_units_"],
        rto_units=row["rto_units_"],
        returned_units=row["returned_units_"],
        revenue=row["revenue_"],
        profit=row["profit_"],
    )


def top_products(store: Store, start: date, end: date, by: str, limit: int = 10) -> list[ProductFigures]:
    """The products with the most units `by` ("returned_units" or "rto_units"), most first."""
    rows = products(store, start, end).filter(**{f"{by}__gt": 0}).order_by(f"-{by}_", "sku")[:limit]
    return [product_figures(row) for row in rows]


@dataclass(frozen=True)
class Funnel:
    channel: str
    sent: int
    delivered: int
    read: int
    replied: int
    failed: int
    cost: Decimal


def message_funnel(store: Store, start: date, end: date) -> list[Funnel]:
    rows = (
        MessageDay.objects.filter(store=store, day__gte=start, day__lte=end)
        .values("channel")
        .annotate(
            sent_=Sum("sent"),
            delivered_=Sum("delivered"),
            read_=Sum("read"),
            replied_=Sum("replied"),
            failed_=Sum("failed"),
            cost_=Sum("cost"),
        )
        .order_by("-sent_", "channel")
    )
    return [
        Funnel(
            row["channel"],
            row["sent_"],
            row["delivered_"],
            row["read_"],
            row["replied_"],
            row["failed_"],
            row["cost_"],
        )
        for row in rows
    ]


def uplift(store: Store) -> list[Uplift]:
    rows = UpliftRow.objects.filter(store=store).order_by("pk")
    return [
        Uplift(r.action, r.treated, r.treated_rto, r.holdout, r.holdout_rto, r.open_treated, r.open_holdout)
        for r in rows
    ]


def refreshed_at(store: Store) -> RefreshState | None:
    return RefreshState.objects.filter(store=store).first()


def data_span(store: Store) -> tuple[date | None, date | None]:
    """The first and last day with orders in the rollups."""
    span = DailyRollup.objects.filter(store=store, dimension=WHOLE).aggregate(
        first=Min("day"), last=Max("day")
    )
    return span["first"], span["last"]
