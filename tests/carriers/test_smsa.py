"""SMSA status codes (current and legacy) through Wasl's generic envelope."""

from __future__ import annotations

import json
from typing import Any

import pytest

from wasl.carriers.registry import get_carrier_adapter
from wasl.shipping.status import StatusPoint, fold
from wasl.shipping.types import AdapterError

ADAPTER = get_carrier_adapter("smsa")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("SHCR", ("created", "")),
        ("SHPU", ("picked_up", "")),
        ("PU", ("picked_up", "")),
        ("SHIT", ("in_transit", "")),
        ("AF", ("in_transit", "")),
        ("HIP", ("in_transit", "")),
        ("EXDM", ("in_transit", "")),
        ("SHOD", ("out_for_delivery", "")),
        ("OD", ("out_for_delivery", "")),
        ("RTIN", ("out_for_delivery", "")),
        ("SHDL", ("delivered", "")),
        ("DL", ("delivered", "")),
        ("POD", ("delivered", "")),
        ("ATNA", ("delivery_failed", "phone_unreachable")),
        ("ATMC", ("delivery_failed", "phone_unreachable")),
        ("DEX03-9", ("delivery_failed", "phone_unreachable")),
        ("ATTR", ("delivery_failed", "customer_unavailable")),
        ("DEX08", ("delivery_failed", "customer_unavailable")),
        ("NH", ("delivery_failed", "customer_unavailable")),
        ("ATRS", ("delivery_failed", "future_delivery_requested")),
        ("DEX93-3", ("delivery_failed", "future_delivery_requested")),
        ("ATLC", ("delivery_failed", "address_issue")),
        ("DEX03", ("delivery_failed", "address_issue")),
        ("DEX03-10", ("delivery_failed", "address_issue")),
        ("ATOA", ("delivery_failed", "out_of_delivery_area")),
        ("OODA", ("delivery_failed", "out_of_delivery_area")),
        ("RFMO", ("delivery_failed", "refused")),
        ("RFNN", ("delivery_failed", "refused")),
        ("DEX93-5", ("delivery_failed", "refused")),
        ("CA", ("delivery_failed", "premises_closed")),
        ("DEX42", ("delivery_failed", "premises_closed")),
        ("DEX93", ("delivery_failed", "cod_not_ready")),
        ("SHAT", ("delivery_failed", "other")),
        ("RTO", ("rto_initiated", "")),
        ("PRC", ("rto_initiated", "")),
        ("SHRI", ("rto_in_transit", "")),
        ("BTRO", ("rto_in_transit", "")),
        ("SHRS", ("rto_delivered", "")),
        ("RTS", ("rto_delivered", "")),
        ("EXLO", ("lost", "")),
        ("DEX34", ("lost", "")),
        ("SHCN", ("cancelled", "")),
        ("SHSC", ("cancelled", "")),
        ("SMS", ("created", "")),
        ("sms", ("created", "")),
        ("ZZZZ", ("created", "")),
    ],
)
def test_status_codes_map_exactly(code: str, expected: tuple[str, str]) -> None:
    assert ADAPTER.map_status(code) == expected


def test_generic_attempt_codes_read_the_scan_text() -> None:
    assert ADAPTER.map_status("SHAT", "Customer not available") == ("delivery_failed", "customer_unavailable")
    assert ADAPTER.map_status("DE", "العميل رفض الاستلام") == ("delivery_failed", "refused")
    assert ADAPTER.map_status("ATNA", "Customer refused") == ("delivery_failed", "phone_unreachable")


def scan(code: str, description: str, when: str, **extra: Any) -> dict[str, Any]:
    return {
        "tracking_number": "290019384756",
        "code": code,
        "description": description,
        "location": "Riyadh",
        "occurred_at": when,
        **extra,
    }


def test_a_parcel_refused_for_money_goes_back() -> None:
    body = json.dumps(
        {
            "events": [
                scan("SHCR", "Created", "2026-03-01T09:00:00+03:00"),
                scan("SHPU", "Picked Up", "2026-03-01T16:40:00+03:00"),
                scan("SHIT", "In Transit", "2026-03-02T02:10:00+03:00"),
                scan("SHOD", "Out for Delivery", "2026-03-02T08:30:00+03:00"),
                scan("ATNA", "No Answer", "2026-03-02T12:05:00+03:00"),
                scan("SHOD", "Out for Delivery", "2026-03-03T08:30:00+03:00"),
                scan("RFMO", "Refused - Money Issue", "2026-03-03T13:00:00+03:00"),
                scan("SHRO", "Return Out", "2026-03-04T09:00:00+03:00"),
                scan("SHRS", "Return to shipper", "2026-03-06T11:00:00+03:00", order_id="SA-7781"),
            ]
        }
    ).encode()
    updates = ADAPTER.parse(body, {})
    assert [(u.raw_code, u.status, u.ndr_reason) for u in updates] == [
        ("SHCR", "created", ""),
        ("SHPU", "picked_up", ""),
        ("SHIT", "in_transit", ""),
        ("SHOD", "out_for_delivery", ""),
        ("ATNA", "delivery_failed", "phone_unreachable"),
        ("SHOD", "out_for_delivery", ""),
        ("RFMO", "delivery_failed", "refused"),
        ("SHRO", "rto_in_transit", ""),
        ("SHRS", "rto_delivered", ""),
    ]
    assert {(u.carrier, u.source) for u in updates} == {("smsa", "smsa")}
    assert updates[-1].order_external_id == "SA-7781"
    state = fold(StatusPoint(u.occurred_at, u.status, u.dedupe_key, u.ndr_reason) for u in updates)
    assert (state.status, state.attempts, state.ndr_reason) == ("rto_delivered", 2, "refused")


def test_missing_code_is_refused() -> None:
    event = scan("SHOD", "Out", "2026-03-02T08:30:00+03:00")
    del event["code"]
    body = json.dumps({"events": [event]}).encode()
    with pytest.raises(AdapterError) as error:
        ADAPTER.parse(body, {})
    assert (error.value.code, error.value.message) == ("missing_field", "events[0].code: required")
