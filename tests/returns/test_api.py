"""/api/v1/returns: the whole lifecycle over HTTP, idempotency, tenancy, coded errors."""

from __future__ import annotations

import json

import pytest
from returns_helpers import delivered_order

from wasl.orders.models import StockLevel
from wasl.payments.models import Refund
from wasl.stores.services import api_key_create

pytestmark = pytest.mark.django_db


def body(**overrides):  # type: ignore[no-untyped-def]
    values = {
        "order_id": "1001",
        "items": [{"sku": "TSHIRT-M", "quantity": 2, "reason": "wrong_size", "comment": "too small"}],
        "resolution": "refund",
        "method": "dropoff",
    }
    values.update(overrides)
    return values


def test_the_whole_lifecycle_over_the_api(store, api) -> None:
    delivered_order(store)

    created = api.post("/api/v1/returns", body())
    assert created.status_code == 201, created.content
    code = created.json()["code"]
    item_id = created.json()["items"][0]["id"]
    assert created.json()["state"] == "requested"

    approved = api.post(
        f"/api/v1/returns/{code}/approve", {"carrier": "aramex", "tracking_number": "AWB-R-1"}
    )
    assert (approved.status_code, approved.json()["reverse_tracking_number"]) == (200, "AWB-R-1")
    assert api.post(f"/api/v1/returns/{code.lower()}/receive", {}).json()["state"] == "received"
    inspected = api.post(
        f"/api/v1/returns/{code}/inspect",
        {"items": [{"item_id": item_id, "grade": "sellable", "disposition": "restock", "location": "main"}]},
    )
    assert inspected.json()["state"] == "inspected"
    assert StockLevel.objects.get(variant__sku="TSHIRT-M", location="main").quantity == 2
    resolved = api.post(f"/api/v1/returns/{code}/resolve", {"payout_details": "wallet 0501234567"})
    again = api.post(f"/api/v1/returns/{code}/resolve", {})

    assert (resolved.status_code, again.status_code) == (200, 200)
    data = again.json()
    assert (data["state"], data["outcome"], data["resolved_amount"], data["refund_status"]) == (
        "resolved",
        "refunded",
        "200.000",
        "processing",
    )
    assert Refund.objects.count() == 1
    assert [e["kind"] for e in data["timeline"]] == [
        "created",
        "approved",
        "received",
        "inspected",
        "resolved",
    ]


def test_the_idempotency_key_header_gives_the_same_return(store, api) -> None:
    delivered_order(store)
    headers = {**api.headers, "Idempotency-Key": "portal-42"}

    def post():  # type: ignore[no-untyped-def]
        return api.client.post(
            "/api/v1/returns", json.dumps(body()), content_type="application/json", headers=headers
        )

    first, second = post(), post()

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["code"] == second.json()["code"]


def test_list_filters_and_pages(store, api) -> None:
    delivered_order(store)
    delivered_order(store, "1002")
    for order_id in ("1001", "1002"):
        api.post("/api/v1/returns", body(order_id=order_id, items=[{"sku": "MUG", "reason": "damaged"}]))
    code = api.get("/api/v1/returns", order_id="1001").json()["items"][0]["code"]
    api.post(f"/api/v1/returns/{code}/reject", {"reason": "used"})

    first = api.get("/api/v1/returns", limit=1).json()
    second = api.get("/api/v1/returns", limit=1, cursor=first["next_cursor"]).json()

    assert [r["order_id"] for r in first["items"] + second["items"]] == ["1002", "1001"]
    assert second["next_cursor"] is None
    assert [r["state"] for r in api.get("/api/v1/returns", state="rejected").json()["items"]] == ["rejected"]
    assert api.get("/api/v1/returns", state="lost").json()["code"] == "invalid_filter"


def test_another_store_s_return_is_not_found(store, other_store, api, client) -> None:
    delivered_order(store)
    code = api.post("/api/v1/returns", body()).json()["code"]
    other_key = api_key_create(store=other_store, name="other")[1]
    headers = {"Authorization": f"Bearer {other_key}"}

    assert client.get(f"/api/v1/returns/{code}", headers=headers).status_code == 404
    response = client.post(
        f"/api/v1/returns/{code}/approve", "{}", content_type="application/json", headers=headers
    )
    assert (response.status_code, response.json()["code"]) == (404, "return_not_found")
    assert (
        client.post(
            "/api/v1/returns", json.dumps(body()), content_type="application/json", headers=headers
        ).json()["code"]
        == "order_not_found"
    )


@pytest.mark.parametrize(
    ("overrides", "status", "code"),
    [
        ({"items": [{"sku": "TSHIRT-M", "quantity": 3, "reason": "wrong_size"}]}, 400, "quantity_exceeds"),
        ({"items": [{"sku": "NOPE", "reason": "wrong_size"}]}, 400, "unknown_line"),
        ({"items": [{"sku": "MUG", "reason": "bored"}]}, 400, "invalid_reason"),
        ({"resolution": "cash"}, 400, "invalid_resolution"),
        ({"method": "pigeon"}, 400, "invalid_method"),
        ({"items": [{"sku": "MUG", "quantity": 0, "reason": "damaged"}]}, 422, "validation_error"),
        ({"order_id": "nope"}, 404, "order_not_found"),
    ],
)
def test_bad_requests_get_a_code_never_a_500(store, api, overrides, status: int, code: str) -> None:
    delivered_order(store)

    response = api.post("/api/v1/returns", body(**overrides))

    assert (response.status_code, response.json()["code"]) == (status, code)


def test_steps_out_of_order_are_conflicts(store, api) -> None:
    delivered_order(store)
    code = api.post("/api/v1/returns", body()).json()["code"]

    response = api.post(f"/api/v1/returns/{code}/resolve", {})
    assert (response.status_code, response.json()["code"]) == (409, "invalid_transition")
    response = api.post(f"/api/v1/returns/{code}/inspect", {"items": []})
    assert (response.status_code, response.json()["code"]) == (409, "invalid_transition")


def test_policy_and_tiers_over_the_api(store, api, client) -> None:
    assert api.get("/api/v1/returns/policy").json()["version"] == 0

    put = api.client.put(
        "/api/v1/returns/policy",
        json.dumps({"document": {"window_days": 45}, "note": "summer"}),
        content_type="application/json",
        headers=api.headers,
    )
    assert (put.status_code, put.json()["version"], put.json()["document"]["window_days"]) == (201, 1, 45)
    bad = api.client.put(
        "/api/v1/returns/policy",
        json.dumps({"document": {"window_days": -3}}),
        content_type="application/json",
        headers=api.headers,
    )
    assert (bad.status_code, bad.json()["code"]) == (400, "invalid_policy")

    tiers = api.client.put(
        "/api/v1/returns/tiers",
        json.dumps(
            {
                "tiers": [
                    {"name": "silver", "rank": 1, "min_orders": 2},
                    {"name": "gold", "rank": 2, "min_orders": 5, "max_return_rate": "0.2", "max_rtos": 0},
                ]
            }
        ),
        content_type="application/json",
        headers=api.headers,
    )
    assert [t["name"] for t in tiers.json()] == ["gold", "silver"]
    assert [t["name"] for t in api.get("/api/v1/returns/tiers").json()] == ["gold", "silver"]
    dup = api.client.put(
        "/api/v1/returns/tiers",
        json.dumps({"tiers": [{"name": "a", "rank": 1}, {"name": "b", "rank": 1}]}),
        content_type="application/json",
        headers=api.headers,
    )
    assert (dup.status_code, dup.json()["code"]) == (400, "invalid_tiers")
