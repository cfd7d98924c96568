"""The canonical shipment status model: every carrier maps onto it, and one table says what may follow what.

The status of a shipment is a pure fold of its tracking events ordered by event time (ties broken by the
status' rank in the journey, then by dedupe key), so replaying the same events in any arrival order gives the
same result. A transition that the table does not allow is ignored, which is how a late or duplicate event never
moves a shipment backwards and a terminal state is never left.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class ShipmentStatus(models.TextChoices):
    CREATED = "created", _("Created")
    PICKED_UP = "picked_up", _("Picked up")
    IN_TRANSIT = "in_transit", _("In transit")
    OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
    DELIVERY_FAILED = "delivery_failed", _("Delivery failed")
    DELIVERED = "delivered", _("Delivered")
    RTO_INITIATED = "rto_initiated", _("Return to origin started")
    RTO_IN_TRANSIT = "rto_in_transit", _("Returning to origin")
    RTO_DELIVERED = "rto_delivered", _("Returned to origin")
    LOST = "lost", _("Lost")
    CANCELLED = "cancelled", _("Cancelled")


class NdrReason(models.TextChoices):
    """Why a delivery attempt failed, normalised across carriers."""

    CUSTOMER_UNAVAILABLE = "customer_unavailable", _("Customer unavailable")
    PHONE_UNREACHABLE = "phone_unreachable", _("Phone unreachable")
    ADDRESS_ISSUE = "address_issue", _("Address incomplete or wrong")
    REFUSED = "refused", _("Refused by customer")
    COD_NOT_READY = "cod_not_ready", _("Cash on delivery not ready")
    FUTURE_DELIVERY_REQUESTED = "future_delivery_requested", _("Customer asked for a later delivery")
    OUT_OF_DELIVERY_AREA = "out_of_delivery_area", _("Out of delivery area")
    PREMISES_CLOSED = "premises_closed", _("Premises closed")
    OTHER = "other", _("Other")


S = ShipmentStatus
# Enum .values rebuilds a list on every access; these are read on the hot ingestion path.
STATUS_VALUES: frozenset[str] = frozenset(ShipmentStatus.values)
NDR_REASON_VALUES: frozenset[str] = frozenset(NdrReason.values)
TERMINAL: frozenset[str] = frozenset({S.DELIVERED, S.RTO_DELIVERED, S.LOST, S.CANCELLED})
RTO_PHASE: frozenset[str] = frozenset({S.RTO_INITIATED, S.RTO_IN_TRANSIT})

# Position in the journey; breaks ties between events that carry the same timestamp.
RANK: dict[str, int] = {
    status: position
    for position, status in enumerate(
        [
            S.CREATED,
            S.PICKED_UP,
            S.IN_TRANSIT,
            S.OUT_FOR_DELIVERY,
            S.DELIVERY_FAILED,
            S.DELIVERED,
            S.RTO_INITIATED,
            S.RTO_IN_TRANSIT,
            S.RTO_DELIVERED,
            S.LOST,
            S.CANCELLED,
        ]
    )
}

_MOVING = {S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELIVERY_FAILED, S.DELIVERED, S.RTO_INITIATED}
_MOVING |= {S.RTO_IN_TRANSIT, S.LOST}

# from-status -> statuses an event may move it to. Repeating the current status is always allowed (no change).
TRANSITIONS: dict[str, frozenset[str]] = {
    S.CREATED: frozenset({S.PICKED_UP, *_MOVING, S.CANCELLED}),
    S.PICKED_UP: frozenset(_MOVING),
    S.IN_TRANSIT: frozenset(_MOVING),
    S.OUT_FOR_DELIVERY: frozenset(_MOVING),
    S.DELIVERY_FAILED: frozenset(_MOVING),
    S.RTO_INITIATED: frozenset({S.RTO_IN_TRANSIT, S.RTO_DELIVERED, S.LOST}),
    S.RTO_IN_TRANSIT: frozenset({S.RTO_DELIVERED, S.LOST}),
    S.DELIVERED: frozenset(),
    S.RTO_DELIVERED: frozenset(),
    S.LOST: frozenset(),
    S.CANCELLED: frozenset(),
}

# Once a parcel is on its way back, carriers keep sending their ordinary scan codes; read them as the return leg.
_RTO_LEG_MEANING: dict[str, str] = {
    S.PICKED_UP: S.RTO_IN_TRANSIT,
    S.IN_TRANSIT: S.RTO_IN_TRANSIT,
    S.OUT_FOR_DELIVERY: S.RTO_IN_TRANSIT,
    S.DELIVERY_FAILED: S.RTO_IN_TRANSIT,
    S.DELIVERED: S.RTO_DELIVERED,
}


def is_terminal(status: str) -> bool:
    return status in TERMINAL


def next_status(current: str, incoming: str) -> str:
    """The status after an event saying `incoming` reaches a shipment that is `current`."""
    if current in RTO_PHASE:
        incoming = _RTO_LEG_MEANING.get(incoming, incoming)
    if incoming == current or incoming in TRANSITIONS[current]:
        return incoming
    return current


@dataclass(frozen=True, slots=True)
class StatusPoint:
    """What the fold needs of one tracking event."""

    occurred_at: datetime
    status: str
    dedupe_key: str
    ndr_reason: str = ""


def event_order_key(point: StatusPoint) -> tuple[datetime, int, str]:
    return (point.occurred_at, RANK[point.status], point.dedupe_key)


@dataclass(frozen=True, slots=True)
class FoldState:
    """Everything about a shipment that follows from its events alone."""

    status: str = S.CREATED
    changed_at: datetime | None = None
    last_event_at: datetime | None = None
    attempts: int = 0
    first_attempt_at: datetime | None = None
    delivered_at: datetime | None = None
    ndr_reason: str = ""


def step(state: FoldState, point: StatusPoint) -> FoldState:
    """Apply one event that sorts after every event already folded into `state`."""
    after = next_status(state.status, point.status)
    attempts, first_attempt_at = state.attempts, state.first_attempt_at
    delivered_at, ndr_reason = state.delivered_at, state.ndr_reason
    failed_attempt = after == S.DELIVERY_FAILED and point.status == S.DELIVERY_FAILED
    new_delivery = after == S.DELIVERED and state.status != S.DELIVERED
    if failed_attempt or new_delivery:
        attempts += 1
        first_attempt_at = first_attempt_at or point.occurred_at
    if failed_attempt:
        ndr_reason = point.ndr_reason or NdrReason.OTHER
    if new_delivery:
        delivered_at = point.occurred_at
    changed_at = point.occurred_at if after != state.status else state.changed_at
    return FoldState(
        after, changed_at, point.occurred_at, attempts, first_attempt_at, delivered_at, ndr_reason
    )


def fold(points: Iterable[StatusPoint], *, start: FoldState | None = None) -> FoldState:
    """Replay events in canonical order and return where the shipment ends up."""
    state = start or FoldState()
    for point in sorted(points, key=event_order_key):
        state = step(state, point)
    return state
