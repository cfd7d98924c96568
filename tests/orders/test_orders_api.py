"""/api/v1/orders through HTTP: auth, tenancy, idempotency, errors, pagination."""

from __future__ import annotations

import pytest

from factories import order_json
from wasl.stores.models import ApiKey
from wasl.stores.services import api_key_create, api_key_revoke

pytestmark = pytest.mark.django_db


def test_given_no_key_then_401_with_a_code(client) -> None:
    response = client.get("/api/v1/orders")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_given_a_revoked_key_then_401(client, store, api_key) -> None:
    api_key_revoke(key=ApiKey.objects.get(store=store))
    response = client.get("/api/v1/orders", headers={"Authorization": f"Bearer {api_key}"})
    assert response.status_code == 401


def test_given_a_new_order_when_posted_twice_then_created_then_unchanged(api) -> None:
    first = api.post("/api/v1/orders", order_json())
    second = api.post("/api/v1/orders", order_json())
    assert first.status_code == 201
    assert first.json()["result"] == "created"
    assert first.json()["order"]["total"] == "249.50"
    assert second.status_code == 200
    assert second.json()["result"] == "unchanged"


def test_get_order_returns_lines_shipments_and_timeline(api) -> None:
    api.post("/api/v1/orders", order_json("A-1"))
    api.post("/api/v1/shipments", {"tracking_number": "T-1", "carrier": "aramex", "order_id": "A-1"})
    body = api.get("/api/v1/orders/A-1").json()
    assert body["external_id"] == "A-1"
    assert body["status"] == "pending"
    assert body["customer_phone"] == "+966501234567"
    assert body["lines"] == [
        {"sku": "TSHIRT-M", "name": "T-shirt M", "quantity": 2, "unit_price": "124.75", "category": ""}
    ]
    assert body["shipments"] == [
        {"carrier": "aramex", "tracking_number": "T-1", "direction": "forward", "status": "created"}
    ]
    assert [e["kind"] for e in body["timeline"]] == ["created", "shipment_created"]


def test_a_key_of_store_a_cannot_reach_an_order_of_store_b(client, api, other_store) -> None:
    other_key = api_key_create(store=other_store, name="b")[1]
    client.post(
        "/api/v1/orders",
        __import__("json").dumps(order_json("SECRET", currency="EGP")),
        content_type="application/json",
        headers={"Authorization": f"Bearer {other_key}"},
    )
    response = api.get("/api/v1/orders/SECRET")
    assert response.status_code == 404
    assert response.json() == {"code": "order_not_found", "message": "no order 'SECRET' in this store"}
    assert api.get("/api/v1/orders").json()["items"] == []


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"payment_method": "card"}, 422, "validation_error"),
        ({"currency": "ZZZ"}, 400, "invalid_currency"),
        ({"placed_at": "yesterday"}, 422, "validation_error"),
        ({"total": "-5"}, 422, "validation_error"),
        ({"lines": [{"sku": "X", "quantity": 0, "unit_price": "1"}]}, 422, "validation_error"),
    ],
)
def test_bad_orders_get_a_stable_code_and_message(api, change, status, code) -> None:
    response = api.post("/api/v1/orders", order_json(**change))
    assert response.status_code == status
    body = response.json()
    assert body["code"] == code
    assert body["message"]


def test_a_body_that_is_not_json_gets_a_clear_error(client, api_key) -> None:
    response = client.post(
        "/api/v1/orders",
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_key}"},
    )
    assert response.status_code == 400
    assert response.json() == {"code": "invalid_json", "message": "the request body is not valid JSON"}


def test_list_orders_paginates_newest_first_with_a_cursor(api) -> None:
    for n in range(5):
        api.post("/api/v1/orders", order_json(f"O{n}"))
    first = api.get("/api/v1/orders", limit=2).json()
    second = api.get("/api/v1/orders", limit=2, cursor=first["next_cursor"]).json()
    third = api.get("/api/v1/orders", limit=2, cursor=second["next_cursor"]).json()
    assert [o["external_id"] for o in first["items"]] == ["O4", "O3"]
    assert [o["external_id"] for o in second["items"]] == ["O2", "O1"]
    assert [o["external_id"] for o in third["items"]] == ["O0"]
    assert third["next_cursor"] is None


def test_list_orders_filters_by_payment_method(api) -> None:
    api.post("/api/v1/orders", order_json("C1"))
    api.post("/api/v1/orders", order_json("P1", payment_method="prepaid"))
    body = api.get("/api/v1/orders", payment_method="prepaid").json()
    assert [o["external_id"] for o in body["items"]] == ["P1"]


def test_a_forged_cursor_is_refused(api) -> None:
    response = api.get("/api/v1/orders", cursor="bm9wZQ")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"


def test_openapi_schema_is_published(client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Wasl API"
    assert "/api/v1/orders/{external_id}" in schema["paths"]
    assert "/api/v1/tracking-events/batch" in schema["paths"]
