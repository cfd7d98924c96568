"""Writes for shipments: creation, tracking-event ingestion (one or a thousand at a time), corrections."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from wasl.core.bulk import bulk_update_rows, insert_new_rows, lock_rows_matching
from wasl.core.errors import Conflict, Invalid
from wasl.core.text import db_text, has_nul
from wasl.messaging.notify import shipments_status_changed
from wasl.orders.models import Order, OrderEvent, OrderEventKind
from wasl.returns.hooks import reverse_shipments_changed
from wasl.shipping.folding import (
    STATE_FIELDS,
    apply_state,
    can_apply_incrementally,
    refold,
    state_of,
)
from wasl.shipping.models import Direction, Shipment, StatusCorrection, TrackingEvent
from wasl.shipping.ndr.hooks import ndr_shipments_changed
from wasl.shipping.order_sync import orders_sync_status
from wasl.shipping.status import NDR_REASON_VALUES, STATUS_VALUES, ShipmentStatus, StatusPoint, fold
from wasl.shipping.types import TrackingUpdate
from wasl.stores.models import Store
from wasl.webhooks.outbound.services import outbound_event_emit, outbound_events_emit

MAX_BATCH = 1000
EVENT_FIELDS = [
    "store",
    "shipment",
    "status",
    "raw_code",
    "raw_text",
    "ndr_reason",
    "location",
    "occurred_at",
    "source",
    "dedupe_key",
    "received_at",
]


@dataclass
class IngestOutcome:
    results: list[str]  # per update: accepted | duplicate | rejected
    errors: dict[int, tuple[str, str]] = field(default_factory=dict)  # index -> (code, message)
    status_changes: int = 0

    @property
    def accepted(self) -> int:
        return self.results.count("accepted")

    @property
    def duplicates(self) -> int:
        return self.results.count("duplicate")


def _shipment_create_row(
    store: Store, order: Order | None, carrier: str, tracking_number: str, direction: str
) -> Shipment:
    return Shipment(
        store=store, order=order, carrier=carrier, tracking_number=tracking_number, direction=direction
    )


@transaction.atomic
def shipment_create(
    *,
    store: Store,
    tracking_number: str,
    carrier: str,
    order: Order | None = None,
    direction: str = Direction.FORWARD,
    promised_date: date | None = None,
) -> tuple[Shipment, bool]:
    """Create a shipment, or return the existing one when the same tracking number is posted again."""
    tracking_number, carrier = tracking_number.strip(), carrier.strip().lower()
    if not tracking_number or not carrier:
        raise Invalid("a shipment needs a tracking number and a carrier", code="missing_field")
    if len(tracking_number) > 100 or has_nul(tracking_number) or len(carrier) > 40 or has_nul(carrier):
        raise Invalid("tracking number (100) or carrier (40) too long, or contains NUL", code="invalid_field")
    if direction not in Direction.values:
        raise Invalid("direction must be 'forward' or 'reverse'", code="invalid_direction")
    existing = Shipment.objects.filter(store=store, tracking_number=tracking_number).first()
    if existing is not None:
        if order is not None and existing.order_id not in (None, order.pk):
            raise Conflict(
                f"tracking number {tracking_number} belongs to another order", code="tracking_in_use"
            )
        return existing, False
    try:
        with transaction.atomic():
            shipment = Shipment.objects.create(
                store=store,
                order=order,
                carrier=carrier,
                tracking_number=tracking_number,
                direction=direction,
                promised_date=promised_date,
            )
    except IntegrityError:
        return Shipment.objects.get(store=store, tracking_number=tracking_number), False
    from wasl.shipping.estimates import shipment_plan  # promises and rate cards build on this module's models

    shipment_plan(shipment=shipment, promised_date=promised_date)
    outbound_event_emit(
        store=store,
        event_type="shipment.created",
        data={
            "tracking_number": tracking_number,
            "carrier": carrier,
            "direction": direction,
            "order_external_id": order.external_id if order else None,
        },
        idempotency_key=f"shipment-created:{shipment.pk}",
    )
    if order is not None:
        OrderEvent.objects.create(
            store=store,
            order=order,
            kind=OrderEventKind.SHIPMENT_CREATED,
            data={"carrier": carrier, "tracking_number": tracking_number, "direction": direction},
            occurred_at=timezone.now(),
        )
    return shipment, True


def _validate_update(update: TrackingUpdate) -> tuple[str, str] | None:
    if not update.tracking_number:
        return ("missing_field", "tracking_number is required")
    if len(update.tracking_number) > 100 or has_nul(update.tracking_number):
        return ("invalid_tracking_number", "tracking_number must be at most 100 characters, without NUL")
    if update.status not in STATUS_VALUES:
        return ("invalid_status", f"{update.status!r} is not a canonical status")
    if update.ndr_reason and update.ndr_reason not in NDR_REASON_VALUES:
        return ("invalid_ndr_reason", f"{update.ndr_reason!r} is not an NDR reason")
    if update.occurred_at.tzinfo is None:
        return ("invalid_time", "occurred_at needs a time zone offset")
    return None


def _bounded_key(update: TrackingUpdate) -> TrackingUpdate:
    """Senders' ids can be long or odd; the stored key stays one-to-one with them and fits its column."""
    key = update.dedupe_key
    if len(key) <= 100 and not has_nul(key):
        return update
    return replace(update, dedupe_key="sha256:" + hashlib.sha256(key.encode()).hexdigest())


def _shipments_by_number(store: Store, updates: list[TrackingUpdate]) -> dict[str, Shipment]:
    """Lock the batch's shipments (in id order, so concurrent batches cannot deadlock), creating unknown ones."""
    numbers = {u.tracking_number for u in updates}
    found = _lock_shipments(store, numbers)
    missing = [n for n in numbers if n not in found]
    if missing:
        _create_missing(store, updates, missing)
        found = _lock_shipments(store, numbers)
    return found


def _lock_shipments(store: Store, numbers: set[str]) -> dict[str, Shipment]:
    # Only what the fold and the follow-ups read: each timestamp column costs a parse per row.
    rows = lock_rows_matching(
        Shipment,
        key="tracking_number",
        values=sorted(numbers),
        scope={"store": store},
        fields=["store", "tracking_number", "carrier", "direction", "order", *STATE_FIELDS],
    )
    return {s.tracking_number: s for s in rows}  # type: ignore[attr-defined,misc]


def _create_missing(store: Store, updates: list[TrackingUpdate], missing: list[str]) -> None:
    """A scan for a parcel we have not heard of yet is kept, not dropped: its shipment is created from the scan."""
    first: dict[str, TrackingUpdate] = {}
    for update in updates:
        first.setdefault(update.tracking_number, update)
    wanted = {first[n].order_external_id for n in missing if first[n].order_external_id}
    orders = {o.external_id: o for o in Order.objects.filter(store=store, external_id__in=wanted)}
    rows = [
        _shipment_create_row(
            store,
            orders.get(first[n].order_external_id),
            db_text(first[n].carrier, 40) or "unknown",
            n,
            Direction.FORWARD,
        )
        for n in missing
    ]
    Shipment.objects.bulk_create(rows, ignore_conflicts=True)


@transaction.atomic
def tracking_updates_ingest(*, store: Store, updates: Sequence[TrackingUpdate]) -> IngestOutcome:
    """Store new scans, drop repeats, and move each shipment to the status its events imply.

    Safe to call twice with the same updates and safe to call concurrently: the second call finds every
    dedupe key already stored and changes nothing.
    """
    if len(updates) > MAX_BATCH:
        raise Invalid(f"at most {MAX_BATCH} events per batch, got {len(updates)}", code="batch_too_large")
    outcome = IngestOutcome(results=["accepted"] * len(updates))
    fresh: list[tuple[int, TrackingUpdate]] = []
    seen: set[tuple[str, str]] = set()
    for index, raw in enumerate(updates):
        update = _bounded_key(raw.with_key())
        problem = _validate_update(update)
        if problem is not None:
            outcome.results[index], outcome.errors[index] = "rejected", problem
            continue
        key = (update.tracking_number, update.dedupe_key)
        if key in seen:
            outcome.results[index] = "duplicate"
            continue
        seen.add(key)
        fresh.append((index, update))
    if not fresh:
        return outcome
    shipments = _shipments_by_number(store, [u for _, u in fresh])
    received_at = timezone.now()
    values = [_event_values(store, shipments[u.tracking_number], u, received_at) for _, u in fresh]
    # Inserting and learning which rows are new is one statement; a key already stored is a duplicate.
    inserted = insert_new_rows(TrackingEvent, EVENT_FIELDS, values, key_fields=["shipment", "dedupe_key"])
    by_shipment: dict[int, list[StatusPoint]] = defaultdict(list)
    for index, update in fresh:
        shipment = shipments[update.tracking_number]
        if (shipment.pk, update.dedupe_key) not in inserted:
            outcome.results[index] = "duplicate"
            continue
        reason = update.ndr_reason if update.status == ShipmentStatus.DELIVERY_FAILED else ""
        by_shipment[shipment.pk].append(
            StatusPoint(update.occurred_at, update.status, update.dedupe_key, reason)
        )
    _advance(store, shipments, by_shipment, outcome)
    return outcome


def _event_values(
    store: Store, shipment: Shipment, update: TrackingUpdate, received_at: object
) -> list[object]:
    """One row in EVENT_FIELDS order. Plain values, not a model instance: a batch builds a thousand of them."""
    failed = update.status == ShipmentStatus.DELIVERY_FAILED
    return [
        store.pk,
        shipment.pk,
        update.status,
        db_text(update.raw_code, 100),
        db_text(update.raw_text, 500),
        update.ndr_reason if failed else "",
        db_text(update.location, 200),
        update.occurred_at,
        db_text(update.source, 40),
        update.dedupe_key,
        received_at,
    ]


def _advance(
    store: Store,
    shipments: dict[str, Shipment],
    by_shipment: dict[int, list[StatusPoint]],
    outcome: IngestOutcome,
) -> None:
    touched = [s for s in shipments.values() if s.pk in by_shipment]
    before = {s.pk: s.status for s in touched}
    attempts_before = {s.pk: s.attempts for s in touched}
    late: list[Shipment] = []
    for shipment in touched:
        points = by_shipment[shipment.pk]
        if can_apply_incrementally(shipment, points):
            apply_state(shipment, fold(points, start=state_of(shipment)))
        else:
            late.append(shipment)
    refold(late)
    now = timezone.now()
    for shipment in touched:
        shipment.updated_at = now
    bulk_update_rows(touched, [*STATE_FIELDS, "updated_at"])
    changed = [s for s in touched if s.status != before[s.pk]]
    outcome.status_changes = len(changed)
    # A failed attempt right after another (no out-for-delivery scan between) changes no status.
    failed_again = [
        s
        for s in touched
        if s.status == before[s.pk] == ShipmentStatus.DELIVERY_FAILED and s.attempts > attempts_before[s.pk]
    ]
    _record_status_changes(store, changed, before, failed_again)


def _record_status_changes(
    store: Store, changed: list[Shipment], before: dict[int, str], failed_again: list[Shipment]
) -> None:
    if not changed and not failed_again:
        return
    # The notification and NDR tasks are rows in this same database, queued in this transaction: they exist
    # exactly when the status changes do (queued after commit, a crash in between would lose them).
    asked = ndr_shipments_changed(store_id=store.pk, shipments=[*changed, *failed_again])
    if not changed:
        return
    reverse_shipments_changed(store_id=store.pk, shipments=changed)
    shipments_status_changed(
        store_id=store.pk, changes=[(s.pk, s.status, s.attempts) for s in changed if s.pk not in asked]
    )
    events = [
        OrderEvent(
            store=store,
            order_id=s.order_id,
            kind=OrderEventKind.SHIPMENT_STATUS,
            data={"tracking_number": s.tracking_number, "from": before[s.pk], "to": s.status},
            occurred_at=s.status_changed_at or timezone.now(),
        )
        for s in changed
        if s.order_id is not None
    ]
    OrderEvent.objects.bulk_create(events)
    outbound_events_emit(
        store=store,
        events=[
            (
                "shipment.status_changed",
                {
                    "tracking_number": s.tracking_number,
                    "carrier": s.carrier,
                    "from": before[s.pk],
                    "to": s.status,
                },
                f"shipment:{s.pk}:{s.status}:{s.status_changed_at.isoformat() if s.status_changed_at else ''}",
            )
            for s in changed
        ],
    )

    orders_sync_status(store=store, shipments=[s for s in changed if s.order_id is not None])


@transaction.atomic
def shipment_correct_status(
    *, shipment: Shipment, to_status: str, reason: str, corrected_by: str
) -> Shipment:
    """The one way to move a shipment out of a terminal state: explicit, with a reason, and logged."""
    if to_status not in STATUS_VALUES:
        raise Invalid(f"{to_status!r} is not a canonical status", code="invalid_status")
    if not reason.strip():
        raise Invalid("a correction needs a reason", code="missing_reason")
    shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
    now = timezone.now()
    StatusCorrection.objects.create(
        shipment=shipment,
        from_status=shipment.status,
        to_status=to_status,
        reason=reason.strip(),
        corrected_by=corrected_by,
        effective_at=max(now, shipment.last_event_at or now),
    )
    previous = shipment.status
    refold([shipment])
    shipment.save(update_fields=[*STATE_FIELDS, "updated_at"])
    if shipment.status != previous:
        ndr_shipments_changed(store_id=shipment.store_id, shipments=[shipment])
    if shipment.order_id is not None:
        OrderEvent.objects.create(
            store_id=shipment.store_id,
            order_id=shipment.order_id,
            kind=OrderEventKind.STATUS_CORRECTED,
            message=reason.strip(),
            data={"tracking_number": shipment.tracking_number, "from": previous, "to": shipment.status},
            occurred_at=now,
        )
        orders_sync_status(store=shipment.store, shipments=[shipment])
    return shipment
