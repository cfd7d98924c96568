"""The registry, and the promises every adapter keeps whatever its source."""

from __future__ import annotations

import json
from datetime import UTC

import pytest

from wasl.carriers.base import CarrierAdapter, header
from wasl.carriers.registry import carrier_names, get_carrier_adapter
from wasl.shipping.status import NdrReason, ShipmentStatus

SAMPLES: dict[str, bytes] = {
    "aftership": json.dumps(
        {
            "event": "tracking_update",
            "msg": {
                "tracking_number": "RR123456785SA",
                "slug": "saudi-post",
                "checkpoints": [
                    {"checkpoint_time": "2024-02-01T08:00:00", "tag": "InTransit", "subtag": "InTransit_002"},
                    {
                        "checkpoint_time": "2024-02-02T17:30:00+03:00",
                        "tag": "AttemptFail",
                        "message": "Refused",
                    },
                ],
            },
        }
    ).encode(),
    "aramex": json.dumps(
        {
            "events": [
                {
                    "tracking_number": "4410",
                    "code": "SH033",
                    "description": "Attempted Delivery - Refused",
                    "location": "",
                    "occurred_at": "2024-02-02T17:30:00+03:00",
                }
            ]
        }
    ).encode(),
    "delhivery": json.dumps(
        {
            "Shipment": {
                "AWB": "149",
                "NSLCode": "EOD-11",
                "Status": {
                    "Status": "Pending",
                    "StatusType": "UD",
                    "StatusDateTime": "2024-02-02T17:30:00",
                    "StatusLocation": "Pune",
                    "Instructions": "Consignee Unavailable",
                },
            }
        }
    ).encode(),
    "generic": json.dumps(
        {
            "events": [
                {
                    "tracking_number": "G1",
                    "carrier": "Naqel",
                    "status": "delivery_failed",
                    "description": "",
                    "location": "Dammam",
                    "occurred_at": "2024-02-02T17:30:00+03:00",
                    "event_id": "n-1",
                }
            ]
        }
    ).encode(),
    "smsa": json.dumps(
        {
            "events": [
                {
                    "tracking_number": "S1",
                    "code": "ATNA",
                    "description": "No Answer",
                    "location": "Jeddah",
                    "occurred_at": "2024-02-02T17:30:00+03:00",
                }
            ]
        }
    ).encode(),
}


def test_names_are_sorted_and_unknown_names_raise_key_error() -> None:
    assert carrier_names() == ["aftership", "aramex", "delhivery", "generic", "smsa"]
    with pytest.raises(KeyError):
        get_carrier_adapter("fedex")
    with pytest.raises(KeyError):
        get_carrier_adapter("Aramex")


@pytest.mark.parametrize("name", carrier_names())
def test_each_adapter_is_a_carrier_adapter_registered_under_its_own_name(name: str) -> None:
    adapter = get_carrier_adapter(name)
    assert isinstance(adapter, CarrierAdapter)
    assert adapter.name == name
    assert adapter.signature_header
    assert get_carrier_adapter(name) is adapter


@pytest.mark.parametrize("name", carrier_names())
def test_every_update_keeps_the_adapter_promises(name: str) -> None:
    adapter = get_carrier_adapter(name)
    updates = adapter.parse(SAMPLES[name], {})
    assert updates
    for update in updates:
        assert update.dedupe_key
        assert update.occurred_at.tzinfo is UTC
        assert update.source == name
        assert update.status in ShipmentStatus.values
        assert update.raw_code
        if update.status == ShipmentStatus.DELIVERY_FAILED:
            assert update.ndr_reason in NdrReason.values
        else:
            assert update.ndr_reason == ""
    assert updates[-1].status == ShipmentStatus.DELIVERY_FAILED


@pytest.mark.parametrize("name", carrier_names())
def test_map_status_always_answers_with_canonical_values(name: str) -> None:
    adapter = get_carrier_adapter(name)
    for code in ("", "???", "delivered", "SH005", "DL", "Delivered_001", "DL:Delivered"):
        status, reason = adapter.map_status(code, "customer not available")
        assert status in ShipmentStatus.values
        assert reason == "" or reason in NdrReason.values


def test_header_lookup_ignores_case_and_strips() -> None:
    headers = {"X-Wasl-Signature": " sha256=ab ", "content-type": "application/json"}
    assert header(headers, "x-wasl-signature") == "sha256=ab"
    assert header(headers, "Content-Type") == "application/json"
    assert header(headers, "Authorization") == ""
