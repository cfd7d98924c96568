"""An order as the shop sees it at `now`: later scans are not there yet, and neither is an outcome after it."""

from __future__ import annotations

from datetime import datetime

from wasl.demo.baskets import OrderHeader, order_data
from wasl.demo.fates import Fate
from wasl.demo.journey import Journey
from wasl.demo.markets import Market
from wasl.demo.types import DemoOrder, Outcome
from wasl.shipping.status import ShipmentStatus

_FAILED = ShipmentStatus.DELIVERY_FAILED.value
_RTO_INITIATED = ShipmentStatus.RTO_INITIATED.value


def cancelled_order(
    header: OrderHeader, market: Market, *, cancelled_at: datetime, now: datetime
) -> DemoOrder:
    """A cancellation after `now` has not happened yet: the order is still waiting for confirmation."""
    customer_id = header.customer.external_id
    if cancelled_at > now:
        order = order_data(header, market, updated_at=header.placed_at)
        return DemoOrder(order, customer_id, "", "", (), None, None, ())
    order = order_data(header, market, updated_at=cancelled_at, cancelled=True)
    return DemoOrder(order, customer_id, "", "", (), Outcome.CANCELLED, cancelled_at, ())


def shipped_order(
    header: OrderHeader, market: Market, journey: Journey, fate: Fate, *, now: datetime
) -> DemoOrder:
    events = tuple(event for event in journey.events if event.occurred_at <= now)
    outcome, outcome_at = _visible_outcome(fate, now)
    ndr_reasons = tuple(event.ndr_reason for event in events if event.status == _FAILED)
    rto_started = any(event.status == _RTO_INITIATED for event in events)
    first_attempt_at = (
        fate.first_attempt_at if fate.first_attempt_at and fate.first_attempt_at <= now else None
    )
    last_change = events[-1].occurred_at if events else header.placed_at
    if outcome_at is not None:
        last_change = max(last_change, outcome_at)
    return DemoOrder(
        order=order_data(header, market, updated_at=last_change),
        customer_id=header.customer.external_id,
        carrier=journey.route.carrier.slug,
        tracking_number=journey.tracking_number,
        events=events,
        outcome=outcome,
        outcome_at=outcome_at,
        ndr_reasons=ndr_reasons,
        rto_reason=fate.rto_reason if rto_started else "",
        first_attempt_at=first_attempt_at,
        return_reason=fate.return_reason if outcome is Outcome.RETURNED else "",
    )


def _visible_outcome(fate: Fate, now: datetime) -> tuple[Outcome | None, datetime | None]:
    if fate.outcome_at <= now:
        return fate.outcome, fate.outcome_at
    # Delivered, with the buyer's return still to come.
    if fate.outcome is Outcome.RETURNED and fate.delivered_at is not None and fate.delivered_at <= now:
        return Outcome.DELIVERED, fate.delivered_at
    return None, None
