"""Writes for what buyers are asked about their orders: answers, reminders, deadlines, staff overrides, and the
decision's state that follows from them. Every change lands on the order's timeline.

A verification leaves `pending` once, by one conditional UPDATE, so a buyer's tap, the deadline job and a
person in the console can race and only one of them wins.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from wasl.orders.models import Order, OrderStatus
from wasl.orders.services import order_status_set
from wasl.risk.decisions import timeline_note
from wasl.risk.policy_models import (
    DecisionState,
    OrderVerification,
    PolicyDecision,
    VerificationState,
)

PENDING = VerificationState.PENDING
KIND_WORDS = {
    "cod_confirmation": "COD confirmation",
    "address_verification": "address check",
    "delivery_slot": "delivery slot",
    "prepaid_nudge": "offer to pay online",
}


def _advance_later(order_id: int) -> None:
    from wasl.risk.policy_tasks import policy_advance

    policy_advance.enqueue(order_id)


def verification_resolve(
    *,
    verification: OrderVerification,
    state: str,
    by: str,
    answer: dict[str, Any] | None = None,
    at: datetime | None = None,
    note: str = "",
    refresh: bool = True,
) -> bool:
    """Settle a pending verification; False when someone settled it first (nothing is written then).

    `refresh=False` leaves the decision as it is, for a caller about to move it itself (a cancellation).
    """
    at = at or timezone.now()
    with transaction.atomic():
        changed = OrderVerification.objects.filter(pk=verification.pk, state=PENDING).update(
            state=state,
            answer=answer or {},
            resolved_at=at,
            resolved_by=by[:150],
            next_reminder_at=None,
            updated_at=timezone.now(),
        )
        if not changed:
            return False
        verification.state, verification.answer, verification.resolved_at = state, answer or {}, at
        verification.resolved_by = by[:150]
        order = Order.objects.select_related("store").get(pk=verification.order_id)
        words = KIND_WORDS.get(verification.kind, verification.kind)
        timeline_note(
            order,
            f"{words[:1].upper() + words[1:]}: {state} by {by}" + (f" ({note})" if note else ""),
            {
                "type": "verification",
                "kind": verification.kind,
                "verification_id": verification.pk,
                "state": state,
                "by": by,
                "answer": answer or {},
            },
            at=at,
        )
        if refresh:
            decision_refresh(order_id=order.pk, at=at)
        _advance_later(order.pk)
    return True


def decision_refresh(*, order_id: int, at: datetime | None = None) -> PolicyDecision | None:
    """Awaiting while a verification the order waits for is pending, then approved; held and cancelled
    decisions stay so until a person (or a cancellation) moves them."""
    decision = PolicyDecision.objects.select_for_update().filter(order_id=order_id).first()
    if decision is None or decision.state in (DecisionState.HELD, DecisionState.CANCELLED):
        return decision
    waiting = OrderVerification.objects.filter(order_id=order_id, state=PENDING, blocking=True).exists()
    state = DecisionState.AWAITING if waiting else DecisionState.APPROVED
    if state != decision.state:
        _decision_set(decision, state, "every check answered" if state == DecisionState.APPROVED else "", at)
    return decision


def _decision_set(
    decision: PolicyDecision, state: str, reason: str, at: datetime | None, by: str = "wasl"
) -> None:
    previous = decision.state
    decision.state, decision.state_reason = state, reason[:300]
    decision.save(update_fields=["state", "state_reason", "updated_at"])
    order = Order.objects.select_related("store").get(pk=decision.order_id)
    timeline_note(
        order,
        f"Policy: {state}" + (f" ({reason})" if reason else "") + f", by {by}",
        {"type": "policy_state", "from": previous, "to": state, "reason": reason, "by": by},
        at=at,
    )


def order_hold(*, order_id: int, reason: str, by: str = "wasl", at: datetime | None = None) -> None:
    """The order waits for a person in the console."""
    with transaction.atomic():
        decision = PolicyDecision.objects.select_for_update().filter(order_id=order_id).first()
        if decision is not None and decision.state not in (DecisionState.HELD, DecisionState.CANCELLED):
            _decision_set(decision, DecisionState.HELD, reason, at, by)


def order_cancel(*, order_id: int, reason: str, by: str, at: datetime | None = None) -> bool:
    """Cancel an order that has not left yet (through the orders service); the rest of its checks end too.

    False when the order is past cancelling here (shipped, delivered...): it is held for a person instead.
    """
    at = at or timezone.now()
    with transaction.atomic():
        order = Order.objects.select_for_update(of=("self",)).select_related("store").get(pk=order_id)
        if order.status != OrderStatus.PENDING and order.status != OrderStatus.CANCELLED:
            order_hold(order_id=order_id, reason=f"{reason}, but the order is {order.status}", by=by, at=at)
            return False
        order_status_set(order=order, status=OrderStatus.CANCELLED, reason=reason, at=at)
        _close_open(order_id, by=by, at=at)
        decision = PolicyDecision.objects.select_for_update().filter(order_id=order_id).first()
        if decision is not None and decision.state != DecisionState.CANCELLED:
            _decision_set(decision, DecisionState.CANCELLED, reason, at, by)
    return True


def _close_open(order_id: int, *, by: str, at: datetime) -> None:
    OrderVerification.objects.filter(order_id=order_id, state=PENDING).update(
        state=VerificationState.CANCELLED,
        answer={"reason": "the order was cancelled"},
        resolved_at=at,
        resolved_by=by[:150],
        next_reminder_at=None,
        updated_at=timezone.now(),
    )


def reminders_schedule(verification: OrderVerification) -> list[float]:
    return [float(h) for h in verification.params.get("reminders_after_hours", [])]


def deadline_hours(verification: OrderVerification) -> float | None:
    value = verification.params.get("cancel_after_hours", verification.params.get("expire_after_hours"))
    return float(value) if value else None


def verification_mark_sent(
    *, verification: OrderVerification, sent_at: datetime, channel: str, extend: bool = False
) -> None:
    """The prompt is queued for `sent_at`: reminders and the deadline count from then."""
    reminders = reminders_schedule(verification)
    upcoming = (
        reminders[verification.reminders_sent] if verification.reminders_sent < len(reminders) else None
    )
    hours = deadline_hours(verification)
    fields = {
        "channel": channel,
        "next_reminder_at": sent_at + timedelta(hours=upcoming) if upcoming is not None else None,
        "deadline_at": sent_at + timedelta(hours=hours) if hours else None,
        "updated_at": timezone.now(),
    }
    if not extend:
        fields["sent_at"] = sent_at
    OrderVerification.objects.filter(pk=verification.pk).update(**fields)
    for name, value in fields.items():
        setattr(verification, name, value)


def verification_reminded(*, verification: OrderVerification) -> bool:
    """Count one reminder and schedule the next; False when another worker counted it first."""
    reminders = reminders_schedule(verification)
    number = verification.reminders_sent + 1
    upcoming = reminders[number] if number < len(reminders) and verification.sent_at else None
    changed = OrderVerification.objects.filter(
        pk=verification.pk, state=PENDING, reminders_sent=verification.reminders_sent
    ).update(
        reminders_sent=number,
        next_reminder_at=verification.sent_at + timedelta(hours=upcoming)
        if upcoming and verification.sent_at
        else None,
        updated_at=timezone.now(),
    )
    verification.reminders_sent = number
    return bool(changed)


def verification_expire(*, verification: OrderVerification, at: datetime | None = None) -> str:
    """No answer by the deadline: expired, then what the policy says (cancel, hold, or let it ship)."""
    at = at or timezone.now()
    if not verification_resolve(verification=verification, state=VerificationState.EXPIRED, by="wasl", at=at):
        return "already settled"
    outcome = str(verification.params.get("on_no_answer", "approve"))
    hours = deadline_hours(verification)
    reason = f"not confirmed within {hours:g} hours" if hours else "no answer"
    if outcome == "cancel":
        return (
            "cancelled"
            if order_cancel(order_id=verification.order_id, reason=reason, by="wasl", at=at)
            else "held"
        )
    if outcome == "hold":
        order_hold(order_id=verification.order_id, reason=f"{KIND_WORDS[verification.kind]}: {reason}", at=at)
        return "held"
    return "expired"


# --- staff -------------------------------------------------------------------------------------------------


def decision_approve(*, order: Order, by: str) -> PolicyDecision | None:
    """A person lets the order ship: pending checks are overridden, a hold is lifted."""
    now = timezone.now()
    with transaction.atomic():
        for verification in OrderVerification.objects.filter(order=order, state=PENDING):
            verification_resolve(
                verification=verification,
                state=VerificationState.OVERRIDDEN,
                by=by,
                answer={"action": "approved"},
                at=now,
            )
        decision = PolicyDecision.objects.select_for_update().filter(order=order).first()
        if decision is not None and decision.state != DecisionState.APPROVED:
            _decision_set(decision, DecisionState.APPROVED, "approved by staff", now, by)
    return decision


def verification_mark_verified(*, verification: OrderVerification, by: str) -> bool:
    """A person checked it another way (a phone call): it no longer waits for the buyer."""
    return verification_resolve(
        verification=verification,
        state=VerificationState.OVERRIDDEN,
        by=by,
        answer={"action": "marked_verified"},
    )
