"""Abandoned carts: Shopify checkout webhooks in, a recovery sequence out through the Graph stand-in, stopped
by the order (matched by phone, e-mail or customer) inside its own transaction, revenue attributed."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from campaign_helpers import buyer_order, run_send_tasks
from django.utils import timezone

from wasl.campaigns.checkouts import recovery_run_due
from wasl.campaigns.models import Attribution, Checkout, CheckoutStatus, Touch
from wasl.campaigns.results import program_results
from wasl.campaigns.store_settings import campaign_settings_set
from wasl.messaging.consent import consent_set
from wasl.messaging.models import Message
from wasl.risk.holdout import HOLDOUT_SETTING, holdout_draw
from wasl.stores.services import secret_set
from wasl.webhooks.models import InboundWebhook
from wasl.webhooks.services import inbound_webhook_process

pytestmark = pytest.mark.django_db
SECRET = "shpss_test"
PHONE = "+966501234567"


def shopify_checkout(minutes_ago: int, **overrides: Any) -> dict[str, Any]:
    updated = (timezone.now() - timedelta(minutes=minutes_ago)).isoformat()
    body: dict[str, Any] = {
        "id": 35542345,
        "token": "b1946ac92492d2347c6235b4d2611184",
        "cart_token": "c1-68ea0b8a3cdd1b7a0e39f1e7a6e9c1b1",
        "email": "sara@example.com",
        "phone": None,
        "created_at": updated,
        "updated_at": updated,
        "completed_at": None,
        "currency": "SAR",
        "presentment_currency": "SAR",
        "total_price": "398.00",
        "buyer_accepts_marketing": True,
        "customer_locale": "ar",
        "abandoned_checkout_url": "https://souq.example/checkouts/b1946ac9/recover?key=abc",
        "line_items": [
            {
                "title": "Running shoe",
                "variant_title": "42",
                "quantity": 2,
                "price": "199.00",
                "sku": "SHOE-42",
                "product_id": 632910392,
            },
        ],
        "shipping_address": {
            "first_name": "Sara",
            "last_name": "Ali",
            "phone": "0501234567",
            "country_code": "SA",
        },
        "customer": {"id": 207119551, "first_name": "Sara", "last_name": "Ali", "email": "sara@example.com"},
    }
    body.update(overrides)
    return body


def post_checkout(client, store, body: dict[str, Any], topic: str = "checkouts/create", delivery: str = "d1"):  # type: ignore[no-untyped-def]
    raw = json.dumps(body).encode()
    signature = base64.b64encode(hmac.new(SECRET.encode(), raw, hashlib.sha256).digest()).decode()
    response = client.post(
        f"/webhooks/shopify-checkouts/{store.slug}/",
        raw,
        content_type="application/json",
        headers={
            "X-Shopify-Hmac-Sha256": signature,
            "X-Shopify-Topic": topic,
            "X-Shopify-Webhook-Id": delivery,
        },
    )
    for webhook in InboundWebhook.objects.filter(status="pending"):
        inbound_webhook_process(webhook_id=webhook.pk)
    return response


@pytest.fixture
def shop(store, graph_sends):  # type: ignore[no-untyped-def]
    from wasl.orders.models import Product

    secret_set(store=store, key="shopify.webhook_secret", value=SECRET)
    campaign_settings_set(store=store, holdout_share=Decimal("0"))
    Product.objects.create(
        store=store,
        external_id="632910392",
        name="Running shoe",
        category="shoes",
        image_url="https://cdn.souq.example/shoe.jpg",
    )
    return store


def test_given_a_shopify_checkout_when_steps_fall_due_then_each_goes_once_with_cart_image_and_link(
    client, shop, graph_sends
) -> None:
    # Given a checkout left 90 minutes ago (steps at 1 h and 24 h)
    assert post_checkout(client, shop, shopify_checkout(90)).status_code == 202
    checkout = Checkout.objects.get()
    assert (checkout.phone, checkout.status, checkout.steps_done, checkout.language) == (
        PHONE,
        "open",
        0,
        "ar",
    )
    assert checkout.image_url == "https://cdn.souq.example/shoe.jpg"
    # When the periodic job runs (twice: the second finds nothing due)
    assert recovery_run_due() == {"queued": 1}
    assert recovery_run_due() == {}
    assert run_send_tasks() == ["sentx1"]
    # Then one template with the image header, the cart and a tracked link back
    [sent] = graph_sends.sent()
    template = sent["body"]["template"]
    assert (template["name"], template["language"]["code"]) == ("wasl_cart_recovery", "ar")
    assert template["components"][0]["parameters"][0]["image"]["link"] == "https://cdn.souq.example/shoe.jpg"
    params = [p["text"] for p in template["components"][1]["parameters"]]
    touch = Touch.objects.get()
    assert params[:3] == ["Sara", "Souq Test", "2 × Running shoe 42"]
    assert params[4] == f"http://127.0.0.1:8000/l/{touch.link_code}/"
    assert client.get(params[4][len("http://127.0.0.1:8000") :])["Location"] == checkout.recovery_url
    checkout.refresh_from_db()
    assert (checkout.steps_done, checkout.next_step_at) == (1, checkout.abandoned_at + timedelta(hours=24))


def test_given_a_step_waiting_when_the_order_arrives_then_the_sequence_stops_and_revenue_is_attributed(
    client, shop, graph_sends
) -> None:
    post_checkout(client, shop, shopify_checkout(90))
    recovery_run_due()
    run_send_tasks()
    # Another cart of the same buyer has its first step due, but it waits (quiet hours) when the order comes
    post_checkout(client, shop, shopify_checkout(60 * 25, id=999, token="t2", cart_token="c2"), delivery="d2")
    recovery_run_due()
    waiting = Message.objects.get(
        idempotency_key__startswith=f"cart:{Checkout.objects.get(external_id='999').pk}"
    )
    Message.objects.filter(pk=waiting.pk).update(not_before=timezone.now() + timedelta(hours=8))
    # When the buyer orders (the orders service's hook runs in its transaction)
    order = buyer_order(shop, "5001", phone="0501234567", total="398.00", placed_at=timezone.now())
    # Then both checkouts are closed, the waiting reminder is withdrawn, the order is credited
    assert dict(Checkout.objects.values_list("external_id", "status")) == {
        "35542345": CheckoutStatus.RECOVERED,
        "999": CheckoutStatus.RECOVERED,
    }
    waiting.refresh_from_db()
    assert (waiting.status, waiting.error_code) == ("skipped", "order_placed")
    assert recovery_run_due() == {}
    attribution = Attribution.objects.get()
    assert (attribution.order, attribution.revenue, attribution.touch.step) == (order, Decimal("398.000"), 1)
    results = program_results(store=shop, kind="cart_recovery")
    assert (results.sent, results.skipped, results.orders, results.revenue) == (1, 1, 1, Decimal("398.000"))


def test_a_checkout_completed_at_shopify_closes_without_a_message(client, shop) -> None:
    post_checkout(client, shop, shopify_checkout(90))
    post_checkout(
        client,
        shop,
        shopify_checkout(80, completed_at=timezone.now().isoformat()),
        topic="checkouts/update",
        delivery="d2",
    )
    assert Checkout.objects.get().status == CheckoutStatus.COMPLETED
    assert recovery_run_due() == {}


def test_a_buyer_without_marketing_consent_gets_a_skipped_record_not_a_message(client, shop) -> None:
    post_checkout(client, shop, shopify_checkout(90, buyer_accepts_marketing=False))
    assert recovery_run_due() == {"no_marketing_consent": 1}
    assert Message.objects.get().status == "skipped"
    consent_set(store=shop, phone=PHONE, source="test", marketing_opt_in=True)


def test_held_out_checkouts_get_no_message(client, shop) -> None:
    # A known secret, so that the draw (the risk holdout's HMAC of the checkout) can be checked here
    secret_set(store=shop, key=HOLDOUT_SETTING, value="fixed-secret")
    campaign_settings_set(store=shop, holdout_share=Decimal("0.5"))
    for n in range(12):
        post_checkout(client, shop, shopify_checkout(90, id=n, phone=f"+9665012300{n:02d}"), delivery=f"h{n}")
    expected = {str(n) for n in range(12) if holdout_draw("fixed-secret", f"checkout:shopify:{n}") < 0.5}
    assert set(Checkout.objects.filter(holdout=True).values_list("external_id", flat=True)) == expected
    held = len(expected)
    outcome = recovery_run_due()
    assert (outcome.get("held_out", 0), outcome.get("queued", 0)) == (held, 12 - held)
    assert Message.objects.count() == 12 - held


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [({"X-Shopify-Hmac-Sha256": "bad", "X-Shopify-Topic": "checkouts/create"}, 401, "invalid_signature")],
)
def test_an_unsigned_checkout_is_refused(client, shop, headers, status, code) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        f"/webhooks/shopify-checkouts/{shop.slug}/", b"{}", content_type="application/json", headers=headers
    )
    assert (response.status_code, response.json()["code"]) == (status, code)


def test_a_shopify_order_carrying_the_checkout_token_closes_that_checkout_whoever_the_buyer(
    client, shop, realdata
) -> None:
    # Given an open checkout whose buyer's phone and e-mail differ from the order's
    post_checkout(client, shop, shopify_checkout(90))
    order = json.loads((realdata / "shopify" / "shopify_python_api_order.json").read_text())
    order = order.get("order", order)
    order.update(
        checkout_token="b1946ac92492d2347c6235b4d2611184",
        created_at=timezone.now().isoformat(),
        updated_at=timezone.now().isoformat(),
    )
    raw = json.dumps(order).encode()
    signature = base64.b64encode(hmac.new(SECRET.encode(), raw, hashlib.sha256).digest()).decode()
    # When Shopify's orders/create webhook for it is processed
    response = client.post(
        f"/webhooks/shopify/{shop.slug}/",
        raw,
        content_type="application/json",
        headers={
            "X-Shopify-Hmac-Sha256": signature,
            "X-Shopify-Topic": "orders/create",
            "X-Shopify-Webhook-Id": "order-1",
        },
    )
    assert response.status_code == 202
    for webhook in InboundWebhook.objects.filter(status="pending"):
        inbound_webhook_process(webhook_id=webhook.pk)
    # Then the checkout is closed by that order, with no message ever sent
    checkout = Checkout.objects.get()
    assert (checkout.status, checkout.order.external_id) == (CheckoutStatus.COMPLETED, str(order["id"]))
    assert recovery_run_due() == {}
