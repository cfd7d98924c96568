"""/api/v1/ndr-cases: lists with filters and cursors, one case, instructions recorded; tenancy and coded errors."""

from __future__ import annotations

from datetime import date

import pytest
from bot_helpers import buyer_order, ship
from ndr_helpers import answered_case, open_case, run_ndr_tasks, scan

from wasl.shipping.ndr.answers import Answer
from wasl.shipping.ndr.models import NdrCase, NdrInstruction
from wasl.stores.services import api_key_create

pytestmark = pytest.mark.django_db


def second_case(store, external_id: str = "2001", reason: str = "refused"):  # type: ignore[no-untyped-def]
    order = buyer_order(store, external_id)
    shipment = ship(order, "picked_up", "out_for_delivery", tracking=f"TRK{external_id}")
    scan(shipment, "delivery_failed", reason=reason)
    run_ndr_tasks()
    return NdrCase.objects.get(shipment=shipment)


def test_a_case_reads_with_its_answer_and_instructions(api, ndr_store) -> None:
    case = answered_case(ndr_store, Answer("new_day", day=date(2026, 5, 12)))

    body = api.get(f"/api/v1/ndr-cases/{case.pk}").json()

    assert {k: body[k] for k in ("id", "tracking_number", "carrier", "order_id", "attempt", "reason")} == {
        "id": case.pk,
        "tracking_number": "TRK1042",
        "carrier": "aramex",
        "order_id": "1042",
        "attempt": 1,
        "reason": "customer_unavailable",
    }
    assert (body["status"], body["answer"], body["answer_day"], body["answer_source"]) == (
        "answered",
        "new_day",
        "2026-05-12",
        "buyer",
    )
    [instruction] = body["instructions"]
    assert {k: instruction[k] for k in ("kind", "day", "status", "method", "source")} == {
        "kind": "reattempt",
        "day": "2026-05-12",
        "status": "pending",
        "method": "csv",
        "source": "buyer",
    }


def test_the_list_filters_and_pages_newest_first(api, ndr_store) -> None:
    first = open_case(ndr_store)
    second = second_case(ndr_store)

    page = api.get("/api/v1/ndr-cases", limit=1).json()
    rest = api.get("/api/v1/ndr-cases", limit=1, cursor=page["next_cursor"]).json()

    assert [c["id"] for c in page["items"]] == [second.pk]
    assert ([c["id"] for c in rest["items"]], rest["next_cursor"]) == ([first.pk], None)
    assert [c["id"] for c in api.get("/api/v1/ndr-cases", reason="refused").json()["items"]] == [second.pk]
    assert [c["id"] for c in api.get("/api/v1/ndr-cases", order_id="1042").json()["items"]] == [first.pk]
    assert [c["id"] for c in api.get("/api/v1/ndr-cases", tracking_number="TRK2001").json()["items"]] == [
        second.pk
    ]
    assert len(api.get("/api/v1/ndr-cases", status="open").json()["items"]) == 2
    assert api.get("/api/v1/ndr-cases", status="closed").json()["items"] == []
    assert api.get("/api/v1/ndr-cases", escalated="true").json()["items"] == []


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"status": "lost"}, "invalid_status"),
        ({"reason": "weather"}, "invalid_reason"),
        ({"cursor": "not-ours"}, "invalid_cursor"),
        ({"limit": "many"}, "validation_error"),
    ],
)
def test_bad_filters_answer_with_a_code_never_a_500(api, ndr_store, params, code) -> None:  # type: ignore[no-untyped-def]
    response = api.get("/api/v1/ndr-cases", **params)

    assert response.status_code in (400, 422)
    assert response.json()["code"] == code


def test_another_stores_case_is_not_found_anywhere(api, ndr_store, other_store, client) -> None:
    theirs = open_case(ndr_store)
    _, other_key = api_key_create(store=other_store, name="other")
    headers = {"Authorization": f"Bearer {other_key}"}

    one = client.get(f"/api/v1/ndr-cases/{theirs.pk}", headers=headers)
    listed = client.get("/api/v1/ndr-cases", headers=headers)
    posted = client.post(
        f"/api/v1/ndr-cases/{theirs.pk}/instruction",
        {"kind": "return_to_origin"},
        content_type="application/json",
        headers=headers,
    )

    assert (one.status_code, one.json()["code"]) == (404, "ndr_case_not_found")
    assert listed.json()["items"] == []
    assert (posted.status_code, posted.json()["code"]) == (404, "ndr_case_not_found")
    assert not NdrInstruction.objects.exists()


def test_without_a_key_the_api_answers_401(client, ndr_store) -> None:
    response = client.get("/api/v1/ndr-cases")

    assert (response.status_code, response.json()["code"]) == (401, "unauthorized")


def test_the_merchant_records_what_it_told_the_carrier(api, ndr_store) -> None:
    case = open_case(ndr_store)

    response = api.post(
        f"/api/v1/ndr-cases/{case.pk}/instruction",
        {
            "kind": "update_address",
            "address": "Gate 3, Olaya",
            "status": "acknowledged",
            "reference": "ARX-1",
        },
    )

    assert response.status_code == 201
    body = response.json()
    assert {k: body[k] for k in ("kind", "address", "status", "source", "reference", "method")} == {
        "kind": "update_address",
        "address": "Gate 3, Olaya",
        "status": "acknowledged",
        "source": "api",
        "reference": "ARX-1",
        "method": "",
    }
    case.refresh_from_db()
    assert (case.status, case.answer, case.answer_source) == ("answered", "new_address", "api")


def test_the_merchant_marks_one_of_our_instructions_acknowledged(api, ndr_store) -> None:
    case = answered_case(ndr_store, Answer("cancel"))
    made = NdrInstruction.objects.get(case=case)

    response = api.post(
        f"/api/v1/ndr-cases/{case.pk}/instruction",
        {"instruction_id": made.pk, "status": "acknowledged", "reference": "ARX-9"},
    )

    assert (response.status_code, response.json()["status"], response.json()["reference"]) == (
        200,
        "acknowledged",
        "ARX-9",
    )


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 400, "missing_field"),
        ({"kind": "reattempt"}, 400, "missing_day"),
        ({"kind": "update_address"}, 400, "missing_address"),
        ({"kind": "teleport"}, 422, "validation_error"),
        ({"kind": "return_to_origin", "status": "pending"}, 422, "validation_error"),
        ({"instruction_id": 999999, "status": "sent"}, 404, "instruction_not_found"),
        ({"kind": "update_address", "latitude": 91, "longitude": 0}, 422, "validation_error"),
    ],
)
def test_bad_instructions_answer_with_a_code(api, ndr_store, body, status, code) -> None:  # type: ignore[no-untyped-def]
    case = open_case(ndr_store)

    response = api.post(f"/api/v1/ndr-cases/{case.pk}/instruction", body)

    assert (response.status_code, response.json()["code"]) == (status, code)


def test_a_closed_case_takes_no_new_instruction(api, ndr_store) -> None:
    case = open_case(ndr_store)
    scan(case.shipment, "delivered")
    run_ndr_tasks()

    response = api.post(f"/api/v1/ndr-cases/{case.pk}/instruction", {"kind": "return_to_origin"})

    assert (response.status_code, response.json()["code"]) == (409, "case_closed")


def test_a_nul_in_the_address_is_cleaned_not_a_500(api, ndr_store) -> None:
    case = open_case(ndr_store)

    response = api.post(
        f"/api/v1/ndr-cases/{case.pk}/instruction", {"kind": "update_address", "address": "Gate\u0000 3"}
    )

    assert (response.status_code, response.json()["address"]) == (201, "Gate 3")
