"""Turning a parcel's facts into what the page says: the journey's steps, whether the promise holds, headlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo

from django.utils.functional import Promise as LazyText
from django.utils.translation import gettext_lazy as _

from wasl.orders.models import OrderStatus
from wasl.portal.tracking_selectors import JOURNEY, JOURNEY_POSITION, TrackingFacts, first_reached
from wasl.shipping.status import ShipmentStatus as S

StrOrPromise = str | LazyText

STEP_LABELS: dict[str, StrOrPromise] = {
    S.CREATED: _("Order confirmed"),
    S.PICKED_UP: _("Shipped"),
    S.IN_TRANSIT: _("On the way"),
    S.OUT_FOR_DELIVERY: _("Out for delivery"),
    S.DELIVERED: _("Delivered"),
}
HEADLINES: dict[str, StrOrPromise] = {
    "pending": _("We have your order"),
    OrderStatus.SHIPPED: _("Your order is on its way"),
    S.CREATED: _("Your parcel is being prepared"),
    S.PICKED_UP: _("Your parcel has left the store"),
    S.IN_TRANSIT: _("Your parcel is on its way"),
    S.OUT_FOR_DELIVERY: _("Your parcel is out for delivery today"),
    S.DELIVERY_FAILED: _("The courier could not deliver your parcel"),
    S.DELIVERED: _("Your parcel was delivered"),
    S.RTO_INITIATED: _("Your parcel is going back to the store"),
    S.RTO_IN_TRANSIT: _("Your parcel is going back to the store"),
    S.RTO_DELIVERED: _("Your parcel went back to the store"),
    S.LOST: _("Your parcel is lost; the store is looking into it"),
    S.CANCELLED: _("This order was cancelled"),
    OrderStatus.RTO: _("Your parcel went back to the store"),
    OrderStatus.RETURNED: _("You returned this order"),
}
TONE: dict[str, str] = {
    S.DELIVERED: "good",
    S.DELIVERY_FAILED: "warn",
    S.RTO_INITIATED: "bad",
    S.RTO_IN_TRANSIT: "bad",
    S.RTO_DELIVERED: "bad",
    S.LOST: "bad",
    S.CANCELLED: "bad",
}


@dataclass(frozen=True)
class Step:
    label: str
    state: str  # done | current | todo
    at: datetime | None


def journey(facts: TrackingFacts) -> list[Step]:
    """The five steps of a delivery, each done, current or still to come."""
    progress = facts.progress
    if progress == "pending" or progress not in JOURNEY_POSITION:
        reached_at = facts.order.placed_at if facts.order is not None else None
        position = 0 if progress in ("pending", S.CANCELLED) else _last_forward_position(facts)
    else:
        position = JOURNEY_POSITION[progress]
        reached_at = None
    reached = first_reached(facts.events)
    steps = []
    for index, status in enumerate(JOURNEY):
        at = reached.get(status)
        if index == 0 and at is None:
            at = reached_at or (facts.order.placed_at if facts.order is not None else None)
        if index < position or (index == position and status == S.DELIVERED):
            state = "done"
        elif index == position:
            state = "current"
        else:
            state, at = "todo", None
        steps.append(Step(label=str(STEP_LABELS[status]), state=state, at=at))
    return steps


def _last_forward_position(facts: TrackingFacts) -> int:
    """For a parcel that turned back or was lost: how far it got before."""
    positions = [JOURNEY_POSITION[e.status] for e in facts.events if e.status in JOURNEY_POSITION]
    return min(max(positions, default=0), JOURNEY_POSITION[S.OUT_FOR_DELIVERY])


def headline(facts: TrackingFacts) -> str:
    return str(HEADLINES.get(facts.progress, HEADLINES["pending"]))


def tone(facts: TrackingFacts) -> str:
    return TONE.get(facts.progress, "")


@dataclass(frozen=True)
class PromiseState:
    day: date
    earliest: date | None
    code: str  # on_time | late | delivered_on_time | delivered_late
    label: str
    tone: str


def promise_state(facts: TrackingFacts, *, today: date, zone: tzinfo) -> PromiseState | None:
    """Whether the promised date holds: judged on the delivery day once delivered, on today before."""
    promised = facts.promised
    if promised is None or facts.progress in (
        S.CANCELLED,
        S.RTO_INITIATED,
        S.RTO_IN_TRANSIT,
        S.RTO_DELIVERED,
    ):
        return None
    shipment = facts.shipment
    if shipment is not None and shipment.status == S.DELIVERED and shipment.delivered_at is not None:
        delivered_on = shipment.delivered_at.astimezone(zone).date()
        if delivered_on <= promised:
            return PromiseState(
                promised, facts.promise_earliest, "delivered_on_time", str(_("Delivered on time")), "good"
            )
        return PromiseState(
            promised, facts.promise_earliest, "delivered_late", str(_("Delivered late")), "warn"
        )
    if today > promised:
        return PromiseState(promised, facts.promise_earliest, "late", str(_("Running late")), "warn")
    return PromiseState(promised, facts.promise_earliest, "on_time", str(_("On time")), "good")
