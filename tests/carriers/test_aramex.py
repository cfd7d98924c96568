"""Aramex UpdateCodes through Wasl's generic envelope: exact mapping, NDR and RTO flows, bad input."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from wasl.carriers.registry import get_carrier_adapter
from wasl.shipping.status import StatusPoint, fold
from wasl.shipping.types import AdapterError, TrackingUpdate

ADAPTER = get_carrier_adapter("aramex")


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("SH014", "Record created.", ("created", "")),
        ("SH012", "Picked Up From Shipper", ("picked_up", "")),
        ("SH047", "Received at Origin Facility", ("picked_up", "")),
        ("SH022", "Departed Operations facility – In Transit", ("in_transit", "")),
        ("SH001", "Under processing at operations facility", ("in_transit", "")),
        ("SH008", "Shipment on Hold", ("in_transit", "")),
        ("SH044", "Delay - Delivery Rescheduled", ("in_transit", "")),
        ("SH470", "Held in Customs - Awaiting Duty and Tax Payment", ("in_transit", "")),
        ("SH003", "Out for Delivery", ("out_for_delivery", "")),
        ("SH164", "Held for Consignee Pickup", ("out_for_delivery", "")),
        ("SH005", "Delivered", ("delivered", "")),
        ("SH006", "Collected by Consignee", ("delivered", "")),
        ("SH496", "Shipment Picked up by Consignee", ("delivered", "")),
        (
            "SH033",
            "Attempted Delivery - Awaiting Correct Delivery Address",
            ("delivery_failed", "address_issue"),
        ),
        (
            "SH033",
            "Attempted Delivery - Payment was Declined by Consignee / Awaiting Shipper Instructions",
            ("delivery_failed", "refused"),
        ),
        (
            "SH033",
            "Attempted Delivery - Consignee Rejected the Shipment Due to Delay / "
            "Awaiting Shipper Instructions",
            ("delivery_failed", "refused"),
        ),
        ("SH033", "Attempted Delivery", ("delivery_failed", "other")),
        ("SH157", "Delay - Unable to Deliver", ("delivery_failed", "other")),
        ("SH294", "On Hold - Customer Mobile Cannot be Reached", ("delivery_failed", "phone_unreachable")),
        ("SH515", "Courier Called Customer – Number Unreachable", ("delivery_failed", "phone_unreachable")),
        ("SH410", "Customer contact Attempts Completed", ("delivery_failed", "phone_unreachable")),
        ("SH375", "On Hold - Awaiting Correct Delivery Address", ("delivery_failed", "address_issue")),
        ("SH480", "On Hold - Payment not Ready / Delivery Rescheduled", ("delivery_failed", "cod_not_ready")),
        ("SH074", "Delay - Pending Payment", ("delivery_failed", "cod_not_ready")),
        ("SH492", "Consignee Pickup Time Exceeded", ("delivery_failed", "customer_unavailable")),
        ("SH474", "To be Returned to Shipper", ("rto_initiated", "")),
        ("SH498", "Customer Contact Attempts Completed - Pending Return to Shipper", ("rto_initiated", "")),
        ("SH069", "Returned to Shipper", ("rto_delivered", "")),
        ("SH407", "Returned to Shipper", ("rto_delivered", "")),
        ("SH559", "Shipment Returned to Shipper", ("rto_delivered", "")),
        ("SH280", "Confiscated by Customs Authorities", ("lost", "")),
        ("SH239", "Shipment charges paid", ("created", "")),
        ("SH271", "SMS Sent to Consignee", ("created", "")),
        ("sh005", "", ("delivered", "")),
        ("SH999", "Something new", ("created", "")),
    ],
)
def test_update_codes_map_exactly(code: str, text: str, expected: tuple[str, str]) -> None:
    assert ADAPTER.map_status(code, text) == expected


def aramex_event(code: str, description: str, when: str, **extra: Any) -> dict[str, Any]:
    return {
        "tracking_number": "51330112761",
        "code": code,
        "description": description,
        "location": extra.pop("location", "Branch Bizerte, Tunisia"),
        "occurred_at": when,
        **extra,
    }


def parse(*events: dict[str, Any]) -> list[TrackingUpdate]:
    return ADAPTER.parse(json.dumps({"events": list(events)}).encode(), {})


def folded(updates: list[TrackingUpdate]) -> tuple[str, int, str]:
    state = fold(StatusPoint(u.occurred_at, u.status, u.dedupe_key, u.ndr_reason) for u in updates)
    return state.status, state.attempts, state.ndr_reason


def test_a_delivery_after_an_address_failure() -> None:
    updates = parse(
        aramex_event("SH014", "Record created.", "2026-08-29T11:36:00+02:00", location=""),
        aramex_event("SH047", "Received at Origin Facility", "2026-09-03T15:30:00+02:00"),
        aramex_event("SH022", "Departed Operations facility – In Transit", "2026-09-03T15:41:00+02:00"),
        aramex_event("SH001", "Under processing at operations facility", "2026-09-04T08:19:00+02:00"),
        aramex_event("SH003", "Out for Delivery", "2026-09-06T10:10:00+02:00"),
        aramex_event(
            "SH033",
            "Attempted Delivery - Awaiting Correct Delivery Address",
            "2026-09-06T11:28:00+02:00",
            event_id="aramex-51330112761-6",
        ),
        aramex_event("SH008", "Shipment on Hold", "2026-09-06T12:31:00+02:00"),
        aramex_event("SH003", "Out for Delivery", "2026-09-07T09:08:00+02:00"),
        aramex_event("SH005", "Delivered", "2026-09-07T13:52:00+02:00", order_id="TN-3391"),
        aramex_event("SH239", "Shipment charges paid", "2026-09-07T17:48:00+02:00"),
    )
    assert [(u.raw_code, u.status, u.ndr_reason) for u in updates] == [
        ("SH014", "created", ""),
        ("SH047", "picked_up", ""),
        ("SH022", "in_transit", ""),
        ("SH001", "in_transit", ""),
        ("SH003", "out_for_delivery", ""),
        ("SH033", "delivery_failed", "address_issue"),
        ("SH008", "in_transit", ""),
        ("SH003", "out_for_delivery", ""),
        ("SH005", "delivered", ""),
        ("SH239", "created", ""),
    ]
    assert {(u.carrier, u.source) for u in updates} == {("aramex", "aramex")}
    assert updates[5].dedupe_key == "aramex-51330112761-6"
    assert updates[8].order_external_id == "TN-3391"
    assert updates[8].occurred_at == datetime(2026, 9, 7, 11, 52, tzinfo=UTC)
    assert folded(updates) == ("delivered", 2, "address_issue")


def test_a_refused_cod_parcel_returns_to_the_shop() -> None:
    updates = parse(
        aramex_event("SH014", "Record created.", "2026-09-04T02:50:00+02:00", location=""),
        aramex_event("SH047", "Received at Origin Facility", "2026-09-08T01:24:00+02:00"),
        aramex_event(
            "SH294",
            "On Hold - Attempting to Contact Customer / No Answer on Phone",
            "2026-09-09T09:15:00+02:00",
        ),
        aramex_event("SH003", "Out for Delivery", "2026-09-10T07:12:00+02:00"),
        aramex_event(
            "SH033",
            "Attempted Delivery - Payment was Declined by Consignee / Awaiting Shipper Instructions",
            "2026-09-10T14:13:00+02:00",
        ),
        aramex_event(
            "SH498",
            "Customer Contact Attempts Completed - Pending Return to Shipper",
            "2026-09-11T04:21:00+02:00",
        ),
        aramex_event("SH069", "Returned to Shipper", "2026-09-11T08:45:00+02:00", location="Tunis, Tunisia"),
    )
    assert [(u.status, u.ndr_reason) for u in updates] == [
        ("created", ""),
        ("picked_up", ""),
        ("delivery_failed", "phone_unreachable"),
        ("out_for_delivery", ""),
        ("delivery_failed", "refused"),
        ("rto_initiated", ""),
        ("rto_delivered", ""),
    ]
    assert folded(updates) == ("rto_delivered", 2, "refused")


def test_explicit_reason_wins_and_unknown_codes_fall_back() -> None:
    explicit, fallback, unknown = parse(
        aramex_event(
            "SH033", "Attempted Delivery", "2026-09-10T14:13:00+02:00", ndr_reason="premises_closed"
        ),
        aramex_event("SH777", "New code", "2026-09-10T15:00:00+02:00", status="out_for_delivery"),
        aramex_event("SH778", "Newer code", "2026-09-10T16:00:00+02:00"),
    )
    assert (explicit.status, explicit.ndr_reason) == ("delivery_failed", "premises_closed")
    assert (fallback.status, fallback.extra) == ("out_for_delivery", {})
    assert (unknown.status, unknown.raw_code, unknown.extra) == ("created", "SH778", {"unmapped": "1"})


@pytest.mark.parametrize(
    ("overrides", "code", "message"),
    [
        ({"code": None}, "missing_field", "events[0].code: required"),
        ({"code": ""}, "missing_field", "events[0].code: must not be empty"),
        ({"status": "arrived"}, "invalid_status", "events[0].status: 'arrived'"),
        ({"occurred_at": "2026-09-10 14:13"}, "invalid_time", "events[0].occurred_at: timestamp needs a UTC"),
        ({"tracking_number": None}, "missing_field", "events[0].tracking_number: required"),
    ],
)
def test_bad_events_are_refused(overrides: dict[str, Any], code: str, message: str) -> None:
    raw = aramex_event("SH003", "Out for Delivery", "2026-09-10T07:12:00+02:00")
    raw.update(overrides)
    with pytest.raises(AdapterError) as error:
        parse(raw)
    assert error.value.code == code
    assert message in error.value.message
