"""Missed delivery promises: found by a periodic sweep, the buyer told first, the order's timeline written.

A forward parcel breaches its promise when the store's day (in its own time zone) has moved past the promised
date and the parcel is still on its way (created, picked up, in transit, out for delivery, failed attempt).
Each shipment breaches at most once: a `PromiseBreach` row per shipment, inserted by whichever sweep finds it
first. That sweep queues the existing "delayed" notification for the buyer (`shipment.delayed`, with the
same idempotency key as messaging's own hourly look, so the buyer hears once even when both run) in the same
transaction as the breach row, then writes the timeline entry. Promises older than `LOOK_BACK` are history.

The sweep also gives a promise to forward shipments that came in without one (a scan for a parcel Wasl had not
heard of creates its shipment without going through `shipment_create`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from wasl.messaging import events as ev
from wasl.messaging.channels.registry import configured_channels
from wasl.orders.models import OrderEvent, OrderEventKind
from wasl.shipping.calendar import store_zone
from wasl.shipping.estimates import shipment_plan
from wasl.shipping.models import Direction, Shipment
from wasl.shipping.promises_models import PromiseBreach
from wasl.stores.models import Store

LOOK_BACK = timedelta(days=7)
STILL_ON_ITS_WAY = ev.STILL_RELEVANT[ev.DELAYED]
FILL_BATCH = 500


def _local_today(store: Store, now: datetime) -> date:
    return now.astimezone(store_zone(store.timezone)).date()


def breaches_detect(*, now: datetime | None = None) -> dict[str, int]:
    """Record every new breach and tell its buyer; returns counts (found, told)."""
    now = now or timezone.now()
    # A generous UTC bound first (no time zone is more than 14 hours off), the store's own day below.
    latest = (now + timedelta(days=1)).date()
    candidates = (
        Shipment.objects.filter(
            direction=Direction.FORWARD,
            promised_date__lt=latest,
            promised_date__gte=latest - LOOK_BACK - timedelta(days=1),
            status__in=STILL_ON_ITS_WAY,
            breach__isnull=True,
        )
        .select_related("store", "order")
        .order_by("store_id", "pk")
    )
    by_store: dict[int, list[Shipment]] = defaultdict(list)
    for shipment in candidates.iterator(chunk_size=1000):
        today = _local_today(shipment.store, now)
        if shipment.promised_date is not None and today - LOOK_BACK <= shipment.promised_date < today:
            by_store[shipment.store_id].append(shipment)
    counts = {"found": 0, "told": 0}
    for shipments in by_store.values():
        found, told = _store_breaches(shipments, now)
        counts["found"] += found
        counts["told"] += told
    return counts


@transaction.atomic
def _store_breaches(shipments: list[Shipment], now: datetime) -> tuple[int, int]:
    store = shipments[0].store
    tell = bool(configured_channels(store_id=store.pk))
    fresh: list[Shipment] = []
    for shipment in shipments:
        assert shipment.promised_date is not None  # the sweep's filter
        try:
            with transaction.atomic():
                PromiseBreach.objects.create(
                    store=store,
                    shipment=shipment,
                    promised_date=shipment.promised_date,
                    detected_at=now,
                    buyer_told=tell and shipment.order_id is not None,
                )
        except IntegrityError:
            continue  # another sweep got there first; it told the buyer
        fresh.append(shipment)
    told = [s for s in fresh if s.order_id is not None] if tell else []
    if told:
        from wasl.messaging.notify import EventRef
        from wasl.messaging.tasks import notify_events

        refs = [EventRef("shipment", s.pk, ev.DELAYED, s.promised_date.toordinal()) for s in told]  # type: ignore[union-attr]
        for start in range(0, len(refs), 200):
            notify_events.enqueue(store.pk, [ref.as_list() for ref in refs[start : start + 200]])
    OrderEvent.objects.bulk_create(
        OrderEvent(
            store=store,
            order_id=s.order_id,
            kind=OrderEventKind.NOTE,
            message=f"Delivery promise missed: promised {s.promised_date:%Y-%m-%d}, still {s.status}",
            data={
                "event": "promise_breached",
                "tracking_number": s.tracking_number,
                "carrier": s.carrier,
                "promised_date": s.promised_date.isoformat() if s.promised_date else None,
                "status": s.status,
                "buyer_told": tell,
            },
            occurred_at=now,
        )
        for s in fresh
        if s.order_id is not None
    )
    return len(fresh), len(told)


def promises_fill(*, now: datetime | None = None, limit: int = FILL_BATCH) -> int:
    """Promise shipments that arrived without one (created from a scan), while they are still on their way."""
    now = now or timezone.now()
    missing = (
        Shipment.objects.filter(
            direction=Direction.FORWARD,
            promised_date__isnull=True,
            estimate__isnull=True,  # planned once: history (an old order) stays without a promise
            status__in=STILL_ON_ITS_WAY,
            created_at__gte=now - LOOK_BACK,
        )
        .select_related("store", "order__shipping_address")
        .order_by("pk")[:limit]
    )
    count = 0
    for shipment in missing:
        shipment_plan(shipment=shipment)
        count += 1
    return count
