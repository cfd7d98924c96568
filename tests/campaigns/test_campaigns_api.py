"""/api/v1/checkouts and /api/v1/campaigns: coded errors, one store's data only, the WooCommerce form."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import timedelta
from typing import Any

import pytest
from campaign_helpers import SPEC_AR, buyer_order
from django.utils import timezone

from wasl.campaigns.models import Checkout, Touch
from wasl.stores.services import secret_set
from wasl.webhooks.models import InboundWebhook
from wasl.webhooks.services import inbound_webhook_process

pytestmark = pytest.mark.django_db


def checkout_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": "cart-77",
        "currency": "SAR",
        "total": "150.00",
        "updated_at": (timezone.now() - timedelta(hours=2)).isoformat(),
        "phone": "0501234567",
        "country": "SA",
        "name": "Sara Ali",
        "recovery_url": "https://souq.example/cart/77",
        "accepts_marketing": True,
        "lines": [{"name": "Scarf", "sku": "SC-1", "quantity": 1, "unit_price": "150.00"}],
    }
    body.update(overrides)
    return body


def test_a_checkout_posted_twice_is_created_then_updated(api) -> None:
    first = api.post("/api/v1/checkouts", checkout_body())
    assert (first.status_code, first.json()["result"], first.json()["checkout"]["phone"]) == (
        201,
        "created",
        "+966501234567",
    )
    again = api.post("/api/v1/checkouts", checkout_body(total="175.00"))
    assert (again.status_code, again.json()["result"], again.json()["checkout"]["total"]) == (
        200,
        "updated",
        "175.00",
    )
    listed = api.get("/api/v1/checkouts", status="open").json()
    assert [c["external_id"] for c in listed] == ["cart-77"]
    assert api.get("/api/v1/checkouts/api/cart-77").json()["steps_done"] == 0


@pytest.mark.parametrize(
    ("override", "code"),
    [
        ({"currency": "XXQ"}, "invalid_currency"),
        ({"total": "abc"}, "invalid_amount"),
        ({"updated_at": "2026-05-01T10:00:00"}, "invalid_date"),
        ({"recovery_url": "javascript:alert(1)"}, "invalid_url"),
    ],
)
def test_a_bad_checkout_is_a_coded_400(api, override: dict[str, Any], code: str) -> None:
    response = api.post("/api/v1/checkouts", checkout_body(**override))
    assert (response.status_code, response.json()["code"]) == (400, code)
    assert Checkout.objects.count() == 0


def test_woocommerce_posts_the_same_form_signed_with_its_webhook_secret(client, store) -> None:
    secret_set(store=store, key="woocommerce.webhook_secret", value="wc-secret")
    raw = json.dumps(checkout_body(id="wc-5")).encode()
    signature = base64.b64encode(hmac.new(b"wc-secret", raw, hashlib.sha256).digest()).decode()
    url = f"/webhooks/woocommerce-checkouts/{store.slug}/"
    response = client.post(
        url, raw, content_type="application/json", headers={"X-WC-Webhook-Signature": signature}
    )
    assert response.status_code == 202
    inbound_webhook_process(webhook_id=InboundWebhook.objects.get().pk)
    assert list(Checkout.objects.values_list("source", "external_id")) == [("woocommerce", "wc-5")]
    bad = client.post(url, raw, content_type="application/json", headers={"X-WC-Webhook-Signature": "x"})
    assert (bad.status_code, bad.json()["code"]) == (401, "invalid_signature")


def test_campaigns_through_the_api(api, store, other_store) -> None:
    from wasl.stores.services import secret_set as set_secret

    set_secret(store=store, key="whatsapp.phone_number_id", value="1")
    set_secret(store=store, key="whatsapp.token", value="t")
    buyer_order(store, "1", phone="+966501110001", placed_at=timezone.now())
    spec = {**SPEC_AR, "header": ""}
    bad = api.post("/api/v1/campaigns", {"name": "x", "templates": {"ar": {**spec, "params": ["link"]}}})
    assert (bad.status_code, bad.json()["code"]) == (400, "template_params_mismatch")
    created = api.post(
        "/api/v1/campaigns",
        {
            "name": "Eid",
            "templates": {"ar": spec},
            "holdout_share": "0",
            "link_url": "https://souq.example/eid",
        },
    )
    assert created.status_code == 201
    campaign_id = created.json()["id"]
    patched = api.client.patch(
        f"/api/v1/campaigns/{campaign_id}",
        json.dumps({"segment": {"cities": ["Riyadh"]}}),
        content_type="application/json",
        headers=api.headers,
    )
    assert (patched.status_code, patched.json()["segment"], patched.json()["name"]) == (
        200,
        {"cities": ["Riyadh"]},
        "Eid",
    )
    wrong = api.client.patch(
        f"/api/v1/campaigns/{campaign_id}",
        json.dumps({"segment": {"town": ["x"]}}),
        content_type="application/json",
        headers=api.headers,
    )
    assert (wrong.status_code, wrong.json()["code"]) == (400, "segment_invalid")
    preview = api.post(f"/api/v1/campaigns/{campaign_id}/preview", {}).json()
    assert (preview["recipients"], preview["to_send"], preview["by_language"]) == (1, 1, {"ar": 1})
    scheduled = api.post(f"/api/v1/campaigns/{campaign_id}/schedule", {"at": "2030-01-01T09:00:00+03:00"})
    assert scheduled.status_code == 200
    detail = api.get(f"/api/v1/campaigns/{campaign_id}").json()
    assert (detail["campaign"]["status"], detail["results"]["recipients"]) == ("scheduled", 0)
    assert api.post(f"/api/v1/campaigns/{campaign_id}/cancel", {}).json()["status"] == "cancelled"
    assert api.post(f"/api/v1/campaigns/{campaign_id}/cancel", {}).json()["code"] == "campaign_not_editable"
    assert Touch.objects.count() == 0
    from wasl.campaigns.models import Campaign

    foreign = Campaign.objects.create(store=other_store, name="theirs", templates={})
    assert api.get(f"/api/v1/campaigns/{foreign.pk}").json()["code"] == "campaign_not_found"
    assert [c["name"] for c in api.get("/api/v1/campaigns").json()] == ["Eid"]


def test_settings_through_the_api(api) -> None:
    assert api.get("/api/v1/campaigns/settings").json()["recovery_steps_h"] == [1, 24]
    changed = api.client.put(
        "/api/v1/campaigns/settings",
        json.dumps({"recovery_steps_h": [2, 12, 48]}),
        content_type="application/json",
        headers=api.headers,
    )
    assert changed.json()["recovery_steps_h"] == [2, 12, 48]
    wrong = api.client.put(
        "/api/v1/campaigns/settings",
        json.dumps({"recovery_steps_h": [12, 2]}),
        content_type="application/json",
        headers=api.headers,
    )
    assert (wrong.status_code, wrong.json()["code"]) == (400, "invalid_steps")
    assert api.get("/api/v1/campaigns/programs/cart_recovery").json()["recipients"] == 0


def test_product_details_from_shopify_webhooks_and_the_api(client, api, store) -> None:
    secret_set(store=store, key="shopify.webhook_secret", value="shpss")
    product = {
        "id": 788032119674292922,
        "title": "Trail bag",
        "product_type": "bags",
        "body_html": "<p>Light &amp; <strong>waterproof</strong></p>",
        "image": {"src": "https://cdn.shopify.example/bag.jpg"},
        "variants": [{"price": "149.00"}],
    }
    raw = json.dumps(product).encode()
    signature = base64.b64encode(hmac.new(b"shpss", raw, hashlib.sha256).digest()).decode()
    response = client.post(
        f"/webhooks/shopify-products/{store.slug}/",
        raw,
        content_type="application/json",
        headers={"X-Shopify-Hmac-Sha256": signature, "X-Shopify-Topic": "products/update"},
    )
    assert response.status_code == 202
    inbound_webhook_process(webhook_id=InboundWebhook.objects.get().pk)
    from wasl.campaigns.models import ProductDetails

    details = ProductDetails.objects.select_related("product").get()
    assert (details.product.name, details.product.category, details.product.image_url) == (
        "Trail bag",
        "bags",
        "https://cdn.shopify.example/bag.jpg",
    )
    assert (details.description, str(details.price), details.currency) == (
        "Light & waterproof",
        "149.000",
        "SAR",
    )
    changed = api.client.put(
        "/api/v1/campaigns/products/788032119674292922",
        json.dumps({"description": "Now in green"}),
        content_type="application/json",
        headers=api.headers,
    )
    assert (changed.status_code, changed.json()["description"], changed.json()["name"]) == (
        200,
        "Now in green",
        "Trail bag",
    )
