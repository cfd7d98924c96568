"""GET/PUT /api/v1/risk/policy and GET /api/v1/orders/<id>/verifications."""

from __future__ import annotations

import json

import pytest
from policy_helpers import arrive, confirm_everything, flow_store, run_policy_tasks, with_policy

pytestmark = pytest.mark.django_db
__all__ = ["flow_store"]


def put(client, key: str, body: object, query: str = ""):  # type: ignore[no-untyped-def]
    return client.put(
        f"/api/v1/risk/policy{query}",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )


def test_the_default_policy_is_version_one(api) -> None:  # type: ignore[no-untyped-def]
    answer = api.get("/api/v1/risk/policy")
    assert answer.status_code == 200
    body = answer.json()
    assert (body["version"], body["active"], body["created_by"]) == (1, True, "wasl (default policy)")
    assert body["document"]["holdout"] == {"share": 0.1}


def test_put_keeps_a_new_active_version(client, api_key, api) -> None:  # type: ignore[no-untyped-def]
    document = {"rules": [{"name": "all", "actions": [{"type": "hold", "reason": "new shop"}]}]}
    answer = put(client, api_key, document, "?note=careful")
    assert answer.status_code == 201
    assert (answer.json()["version"], answer.json()["note"]) == (1, "careful")
    assert api.get("/api/v1/risk/policy").json()["document"] == document
    kept = put(client, api_key, {"rules": []}, "?activate=false")
    assert (kept.status_code, kept.json()["version"], kept.json()["active"]) == (201, 2, False)
    assert api.get("/api/v1/risk/policy").json()["version"] == 1


def test_an_invalid_policy_is_a_400_with_every_problem(client, api_key) -> None:  # type: ignore[no-untyped-def]
    answer = put(client, api_key, {"rules": [{"name": "x", "actions": [{"type": "teleport"}]}], "x": 1})
    assert answer.status_code == 400
    body = answer.json()
    assert body["code"] == "invalid_policy"
    assert [(d["path"], d["code"]) for d in body["details"]] == [
        ("", "unknown_field"),
        ("rules/0/actions/0", "unknown_action"),
    ]
    assert put(client, api_key, ["not", "an", "object"]).json()["code"] in (
        "invalid_policy",
        "validation_error",
    )


def test_an_orders_verifications(flow_store, api) -> None:  # type: ignore[no-untyped-def]
    with_policy(flow_store, confirm_everything({"type": "cod_confirmation"}))
    order = arrive(flow_store)
    run_policy_tasks()

    body = api.get(f"/api/v1/orders/{order.external_id}/verifications").json()

    assert body["order_id"] == "7001"
    assert body["decision"]["rule"] == "Everyone" and body["decision"]["state"] == "awaiting"
    [asked] = body["verifications"]
    assert (asked["kind"], asked["state"], asked["channel"], asked["reminders_sent"]) == (
        "cod_confirmation",
        "pending",
        "whatsapp",
        0,
    )
    assert asked["params"]["cancel_after_hours"] == 24 and asked["deadline_at"] is not None


def test_another_stores_order_is_a_404(flow_store, other_api) -> None:  # type: ignore[no-untyped-def]
    order = arrive(flow_store)
    answer = other_api.get(f"/api/v1/orders/{order.external_id}/verifications")
    assert (answer.status_code, answer.json()["code"]) == (404, "order_not_found")
