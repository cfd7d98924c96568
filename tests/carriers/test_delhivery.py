"""Delhivery scan push: StatusType/Status pairs, NSL codes, IST times, a real scan history, bad bodies."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from wasl.carriers.registry import get_carrier_adapter
from wasl.shipping.status import StatusPoint, fold
from wasl.shipping.types import AdapterError, TrackingUpdate, content_key

ADAPTER = get_carrier_adapter("delhivery")


def push(
    status: str,
    status_type: str,
    when: str,
    nsl: str = "",
    instructions: str = "",
    awb: Any = "1490000000017",
    location: str = "Delhi_DLEIndustrialArea_D (Delhi)",
) -> dict[str, Any]:
    return {
        "Shipment": {
            "Status": {
                "Status": status,
                "StatusDateTime": when,
                "StatusType": status_type,
                "StatusLocation": location,
                "Instructions": instructions,
            },
            "PickUpDate": "2024-09-18 18:26:01.000",
            "NSLCode": nsl,
            "Sortcode": "DEL/DLE",
            "ReferenceNo": "2237",
            "AWB": awb,
        }
    }


def parse_one(payload: dict[str, Any]) -> TrackingUpdate:
    (update,) = ADAPTER.parse(json.dumps(payload).encode(), {})
    return update


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("UD:Manifested/X-UCI", "Manifest uploaded", ("created", "")),
        ("UD:Not Picked", "", ("created", "")),
        ("UD:In Transit/X-PPOM", "Shipment picked up", ("picked_up", "")),
        ("UD:In Transit/X-ILL1F", "Bag Received at Facility", ("in_transit", "")),
        ("UD:Pending/X-IBD3F", "Shipment Received at Facility", ("in_transit", "")),
        ("UD:Dispatched/X-DDD3FD", "Out for delivery", ("out_for_delivery", "")),
        ("UD:Dispatched/ST-114", "Call placed to consignee", ("created", "")),
        ("UD:Pending/EOD-11", "Consignee Unavailable", ("delivery_failed", "customer_unavailable")),
        ("UD:Pending/EOD-74", "Bad Address", ("delivery_failed", "address_issue")),
        ("UD:Pending/EOD-6", "Consignee refused to accept/order cancelled", ("delivery_failed", "refused")),
        ("UD:Pending/EOD-111", "Opened and refused", ("delivery_failed", "refused")),
        ("UD:Pending/EOD-3", "Delivery rescheduled", ("delivery_failed", "future_delivery_requested")),
        ("UD:Pending/DLYDC-107", "Office/Institute closed", ("delivery_failed", "premises_closed")),
        ("UD:Pending/DLYDC-132", "Out of Delivery Area (ODA)", ("delivery_failed", "out_of_delivery_area")),
        ("UD:Pending/EOD-86", "Not attempted", ("delivery_failed", "other")),
        (
            "UD:Pending/EOD-25",
            "Customer asked to call later, cash not ready",
            ("delivery_failed", "cod_not_ready"),
        ),
        (
            "UD:Pending/EOD-43",
            "Consignee will take delivery on a future date",
            ("delivery_failed", "future_delivery_requested"),
        ),
        ("UD:Pending/EOD-15", "Cash not ready", ("delivery_failed", "cod_not_ready")),
        ("UD:Pending", "Shipment Received at Facility", ("in_transit", "")),
        ("UD:Pending/ST-108", "Reached maximum attempt count", ("rto_initiated", "")),
        ("RT:In Transit/RT-101", "Returned as per client instructions", ("rto_initiated", "")),
        ("RT:In Transit/X-ILL1F", "Bag Received at Facility", ("rto_in_transit", "")),
        ("RT:Pending/EOD-11", "Consignee Unavailable", ("rto_in_transit", "")),
        ("RT:Dispatched", "", ("rto_in_transit", "")),
        ("DL:Delivered/EOD-38", "Delivered to consignee", ("delivered", "")),
        ("DL:RTO/RT-101", "RTO delivered", ("rto_delivered", "")),
        ("DL:DTO", "", ("delivered", "")),
        ("PP:Open", "", ("created", "")),
        ("PU:In Transit", "", ("in_transit", "")),
        ("PU:Dispatched", "", ("out_for_delivery", "")),
        ("CN:Canceled/EOD-21", "Pickup request cancelled by customer", ("cancelled", "")),
        ("PP:Dispatched/EOD-777", "RVP QC fail", ("cancelled", "")),
        ("ud:pending/eod-11", "", ("delivery_failed", "customer_unavailable")),
        ("EOD-11", "", ("delivery_failed", "customer_unavailable")),
        ("XX:Teleported/ZZ-1", "", ("created", "")),
    ],
)
def test_codes_map_exactly(code: str, text: str, expected: tuple[str, str]) -> None:
    assert ADAPTER.map_status(code, text) == expected


def test_a_scan_push_becomes_one_update_in_utc() -> None:
    update = parse_one(push("Pending", "UD", "2024-09-20T15:17:44.002", "EOD-11", "Consignee Unavailable"))
    assert update == TrackingUpdate(
        tracking_number="1490000000017",
        carrier="delhivery",
        status="delivery_failed",
        occurred_at=datetime(2024, 9, 20, 9, 47, 44, 2000, tzinfo=UTC),  # 15:17:44.002 IST
        raw_code="UD:Pending/EOD-11",
        raw_text="Consignee Unavailable",
        ndr_reason="customer_unavailable",
        location="Delhi_DLEIndustrialArea_D (Delhi)",
        source="delhivery",
        dedupe_key=update.dedupe_key,
        order_external_id="2237",
        extra={"status_type": "UD", "status": "Pending", "nsl_code": "EOD-11"},
    )
    assert update.dedupe_key == content_key(update)
    assert ADAPTER.map_status(update.raw_code, update.raw_text) == (update.status, update.ndr_reason)


def test_times_with_an_offset_are_kept_and_numbers_are_accepted_as_awb() -> None:
    update = parse_one(push("Dispatched", "UD", "2024-09-20T14:10:33+05:30", "X-DDD3FD", awb=1490000000017))
    assert update.occurred_at == datetime(2024, 9, 20, 8, 40, 33, tzinfo=UTC)
    assert update.tracking_number == "1490000000017"


def test_the_tracking_api_status_code_field_stands_in_for_nsl_code() -> None:
    payload = push("Pending", "UD", "2024-09-20T15:17:44", instructions="Consignee Unavailable")
    del payload["Shipment"]["NSLCode"]
    payload["Shipment"]["Status"]["StatusCode"] = "EOD-11"
    assert parse_one(payload).raw_code == "UD:Pending/EOD-11"


def test_unknown_nsl_on_a_pending_scan_reads_the_instructions() -> None:
    failed = parse_one(push("Pending", "UD", "2024-09-20T15:17:44", "EOD-43", "Customer phone switched off"))
    assert (failed.status, failed.ndr_reason, failed.extra.get("unmapped")) == (
        "delivery_failed",
        "phone_unreachable",
        None,
    )
    unknown = parse_one(push("Teleported", "XX", "2024-09-20T15:17:44", "ZZ-1", "?"))
    assert (unknown.status, unknown.extra["unmapped"]) == ("created", "1")


# The scan history of one real Delhivery forward shipment (tracking API, September 2024), pushed scan by scan.
REAL_SCANS = [
    ("Manifested", "UD", "2024-09-18T12:04:40.034", "X-UCI", "Manifest uploaded", "created"),
    ("Manifested", "UD", "2024-09-18T13:21:22", "FMPUR-101", "Pickup scheduled", "created"),
    ("In Transit", "UD", "2024-09-18T18:26:01", "X-PPOM", "Shipment picked up", "picked_up"),
    (
        "In Transit",
        "UD",
        "2024-09-18T18:26:09.132",
        "S-MAR",
        "Air-restricted product. Move by surface",
        "in_transit",
    ),
    (
        "In Transit",
        "UD",
        "2024-09-18T18:29:34.954",
        "X-PIOM",
        "Shipment Recieved at Origin Center",
        "in_transit",
    ),
    ("In Transit", "UD", "2024-09-18T18:39:45.839", "X-DBL1F", "Added to Bag", "in_transit"),
    ("In Transit", "UD", "2024-09-19T03:43:28.54", "X-DLL2F", "Bag Added To Trip", "in_transit"),
    ("In Transit", "UD", "2024-09-19T14:28:21.14", "X-ILL2F", "Trip Arrived", "in_transit"),
    ("In Transit", "UD", "2024-09-19T18:05:10", "X-DWS", "System weight captured", "created"),
    ("In Transit", "UD", "2024-09-19T18:05:10", "X-IBD3F", "Shipment Received at Facility", "in_transit"),
    ("Pending", "UD", "2024-09-20T13:34:44.283", "X-IBD3F", "Shipment Received at Facility", "in_transit"),
    ("Dispatched", "UD", "2024-09-20T14:10:33.302", "X-DDD3FD", "Out for delivery", "out_for_delivery"),
    ("Dispatched", "UD", "2024-09-20T15:13:59.002", "ST-114", "Call placed to consignee", "created"),
    ("Pending", "UD", "2024-09-20T15:17:44.002", "EOD-11", "Consignee Unavailable", "delivery_failed"),
    ("Delivered", "DL", "2024-09-20T15:41:19.002", "EOD-38", "Delivered to consignee", "delivered"),
]


def test_a_real_scan_history_folds_to_delivered_after_one_failed_attempt() -> None:
    updates = [parse_one(push(s, t, when, nsl, text)) for s, t, when, nsl, text, _ in REAL_SCANS]
    assert [u.status for u in updates] == [expected for *_, expected in REAL_SCANS]
    assert updates[13].ndr_reason == "customer_unavailable"
    assert len({u.dedupe_key for u in updates}) == len(REAL_SCANS)
    state = fold(StatusPoint(u.occurred_at, u.status, u.dedupe_key, u.ndr_reason) for u in updates)
    assert (state.status, state.attempts, state.ndr_reason) == ("delivered", 2, "customer_unavailable")
    assert state.delivered_at == datetime(2024, 9, 20, 10, 11, 19, 2000, tzinfo=UTC)
    batch = ADAPTER.parse(json.dumps([push(s, t, w, n, x) for s, t, w, n, x, _ in REAL_SCANS]).encode(), {})
    assert batch == updates


def test_a_return_to_origin_history() -> None:
    scans = [
        push("Pending", "UD", "2024-10-01T12:00:00", "EOD-6", "Consignee refused to accept/order cancelled"),
        push("In Transit", "RT", "2024-10-02T09:00:00", "RT-101", "Returned as per client instructions"),
        push("In Transit", "RT", "2024-10-03T09:00:00", "X-ILL1F", "Bag Received at Facility"),
        push("Dispatched", "RT", "2024-10-05T09:00:00", "X-DDD3FD", "Out for delivery"),
        push("RTO", "DL", "2024-10-05T15:00:00", "RD-AC", "RTO delivered to client"),
    ]
    updates = [parse_one(scan) for scan in scans]
    assert [(u.status, u.ndr_reason) for u in updates] == [
        ("delivery_failed", "refused"),
        ("rto_initiated", ""),
        ("rto_in_transit", ""),
        ("rto_in_transit", ""),
        ("rto_delivered", ""),
    ]
    state = fold(StatusPoint(u.occurred_at, u.status, u.dedupe_key, u.ndr_reason) for u in updates)
    assert (state.status, state.attempts, state.ndr_reason) == ("rto_delivered", 1, "refused")


def remove(payload: dict[str, Any], *path: str) -> dict[str, Any]:
    target = payload
    for key in path[:-1]:
        target = target[key]
    del target[path[-1]]
    return payload


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        (b"", "invalid_json", "body is not JSON"),
        (b"Shipment=1", "invalid_json", "body is not JSON"),
        (b'"scan"', "invalid_payload", "body: expected a JSON object"),
        (b"{}", "missing_field", "Shipment: required"),
        (b'{"Shipment": []}', "invalid_field", "Shipment: expected an object"),
        (b'{"Shipment": {"AWB": "1"}}', "missing_field", "Shipment.Status: required"),
        (
            json.dumps(remove(push("Pending", "UD", "2024-09-20T15:17:44"), "Shipment", "AWB")).encode(),
            "missing_field",
            "Shipment.AWB: required",
        ),
        (
            json.dumps(
                remove(push("Pending", "UD", "2024-09-20T15:17:44"), "Shipment", "Status", "StatusType")
            ).encode(),
            "missing_field",
            "Shipment.Status.StatusType: required",
        ),
        (
            json.dumps(
                remove(push("Pending", "UD", "2024-09-20T15:17:44"), "Shipment", "Status", "Status")
            ).encode(),
            "missing_field",
            "Shipment.Status.Status: required",
        ),
        (
            json.dumps(push("Pending", "UD", "")).encode(),
            "missing_field",
            "Shipment.Status.StatusDateTime: required",
        ),
        (
            json.dumps(push("Pending", "UD", "20/09/2024")).encode(),
            "invalid_time",
            "Shipment.Status.StatusDateTime",
        ),
        (
            json.dumps([push("Pending", "UD", "2024-09-20T15:17:44"), {}]).encode(),
            "missing_field",
            "[1].Shipment",
        ),
        (json.dumps([7]).encode(), "invalid_payload", "[0]: expected a JSON object"),
    ],
)
def test_malformed_pushes_raise_adapter_errors(raw: bytes, code: str, message: str) -> None:
    with pytest.raises(AdapterError) as error:
        ADAPTER.parse(raw, {})
    assert error.value.code == code
    assert message in error.value.message
