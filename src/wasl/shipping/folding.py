"""Bridges the pure status fold and the Shipment row: read its state, apply events, write the result back."""

from __future__ import annotations

from collections.abc import Iterable

from wasl.shipping.models import Shipment, StatusCorrection, TrackingEvent
from wasl.shipping.status import FoldState, StatusPoint, fold

STATE_FIELDS = [
    "status",
    "status_changed_at",
    "last_event_at",
    "attempts",
    "first_attempt_at",
    "delivered_at",
    "ndr_reason",
]


def state_of(shipment: Shipment) -> FoldState:
    return FoldState(
        status=shipment.status,
        changed_at=shipment.status_changed_at,
        last_event_at=shipment.last_event_at,
        attempts=shipment.attempts,
        first_attempt_at=shipment.first_attempt_at,
        delivered_at=shipment.delivered_at,
        ndr_reason=shipment.ndr_reason,
    )


def apply_state(shipment: Shipment, state: FoldState) -> None:
    shipment.status = state.status
    shipment.status_changed_at = state.changed_at
    shipment.last_event_at = state.last_event_at
    shipment.attempts = state.attempts
    shipment.first_attempt_at = state.first_attempt_at
    shipment.delivered_at = state.delivered_at
    shipment.ndr_reason = state.ndr_reason


def can_apply_incrementally(shipment: Shipment, points: Iterable[StatusPoint]) -> bool:
    """True when every new event is strictly later than all folded ones, so the fold can simply continue."""
    last = shipment.last_event_at
    return last is None or all(p.occurred_at > last for p in points)


def refold(shipments: list[Shipment]) -> None:
    """Recompute from every stored event (after the latest correction) for shipments that received late events."""
    if not shipments:
        return
    ids = [s.pk for s in shipments]
    points: dict[int, list[StatusPoint]] = {pk: [] for pk in ids}
    rows = TrackingEvent.objects.filter(shipment_id__in=ids).values_list(
        "shipment_id", "occurred_at", "status", "dedupe_key", "ndr_reason"
    )
    for shipment_id, occurred_at, status, key, reason in rows:
        points[shipment_id].append(StatusPoint(occurred_at, status, key, reason))
    corrections = {
        c.shipment_id: c for c in StatusCorrection.objects.filter(shipment_id__in=ids).order_by("id")
    }
    for shipment in shipments:
        start, events = FoldState(), points[shipment.pk]
        correction = corrections.get(shipment.pk)
        if correction is not None:
            start = _state_after_correction(events, correction)
            events = [p for p in events if p.occurred_at > correction.effective_at]
        apply_state(shipment, fold(events, start=start))


def _state_after_correction(points: list[StatusPoint], correction: StatusCorrection) -> FoldState:
    before = fold(p for p in points if p.occurred_at <= correction.effective_at)
    return FoldState(
        status=correction.to_status,
        changed_at=correction.effective_at,
        last_event_at=correction.effective_at,
        attempts=before.attempts,
        first_attempt_at=before.first_attempt_at,
        delivered_at=before.delivered_at,
        ndr_reason=before.ndr_reason,
    )
