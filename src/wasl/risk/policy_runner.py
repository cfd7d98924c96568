"""Carrying out a decision: sending each verification in turn, reminders, deadlines, and settling what the
world settled meanwhile (the buyer paid online, the order was cancelled or shipped elsewhere).

Everything here is safe to run twice: prompts are messages with idempotency keys, reminders are counted by a
conditional UPDATE before they are queued (in the same transaction), and a verification leaves `pending` once.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from types import ModuleType

from django.db import transaction
from django.utils import timezone

from wasl.core.errors import WaslError
from wasl.core.retry import TransientError
from wasl.messaging.models import Message
from wasl.orders.models import Order, OrderStatus
from wasl.payments.providers.base import ProviderError
from wasl.risk.decisions import timeline_note
from wasl.risk.flows import address, cod, prepaid, slot
from wasl.risk.flows.messages import Prompt, Reach, prompt_queue, reach_buyer, send_at
from wasl.risk.policy_models import DecisionState, OrderVerification, PolicyDecision, VerificationState
from wasl.risk.verification import (
    KIND_WORDS,
    PENDING,
    order_hold,
    verification_expire,
    verification_mark_sent,
    verification_reminded,
    verification_resolve,
)

FLOWS: dict[str, ModuleType] = {
    "cod_confirmation": cod,
    "address_verification": address,
    "delivery_slot": slot,
}
BATCH = 500


def _load(order_id: int) -> Order | None:
    return Order.objects.select_related("store", "customer", "shipping_address").filter(pk=order_id).first()


def verifications_advance(*, order_id: int) -> list[str]:
    """Send what is next: every unsent verification up to and including the first the order waits for."""
    order = _load(order_id)
    decision = PolicyDecision.objects.filter(order_id=order_id).first()
    if order is None or decision is None:
        return []
    if order.status != OrderStatus.PENDING or decision.state == DecisionState.CANCELLED:
        return [settle_closed(order=order)] if order.status != OrderStatus.PENDING else []
    done: list[str] = []
    for verification in OrderVerification.objects.filter(order_id=order_id, state=PENDING).order_by(
        "position"
    ):
        verification.order = order
        if verification.sent_at is None:
            outcome = verification_send(verification=verification)
            done.append(f"{verification.kind}:{outcome}")
            if outcome == "unreachable" and verification.blocking:
                break
            if outcome != "sent" or not verification.blocking:
                continue
        if verification.blocking:
            break  # wait for the buyer's answer before asking anything else
    return done


def _prompt_for(verification: OrderVerification, reach: Reach, reminder: int) -> Prompt | str:
    """The prompt, or a word saying why there is none (the verification is settled then)."""
    if verification.kind != "prepaid_nudge":
        return FLOWS[verification.kind].prompt(verification, reach, reminder=reminder)  # type: ignore[no-any-return]
    try:
        link = prepaid.link_for(verification)
    except ProviderError as exc:
        raise TransientError(f"payment provider unavailable: {exc}") from exc
    except WaslError as exc:
        if exc.code == "order_already_paid":
            verification_resolve(
                verification=verification, state=VerificationState.CONFIRMED, by="paid online", answer={}
            )
            return "paid"
        verification_resolve(
            verification=verification,
            state=VerificationState.EXPIRED,
            by="wasl",
            answer={"reason": exc.code},
            note=f"no payment link: {exc.message}",
        )
        return "no_link"
    return prepaid.prompt(verification, reach, link, reminder=reminder)


def verification_send(*, verification: OrderVerification, reminder: int = 0, resend_by: str = "") -> str:
    """Queue the prompt (or reminder number `reminder`, or a resend by staff); returns what happened."""
    order = verification.order
    reach, why = reach_buyer(order)
    if reach is None:
        verification_resolve(
            verification=verification,
            state=VerificationState.EXPIRED,
            by="wasl",
            answer={"reason": why},
            note=f"cannot ask the buyer: {why}",
        )
        if verification.blocking:
            order_hold(order_id=order.pk, reason=f"cannot ask the buyer: {why}")
        return "unreachable"
    prompt = _prompt_for(verification, reach, reminder)
    if isinstance(prompt, str):
        return prompt
    at = send_at(reach)
    now = timezone.now()
    with transaction.atomic():
        locked = OrderVerification.objects.select_for_update().get(pk=verification.pk)
        if locked.state != PENDING:
            return "settled"
        if not reminder and not resend_by and locked.sent_at is not None:
            return "already_sent"
        if reminder and not verification_reminded(verification=locked):
            return "already_reminded"
        key = f"risk:verification:{verification.pk}:"
        if resend_by:
            earlier = Message.objects.filter(
                store_id=order.store_id, idempotency_key__startswith=key + "resend"
            )
            key += f"resend{earlier.count() + 1}"
        else:
            key += f"reminder{reminder}" if reminder else "prompt"
        message = prompt_queue(reach, locked, prompt, key=key, at=at)
        if not reminder:
            verification_mark_sent(
                verification=locked, sent_at=at or now, channel=reach.channel, extend=bool(resend_by)
            )
        words = KIND_WORDS[verification.kind]
        what = f"reminder {reminder}" if reminder else ("resent by " + resend_by if resend_by else "sent")
        timeline_note(
            order,
            f"{words[:1].upper() + words[1:]} {what} on {reach.channel}"
            + (f", after quiet hours ({at:%H:%M} UTC)" if at else ""),
            {
                "type": "verification_sent",
                "kind": verification.kind,
                "verification_id": verification.pk,
                "message_id": message.pk,
                "reminder": reminder,
                "channel": reach.channel,
            },
        )
    verification.sent_at = locked.sent_at
    return "sent"


def settle_closed(*, order: Order) -> str:
    """The order left `pending` without us (cancelled by the shop or the bot, shipped): its checks end."""
    state = (
        VerificationState.CANCELLED if order.status == OrderStatus.CANCELLED else VerificationState.EXPIRED
    )
    count = 0
    for verification in OrderVerification.objects.filter(order=order, state=PENDING):
        count += verification_resolve(
            verification=verification,
            state=state,
            by="wasl",
            answer={"reason": f"the order is {order.status}"},
            note=f"the order is {order.status}",
        )
    return f"closed:{count}"


def verifications_due(*, now: datetime | None = None) -> dict[str, int]:
    """The periodic job: payments first, then orders that moved on, deadlines, and reminders."""
    now = now or timezone.now()
    counts: Counter[str] = Counter()
    pending = OrderVerification.objects.filter(state=PENDING).select_related(
        "order__store", "order__customer", "order__shipping_address"
    )
    paid = pending.filter(kind__in=("prepaid_nudge", "cod_confirmation"), order__paid_at__isnull=False)
    for verification in paid[:BATCH]:
        counts["paid"] += verification_resolve(
            verification=verification,
            state=VerificationState.CONFIRMED,
            by="paid online",
            answer={"paid_at": verification.order.paid_at.isoformat() if verification.order.paid_at else ""},
            at=now,
        )
    for order_id in (
        pending.exclude(order__status=OrderStatus.PENDING)
        .values_list("order_id", flat=True)
        .distinct()[:BATCH]
    ):
        order = _load(order_id)
        if order is not None:
            settle_closed(order=order)
            counts["closed"] += 1
    for verification in pending.filter(deadline_at__lte=now)[:BATCH]:
        counts[verification_expire(verification=verification, at=now)] += 1
    for verification in pending.filter(sent_at__isnull=False, next_reminder_at__lte=now)[:BATCH]:
        outcome = verification_send(verification=verification, reminder=verification.reminders_sent + 1)
        counts["reminded" if outcome == "sent" else outcome] += 1
    return dict(counts)
