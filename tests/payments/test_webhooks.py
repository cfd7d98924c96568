"""Providers' webhooks through /webhooks/<provider>/<store>/: verified on the raw body before anything is
stored, stored before the answer, applied by the task, and applied twice changes nothing."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from decimal import Decimal
from pathlib import Path

import pytest
from payments_helpers import RAZORPAY_SETTINGS, STRIPE_SETTINGS, inr_order, make_order

from factories import order_data
from wasl.orders.models import OrderEventKind, PaymentMethod
from wasl.orders.services import order_upsert
from wasl.payments.models import LinkStatus, Payment, PaymentLink
from wasl.payments.services import payment_link_create
from wasl.stores.services import secret_set
from wasl.webhooks.models import InboundStatus, InboundWebhook, OutboundEvent
from wasl.webhooks.outbound.services import endpoint_create
from wasl.webhooks.services import inbound_webhook_process


def process_all() -> list[dict]:
    results = []
    for webhook in InboundWebhook.objects.order_by("pk"):
        results.append(inbound_webhook_process(webhook_id=webhook.pk).result)
    return results


def stripe_header(body: bytes, secret: str = STRIPE_SETTINGS["stripe.webhook_secret"]) -> str:
    stamp = int(time.time())
    return (
        f"t={stamp},v1=" + hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    )


@pytest.mark.django_db(transaction=True)
def test_given_a_stripe_link_when_the_buyer_pays_then_the_order_becomes_prepaid_once(
    live_server, store, stripe_standin
) -> None:
    endpoint_create(store=store, url="https://merchant.example/hooks", event_types=["order.updated"])
    order = make_order(store)
    link = payment_link_create(order=order, provider="stripe")
    stripe_standin.set_webhook(
        "sk_test_wasl", f"{live_server.url}/webhooks/stripe/{store.slug}/", "whsec_wasl_test"
    )

    paid = stripe_standin.pay(link.provider_id)

    # Both events were verified and stored before the answer
    assert [(d["event_type"], d["http_status"]) for d in paid["deliveries"]] == [
        ("checkout.session.completed", 202),
        ("payment_intent.succeeded", 202),
    ]
    assert InboundWebhook.objects.filter(source="stripe", status=InboundStatus.PENDING).count() == 2
    results = process_all()
    assert [r["results"] for r in results] == [
        [{"paid": "recorded", "payment": Payment.objects.get().pk}],
        [{"paid": "duplicate", "payment": Payment.objects.get().pk}],
    ]
    order.refresh_from_db()
    link.refresh_from_db()
    payment = Payment.objects.get()
    assert (order.payment_method, order.paid_at) == (PaymentMethod.PREPAID, payment.paid_at)
    assert (link.status, link.paid_at) == (LinkStatus.PAID, payment.paid_at)
    assert (payment.provider_payment_id, payment.amount, payment.currency, payment.link_id) == (
        paid["payment_intent"],
        Decimal("249.500"),
        "SAR",
        link.pk,
    )
    [event] = order.events.filter(kind=OrderEventKind.PAID)
    assert event.data["payment_method"] == {"from": "cod", "to": "prepaid"}
    [announced] = OutboundEvent.objects.filter(
        event_type="order.updated", idempotency_key__startswith="order-paid:"
    )
    assert (announced.payload["payment_method"], announced.payload["payment"]["id"]) == (
        "prepaid",
        payment.provider_payment_id,
    )

    # When every stored webhook is processed again, nothing changes
    for webhook in InboundWebhook.objects.all():
        InboundWebhook.objects.filter(pk=webhook.pk).update(status=InboundStatus.PENDING)
    process_all()
    assert (Payment.objects.count(), order.events.filter(kind=OrderEventKind.PAID).count()) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_given_a_razorpay_link_when_the_buyer_pays_then_the_order_becomes_prepaid(
    live_server, store, razorpay_standin
) -> None:
    order = inr_order(store)
    link = payment_link_create(order=order, provider="razorpay")
    razorpay_standin.set_webhook(
        "rzp_test_wasl",
        f"{live_server.url}/webhooks/razorpay/{store.slug}/",
        RAZORPAY_SETTINGS["razorpay.webhook_secret"],
    )

    paid = razorpay_standin.pay(link.provider_id)

    assert [(d["event_type"], d["http_status"]) for d in paid["deliveries"]] == [
        ("payment_link.paid", 202),
        ("payment.captured", 202),
    ]
    # Razorpay's event id is the dedupe key
    assert sorted(InboundWebhook.objects.values_list("dedupe_key", flat=True)) == sorted(
        f"id:{d['event_id']}" for d in paid["deliveries"]
    )
    process_all()
    order.refresh_from_db()
    assert order.payment_method == PaymentMethod.PREPAID
    assert Payment.objects.get().provider_payment_id == paid["payment"]
    assert PaymentLink.objects.get().status == LinkStatus.PAID


@pytest.mark.django_db
def test_a_paid_order_stays_prepaid_when_the_shop_sends_it_again_as_cod(
    client, store, stripe_standin
) -> None:
    order = make_order(store)
    link = payment_link_create(order=order, provider="stripe")
    stripe_standin.pay(link.provider_id)
    [session_event] = [e for e in stripe_standin.outbox if e.event_type == "checkout.session.completed"]
    body = session_event.body
    response = client.post(
        f"/webhooks/stripe/{store.slug}/",
        body,
        content_type="application/json",
        headers={"Stripe-Signature": stripe_header(body)},
    )
    assert response.status_code == 202
    process_all()

    again = order_upsert(store=store, data=order_data("1001", total=Decimal("260.00")))

    assert (again.result, again.order.payment_method) == ("updated", PaymentMethod.PREPAID)


@pytest.mark.django_db
def test_unsigned_badly_signed_or_unconfigured_deliveries_are_refused_and_not_stored(
    client, store, other_store
) -> None:
    secret_set(store=store, key="stripe.webhook_secret", value="whsec_wasl_test")
    body = json.dumps({"id": "evt_1", "object": "event", "type": "x", "data": {"object": {}}}).encode()
    url = f"/webhooks/stripe/{store.slug}/"

    unsigned = client.post(url, body, content_type="application/json")
    wrong = client.post(
        url,
        body,
        content_type="application/json",
        headers={"Stripe-Signature": stripe_header(body, "whsec_other")},
    )
    unconfigured = client.post(
        f"/webhooks/razorpay/{other_store.slug}/",
        body,
        content_type="application/json",
        headers={"X-Razorpay-Signature": "00"},
    )

    assert [(r.status_code, r.json()["code"]) for r in (unsigned, wrong, unconfigured)] == [
        (401, "invalid_signature"),
        (401, "invalid_signature"),
        (401, "not_configured"),
    ]
    assert InboundWebhook.objects.count() == 0


@pytest.mark.django_db
def test_a_signed_but_malformed_body_is_400_and_not_stored(client, store) -> None:
    secret_set(store=store, key="stripe.webhook_secret", value="whsec_wasl_test")
    body = b'{"object": "event", "type": "payment_intent.succeeded", "data": {}}'
    response = client.post(
        f"/webhooks/stripe/{store.slug}/",
        body,
        content_type="application/json",
        headers={"Stripe-Signature": stripe_header(body)},
    )
    assert (response.status_code, response.json()["code"]) == (400, "invalid_payload")
    assert InboundWebhook.objects.count() == 0


@pytest.mark.django_db
def test_the_razorpay_sdk_vector_is_accepted_stored_raw_and_ignored_once(
    client, store, realdata: Path
) -> None:
    vector = json.loads((realdata / "razorpay/signature_vector.json").read_text())
    body = (realdata / "razorpay/fake_payment_authorized_webhook.json").read_bytes()
    secret_set(store=store, key="razorpay.webhook_secret", value=vector["secret"])
    headers = {"X-Razorpay-Signature": vector["x_razorpay_signature"], "X-Razorpay-Event-Id": "evt_vector"}

    first = client.post(
        f"/webhooks/razorpay/{store.slug}/", body, content_type="application/json", headers=headers
    )
    second = client.post(
        f"/webhooks/razorpay/{store.slug}/", body, content_type="application/json", headers=headers
    )

    assert (first.status_code, second.status_code, second.json()["result"]) == (202, 200, "duplicate")
    webhook = InboundWebhook.objects.get()
    assert (bytes(webhook.body), webhook.dedupe_key) == (body, "id:evt_vector")
    assert "x-razorpay-signature" in webhook.headers
    [result] = process_all()
    assert result == {
        "kind": "payment",
        "provider": "razorpay",
        "event": "payment.authorized",
        "results": [{"ignored": "not an event Wasl acts on"}],
    }


@pytest.mark.django_db
def test_a_payment_naming_another_store_is_ignored(client, store, other_store) -> None:
    order = make_order(store)
    secret_set(store=store, key="stripe.webhook_secret", value="whsec_wasl_test")
    intent = {
        "id": "pi_other",
        "object": "payment_intent",
        "amount_received": 24950,
        "currency": "sar",
        "metadata": {"wasl_store": str(other_store.pk), "wasl_order": order.external_id},
    }
    body = json.dumps(
        {"id": "evt_2", "object": "event", "type": "payment_intent.succeeded", "data": {"object": intent}}
    ).encode()
    client.post(
        f"/webhooks/stripe/{store.slug}/",
        body,
        content_type="application/json",
        headers={"Stripe-Signature": stripe_header(body)},
    )
    [result] = process_all()
    assert result["results"] == [{"paid": "ignored", "reason": "the payment belongs to another store"}]
    assert Payment.objects.count() == 0
