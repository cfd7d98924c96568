"""Rebuild each store's `CarrierLaneStat` rows from its settled forward shipments of the last `history_days`.

One pass over the window gives, per carrier and scope (lane, region, country, everywhere): transit working days
(20th percentile, median, 80th percentile and the store's promise percentile, nearest rank), settled shipments,
deliveries, RTOs, shipments with a failed attempt, deliveries on or before their promised date, and the cost
estimated for them. Promises, scorecards and the carrier recommendation read these rows.

Transit is counted in the store's working days from the shipment's first scan (its label or pick-up) to the
delivery scan, both taken as dates in the store's time zone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone

from wasl.shipping.models import Direction, Shipment, TrackingEvent
from wasl.shipping.promises import ALL, calendar_for, lane_name, normalize_place, settings_for
from wasl.shipping.promises_models import CarrierLaneStat
from wasl.shipping.status import ShipmentStatus
from wasl.stores.models import Store

S = ShipmentStatus
RTO_STATUSES = frozenset({S.RTO_INITIATED, S.RTO_IN_TRANSIT, S.RTO_DELIVERED})
SETTLED = frozenset({S.DELIVERED, S.LOST, *RTO_STATUSES})


def nearest_rank(ordered: list[int], percentile: int) -> int:
    """The smallest value with at least `percentile`% of the values at or below it; 0 for no values."""
    if not ordered:
        return 0
    rank = max(1, math.ceil(percentile * len(ordered) / 100))
    return ordered[rank - 1]


@dataclass
class Tally:
    label: str
    days: list[int] = field(default_factory=list)
    settled: int = 0
    delivered: int = 0
    rto: int = 0
    with_ndr: int = 0
    promised: int = 0
    on_time: int = 0
    cost_total: Decimal = Decimal(0)
    cost_count: int = 0


def _rows(store: Store, since: datetime):  # type: ignore[no-untyped-def]
    first_scan = (
        TrackingEvent.objects.filter(shipment=OuterRef("pk"))
        .values("shipment")
        .annotate(first=Min("occurred_at"))
        .values("first")
    )
    return (
        Shipment.objects.filter(
            store=store, direction=Direction.FORWARD, status__in=SETTLED, status_changed_at__gte=since
        )
        .annotate(started=Subquery(first_scan))
        .values_list(
            "carrier",
            "status",
            "started",
            "delivered_at",
            "promised_date",
            "ndr_reason",
            "order__ship_city",
            "order__ship_postal_code",
            "order__ship_country",
            "order__shipping_address__region",
            "estimate__forward",
            "estimate__cod_fee",
            "estimate__rto_charge",
        )
    )


def _cost(
    status: str, forward: Decimal | None, cod_fee: Decimal | None, rto: Decimal | None
) -> Decimal | None:
    if forward is None:
        return None
    if status == S.DELIVERED:
        return forward + (cod_fee or 0)
    if status in RTO_STATUSES:
        return forward + (rto or 0)
    return forward


def lane_stats_compute(*, store: Store, now: datetime | None = None) -> dict[tuple[str, str], Tally]:
    now = now or timezone.now()
    settings = settings_for(store)
    calendar = calendar_for(store, settings)
    origin = normalize_place(settings.origin_city)
    tallies: dict[tuple[str, str], Tally] = {}
    since = now - timedelta(days=settings.history_days)
    for row in _rows(store, since).iterator(chunk_size=2000):
        carrier, status, started, delivered_at, promised, ndr, city, postal, country, region = row[:10]
        cost = _cost(status, *row[10:])
        postal = "".join((postal or "").split()).upper()
        place = normalize_place(city or "") or (f"pc:{postal[:3]}" if postal else "")
        scopes = [(ALL, carrier)]
        if country:
            scopes.append((f"country:{country.upper()}", country.upper()))
        if region:
            scopes.append((f"region:{normalize_place(region)}", region.strip()))
        if place:
            scopes.append(
                (f"lane:{lane_name(origin, place)}", f"{settings.origin_city or '…'} → {city or place}")
            )
        days = None
        if status == S.DELIVERED and delivered_at is not None and started is not None:
            days = calendar.between(calendar.local_date(started), calendar.local_date(delivered_at))
        for scope, label in scopes:
            tally = tallies.get((carrier, scope))
            if tally is None:
                tally = tallies[(carrier, scope)] = Tally(label=label)
            tally.settled += 1
            tally.rto += status in RTO_STATUSES
            tally.with_ndr += bool(ndr)
            if status == S.DELIVERED:
                tally.delivered += 1
                if days is not None:
                    tally.days.append(days)
                if promised is not None and delivered_at is not None:
                    tally.promised += 1
                    tally.on_time += calendar.local_date(delivered_at) <= promised
            if cost is not None:
                tally.cost_total += cost
                tally.cost_count += 1
    return tallies


@transaction.atomic
def lane_stats_refresh(*, store: Store, now: datetime | None = None) -> int:
    """Replace the store's lane figures; returns how many rows it now has."""
    now = now or timezone.now()
    settings = settings_for(store)
    tallies = lane_stats_compute(store=store, now=now)
    rows = []
    for (carrier, scope), tally in tallies.items():
        ordered = sorted(tally.days)
        rows.append(
            CarrierLaneStat(
                store=store,
                carrier=carrier,
                scope=scope[:250],
                label=tally.label[:250],
                samples=len(ordered),
                days_low=nearest_rank(ordered, 20),
                days_median=nearest_rank(ordered, 50),
                days_p80=nearest_rank(ordered, 80),
                days_promise=nearest_rank(ordered, settings.quantile),
                settled=tally.settled,
                delivered=tally.delivered,
                rto=tally.rto,
                with_ndr=tally.with_ndr,
                promised=tally.promised,
                on_time=tally.on_time,
                cost_total=tally.cost_total,
                cost_count=tally.cost_count,
                computed_at=now,
            )
        )
    CarrierLaneStat.objects.filter(store=store).delete()
    CarrierLaneStat.objects.bulk_create(rows, batch_size=500)
    return len(rows)


def lane_stats_refresh_all() -> dict[str, int]:
    counts = {}
    for store in Store.objects.order_by("pk"):
        counts[store.slug] = lane_stats_refresh(store=store)
    return counts
