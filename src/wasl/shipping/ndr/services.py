"""A case's life: opened from a failed attempt, reminded, handed to a person, closed with the parcel's fate.

Every function takes ids or locked rows and is safe to run twice: a case is unique per shipment and
attempt, and each step checks (under the case's row lock) that it has not happened yet.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from wasl.core.errors import Conflict, Invalid
from wasl.core.text import db_text
from wasl.messaging.models import ConversationState
from wasl.messaging.services import conversation_set_state
from wasl.orders.models import OrderStatus
from wasl.shipping.models import Direction, Shipment, TrackingEvent
from wasl.shipping.ndr import prompts, texts
from wasl.shipping.ndr.events import emit, timeline
from wasl.shipping.ndr.models import (
    InstructionStatus,
    NdrCase,
    NdrCaseStatus,
    NdrOutcome,
)
from wasl.shipping.ndr.policy import deadlines, policy_for
from wasl.shipping.status import NdrReason
from wasl.shipping.status import ShipmentStatus as S

# The shipment's status -> the case's outcome.
OUTCOME_FOR: dict[str, str] = {
    S.DELIVERED: NdrOutcome.DELIVERED,
    S.RTO_INITIATED: NdrOutcome.RTO,
    S.RTO_IN_TRANSIT: NdrOutcome.RTO,
    S.RTO_DELIVERED: NdrOutcome.RTO,
    S.LOST: NdrOutcome.LOST,
    S.CANCELLED: NdrOutcome.CANCELLED,
}
STAFF_REASON_MAX = 300
# A failure older than this when it reaches us is history (an import, a replay): no case at all.
HISTORY = timedelta(days=7)


def _locked_case(case_id: int) -> NdrCase:
    return (
        NdrCase.objects.select_for_update(of=("self",))
        .select_related("store", "shipment", "order__customer")
        .get(pk=case_id)
    )


def _carrier_remark(shipment: Shipment) -> str:
    latest = (
        TrackingEvent.objects.filter(shipment=shipment, status=S.DELIVERY_FAILED)
        .order_by("-occurred_at", "-id")
        .values_list("raw_text", "occurred_at")
        .first()
    )
    return latest[0] if latest else ""


def case_open(*, shipment_id: int, attempt: int, now: datetime | None = None) -> NdrCase | None:
    """Open the case of a failed attempt and ask the buyer; the existing case when it is open already.

    None when the failure is no longer current (the shipment moved on, or a later attempt failed: that
    one opens its own case) or the shipment is not a forward one.
    """
    now = now or timezone.now()
    with transaction.atomic():
        shipment = (
            Shipment.objects.select_for_update(of=("self",))
            .select_related("store", "order__customer")
            .filter(pk=shipment_id)
            .first()
        )
        if shipment is None or shipment.direction != Direction.FORWARD:
            return None
        existing = NdrCase.objects.filter(shipment=shipment, attempt=attempt).first()
        if existing is not None:
            return existing
        if shipment.status != S.DELIVERY_FAILED or shipment.attempts != attempt:
            return None
        if (shipment.status_changed_at or now) < now - HISTORY:
            return None
        try:
            with transaction.atomic():
                return _open(shipment, attempt, now)
        except IntegrityError:  # opened a moment ago by another worker
            return NdrCase.objects.filter(shipment=shipment, attempt=attempt).first()


def _open(shipment: Shipment, attempt: int, now: datetime) -> NdrCase:
    order = shipment.order
    case = NdrCase(
        store=shipment.store,
        shipment=shipment,
        order=order,
        carrier=shipment.carrier,
        attempt=attempt,
        reason=shipment.ndr_reason or NdrReason.OTHER,
        carrier_remark=db_text(_carrier_remark(shipment), 500),
        failed_at=shipment.status_changed_at or now,
        phone=(order.customer.phone if order is not None and order.customer is not None else "")[:20],
        opened_at=now,
    )
    case.save()
    for older in (
        NdrCase.objects.filter(shipment=shipment).exclude(pk=case.pk).exclude(status=NdrCaseStatus.CLOSED)
    ):
        _close(older, NdrOutcome.FAILED_AGAIN, f"attempt_{attempt}_failed", now)
    asked_from = _ask(case, now)
    policy = policy_for(store_id=case.store_id)
    due = deadlines(policy=policy, attempt=attempt, asked_from=asked_from, now=now)
    case.remind_at, case.escalate_at = due.remind_at, due.escalate_at
    case.save()
    how = f"the buyer was asked on {case.channel}" if case.asked_at else f"not asked ({case.not_asked})"
    timeline(
        case,
        "ndr_opened",
        f"Delivery attempt {attempt} failed ({case.reason}): {how}",
        attempt=attempt,
        reason=case.reason,
    )
    emit(case, "ndr.opened", f"ndr:{case.pk}:opened")
    if asked_from is None:
        _escalate(case, now, hand_over=False)
    return case


def _ask(case: NdrCase, now: datetime) -> datetime | None:
    """Queue the question; when it will go out (quiet hours may hold it), or None when nobody can be asked."""
    if not policy_for(store_id=case.store_id).enabled:
        case.not_asked = "switched_off"
        return None
    if case.failed_at < now - timedelta(hours=settings.WASL_NOTIFY_MAX_AGE_H):
        case.not_asked = "too_old"  # a question about a days-old attempt would confuse more than help
        return None
    to = prompts.reach(case, case.order)
    if isinstance(to, str):
        case.not_asked = to
        return None
    asked = prompts.question_queue(case=case, order=case.order, to=to, event=texts.ASK, now=now)
    if asked is None:
        case.not_asked = "template_off"
        return None
    _message, not_before = asked
    case.channel, case.language = to.conversation.channel, to.language
    case.asked_at = not_before or now
    return case.asked_at


# --- reminders and hand-over ---


@transaction.atomic
def case_remind(*, case_id: int, now: datetime | None = None) -> bool:
    """Remind a buyer who has not answered; once per case. False when not due or no longer needed."""
    now = now or timezone.now()
    case = _locked_case(case_id)
    if case.status != NdrCaseStatus.AWAITING_BUYER or case.reminded_at is not None:
        return False
    if case.remind_at is None or case.remind_at > now:
        return False
    case.reminded_at = now
    # A hand-over due as well (workers were down) says more than a reminder would.
    superseded = case.escalate_at is not None and case.escalate_at <= now
    to = prompts.reach(case, case.order) if case.asked_at and not superseded else "not_asked"
    if isinstance(to, prompts.Reach) and to.conversation.state != ConversationState.HUMAN:
        prompts.question_queue(case=case, order=case.order, to=to, event=texts.REMINDER, now=now)
    case.save(update_fields=["reminded_at", "updated_at"])
    return True


@transaction.atomic
def case_escalate(*, case_id: int, now: datetime | None = None, by: str = "") -> bool:
    """Hand an unanswered case to a person: the console's queue, and the buyer's conversation.

    By the sweep when due, or by staff at any time (`by`); False when already escalated or settled.
    """
    now = now or timezone.now()
    case = _locked_case(case_id)
    if case.status == NdrCaseStatus.CLOSED:
        raise Conflict("this case is closed", code="case_closed")
    if case.escalated_at is not None and not by:
        return False
    if not by and (
        case.status != NdrCaseStatus.AWAITING_BUYER or not case.escalate_at or case.escalate_at > now
    ):
        return False
    _escalate(case, now, hand_over=True, by=by)
    return True


def _escalate(case: NdrCase, now: datetime, *, hand_over: bool, by: str = "") -> None:
    first = case.escalated_at is None
    case.escalated_at = case.escalated_at or now
    if case.status == NdrCaseStatus.AWAITING_BUYER:
        case.status = NdrCaseStatus.ESCALATED
    case.save(update_fields=["escalated_at", "status", "updated_at"])
    to = prompts.reach(case, case.order) if hand_over else "not_asked"
    if isinstance(to, prompts.Reach):
        if to.conversation.state != ConversationState.HUMAN:
            conversation_set_state(conversation=to.conversation, state=ConversationState.HUMAN)
        prompts.escalation_notice(case=case, order=case.order, to=to, now=now)
    if first:
        who = f" by {by}" if by else ""
        timeline(case, "ndr_escalated", f"Failed delivery handed to a person{who}", by=by)


# --- closing ---


def _close(case: NdrCase, outcome: str, reason: str, now: datetime, *, by: str = "") -> None:
    case.status = NdrCaseStatus.CLOSED
    case.outcome, case.outcome_reason, case.closed_at = outcome, reason[:STAFF_REASON_MAX], now
    case.save(update_fields=["status", "outcome", "outcome_reason", "closed_at", "updated_at"])
    case.instructions.filter(status=InstructionStatus.PENDING).update(
        status=InstructionStatus.SUPERSEDED, updated_at=now
    )
    timeline(case, "ndr_closed", f"Failed delivery case closed: {outcome} ({reason})", outcome=outcome, by=by)
    emit(case, "ndr.closed", f"ndr:{case.pk}:closed")


def outcome_reason(case: NdrCase, outcome: str) -> str:
    """Why the case ended as it did, as a code: what the buyer had answered, or that they never did."""
    if outcome in (NdrOutcome.DELIVERED, NdrOutcome.RTO):
        if case.answer == "cancel":
            return "buyer_cancelled"
        return f"after_{case.answer}" if case.answer else "no_answer"
    named: dict[str, str] = {NdrOutcome.LOST: "carrier_lost", NdrOutcome.CANCELLED: "shipment_cancelled"}
    return named.get(outcome, outcome)


def cases_close_for_shipment(*, shipment_id: int, now: datetime | None = None) -> int:
    """Close the shipment's open cases if its status settles them (delivered, going back, lost)."""
    now = now or timezone.now()
    with transaction.atomic():
        shipment = Shipment.objects.filter(pk=shipment_id).select_related("order").first()
        if shipment is None:
            return 0
        outcome = OUTCOME_FOR.get(shipment.status)
        if outcome is None and shipment.order is not None and shipment.order.status == OrderStatus.CANCELLED:
            outcome = NdrOutcome.CANCELLED
        if outcome is None:
            return 0
        open_ids = list(
            NdrCase.objects.filter(shipment_id=shipment_id)
            .exclude(status=NdrCaseStatus.CLOSED)
            .values_list("pk", flat=True)
        )
        for case_id in open_ids:
            case = _locked_case(case_id)
            if case.status == NdrCaseStatus.CLOSED:
                continue
            reason = outcome_reason(case, outcome)
            if outcome == NdrOutcome.CANCELLED and shipment.status != S.CANCELLED:
                reason = "order_cancelled"
            _close(case, outcome, reason, now)
        return len(open_ids)


@transaction.atomic
def case_close_by_staff(*, case_id: int, reason: str, by: str, now: datetime | None = None) -> NdrCase:
    """Staff close a case by hand (settled by phone, duplicate, ...); the reason is required."""
    reason = db_text(reason).strip()
    if not reason:
        raise Invalid("say why the case is closed", code="missing_reason")
    case = _locked_case(case_id)
    if case.status == NdrCaseStatus.CLOSED:
        raise Conflict("this case is closed already", code="case_closed")
    _close(case, NdrOutcome.CLOSED_BY_STAFF, reason, now or timezone.now(), by=by)
    return case
