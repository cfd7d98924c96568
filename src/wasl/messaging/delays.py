"""Parcels later than the date promised to the buyer: found hourly, each told once per promised date."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.utils import timezone

from wasl.messaging import events as ev
from wasl.messaging.channels.registry import configured_channels
from wasl.messaging.notify import EventRef
from wasl.shipping.models import Direction, Shipment

# Promises older than this are history, not news (an import, a store that just switched messaging on).
LOOK_BACK = timedelta(days=7)


def delayed_shipments_notify(*, today: date | None = None) -> int:
    """Queue a `notify_events` task per store with late parcels; returns how many parcels were found."""
    from wasl.messaging.tasks import notify_events

    today = today or timezone.now().date()
    late = Shipment.objects.filter(
        direction=Direction.FORWARD,
        promised_date__lt=today,
        promised_date__gte=today - LOOK_BACK,
        status__in=ev.STILL_RELEVANT[ev.DELAYED],
        order__isnull=False,
    ).values_list("store_id", "pk", "promised_date")
    by_store: dict[int, list[EventRef]] = defaultdict(list)
    for store_id, shipment_id, promised in late.iterator():
        if promised is None:  # excluded by the filter; the column is nullable
            continue
        by_store[store_id].append(EventRef("shipment", shipment_id, ev.DELAYED, promised.toordinal()))
    found = 0
    for store_id, refs in by_store.items():
        if not configured_channels(store_id=store_id):
            continue
        for start in range(0, len(refs), 500):
            notify_events.enqueue(store_id, [ref.as_list() for ref in refs[start : start + 500]])
        found += len(refs)
    return found
