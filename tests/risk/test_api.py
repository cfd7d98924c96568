"""POST /api/v1/risk/score (checkout, before the order exists) and GET /api/v1/risk/orders/<id>."""

from __future__ import annotations

import pytest
from risk_helpers import demo_shop, permissive

from factories import order_json
from wasl.bench.demo_history import demo_history_load
from wasl.orders.models import OrderStatus
from wasl.orders.services import order_status_set, order_upsert
from wasl.risk.services import risk_model_activate, risk_score_order
from wasl.risk.training import risk_train

SCORE = "/api/v1/risk/score"


@pytest.fixture
def with_model(store, tmp_path):  # type: ignore[no-untyped-def]
    """The API store with a demo history and its model in service (put there by hand: the shop is small)."""
    demo_history_load(store=store, orders=demo_shop(1500, 90, 3).orders)
    permissive(store)
    model = risk_train(store=store, report_dir=tmp_path).model
    risk_model_activate(store=store, version=model.version)
    return store


def test_cold_start_answers_with_the_rules(api) -> None:  # type: ignore[no-untyped-def]
    body = order_json()
    del body["external_id"], body["placed_at"]  # at checkout there is neither yet
    response = api.post(SCORE, body)
    assert response.status_code == 200, response.content
    got = response.json()
    assert (got["source"], got["model_version"]) == ("rules", None)
    assert 0 < got["score"] < 1 and got["band"] in ("low", "medium", "high")
    codes = [reason["code"] for reason in got["reasons"]]
    assert codes[0] == "cash_on_delivery"
    assert "first_order" in codes
    first = got["reasons"][0]
    assert first["weight"] > 0 and first["message"] == "الدفع عند الاستلام"  # the store's language
    prepaid = api.post(SCORE, {**body, "payment_method": "prepaid"}).json()
    assert prepaid["score"] < got["score"]
    assert prepaid["reasons"][0]["code"] == "prepaid" and prepaid["reasons"][0]["weight"] < 0


def test_reasons_in_the_language_asked_for(api) -> None:  # type: ignore[no-untyped-def]
    got = api.post(SCORE + "?language=fr", order_json()).json()
    assert got["reasons"][0]["message"] == "paiement à la livraison"
    got = api.post(SCORE + "?language=en", order_json()).json()
    assert got["reasons"][0]["message"] == "cash on delivery"


def test_the_stores_model_answers_once_in_service(api, with_model) -> None:  # type: ignore[no-untyped-def]
    got = api.post(SCORE + "?language=en", order_json("checkout-1")).json()
    assert (got["source"], got["model_version"]) == ("model", 1)
    assert got["reasons"] and all(set(r) == {"code", "weight", "message", "params"} for r in got["reasons"])


def test_a_buyer_known_to_the_store_is_scored_with_their_past(api, store) -> None:  # type: ignore[no-untyped-def]
    first = api.post(SCORE, order_json()).json()
    for n in range(2):
        placed = order_upsert(store=store, data=_data(f"old-{n}", n)).order
        order_status_set(order=placed, status=OrderStatus.RTO, reason="test", at=placed.placed_at)
    again = api.post(SCORE, order_json()).json()
    assert again["score"] > first["score"]
    assert "past_rtos" in [r["code"] for r in again["reasons"]]


def _data(external_id: str, days_before: int):  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from factories import PLACED, order_data

    return order_data(external_id, placed_at=PLACED - timedelta(days=30 + days_before))


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"payment_method": "card"}, 422, "validation_error"),
        ({"currency": "ZZZ"}, 400, "invalid_currency"),
        ({"placed_at": "2026-05-04T13:30:00"}, 400, "invalid_date"),
        ({"total": "-1"}, 422, "validation_error"),
        ({"lines": [{"sku": "A", "quantity": 0, "unit_price": "1"}]}, 422, "validation_error"),
        ({"customer": {"phone": "1" * 41}}, 422, "validation_error"),
    ],
)
def test_bad_input_is_answered_with_a_code(api, change, status, code) -> None:  # type: ignore[no-untyped-def]
    response = api.post(SCORE, {**order_json(), **change})
    assert response.status_code == status
    assert response.json()["code"] == code


def test_a_body_that_is_not_json_and_a_missing_key(api, client) -> None:  # type: ignore[no-untyped-def]
    response = client.post(SCORE, "{nope", content_type="application/json", headers=api.headers)
    assert (response.status_code, response.json()["code"]) == (400, "invalid_json")
    response = client.post(SCORE, "{}", content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (401, "unauthorized")


def test_a_stores_key_never_reads_another_stores_buyers_or_scores(api, store, other_api, other_store) -> None:  # type: ignore[no-untyped-def]
    for n in range(2):
        placed = order_upsert(store=store, data=_data(f"old-{n}", n)).order
        order_status_set(order=placed, status=OrderStatus.RTO, reason="test", at=placed.placed_at)
    here = api.post(SCORE, order_json()).json()
    there = other_api.post(SCORE, order_json()).json()
    assert "past_rtos" in [r["code"] for r in here["reasons"]]
    assert "past_rtos" not in [r["code"] for r in there["reasons"]]
    risk_score_order(order_id=placed.pk)
    assert api.get("/api/v1/risk/orders/old-1").status_code == 200
    response = other_api.get("/api/v1/risk/orders/old-1")
    assert (response.status_code, response.json()["code"]) == (404, "order_not_found")


def test_a_stored_orders_score(api, store) -> None:  # type: ignore[no-untyped-def]
    placed = order_upsert(store=store, data=_data("1001", 0)).order
    response = api.get("/api/v1/risk/orders/1001")
    assert (response.status_code, response.json()["code"]) == (404, "not_scored")
    score = risk_score_order(order_id=placed.pk)
    got = api.get("/api/v1/risk/orders/1001", language="en").json()
    assert got["order_id"] == "1001"
    assert (got["score"], got["band"], got["source"]) == (score.score, score.band, "rules")  # type: ignore[union-attr]
    assert got["reasons"][0]["message"] == "cash on delivery"
