"""Reads behind the profit page: true profit by dimension and product, per order, CAC against lifetime value,
and what returns cost (reasons by product and category, frequent returners, inspections, money kept)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth

from wasl.analytics.models import AcquisitionCost, OrderFact, ReturnDay
from wasl.analytics.selectors import ProductFigures, product_figures, products, rollups_in
from wasl.risk.holdout import wilson
from wasl.stores.models import Store

MIN_UNITS_TO_FLAG = 20  # delivered units a product needs before its return rate is judged


def orders_in(store: Store, start: date, end: date, limit: int = 50) -> QuerySet[OrderFact]:
    """The latest orders of the range with their profit and its parts."""
    return (
        OrderFact.objects.filter(store=store, day__gte=start, day__lte=end)
        .select_related("order")
        .order_by("-day", "-order_id")[:limit]
    )


def products_by_profit(store: Store, start: date, end: date, limit: int = 20) -> list[ProductFigures]:
    rows = products(store, start, end).order_by("-profit_", "sku")[:limit]
    return [product_figures(row) for row in rows]


@dataclass(frozen=True)
class ChannelValue:
    channel: str
    month: date
    spend: Decimal | None
    new_customers: int
    entered_customers: int | None

    @property
    def customers(self) -> int:
        return self.entered_customers if self.entered_customers is not None else self.new_customers

    @property
    def cac(self) -> Decimal | None:
        if self.spend is None or not self.customers:
            return None
        return (self.spend / self.customers).quantize(Decimal("0.01"))


def acquisition(store: Store, start: date, end: date) -> list[ChannelValue]:
    """New customers per sales channel and month of the range, with the spend staff entered and the CAC."""
    counted: dict[tuple[str, date], int] = defaultdict(int)
    rows = (
        rollups_in(store, start, end)
        .annotate(month=TruncMonth("day"))
        .values("value", "month")
        .annotate(new=Sum("new_customers"))
    )
    for row in rows:
        counted[(row["value"], row["month"])] += row["new"] or 0
    first_month = start.replace(day=1)
    entered = {
        (cost.channel, cost.month): cost
        for cost in AcquisitionCost.objects.filter(store=store, month__gte=first_month, month__lte=end)
    }
    keys = sorted(set(counted) | set(entered), key=lambda key: (key[1], key[0]), reverse=True)
    return [
        ChannelValue(
            channel=channel,
            month=month,
            spend=entered[(channel, month)].spend if (channel, month) in entered else None,
            new_customers=counted.get((channel, month), 0),
            entered_customers=entered[(channel, month)].new_customers
            if (channel, month) in entered
            else None,
        )
        for channel, month in keys
    ]


@dataclass(frozen=True)
class LifetimeValue:
    channel: str
    customers: int
    orders: int
    net_revenue: Decimal
    profit: Decimal

    @property
    def net_per_customer(self) -> Decimal | None:
        return (self.net_revenue / self.customers).quantize(Decimal("0.01")) if self.customers else None

    @property
    def profit_per_customer(self) -> Decimal | None:
        return (self.profit / self.customers).quantize(Decimal("0.01")) if self.customers else None


def lifetime_values(store: Store) -> list[LifetimeValue]:
    """Per channel that brought the customer in: what their orders kept after RTOs and refunds, over all time."""
    mine = Q(currency=store.currency, settled=True)
    rows = (
        OrderFact.objects.filter(store=store, customer_id__isnull=False)
        .values("acquisition_channel")
        .annotate(
            customers=Count("customer_id", distinct=True),
            orders=Count("pk"),
            net=Coalesce(Sum(F("kept_revenue") - F("refunded"), filter=mine), Decimal(0)),
            profit_=Coalesce(Sum("profit", filter=mine), Decimal(0)),
        )
        .order_by("-customers", "acquisition_channel")
    )
    return [
        LifetimeValue(r["acquisition_channel"], r["customers"], r["orders"], r["net"], r["profit_"])
        for r in rows
    ]


@dataclass(frozen=True)
class ReturnedProduct:
    figures: ProductFigures
    lower_bound: float
    flagged: bool


def return_rates(
    store: Store, start: date, end: date, limit: int = 20
) -> tuple[float | None, list[ReturnedProduct]]:
    """The store's return rate over the range, and its products by return rate. A product is flagged as often
    returned when even the low end of its rate's 95% Wilson interval is above the store's rate, and it had
    at least MIN_UNITS_TO_FLAG delivered units: a few returns of a rare product prove nothing."""
    rows = [product_figures(row) for row in products(store, start, end).filter(delivered_units__gt=0)]
    delivered = sum(p.delivered_units for p in rows)
    store_rate = sum(p.returned_units for p in rows) / delivered if delivered else None
    ranked = []
    for product in rows:
        if not product.returned_units:
            continue
        bound = wilson(min(product.returned_units, product.delivered_units), product.delivered_units).low
        flagged = (
            store_rate is not None and product.delivered_units >= MIN_UNITS_TO_FLAG and bound > store_rate
        )
        ranked.append(ReturnedProduct(product, bound, flagged))
    ranked.sort(key=lambda r: (-r.flagged, -(r.figures.return_rate or 0), r.figures.sku))
    return store_rate, ranked[:limit]


def returns_in(store: Store, start: date, end: date) -> QuerySet[ReturnDay]:
    return ReturnDay.objects.filter(store=store, day__gte=start, day__lte=end)


def grouped_returns(store: Store, start: date, end: date, *keys: str) -> list[dict[str, Any]]:
    return list(
        returns_in(store, start, end)
        .values(*keys)
        .annotate(units_=Sum("units"), value_=Sum("value"))
        .order_by("-units_", *keys)
    )
