"""/api/v1/shipments and /api/v1/tracking-events through HTTP."""

from __future__ import annotations

import pytest

from factories import order_json

pytestmark = pytest.mark.django_db


def event(number: str, status: str, at: str, **extra: str) -> dict[str, str]:
    return {"tracking_number": number, "status": status, "occurred_at": at, **extra}


@pytest.fixture
def shipped(api) -> None:
    api.post("/api/v1/orders", order_json("A-1"))
    api.post("/api/v1/shipments", {"tracking_number": "T-1", "carrier": "aramex", "order_id": "A-1"})


def test_creating_the_same_shipment_twice_says_exists(api, shipped) -> None:
    again = api.post("/api/v1/shipments", {"tracking_number": "T-1", "carrier": "aramex", "order_id": "A-1"})
    assert again.status_code == 200
    assert again.json()["result"] == "exists"


def test_a_shipment_for_an_unknown_order_is_404(api) -> None:
    response = api.post(
        "/api/v1/shipments", {"tracking_number": "T-9", "carrier": "smsa", "order_id": "nope"}
    )
    assert response.status_code == 404
    assert response.json()["code"] == "order_not_found"


def test_single_event_accepted_then_duplicate(api, shipped) -> None:
    body = event("T-1", "picked_up", "2026-05-05T09:00:00+03:00", event_id="e1")
    first, second = api.post("/api/v1/tracking-events", body), api.post("/api/v1/tracking-events", body)
    assert (first.status_code, first.json()) == (201, {"result": "accepted", "shipment_status": "picked_up"})
    assert (second.status_code, second.json()) == (
        200,
        {"result": "duplicate", "shipment_status": "picked_up"},
    )


def test_batch_reports_each_event_and_keeps_the_good_ones(api, shipped) -> None:
    response = api.post(
        "/api/v1/tracking-events/batch",
        {
            "events": [
                event("T-1", "picked_up", "2026-05-05T09:00:00Z", event_id="a"),
                event("T-1", "flying", "2026-05-05T10:00:00Z"),
                event("T-1", "picked_up", "2026-05-05T09:00:00Z", event_id="a"),
                event("T-1", "delivery_failed", "2026-05-06T09:00:00Z", ndr_reason="refused"),
                event("T-1", "out_for_delivery", "2026-05-07T09:00:00"),
            ]
        },
    )
    assert response.status_code == 200
    assert response.json() == {
        "accepted": 2,
        "duplicates": 1,
        "rejected": 2,
        "results": ["accepted", "rejected", "duplicate", "accepted", "rejected"],
        "errors": [
            {"index": 1, "code": "invalid_status", "message": "'flying' is not a canonical status"},
            {"index": 4, "code": "invalid_time", "message": "occurred_at needs a time zone offset"},
        ],
    }
    shipment = api.get("/api/v1/shipments/T-1").json()
    assert (shipment["status"], shipment["attempts"], shipment["ndr_reason"]) == (
        "delivery_failed",
        1,
        "refused",
    )
    assert [e["status"] for e in shipment["events"]] == ["picked_up", "delivery_failed"]
    assert api.get("/api/v1/orders/A-1").json()["status"] == "shipped"


def test_a_batch_over_1000_is_refused_whole(api) -> None:
    events = [
        event("T-1", "in_transit", f"2026-05-05T09:00:{i % 60:02d}Z", event_id=str(i)) for i in range(1001)
    ]
    response = api.post("/api/v1/tracking-events/batch", {"events": events})
    assert response.status_code == 400
    assert response.json()["code"] == "batch_too_large"


def test_an_event_with_a_carrier_code_instead_of_a_status_is_mapped(api, shipped) -> None:
    response = api.post(
        "/api/v1/tracking-events",
        {
            "tracking_number": "T-1",
            "carrier": "delhivery",
            "code": "DL:Delivered",
            "occurred_at": "2026-05-06T12:00:00Z",
        },
    )
    assert response.status_code == 201
    assert response.json()["shipment_status"] == "delivered"


def test_shipment_of_another_store_is_404(api, other_store) -> None:
    from wasl.shipping.services import shipment_create

    shipment_create(store=other_store, tracking_number="HIDDEN", carrier="smsa")
    assert api.get("/api/v1/shipments/HIDDEN").status_code == 404


def test_list_shipments_filters_by_status(api, shipped) -> None:
    api.post("/api/v1/shipments", {"tracking_number": "T-2", "carrier": "smsa"})
    api.post("/api/v1/tracking-events", event("T-2", "delivered", "2026-05-05T09:00:00Z"))
    body = api.get("/api/v1/shipments", status="delivered").json()
    assert [s["tracking_number"] for s in body["items"]] == ["T-2"]
