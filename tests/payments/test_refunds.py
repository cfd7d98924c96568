"""Refunds: through the provider that took the money, once per key, retried after outages without doubling,
by staff for cash on delivery, and settled by the providers' webhooks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tasks_db.models import DBTaskResult
from payments_helpers import apply_outbox, make_order, paid_order

from wasl.core.errors import Conflict, Invalid
from wasl.orders.models import OrderEventKind
from wasl.payments.models import Payment, PaymentStatus, Refund, RefundStatus
from wasl.payments.refunds import refund_attempt, refund_issue, refund_manual_complete
from wasl.payments.tasks import retry_refund
from wasl.stores.crypto import decrypt

pytestmark = pytest.mark.django_db


def refund_posts(stand_in) -> list:  # type: ignore[no-untyped-def]
    return [c for c in stand_in.calls if c.method == "POST" and c.path.endswith(("/refunds", "/refund"))]


def test_a_full_stripe_refund_goes_to_the_payment_intent_with_our_key(store, stripe_standin) -> None:
    order = paid_order(store, stripe_standin)
    payment = Payment.objects.get()

    outcome = refund_issue(order=order, reason="damaged", requested_by="sara")

    refund = outcome.refund
    [call] = refund_posts(stripe_standin)
    assert call.params["payment_intent"] == payment.provider_payment_id
    assert call.params["amount"] == "24950"
    assert call.idempotency_key == f"wasl:refund:{store.pk}:{refund.idempotency_key}"
    assert call.params["metadata"]["wasl_key"] == refund.idempotency_key
    assert (outcome.created, refund.status, refund.amount, refund.provider, refund.attempts) == (
        True,
        RefundStatus.SUCCEEDED,
        Decimal("249.500"),
        "stripe",
        1,
    )
    assert refund.provider_refund_id == next(iter(stripe_standin.refunds))
    payment.refresh_from_db()
    assert (payment.status, payment.amount_refunded) == (PaymentStatus.REFUNDED, Decimal("249.500"))
    messages = list(order.events.filter(kind=OrderEventKind.REFUND).values_list("message", flat=True))
    assert messages == ["Refund of SAR249.50 requested", "Refund of SAR249.50 made"]


def test_partial_refunds_add_up_to_the_payment_and_no_more(store, stripe_standin) -> None:
    order = paid_order(store, stripe_standin)
    refund_issue(order=order, amount=Decimal("100"), idempotency_key="r1")
    refund_issue(order=order, amount=Decimal("100"), idempotency_key="r2")
    with pytest.raises(Conflict) as error:
        refund_issue(order=order, amount=Decimal("50"), idempotency_key="r3")
    assert (error.value.code, error.value.message) == (
        "refund_exceeds_payment",
        "at most 49.500 SAR is left to refund",
    )
    rest = refund_issue(order=order).refund
    assert rest.amount == Decimal("49.500")
    with pytest.raises(Conflict) as nothing:
        refund_issue(order=order)
    assert nothing.value.code == "nothing_to_refund"
    assert len(refund_posts(stripe_standin)) == 3
    assert Payment.objects.get().status == PaymentStatus.REFUNDED


def test_the_same_key_twice_is_one_refund_and_one_call(store, stripe_standin) -> None:
    order = paid_order(store, stripe_standin)
    first = refund_issue(order=order, amount=Decimal("10"), idempotency_key="click-1")
    second = refund_issue(order=order, amount=Decimal("10"), idempotency_key="click-1")
    assert (first.created, second.created, first.refund.pk) == (True, False, second.refund.pk)
    assert len(refund_posts(stripe_standin)) == 1
    with pytest.raises(Conflict) as error:
        refund_issue(order=order, amount=Decimal("11"), idempotency_key="click-1")
    assert error.value.code == "idempotency_key_reused"


def test_an_outage_releases_the_refund_and_the_task_retries_with_the_same_key(
    store, stripe_standin, django_capture_on_commit_callbacks
) -> None:
    order = paid_order(store, stripe_standin)
    stripe_standin.fail_next(1, "timeout_after")  # Stripe refunds, but the answer is lost

    with django_capture_on_commit_callbacks(execute=True):
        refund = refund_issue(order=order).refund

    assert (refund.status, refund.error_code) == (RefundStatus.REQUESTED, "provider_unavailable")
    task = DBTaskResult.objects.get(task_path="wasl.payments.tasks.retry_refund")
    assert task.args_kwargs["args"] == [refund.pk]
    assert retry_refund.call(refund.pk) == "succeeded"
    refund.refresh_from_db()
    # The retry looked first, found the refund Stripe made, and did not ask again: one refund at Stripe
    assert [(c.method, c.outcome) for c in stripe_standin.calls if c.path == "/v1/refunds"] == [
        ("POST", "timeout_after"),
        ("GET", "ok"),
    ]
    assert len(stripe_standin.refunds) == 1
    assert (refund.status, refund.attempts, refund.provider_refund_id) == (
        RefundStatus.SUCCEEDED,
        2,
        next(iter(stripe_standin.refunds)),
    )


def test_a_retry_after_an_unanswered_request_sends_the_same_idempotency_key(store, stripe_standin) -> None:
    order = paid_order(store, stripe_standin)
    stripe_standin.fail_next(1, "500")
    refund = refund_issue(order=order).refund
    assert refund.status == RefundStatus.REQUESTED

    refund = refund_attempt(refund_id=refund.pk)

    first, second = refund_posts(stripe_standin)
    assert (first.outcome, second.outcome, refund.status) == ("500", "ok", RefundStatus.SUCCEEDED)
    assert (
        first.idempotency_key == second.idempotency_key == f"wasl:refund:{store.pk}:{refund.idempotency_key}"
    )


def test_razorpay_has_no_idempotency_key_so_a_retry_adopts_the_refund_it_finds(
    store, razorpay_standin
) -> None:
    order = paid_order(store, razorpay_standin)
    razorpay_standin.fail_next(1, "timeout_after")
    refund = refund_issue(order=order, amount=Decimal("100")).refund
    assert refund.status == RefundStatus.REQUESTED

    refund = refund_attempt(refund_id=refund.pk)

    assert [(c.method, c.path.rsplit("/", 1)[1]) for c in razorpay_standin.calls if "payments" in c.path] == [
        ("POST", "refund"),
        ("GET", "refunds"),
    ]
    assert len(razorpay_standin.refunds) == 1
    [made] = razorpay_standin.refunds.values()
    assert (made["receipt"], made["amount"]) == (f"wasl-{store.pk}-{refund.pk}", 10000)
    assert (refund.status, refund.provider_refund_id) == (RefundStatus.SUCCEEDED, made["id"])


def test_a_razorpay_refund_is_pending_until_refund_processed_arrives(store, razorpay_standin) -> None:
    order = paid_order(store, razorpay_standin)
    refund = refund_issue(order=order, amount=Decimal("99.50")).refund
    assert (refund.status, refund.amount) == (RefundStatus.PROCESSING, Decimal("99.500"))

    results = apply_outbox(store, razorpay_standin)
    assert [r["results"] for r in results] == [[{"refund": "updated"}]]
    apply_outbox(store, razorpay_standin)
    refund.refresh_from_db()
    payment = Payment.objects.get()
    assert (refund.status, payment.status, payment.amount_refunded) == (
        RefundStatus.SUCCEEDED,
        PaymentStatus.PARTIALLY_REFUNDED,
        Decimal("99.500"),
    )


def test_a_refund_made_in_the_dashboard_is_recorded_from_its_webhook(store, stripe_standin) -> None:
    order = paid_order(store, stripe_standin)
    payment = Payment.objects.get()
    stripe_standin._refund_create(
        "sk_test_wasl", {}, {"payment_intent": payment.provider_payment_id, "amount": "5000"}
    )
    apply_outbox(store, stripe_standin)
    refund = Refund.objects.get()
    assert (refund.order_id, refund.amount, refund.status, refund.reason) == (
        order.pk,
        Decimal("50.000"),
        RefundStatus.SUCCEEDED,
        "made in stripe's dashboard",
    )
    payment.refresh_from_db()
    assert payment.amount_refunded == Decimal("50.000")


def test_a_refusal_fails_the_refund(store, stripe_standin) -> None:
    order = paid_order(store, stripe_standin)
    payment = Payment.objects.get()
    stripe_standin._refund_create(
        "sk_test_wasl", {}, {"payment_intent": payment.provider_payment_id}
    )  # all of it
    stripe_standin.outbox.clear()
    refund = refund_issue(order=order, amount=Decimal("10")).refund
    assert (refund.status, refund.error_code) == (RefundStatus.FAILED, "stripe_charge_already_refunded")
    assert refund_attempt(refund_id=refund.pk).status == RefundStatus.FAILED  # not claimed again
    assert len(refund_posts(stripe_standin)) == 1


def test_cod_orders_are_refunded_by_staff_to_the_details_the_buyer_gave(store) -> None:
    order = make_order(store)
    outcome = refund_issue(
        order=order, amount=Decimal("49.50"), payout_details="IBAN SA03 8000 0000 6080 1016 7519"
    )
    refund = outcome.refund
    assert (refund.provider, refund.status, refund.provider_refund_id) == (
        "manual",
        RefundStatus.PROCESSING,
        "",
    )
    assert decrypt(refund.encrypted_payout_details) == "IBAN SA03 8000 0000 6080 1016 7519"

    done = refund_manual_complete(refund=refund, reference="TRX-778", completed_by="sara")
    again = refund_manual_complete(refund=refund, reference="TRX-779")

    assert (done.status, done.payout_reference, again.payout_reference) == (
        RefundStatus.SUCCEEDED,
        "TRX-778",
        "TRX-778",
    )
    assert (
        order.events.filter(kind=OrderEventKind.REFUND, message="Refund of SAR49.50 paid by staff").count()
        == 1
    )
    with pytest.raises(Invalid):
        refund_manual_complete(refund=refund, reference=" ")


def test_a_provider_is_needed_for_a_provider_refund(store, stripe_standin) -> None:
    with pytest.raises(Conflict) as error:
        refund_issue(order=make_order(store), provider="stripe")
    assert error.value.code == "no_payment"


def test_a_claim_whose_process_died_is_taken_again_and_reconciled_first(store, razorpay_standin) -> None:
    # Given a refund claimed ten minutes ago by a process that died before recording an answer
    from datetime import timedelta

    from django.utils import timezone

    from wasl.payments.refunds import refunds_due_for_retry

    order = paid_order(store, razorpay_standin)
    refund = Refund.objects.create(
        store=store,
        order=order,
        payment=Payment.objects.get(),
        provider="razorpay",
        idempotency_key="died-1",
        amount=Decimal("10"),
        currency="INR",
        status=RefundStatus.PROCESSING,
        attempts=1,
        claimed_at=timezone.now() - timedelta(minutes=10),
    )
    assert refunds_due_for_retry(older_than=timedelta(minutes=2)) == [refund.pk]

    refund = refund_attempt(refund_id=refund.pk)

    # Then it is claimed again, Razorpay is asked what it has first, and the refund is made once
    paths = [(c.method, c.path.rsplit("/", 1)[1]) for c in razorpay_standin.calls if "/payments/" in c.path]
    assert paths == [("GET", "refunds"), ("POST", "refund")]
    assert (refund.status, refund.attempts) == (RefundStatus.PROCESSING, 2)
    assert refunds_due_for_retry(older_than=timedelta(minutes=2)) == []


def test_charge_refunded_without_a_list_settles_the_refunds_its_total_covers(store, stripe_standin) -> None:
    from wasl.payments.events import PaymentRefunded
    from wasl.payments.refund_updates import payment_refunded

    order = paid_order(store, stripe_standin)
    payment = Payment.objects.get()
    refunds = [
        Refund.objects.create(
            store=store,
            order=order,
            payment=payment,
            provider="stripe",
            idempotency_key=f"k{n}",
            amount=Decimal("50"),
            currency="SAR",
            status=RefundStatus.PROCESSING,
            provider_refund_id=f"re_{n}",
        )
        for n in (1, 2)
    ]
    change = PaymentRefunded("stripe", payment.provider_payment_id, Decimal("50.00"), "SAR", ())

    assert payment_refunded(store=store, change=change) == "updated"

    statuses = [Refund.objects.get(pk=r.pk).status for r in refunds]
    assert statuses == [RefundStatus.SUCCEEDED, RefundStatus.PROCESSING]
    payment.refresh_from_db()
    assert (payment.amount_refunded, payment.status) == (Decimal("50.000"), PaymentStatus.PARTIALLY_REFUNDED)


def test_a_late_failure_never_undoes_a_succeeded_refund(store, stripe_standin) -> None:
    from wasl.payments.events import RefundChanged
    from wasl.payments.refund_updates import refund_provider_update

    order = paid_order(store, stripe_standin)
    refund = refund_issue(order=order, amount=Decimal("10")).refund
    late = RefundChanged("stripe", refund.provider_refund_id, "pi", "failed", Decimal("10"), "SAR")
    assert refund_provider_update(store=store, change=late) == "unchanged"
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
