"""What providers tell us about refunds (their webhooks): ours move forward, others' are recorded.

`processing` becomes `succeeded` or `failed`, and those never change again. A refund found neither by the
provider's id nor by our key was made elsewhere (the provider's dashboard) and is recorded, so that what is
left to refund stays right.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from wasl.core.money import quantize
from wasl.payments.events import PaymentRefunded, RefundChanged
from wasl.payments.models import Payment, Refund, RefundStatus
from wasl.payments.refunds import (
    MAX_KEY_LENGTH,
    counted_total,
    money_text,
    payment_totals_update,
    refund_timeline_add,
    status_words,
)
from wasl.stores.models import Store


def refund_provider_update(*, store: Store, change: RefundChanged) -> str:
    """A provider's word on a refund: ours (by its id or our key) moves on; one made elsewhere is recorded."""
    refunds = Refund.objects.filter(store=store, provider=change.provider).select_related("order", "payment")
    refund = refunds.filter(provider_refund_id=change.refund_id).first() if change.refund_id else None
    if refund is None and change.idempotency_key:
        refund = refunds.filter(idempotency_key=change.idempotency_key).first()
    if refund is None:
        return _refund_made_elsewhere(store, change)
    with transaction.atomic():
        values: dict[str, object] = {}
        if not refund.provider_refund_id and change.refund_id:
            values["provider_refund_id"] = change.refund_id[:100]
        final = change.status in (RefundStatus.SUCCEEDED, RefundStatus.FAILED)
        if final:
            values |= {"status": change.status, "completed_at": timezone.now()}
        moved = (
            Refund.objects.filter(pk=refund.pk)
            .exclude(status__in=(RefundStatus.SUCCEEDED, RefundStatus.FAILED))
            .update(**values, updated_at=timezone.now())
            if values
            else 0
        )
        refund.refresh_from_db()
        if moved and final:
            refund_timeline_add(refund, f"Refund of {money_text(refund)} {status_words(refund.status)}")
        if refund.payment_id:
            payment_totals_update(refund.payment)  # type: ignore[arg-type]
    return "updated" if moved else "unchanged"


def _refund_made_elsewhere(store: Store, change: RefundChanged) -> str:
    payment = Payment.objects.filter(store=store, provider_payment_id=change.payment_id).first()
    if payment is None or not change.refund_id:
        return "ignored"
    try:
        with transaction.atomic():
            refund = Refund.objects.create(
                store=store,
                order=payment.order,
                payment=payment,
                provider=change.provider,
                idempotency_key=f"{change.provider}:{change.refund_id}"[:MAX_KEY_LENGTH],
                amount=quantize(change.amount, change.currency),
                currency=change.currency,
                reason=f"made in {change.provider}'s dashboard",
                status=change.status,
                provider_refund_id=change.refund_id[:100],
                completed_at=timezone.now() if change.status != RefundStatus.PROCESSING else None,
            )
            refund_timeline_add(refund, f"Refund of {money_text(refund)} recorded from {change.provider}")
            payment_totals_update(payment)
    except IntegrityError:
        return "unchanged"
    return "recorded"


def payment_refunded(*, store: Store, change: PaymentRefunded) -> str:
    """Stripe's charge.refunded: the refunds it lists, then the payment's total, which may settle ours."""
    for item in change.refunds:
        refund_provider_update(store=store, change=item)
    payment = Payment.objects.filter(store=store, provider_payment_id=change.payment_id).first()
    if payment is None:
        return "ignored"
    if not change.refunds:
        # No list (newer API versions): refunds of ours the total covers are done.
        covered = counted_total(Refund.objects.filter(payment=payment, status=RefundStatus.SUCCEEDED))
        pending = Refund.objects.filter(payment=payment, status=RefundStatus.PROCESSING).exclude(
            provider_refund_id=""
        )
        for refund in pending.order_by("pk"):
            if covered + refund.amount > change.amount_refunded:
                break
            covered += refund.amount
            refund_provider_update(
                store=store,
                change=RefundChanged(
                    provider=refund.provider,
                    refund_id=refund.provider_refund_id,
                    payment_id=change.payment_id,
                    status=RefundStatus.SUCCEEDED,
                    amount=refund.amount,
                    currency=refund.currency,
                ),
            )
    payment_totals_update(payment, at_least=quantize(change.amount_refunded, payment.currency))
    return "updated"
