"""POST /webhooks/<source>/<store>/: signatures, malformed bodies, storage before the answer, processing once."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from wasl.orders.models import Order, OrderStatus
from wasl.shipping.models import Shipment, TrackingEvent
from wasl.stores.services import secret_set
from wasl.webhooks.models import InboundStatus, InboundWebhook
from wasl.webhooks.services import inbound_webhook_process

pytestmark = pytest.mark.django_db
SECRET = "whsec-test-1"


def b64_hmac(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def post(client, url: str, body: bytes, headers: dict[str, str], content_type: str = "application/json"):
    return client.post(url, body, content_type=content_type, headers=headers)


@pytest.fixture
def shopify_body(realdata: Path) -> bytes:
    return json.dumps(
        json.loads((realdata / "shopify/shopify_python_api_order.json").read_text())["order"]
    ).encode()


@pytest.fixture
def configured(store):
    for source in ("shopify", "woocommerce", "aftership"):
        secret_set(store=store, key=f"{source}.webhook_secret", value=SECRET)
    return store


def shopify_headers(body: bytes, webhook_id: str = "wh-1") -> dict[str, str]:
    return {
        "X-Shopify-Hmac-Sha256": b64_hmac(body),
        "X-Shopify-Topic": "orders/create",
        "X-Shopify-Webhook-Id": webhook_id,
    }


def test_given_a_real_shopify_order_when_posted_then_stored_queued_and_processed_once(
    client, configured, shopify_body
):
    response = post(client, "/webhooks/shopify/souq-test/", shopify_body, shopify_headers(shopify_body))
    assert response.status_code == 202
    webhook = InboundWebhook.objects.get()
    assert (webhook.source, webhook.dedupe_key, webhook.topic, bytes(webhook.body)) == (
        "shopify",
        "id:wh-1",
        "orders/create",
        shopify_body,
    )
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.args_kwargs["args"]) == (
        "wasl.webhooks.tasks.process_inbound_webhook",
        [webhook.pk],
    )
    inbound_webhook_process(webhook_id=webhook.pk)
    inbound_webhook_process(webhook_id=webhook.pk)
    webhook.refresh_from_db()
    order = Order.objects.get(store=configured)
    assert (webhook.status, webhook.result) == (
        InboundStatus.PROCESSED,
        {"kind": "order", "external_id": "450789469", "result": "created"},
    )
    assert (order.number, order.currency, str(order.total)) == ("#1001", "USD", "409.940")


def test_the_same_delivery_twice_is_stored_once(client, configured, shopify_body):
    first = post(client, "/webhooks/shopify/souq-test/", shopify_body, shopify_headers(shopify_body))
    second = post(client, "/webhooks/shopify/souq-test/", shopify_body, shopify_headers(shopify_body))
    assert (first.status_code, second.status_code) == (202, 200)
    assert second.json()["result"] == "duplicate"
    assert InboundWebhook.objects.count() == 1


def test_a_bad_signature_is_401_and_nothing_is_stored(client, configured, shopify_body):
    headers = shopify_headers(shopify_body)
    headers["X-Shopify-Hmac-Sha256"] = b64_hmac(shopify_body, "wrong")
    response = post(client, "/webhooks/shopify/souq-test/", shopify_body, headers)
    assert (response.status_code, response.json()["code"]) == (401, "invalid_signature")
    assert InboundWebhook.objects.count() == 0


def test_a_tampered_body_is_401(client, configured, shopify_body):
    headers = shopify_headers(shopify_body)
    response = post(client, "/webhooks/shopify/souq-test/", shopify_body.replace(b"409.94", b"1.00"), headers)
    assert response.status_code == 401


def test_a_signed_but_malformed_body_is_400_with_a_reason(client, configured):
    body = b'{"id": 5, "created_at": "not a date"'
    response = post(client, "/webhooks/shopify/souq-test/", body, shopify_headers(body))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_json"
    assert InboundWebhook.objects.count() == 0


def test_no_secret_configured_is_401_not_configured(client, store, shopify_body):
    response = post(client, "/webhooks/shopify/souq-test/", shopify_body, shopify_headers(shopify_body))
    assert response.status_code == 401
    assert response.json()["code"] == "not_configured"


def test_unknown_store_and_unknown_source_are_404(client, configured, shopify_body):
    assert post(client, "/webhooks/shopify/nope/", shopify_body, {}).json()["code"] == "store_not_found"
    assert post(client, "/webhooks/fedup/souq-test/", shopify_body, {}).json()["code"] == "unknown_source"


def test_get_is_not_allowed(client, configured):
    assert client.get("/webhooks/shopify/souq-test/").status_code == 405


def test_woocommerce_unsigned_activation_ping_gets_200_and_stores_nothing(client, configured):
    response = post(
        client, "/webhooks/woocommerce/souq-test/", b"webhook_id=17", {}, "application/x-www-form-urlencoded"
    )
    assert (response.status_code, response.json()) == (200, {"result": "pong"})
    assert InboundWebhook.objects.count() == 0


def test_a_real_woocommerce_order_is_accepted_and_processed(client, configured, realdata):
    body = (realdata / "woocommerce/wc_v3_retrieve_order_response.json").read_bytes()
    headers = {
        "X-WC-Webhook-Signature": b64_hmac(body),
        "X-WC-Webhook-Topic": "order.created",
        "X-WC-Webhook-Delivery-ID": "d-9",
    }
    assert post(client, "/webhooks/woocommerce/souq-test/", body, headers).status_code == 202
    inbound_webhook_process(webhook_id=InboundWebhook.objects.get().pk)
    order = Order.objects.get(store=configured)
    assert (order.external_id, order.payment_method, order.status) == ("727", "prepaid", OrderStatus.PENDING)


def test_a_real_aftership_tracking_becomes_a_shipment_with_its_checkpoints(client, configured, realdata):
    tracking = json.loads((realdata / "aftership/java_GetTrackingResult.json").read_text())["data"][
        "tracking"
    ]
    body = json.dumps(
        {"event": "tracking_update", "event_id": "ev-1", "ts": 1534482646, "msg": tracking}
    ).encode()
    response = post(client, "/webhooks/aftership/souq-test/", body, {"aftership-hmac-sha256": b64_hmac(body)})
    assert response.status_code == 202
    webhook = inbound_webhook_process(webhook_id=InboundWebhook.objects.get().pk)
    shipment = Shipment.objects.get(store=configured, tracking_number="111111111111")
    assert shipment.status == "delivered"
    assert TrackingEvent.objects.filter(shipment=shipment).count() == len(tracking["checkpoints"])
    assert webhook.result == {
        "kind": "tracking",
        "accepted": len(tracking["checkpoints"]),
        "duplicates": 0,
        "rejected": 0,
    }


def test_the_generic_carrier_format_with_a_hex_signature_is_accepted_and_applied(client, store):
    secret_set(store=store, key="generic.webhook_secret", value=SECRET)
    body = json.dumps(
        {
            "events": [
                {
                    "tracking_number": "G-1",
                    "carrier": "localexpress",
                    "status": "out_for_delivery",
                    "description": "Out for delivery",
                    "location": "Casablanca",
                    "occurred_at": "2026-05-05T08:00:00+01:00",
                    "event_id": "g1",
                },
                {
                    "tracking_number": "G-1",
                    "carrier": "localexpress",
                    "status": "delivery_failed",
                    "ndr_reason": "cod_not_ready",
                    "description": "Client sans espèces",
                    "location": "Casablanca",
                    "occurred_at": "2026-05-05T12:00:00+01:00",
                    "event_id": "g2",
                },
            ]
        }
    ).encode()
    signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    response = post(client, "/webhooks/generic/souq-test/", body, {"X-Wasl-Signature": signature})
    assert response.status_code == 202
    inbound_webhook_process(webhook_id=InboundWebhook.objects.get().pk)
    shipment = Shipment.objects.get(store=store, tracking_number="G-1")
    assert (shipment.status, shipment.ndr_reason, shipment.attempts) == (
        "delivery_failed",
        "cod_not_ready",
        1,
    )


def test_a_payload_with_an_unknown_currency_is_refused_at_the_door(client, configured, shopify_body):
    order = json.loads(shopify_body)
    order["currency"] = "ZZZ"
    body = json.dumps(order).encode()
    response = post(client, "/webhooks/shopify/souq-test/", body, shopify_headers(body, "wh-z"))
    assert (response.status_code, response.json()["code"]) == (400, "invalid_currency")


def test_a_stored_delivery_that_cannot_be_applied_is_marked_failed_and_kept(configured, shopify_body):
    """E.g. accepted by an older adapter version: the raw body stays, with the reason, for a later replay."""
    order = json.loads(shopify_body)
    order["currency"] = "ZZZ"
    body = json.dumps(order).encode()
    webhook = InboundWebhook.objects.create(
        store=configured,
        source="shopify",
        dedupe_key="x",
        body=body,
        headers={"x-shopify-topic": "orders/create"},
    )
    inbound_webhook_process(webhook_id=webhook.pk)
    webhook.refresh_from_db()
    assert (webhook.status, webhook.error_code, webhook.attempts) == (
        InboundStatus.FAILED,
        "invalid_currency",
        1,
    )
    assert bytes(webhook.body) == body
    assert Order.objects.count() == 0


def test_the_sweep_queues_again_only_deliveries_left_pending_too_long(configured):
    from datetime import timedelta

    from django.utils import timezone

    from wasl.webhooks.tasks import sweep_stale_inbound_webhooks

    old = InboundWebhook.objects.create(store=configured, source="shopify", dedupe_key="old", body=b"{}")
    InboundWebhook.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(minutes=30))
    InboundWebhook.objects.create(store=configured, source="shopify", dedupe_key="new", body=b"{}")
    done = InboundWebhook.objects.create(
        store=configured, source="shopify", dedupe_key="done", body=b"{}", status=InboundStatus.PROCESSED
    )
    InboundWebhook.objects.filter(pk=done.pk).update(received_at=timezone.now() - timedelta(minutes=30))
    assert sweep_stale_inbound_webhooks.call() == 1
    queued = [
        t.args_kwargs["args"]
        for t in DBTaskResult.objects.filter(task_path__endswith="process_inbound_webhook")
    ]
    assert queued == [[old.pk]]
