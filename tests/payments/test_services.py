"""Payment links through the real client libraries against the stand-ins: made once, on the timeline, refused
with a code when they cannot be made."""

from __future__ import annotations

from decimal import Decimal

import pytest
from payments_helpers import inr_order, make_order

from wasl.core.errors import Conflict, Invalid
from wasl.orders.models import OrderEventKind, OrderStatus
from wasl.orders.services import order_status_set
from wasl.payments.models import LinkStatus, PaymentLink
from wasl.payments.providers.base import ProviderError
from wasl.payments.services import payment_link_cancel, payment_link_create, payment_link_request

pytestmark = pytest.mark.django_db


def test_given_a_cod_order_when_a_stripe_link_is_made_then_stripe_gets_the_amount_and_our_ids(
    store, stripe_standin
) -> None:
    order = make_order(store)
    link = payment_link_create(order=order, provider="stripe")

    [call] = stripe_standin.calls
    assert (call.method, call.path, call.account, call.status) == (
        "POST",
        "/v1/payment_links",
        "sk_test_wasl",
        200,
    )
    assert call.params["line_items"] == [
        {
            "price_data": {
                "currency": "sar",
                "unit_amount": "24950",
                "product_data": {"name": "Souq Test: order #1001"},
            },
            "quantity": "1",
        }
    ]
    ids = {"wasl_store": str(store.pk), "wasl_order": "1001", "wasl_link": str(link.pk)}
    assert call.params["metadata"] == ids
    assert call.params["payment_intent_data"] == {"metadata": ids}
    assert call.idempotency_key == f"wasl:link:{store.pk}:link:{order.pk}:prepaid:1"
    assert (link.status, link.amount, link.currency, link.provider_id) == (
        LinkStatus.CREATED,
        Decimal("249.500"),
        "SAR",
        next(iter(stripe_standin.links)),
    )
    assert link.url == f"{stripe_standin.page_base}/pay/{link.provider_id}"
    [event] = order.events.filter(kind=OrderEventKind.PAYMENT_LINK)
    assert event.data == {
        "link": link.pk,
        "provider": "stripe",
        "provider_id": link.provider_id,
        "url": link.url,
        "amount": "249.500",
        "discount": "0.000",
        "currency": "SAR",
        "purpose": "prepaid",
    }


def test_asking_twice_gives_the_same_link_and_asks_the_provider_once(store, stripe_standin) -> None:
    order = make_order(store)
    first = payment_link_request(order=order, provider="stripe")
    second = payment_link_request(order=order, provider="stripe")
    assert (first.created, second.created, first.link.pk) == (True, False, second.link.pk)
    assert len(stripe_standin.calls) == 1
    assert order.events.filter(kind=OrderEventKind.PAYMENT_LINK).count() == 1


def test_a_discount_and_a_three_decimal_currency(store, stripe_standin) -> None:
    order = make_order(store, currency="KWD", total=Decimal("12.345"))
    link = payment_link_create(order=order, provider="stripe", discount=Decimal("1.000"))
    assert (link.amount, link.discount) == (Decimal("11.340"), Decimal("1.000"))
    assert stripe_standin.calls[0].params["line_items"][0]["price_data"]["unit_amount"] == "11340"


def test_a_razorpay_link_carries_the_buyer_and_the_order_as_reference(store, razorpay_standin) -> None:
    order = inr_order(store)
    link = payment_link_create(
        order=order, provider="razorpay", notify=True, callback_url="https://shop.example/paid"
    )

    [call] = razorpay_standin.calls
    assert (call.method, call.path, call.account) == ("POST", "/v1/payment_links", "rzp_test_wasl")
    assert {k: call.params[k] for k in ("amount", "currency", "reference_id", "customer", "notify")} == {
        "amount": 49950,
        "currency": "INR",
        "reference_id": "2001",
        "customer": {"name": "سارة العتيبي", "contact": "+966501234567", "email": "sara@example.com"},
        "notify": {"sms": True, "email": True},
    }
    assert (call.params["callback_url"], call.params["callback_method"]) == (
        "https://shop.example/paid",
        "get",
    )
    assert (link.status, link.reference, link.url) == (
        LinkStatus.CREATED,
        "2001",
        razorpay_standin.links[link.provider_id]["short_url"],
    )


def test_a_lost_razorpay_answer_is_found_by_its_reference(store, razorpay_standin) -> None:
    # Given Razorpay made the link but its answer never came back
    order = inr_order(store)
    razorpay_standin.fail_next(1, "timeout_after")
    with pytest.raises(ProviderError) as error:
        payment_link_create(order=order, provider="razorpay")
    assert (error.value.code, error.value.transient, error.value.status) == (
        "provider_unavailable",
        True,
        502,
    )
    assert PaymentLink.objects.get().status == LinkStatus.PENDING

    # When asked again: refused as a duplicate reference, then found by it
    link = payment_link_create(order=order, provider="razorpay")

    assert len(razorpay_standin.links) == 1
    assert link.provider_id == next(iter(razorpay_standin.links))
    assert [(c.method, c.outcome) for c in razorpay_standin.calls][-2:] == [
        ("POST", "BAD_REQUEST_ERROR"),
        ("GET", "ok"),
    ]


def test_a_stripe_outage_leaves_the_link_pending_and_the_retry_reuses_the_key(store, stripe_standin) -> None:
    order = make_order(store)
    stripe_standin.fail_next(1, "timeout_after")
    with pytest.raises(ProviderError):
        payment_link_create(order=order, provider="stripe")
    link = payment_link_create(order=order, provider="stripe")
    assert len(stripe_standin.links) == 1
    assert stripe_standin.calls[-1].outcome == "replayed"
    assert link.provider_id == next(iter(stripe_standin.links))


def test_a_refused_link_fails_and_the_next_request_makes_a_new_one(store, razorpay_standin) -> None:
    # Given an amount Razorpay refuses (below INR 1.00)
    order = inr_order(store, total="0.50")
    with pytest.raises(ProviderError) as error:
        payment_link_create(order=order, provider="razorpay")
    assert (error.value.code, error.value.transient, error.value.status) == ("provider_rejected", False, 422)
    failed = PaymentLink.objects.get()
    assert (failed.status, failed.error_code) == (LinkStatus.FAILED, "provider_rejected")
    assert failed.error_message == "Razorpay: The amount must be atleast INR 1.00"

    # When asked again, a new link is tried (not the failed one given back)
    with pytest.raises(ProviderError):
        payment_link_create(order=order, provider="razorpay")
    assert PaymentLink.objects.filter(order=order, status=LinkStatus.FAILED).count() == 2


def test_an_amount_the_provider_cannot_take_is_refused_before_asking(store, stripe_standin) -> None:
    order = make_order(store, currency="KWD", total=Decimal("0.009"))
    with pytest.raises(Invalid) as error:
        payment_link_create(order=order, provider="stripe")
    assert error.value.code == "invalid_amount"  # 0.009 KWD is 0 in what Stripe takes
    assert stripe_standin.calls == []


def test_a_stripe_500_is_an_outage_the_link_stays_pending(store, stripe_standin) -> None:
    order = make_order(store)
    stripe_standin.fail_next(1, "500")
    with pytest.raises(ProviderError) as error:
        payment_link_create(order=order, provider="stripe")
    assert (error.value.code, error.value.status) == ("provider_unavailable", 502)
    assert PaymentLink.objects.get(order=order).status == LinkStatus.PENDING


def test_manual_cannot_make_links(store) -> None:
    with pytest.raises(Invalid) as error:
        payment_link_create(order=make_order(store), provider="manual")
    assert error.value.code == "link_not_possible"
    assert PaymentLink.objects.count() == 0


@pytest.mark.parametrize(
    ("provider", "code"), [("paypal", "invalid_provider"), ("stripe", "provider_not_configured")]
)
def test_unknown_or_unconfigured_providers_are_refused(store, provider: str, code: str) -> None:
    with pytest.raises(Invalid) as error:
        payment_link_create(order=make_order(store), provider=provider)
    assert error.value.code == code


def test_prepaid_cancelled_and_delivered_orders_are_not_payable(store, stripe_standin) -> None:
    with pytest.raises(Conflict) as error:
        payment_link_create(order=make_order(store, "p1", payment_method="prepaid"), provider="stripe")
    assert error.value.code == "order_already_paid"
    order = make_order(store, "c1")
    order_status_set(order=order, status=OrderStatus.CANCELLED)
    with pytest.raises(Conflict) as error:
        payment_link_create(order=order, provider="stripe")
    assert error.value.code == "order_not_payable"
    with pytest.raises(Invalid) as invalid:
        payment_link_create(order=make_order(store, "d1"), provider="stripe", discount=Decimal("249.50"))
    assert invalid.value.code == "invalid_discount"
    assert stripe_standin.calls == []


def test_a_cancelled_link_is_replaced_by_a_new_one(store, stripe_standin, razorpay_standin) -> None:
    order = inr_order(store)
    first = payment_link_create(order=order, provider="razorpay")
    cancelled = payment_link_cancel(link=first)
    assert cancelled.status == LinkStatus.CANCELLED
    assert razorpay_standin.links[first.provider_id]["status"] == "cancelled"

    second = payment_link_create(order=order, provider="razorpay")
    assert second.pk != first.pk
    assert second.reference == f"2001-{second.pk}"  # a reference Razorpay has not seen
    assert second.status == LinkStatus.CREATED


def test_the_same_key_for_another_order_is_a_conflict(store, stripe_standin) -> None:
    payment_link_create(order=make_order(store), provider="stripe", idempotency_key="nudge-1")
    with pytest.raises(Conflict) as error:
        payment_link_create(order=make_order(store, "1002"), provider="stripe", idempotency_key="nudge-1")
    assert error.value.code == "idempotency_key_reused"


def test_an_expired_link_closes_but_a_paid_one_stays_paid(store, razorpay_standin) -> None:
    from payments_helpers import apply_outbox

    from wasl.payments.events import LinkChanged
    from wasl.payments.services import payment_link_closed

    open_link = payment_link_create(order=inr_order(store), provider="razorpay")
    paid_link = payment_link_create(order=inr_order(store, "2002"), provider="razorpay")
    razorpay_standin.pay(paid_link.provider_id)
    apply_outbox(store, razorpay_standin)

    for link in (open_link, paid_link):
        payment_link_closed(store=store, change=LinkChanged("razorpay", link.provider_id, "expired"))

    assert [PaymentLink.objects.get(pk=link.pk).status for link in (open_link, paid_link)] == [
        LinkStatus.EXPIRED,
        LinkStatus.PAID,
    ]
    with pytest.raises(Conflict) as error:
        payment_link_cancel(link=PaymentLink.objects.get(pk=paid_link.pk))
    assert error.value.code == "link_paid"
