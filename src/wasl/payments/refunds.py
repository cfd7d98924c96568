"""Refunds, exactly once: one row per idempotency key, one claim per row, one provider call per claim.

1. `refund_issue` writes the refund (`requested`) under a key unique per store, with the order row locked so
   that two refunds of one order cannot together exceed what was paid. The same key again finds that row.
2. `refund_attempt` claims the row with a conditional UPDATE (`requested` -> `processing`); only the process
   whose UPDATE changed the row calls the provider. Two staff clicking at once, or a task retried while a web
   request is at it, end with one call.
3. The call carries the key as the provider's idempotency key (Stripe). Razorpay takes none: a retry first
   lists the payment's refunds and adopts the one carrying our receipt, and only then asks again.
4. An outage releases the claim (`requested` again) and a task retries with backoff; a refusal ends it
   `failed`. A claim whose process died (no answer recorded after CLAIM_TTL) may be taken again by the sweep.
Webhooks then move `processing` to `succeeded` or `failed` (`refund_updates`); those two never change again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from wasl.core.errors import Conflict, Invalid
from wasl.core.money import format_money, quantize
from wasl.core.text import db_text, has_nul
from wasl.orders.models import Order, OrderEventKind
from wasl.orders.services import order_event_add
from wasl.payments.amounts import payable
from wasl.payments.models import (
    REFUND_COUNTED,
    Payment,
    PaymentStatus,
    Provider,
    Refund,
    RefundStatus,
)
from wasl.payments.providers import provider_get
from wasl.payments.providers.base import ProviderError, ProviderRefund, RefundRequest
from wasl.stores.crypto import encrypt

CLAIM_TTL = timedelta(minutes=5)
RETRY_FIRST_S = 5.0
RETRY_LOST_AFTER = timedelta(hours=1)
MAX_KEY_LENGTH = 200


@dataclass(frozen=True)
class RefundOutcome:
    refund: Refund
    created: bool  # False: this key was seen before, and its refund is given back as it stands


def counted_total(queryset: object) -> Decimal:
    total = queryset.filter(status__in=REFUND_COUNTED).aggregate(total=Sum("amount"))["total"]  # type: ignore[attr-defined]
    return total or Decimal(0)


def _payment_of(order: Order, provider: str | None) -> Payment | None:
    payments = Payment.objects.filter(order=order).order_by("-paid_at", "-pk")
    if provider and provider != Provider.MANUAL:
        payments = payments.filter(provider=provider)
    return payments.first()


def _route(order: Order, provider: str | None) -> tuple[str, Payment | None]:
    """Through the provider that took the money; COD, or money taken elsewhere, is refunded by staff."""
    if provider not in (None, "", *Provider.values):
        raise Invalid(f"unknown payment provider {provider!r}", code="invalid_provider")
    if provider == Provider.MANUAL:
        return Provider.MANUAL, None
    payment = _payment_of(order, provider)
    if payment is not None:
        return payment.provider, payment
    if provider:
        raise Conflict(f"no {provider} payment is recorded for this order", code="no_payment")
    return Provider.MANUAL, None


def _refundable(order: Order, payment: Payment | None) -> Decimal:
    if payment is not None:
        return payment.amount - counted_total(Refund.objects.filter(payment=payment))
    return order.total - counted_total(Refund.objects.filter(order=order))


def _amount(order: Order, payment: Payment | None, provider: str, amount: Decimal | None) -> Decimal:
    currency = payment.currency if payment else order.currency
    left = _refundable(order, payment)
    if left <= 0:
        raise Conflict("nothing is left to refund on this order", code="nothing_to_refund")
    wanted = left if amount is None else quantize(amount, currency)
    if wanted <= 0:
        raise Invalid("a refund must be positive", code="invalid_amount")
    if wanted > left:
        raise Conflict(f"at most {left} {currency} is left to refund", code="refund_exceeds_payment")
    if provider != Provider.MANUAL and payable(wanted, currency, provider=provider) != wanted:
        raise Invalid(
            f"{provider} cannot refund exactly {wanted} {currency}; "
            f"{payable(wanted, currency, provider=provider)} is the nearest it can",
            code="invalid_amount",
        )
    return wanted


def _derived_key(order: Order, amount: Decimal | None, refunded_before: Decimal) -> str:
    """Without a key from the caller, a request is "this amount, given what was refunded when it was asked":
    two clicks on the same screen are one refund, while a later deliberate second refund is another."""
    what = "rest" if amount is None else str(amount)
    return f"refund:{order.pk}:{what}:after:{refunded_before}"


def refund_issue(
    *,
    order: Order,
    amount: Decimal | None = None,
    reason: str = "",
    idempotency_key: str = "",
    requested_by: str = "",
    provider: str | None = None,
    payout_details: str = "",
) -> RefundOutcome:
    """Refund `amount` (everything left when None) of the order, once per idempotency key, and try it now."""
    name, payment = _route(order, provider)
    if payment is None and name != Provider.MANUAL:
        raise Conflict("no payment to refund", code="no_payment")
    key = idempotency_key.strip()
    if not key:
        key = _derived_key(order, amount, counted_total(Refund.objects.filter(order=order)))
    elif len(key) > MAX_KEY_LENGTH or has_nul(key):
        raise Invalid(
            f"an idempotency key is at most {MAX_KEY_LENGTH} characters, without NUL", code="invalid_key"
        )
    if name != Provider.MANUAL:
        provider_get(store=order.store, name=name)  # configured? refused before anything is written
    refund, created = _refund_row(order, payment, name, key, amount, reason, requested_by, payout_details)
    if refund.status == RefundStatus.REQUESTED:
        refund = refund_attempt(refund_id=refund.pk)
    return RefundOutcome(refund, created)


def _refund_row(
    order: Order,
    payment: Payment | None,
    provider: str,
    key: str,
    amount: Decimal | None,
    reason: str,
    requested_by: str,
    payout_details: str,
) -> tuple[Refund, bool]:
    try:
        with transaction.atomic():
            Order.objects.select_for_update().filter(pk=order.pk).first()  # one refund decision at a time
            existing = Refund.objects.filter(store_id=order.store_id, idempotency_key=key).first()
            if existing is not None:
                return _same_request(existing, order, amount), False
            wanted = _amount(order, payment, provider, amount)
            refund = Refund.objects.create(
                store_id=order.store_id,
                order=order,
                payment=payment,
                provider=provider,
                idempotency_key=key,
                amount=wanted,
                currency=payment.currency if payment else order.currency,
                reason=db_text(reason, 300),
                requested_by=db_text(requested_by, 150),
                encrypted_payout_details=encrypt(payout_details) if payout_details else "",
            )
            refund_timeline_add(
                refund, f"Refund of {money_text(refund)} requested", {"requested_by": refund.requested_by}
            )
    except IntegrityError:
        existing = Refund.objects.get(store_id=order.store_id, idempotency_key=key)
        return _same_request(existing, order, amount), False
    return refund, True


def _same_request(refund: Refund, order: Order, amount: Decimal | None) -> Refund:
    if refund.order_id != order.pk or (
        amount is not None and quantize(amount, refund.currency) != refund.amount
    ):
        raise Conflict("this idempotency key was used for another refund", code="idempotency_key_reused")
    return refund


def money_text(refund: Refund) -> str:
    return format_money(refund.amount, refund.currency, "en")


def refund_timeline_add(refund: Refund, message: str, extra: dict[str, object] | None = None) -> None:
    order_event_add(
        order=refund.order,
        kind=OrderEventKind.REFUND,
        message=message,
        data={
            "refund": refund.pk,
            "provider": refund.provider,
            "amount": str(refund.amount),
            "currency": refund.currency,
            "status": refund.status,
            "provider_refund_id": refund.provider_refund_id,
            **(extra or {}),
        },
    )


def _claim(refund_id: int) -> bool:
    now = timezone.now()
    stale = Q(status=RefundStatus.PROCESSING, provider_refund_id="", claimed_at__lt=now - CLAIM_TTL) & ~Q(
        provider=Provider.MANUAL
    )
    return bool(
        Refund.objects.filter(pk=refund_id)
        .filter(Q(status=RefundStatus.REQUESTED) | stale)
        .update(status=RefundStatus.PROCESSING, attempts=F("attempts") + 1, claimed_at=now, updated_at=now)
    )


def refund_attempt(*, refund_id: int, schedule_retry: bool = True) -> Refund:
    """Ask the provider, if this process wins the claim; otherwise give the refund back as it stands.

    After an outage the refund is `requested` again with the error kept; `schedule_retry` queues the task
    that tries again (the task itself passes False: it retries by its own backoff)."""
    if not _claim(refund_id):
        return Refund.objects.select_related("order", "payment").get(pk=refund_id)
    refund = Refund.objects.select_related("order", "payment", "store").get(pk=refund_id)
    request = RefundRequest(
        store_id=refund.store_id,
        refund_id=refund.pk,
        payment_id=refund.payment.provider_payment_id if refund.payment else "",
        amount=refund.amount,
        currency=refund.currency,
        idempotency_key=refund.idempotency_key,
        reason=refund.reason,
    )
    try:
        gateway = provider_get(store=refund.store, name=refund.provider)
        answer = gateway.refund_find(request) if refund.attempts > 1 else None
        answer = answer or gateway.refund(request)
    except ProviderError as exc:
        return _attempt_failed(refund, exc, schedule_retry)
    except Invalid as exc:  # the store's settings were removed since the refund was asked for
        return _attempt_failed(refund, ProviderError(exc.message, code=exc.code, transient=False), False)
    return _attempt_answered(refund, answer)


def _attempt_failed(refund: Refund, exc: ProviderError, schedule_retry: bool) -> Refund:
    status = RefundStatus.REQUESTED if exc.transient else RefundStatus.FAILED
    with transaction.atomic():
        Refund.objects.filter(pk=refund.pk, status=RefundStatus.PROCESSING).update(
            updated_at=timezone.now(),
            status=status,
            error_code=exc.code[:60],
            error_message=db_text(exc.message, 300),
            completed_at=None if exc.transient else timezone.now(),
        )
        refund.refresh_from_db()
        if exc.transient and schedule_retry:
            from wasl.payments.tasks import retry_refund

            transaction.on_commit(partial(_enqueue_retry, retry_refund, refund.pk), robust=True)
        else:
            refund_timeline_add(
                refund, f"Refund of {money_text(refund)} refused: {exc.message}", {"error": exc.code}
            )
    return refund


def _enqueue_retry(task: object, refund_id: int) -> None:
    run_after = timezone.now() + timedelta(seconds=RETRY_FIRST_S)
    task.using(run_after=run_after).enqueue(refund_id)  # type: ignore[attr-defined]


def _attempt_answered(refund: Refund, answer: ProviderRefund) -> Refund:
    with transaction.atomic():
        values: dict[str, object] = {
            "status": answer.status,
            "error_code": "",
            "error_message": "",
            "updated_at": timezone.now(),
        }
        if answer.id:
            values["provider_refund_id"] = answer.id[:100]
        if answer.status in (RefundStatus.SUCCEEDED, RefundStatus.FAILED):
            values["completed_at"] = timezone.now()
        Refund.objects.filter(pk=refund.pk, status=RefundStatus.PROCESSING).update(**values)
        refund.refresh_from_db()
        waiting = " (to be paid by staff)" if refund.provider == Provider.MANUAL else ""
        refund_timeline_add(refund, f"Refund of {money_text(refund)} {status_words(refund.status)}{waiting}")
        if refund.payment_id:
            payment_totals_update(refund.payment)  # type: ignore[arg-type]
    return refund


def status_words(status: str) -> str:
    return {"succeeded": "made", "failed": "failed", "processing": "sent"}.get(status, status)


def refund_manual_complete(*, refund: Refund, reference: str, completed_by: str = "") -> Refund:
    """Staff paid the buyer (a transfer to the details the buyer gave). Twice is once."""
    if refund.provider != Provider.MANUAL:
        raise Conflict("only manual refunds are completed by staff", code="not_manual")
    reference = db_text(reference.strip(), 100)
    if not reference:
        raise Invalid("give the transfer's reference", code="missing_reference")
    with transaction.atomic():
        moved = Refund.objects.filter(
            pk=refund.pk, status__in=(RefundStatus.REQUESTED, RefundStatus.PROCESSING)
        ).update(
            status=RefundStatus.SUCCEEDED,
            payout_reference=reference,
            completed_at=timezone.now(),
            updated_at=timezone.now(),
        )
        refund.refresh_from_db()
        if moved:
            refund_timeline_add(
                refund,
                f"Refund of {money_text(refund)} paid by staff",
                {"reference": reference, "by": completed_by},
            )
    if refund.status == RefundStatus.FAILED:
        raise Conflict("this refund failed; issue a new one", code="refund_failed")
    return refund


def payment_totals_update(payment: Payment, *, at_least: Decimal = Decimal(0)) -> None:
    refunded = counted_total(Refund.objects.filter(payment=payment, status=RefundStatus.SUCCEEDED))
    refunded = max(refunded, at_least)
    status = (
        PaymentStatus.REFUNDED
        if refunded >= payment.amount
        else PaymentStatus.PARTIALLY_REFUNDED
        if refunded > 0
        else PaymentStatus.SUCCEEDED
    )
    Payment.objects.filter(pk=payment.pk).update(amount_refunded=refunded, status=status)


def refunds_due_for_retry(*, older_than: timedelta) -> list[int]:
    """Refunds left `requested` (their task lost) or held by a claim whose process died."""
    now = timezone.now()
    # One that failed on an outage has its own retry task, waiting out its backoff: only much later is it lost.
    lost = Q(status=RefundStatus.REQUESTED, error_code="", updated_at__lt=now - older_than) | Q(
        status=RefundStatus.REQUESTED, updated_at__lt=now - RETRY_LOST_AFTER
    )
    stale = Q(status=RefundStatus.PROCESSING, provider_refund_id="", claimed_at__lt=now - CLAIM_TTL)
    return list(
        Refund.objects.filter(lost | stale)
        .exclude(provider=Provider.MANUAL)
        .order_by("updated_at")
        .values_list("pk", flat=True)[:500]
    )
