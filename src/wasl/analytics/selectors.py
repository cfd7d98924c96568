"""Reads behind the dashboard: sums of rollup rows over a date range, never a scan of orders."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Max, Min, QuerySet, Sum
from django.db.models.functions import Coalesce

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


def _sums() -> dict[str, Any]:
    return {name: Coalesce(Sum(name), 0) for name in COUNTS} | {name: Sum(name) for name in MONEY}


def rollups_in(store: Store, start: date, end: date) -> QuerySet[DailyRollup]:
    return DailyRollup.objects.filter(store=store, day__gte=start, day__lte=end)


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


def over_time(store: Store, start: date, end: date) -> tuple[list[date], list[Figures]]:
    days, weekly = buckets(start, end)
    found: dict[date, Figures] = defaultdict(Figures)
    for row in rollups_in(store, start, end).values("day").annotate(**_sums()):
        found[bucket_of(row["day"], start, weekly)].add(Figures.of(dict(row)))
    return days, [found[day] for day in days]


@dataclass
class Breakdown:
    """One dimension (payment method, carrier, region or channel): figures per value, and over time for the
    largest values (the rest folded into OTHER)."""

    dimension: str
    rows: list[tuple[str, Figures]]
    days: list[date]
    series: dict[str, list[Figures]] = field(default_factory=dict)


def breakdown(store: Store, start: date, end: date, dimension: str) -> Breakdown:
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    days, weekly = buckets(start, end)
    per_value: dict[str, Figures] = defaultdict(Figures)
    per_bucket: dict[tuple[str, date], Figures] = defaultdict(Figures)
    for row in rollups_in(store, start, end).values(dimension, "day").annotate(**_sums()):
        figures = Figures.of(row)
        per_value[row[dimension]].add(figures)
        per_bucket[(row[dimension], bucket_of(row["day"], start, weekly))].add(figures)
    ranked = sorted(per_value.items(), key=lambda item: (-item[1].orders, item[0]))
    largest = [value for value, _ in ranked[:TOP_GROUPS]]
    series: dict[str, list[Figures]] = {
        value: [per_bucket[(value, day)] for day in days] for value in largest
    }
    if len(ranked) > TOP_GROUPS:
        rest = [Figures() for _ in days]
        for value, _ in ranked[TOP_GROUPS:]:
            for index, day in enumerate(days):
                rest[index].add(per_bucket[(value, day)])
        series[OTHER] = rest
    return Breakdown(dimension, ranked, days, series)


def ndr_reasons(store: Store, start: date, end: date) -> list[tuple[str, int]]:
    rows = (
        rollups_in(store, start, end)
        .exclude(ndr_reason="")
        .values("ndr_reason")
        .annotate(orders=Sum("ndr"))
        .order_by("-orders", "ndr_reason")
    )
    return [(row["ndr_reason"], row["orders"]) for row in rows]


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
    span = DailyRollup.objects.filter(store=store).aggregate(first=Min("day"), last=Max("day"))
    return span["first"], span["last"]
