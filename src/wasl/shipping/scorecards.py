"""Carrier scorecards: how each carrier did for the store, everywhere and per destination region.

Read from the lane figures (`promise_stats.py`), so they are as fresh as the last rebuild (`computed_at`):

- on-time rate: deliveries on or before their promised date, among deliveries that had one;
- transit: median and 80th percentile working days from first scan to delivery;
- NDR rate: settled shipments with at least one failed delivery attempt;
- RTO rate: settled shipments returned (or on their way back) to the store;
- average cost: the estimated cost of settled shipments priced by a rate card (forward, plus COD fee when
  delivered or RTO charge when returned).

Regions are the destination addresses' regions; a store whose addresses carry none is shown per country.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Q

from wasl.shipping.promises import ALL
from wasl.shipping.promises_models import CarrierLaneStat
from wasl.stores.models import Store

RATE = Decimal("0.0001")


@dataclass(frozen=True)
class Scorecard:
    carrier: str
    region: str  # "" for the carrier everywhere
    settled: int
    delivered: int
    on_time_rate: Decimal | None
    promised: int
    transit_median_days: int | None
    transit_p80_days: int | None
    timed: int
    ndr_rate: Decimal | None
    rto_rate: Decimal | None
    average_cost: Decimal | None
    currency: str
    computed_at: datetime


def _rate(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) / whole).quantize(RATE) if whole else None


def _card(row: CarrierLaneStat, region: str, currency: str) -> Scorecard:
    return Scorecard(
        carrier=row.carrier,
        region=region,
        settled=row.settled,
        delivered=row.delivered,
        on_time_rate=_rate(row.on_time, row.promised),
        promised=row.promised,
        transit_median_days=row.days_median if row.samples else None,
        transit_p80_days=row.days_p80 if row.samples else None,
        timed=row.samples,
        ndr_rate=_rate(row.with_ndr, row.settled),
        rto_rate=_rate(row.rto, row.settled),
        average_cost=(row.cost_total / row.cost_count).quantize(Decimal("0.01")) if row.cost_count else None,
        currency=currency,
        computed_at=row.computed_at,
    )


def carrier_scorecards(
    *, store: Store, carrier: str | None = None, by_region: bool = True
) -> list[Scorecard]:
    """Per carrier: its overall card first, then one per region (most shipments first)."""
    scopes = Q(scope=ALL)
    if by_region:
        has_regions = CarrierLaneStat.objects.filter(store=store, scope__startswith="region:").exists()
        scopes |= Q(scope__startswith="region:" if has_regions else "country:")
    rows = CarrierLaneStat.objects.filter(scopes, store=store)
    if carrier:
        rows = rows.filter(carrier=carrier)
    cards = [_card(row, "" if row.scope == ALL else row.label, store.currency) for row in rows]
    cards.sort(key=lambda c: (c.carrier, c.region != "", -c.settled, c.region))
    return cards


def scorecards_computed_at(*, store: Store) -> datetime | None:
    return (
        CarrierLaneStat.objects.filter(store=store)
        .order_by("-computed_at")
        .values_list("computed_at", flat=True)
        .first()
    )
