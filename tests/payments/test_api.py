"""/api/v1/payment-links, /api/v1/orders/<id>/payment-link and the refunds endpoints: shapes, idempotency, and
coded errors (never a 500) for bad input and provider trouble."""

from __future__ import annotations

from decimal import Decimal

import pytest
from payments_helpers import make_order, paid_order

from wasl.payments.models import PaymentLink, Refund

pytestmark = pytest.mark.django_db


def test_post_makes_the_link_once_and_get_lists_it(api, store, stripe_standin) -> None:
    make_order(store)
    first = api.post("/api/v1/orders/1001/payment-link", {"provider": "stripe", "discount": "9.50"})
    second = api.post("/api/v1/orders/1001/payment-link", {"provider": "stripe", "discount": "9.50"})

    assert (first.status_code, second.status_code) == (201, 200)
    assert (first.json()["result"], second.json()["result"]) == ("created", "exists")
    link = PaymentLink.objects.get()
    body = first.json()["link"]
    assert {
        k: body[k] for k in ("id", "order_id", "provider", "status", "amount", "discount", "currency", "url")
    } == {
        "id": link.pk,
        "order_id": "1001",
        "provider": "stripe",
        "status": "created",
        "amount": "240.00",
        "discount": "9.50",
        "currency": "SAR",
        "url": link.url,
    }
    listed = api.get("/api/v1/payment-links", order="1001")
    assert [item["id"] for item in listed.json()] == [link.pk]
    assert api.get("/api/v1/payment-links", order="nope").json() == []
    assert len(stripe_standin.calls) == 1


def test_the_idempotency_key_header_names_the_request(api, client, store, api_key, stripe_standin) -> None:
    make_order(store)
    headers = {"Authorization": f"Bearer {api_key}", "Idempotency-Key": "nudge-42"}
    body = '{"provider": "stripe", "purpose": "second-nudge"}'
    first = client.post(
        "/api/v1/orders/1001/payment-link", body, content_type="application/json", headers=headers
    )
    again = client.post(
        "/api/v1/orders/1001/payment-link", body, content_type="application/json", headers=headers
    )
    assert (first.status_code, again.status_code, PaymentLink.objects.get().idempotency_key) == (
        201,
        200,
        "nudge-42",
    )


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"provider": "manual"}, 400, "link_not_possible"),
        ({"provider": "razorpay"}, 400, "provider_not_configured"),
        ({"provider": "paypal"}, 422, "validation_error"),
        ({"provider": "stripe", "discount": "-1"}, 422, "validation_error"),
        ({"provider": "stripe", "discount": "249.50"}, 400, "invalid_discount"),
        ({"provider": "stripe", "discount": "NaN"}, 422, "validation_error"),
    ],
)
def test_bad_requests_are_coded(api, store, stripe_standin, body: dict, status: int, code: str) -> None:
    make_order(store)
    response = api.post("/api/v1/orders/1001/payment-link", body)
    assert (response.status_code, response.json()["code"]) == (status, code)


def test_an_unknown_or_foreign_order_is_404(api, store, other_store, stripe_standin) -> None:
    make_order(other_store, "9001")
    response = api.post("/api/v1/orders/9001/payment-link", {"provider": "stripe"})
    assert (response.status_code, response.json()["code"]) == (404, "order_not_found")


def test_a_provider_outage_is_a_502_and_the_next_request_makes_the_link(api, store, stripe_standin) -> None:
    make_order(store)
    stripe_standin.fail_next(1, "429")
    busy = api.post("/api/v1/orders/1001/payment-link", {"provider": "stripe"})
    assert (busy.status_code, busy.json()["code"]) == (502, "provider_unavailable")
    make_order(store, "1002", currency="KWD", total=Decimal("12.345"))
    stripe_standin.fail_next(1, "500")
    down = api.post("/api/v1/orders/1002/payment-link", {"provider": "stripe"})
    assert down.status_code == 502
    ok = api.post("/api/v1/orders/1002/payment-link", {"provider": "stripe"})
    assert (ok.status_code, ok.json()["link"]["amount"]) == (201, "12.340")


def test_refunds_through_the_api(api, store, stripe_standin) -> None:
    paid_order(store, stripe_standin)
    made = api.post(
        "/api/v1/orders/1001/refunds", {"amount": "50", "reason": "late", "idempotency_key": "r-1"}
    )
    again = api.post(
        "/api/v1/orders/1001/refunds", {"amount": "50", "reason": "late", "idempotency_key": "r-1"}
    )
    too_much = api.post("/api/v1/orders/1001/refunds", {"amount": "500"})

    refund = Refund.objects.get()
    assert (made.status_code, again.status_code) == (201, 200)
    assert {
        k: made.json()["refund"][k] for k in ("id", "order_id", "provider", "amount", "currency", "status")
    } == {
        "id": refund.pk,
        "order_id": "1001",
        "provider": "stripe",
        "amount": "50.00",
        "currency": "SAR",
        "status": "succeeded",
    }
    assert (too_much.status_code, too_much.json()["code"]) == (409, "refund_exceeds_payment")
    assert [r["id"] for r in api.get("/api/v1/refunds", order="1001").json()] == [refund.pk]
    assert api.get(f"/api/v1/refunds/{refund.pk}").json()["status"] == "succeeded"
    for missing in ("999999", str(2**70)):
        response = api.get(f"/api/v1/refunds/{missing}")
        assert (response.status_code, response.json()["code"]) == (404, "refund_not_found")


def test_a_cod_refund_through_the_api_waits_for_staff(api, store) -> None:
    make_order(store)
    response = api.post(
        "/api/v1/orders/1001/refunds", {"amount": "20", "payout_details": "wallet +966501234567"}
    )
    assert (
        response.status_code,
        response.json()["refund"]["provider"],
        response.json()["refund"]["status"],
    ) == (
        201,
        "manual",
        "processing",
    )
