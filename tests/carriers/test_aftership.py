"""AfterShip: every tag and subtag, the real tracking objects of the AfterShip Java SDK, bad bodies."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from wasl.carriers.registry import get_carrier_adapter
from wasl.shipping.status import ShipmentStatus, StatusPoint, fold
from wasl.shipping.types import AdapterError, TrackingUpdate, content_key

ADAPTER = get_carrier_adapter("aftership")

# Every tag and subtag of realdata/aftership/aftership_tags_subtags.json, with the status Wasl gives it.
EXPECTED = {
    "Pending": ("created", ""),
    "InfoReceived": ("created", ""),
    "InTransit": ("in_transit", ""),
    "OutForDelivery": ("out_for_delivery", ""),
    "AttemptFail": ("delivery_failed", "other"),
    "Delivered": ("delivered", ""),
    "AvailableForPickup": ("out_for_delivery", ""),
    "Exception": ("in_transit", ""),
    "Expired": ("created", ""),
    "Delivered_001": ("delivered", ""),
    "Delivered_002": ("delivered", ""),
    "Delivered_003": ("delivered", ""),
    "Delivered_004": ("delivered", ""),
    "Delivered_005": ("delivered", ""),
    "AvailableForPickup_001": ("out_for_delivery", ""),
    "Exception_001": ("in_transit", ""),
    "Exception_002": ("delivery_failed", "address_issue"),
    "Exception_003": ("delivery_failed", "refused"),
    "Exception_004": ("in_transit", ""),
    "Exception_005": ("in_transit", ""),
    "Exception_006": ("delivery_failed", "cod_not_ready"),
    "Exception_007": ("delivery_failed", "address_issue"),
    "Exception_008": ("delivery_failed", "customer_unavailable"),
    "Exception_009": ("rto_initiated", ""),
    "Exception_010": ("rto_initiated", ""),
    "Exception_011": ("rto_delivered", ""),
    "Exception_012": ("in_transit", ""),
    "Exception_013": ("lost", ""),
    "Exception_016": ("in_transit", ""),
    "Exception_017": ("in_transit", ""),
    "Exception_018": ("in_transit", ""),
    "AttemptFail_001": ("delivery_failed", "other"),
    "AttemptFail_002": ("delivery_failed", "customer_unavailable"),
    "AttemptFail_003": ("delivery_failed", "premises_closed"),
    "InTransit_001": ("in_transit", ""),
    "InTransit_002": ("picked_up", ""),
    "InTransit_003": ("in_transit", ""),
    "InTransit_004": ("in_transit", ""),
    "InTransit_005": ("in_transit", ""),
    "InTransit_006": ("in_transit", ""),
    "InTransit_007": ("in_transit", ""),
    "InTransit_008": ("in_transit", ""),
    "InTransit_009": ("in_transit", ""),
    "InfoReceived_001": ("created", ""),
    "OutForDelivery_001": ("out_for_delivery", ""),
    "OutForDelivery_002": ("out_for_delivery", ""),
    "OutForDelivery_003": ("out_for_delivery", ""),
    "OutForDelivery_004": ("out_for_delivery", ""),
    "Pending_001": ("created", ""),
    "Expired_001": ("created", ""),
}


def load(realdata: Path, name: str) -> dict[str, Any]:
    return json.loads((realdata / "aftership" / name).read_text(encoding="utf-8"))


def webhook(tracking: dict[str, Any], event: str = "tracking_update") -> bytes:
    envelope = {
        "event": event,
        "event_id": "6ad4ee3c-1d4b-4d2b-9f3a-1e2b8c7d0a11",
        "is_tracking_first_tag": False,
        "msg": tracking,
        "ts": 1533182387,
    }
    return json.dumps(envelope).encode()


def statuses(updates: list[TrackingUpdate]) -> list[tuple[str, str, str]]:
    return [(u.raw_code, u.status, u.ndr_reason) for u in updates]


def test_every_tag_and_subtag_of_the_reference_list_maps_as_expected(realdata: Path) -> None:
    reference = load(realdata, "aftership_tags_subtags.json")
    listed = [t["tag"] for t in reference["tags"]] + [s["subtag"] for s in reference["subtags"]]
    assert sorted(listed) == sorted(EXPECTED)
    for code in listed:
        status, reason = ADAPTER.map_status(code)
        assert (status, reason) == EXPECTED[code], code
        assert status in ShipmentStatus.values


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("Exception_014", ("in_transit", "")),  # newer subtag, not in the table: falls back to its tag
        ("Pending_006", ("created", "")),
        ("AttemptFail_009", ("delivery_failed", "other")),
        ("Delivered_099", ("delivered", "")),
        ("Returned_001", ("created", "")),  # unknown tag: the neutral status
        ("", ("created", "")),
    ],
)
def test_unknown_subtags_fall_back_to_their_tag(code: str, expected: tuple[str, str]) -> None:
    assert ADAPTER.map_status(code) == expected


def test_failure_reasons_come_from_the_message_where_the_code_is_generic() -> None:
    assert ADAPTER.map_status("AttemptFail_001", "Customer not available") == (
        "delivery_failed",
        "customer_unavailable",
    )
    assert ADAPTER.map_status("AttemptFail", "Refused by recipient") == ("delivery_failed", "refused")
    assert ADAPTER.map_status("Exception_001", "Incorrect address - unable to deliver") == (
        "delivery_failed",
        "address_issue",
    )
    assert ADAPTER.map_status("Exception", "Business closed") == ("delivery_failed", "premises_closed")
    assert ADAPTER.map_status("Exception_001", "Barcode label unreadable and replaced") == ("in_transit", "")
    assert ADAPTER.map_status("AttemptFail_002", "Refused") == ("delivery_failed", "customer_unavailable")


def test_get_tracking_result_yields_one_update_per_checkpoint(realdata: Path) -> None:
    tracking = load(realdata, "java_GetTrackingResult.json")["data"]["tracking"]
    updates = ADAPTER.parse(webhook(tracking), {})
    assert statuses(updates) == [
        ("InfoReceived_001", "created", ""),
        ("InTransit_002", "picked_up", ""),
        ("InTransit_007", "in_transit", ""),
        ("InTransit_001", "in_transit", ""),
        ("InTransit_003", "in_transit", ""),
        ("InTransit_007", "in_transit", ""),
        ("InTransit_007", "in_transit", ""),
        ("InTransit_001", "in_transit", ""),
        ("InTransit_001", "in_transit", ""),
        ("InTransit_004", "in_transit", ""),
        ("InTransit_001", "in_transit", ""),
        ("InTransit_007", "in_transit", ""),
        ("OutForDelivery_001", "out_for_delivery", ""),
        ("Delivered_001", "delivered", ""),
    ]
    first, last = updates[0], updates[-1]
    assert first.occurred_at == datetime(2018, 7, 23, 6, 21, 39, tzinfo=UTC)  # 01:21:39-05:00
    assert first.location == "" and first.raw_text == "Shipment information sent to FedEx"
    assert last.occurred_at == datetime(2018, 7, 25, 1, 10, tzinfo=UTC)  # 10:10+09:00
    assert (last.location, last.raw_text) == ("SAPPORO JP", "Delivered")
    for update in updates:
        assert (update.tracking_number, update.carrier, update.source) == (
            "111111111111",
            "fedex",
            "aftership",
        )
        assert update.dedupe_key == content_key(update)
        assert update.occurred_at.utcoffset() is not None
        assert update.extra["tag"] == update.raw_code.split("_")[0]
    assert len({u.dedupe_key for u in updates}) == 14
    state = fold(StatusPoint(u.occurred_at, u.status, u.dedupe_key, u.ndr_reason) for u in updates)
    assert (state.status, state.attempts, state.delivered_at) == ("delivered", 1, last.occurred_at)


def test_update_tracking_result_with_naive_times_reads_them_as_utc(realdata: Path) -> None:
    tracking = load(realdata, "java_UpdateTrackingResult.json")["data"]["tracking"]
    updates = ADAPTER.parse(webhook(tracking), {})
    assert statuses(updates) == [
        ("InfoReceived_001", "created", ""),
        ("InTransit_002", "picked_up", ""),
        ("InTransit_003", "in_transit", ""),
        ("InTransit_007", "in_transit", ""),
        ("Exception_001", "in_transit", ""),  # "Barcode label unreadable and replaced": no failed attempt
        ("InTransit_003", "in_transit", ""),
        ("InTransit_007", "in_transit", ""),
        ("InTransit_007", "in_transit", ""),
        ("InTransit_003", "in_transit", ""),
        ("OutForDelivery_001", "out_for_delivery", ""),
        ("Delivered_001", "delivered", ""),
    ]
    assert updates[0].occurred_at == datetime(2018, 7, 31, 14, 33, tzinfo=UTC)
    assert updates[4].location == "KEASBEY, NJ"
    assert updates[-1].occurred_at == datetime(2018, 8, 1, 17, 19, 47, tzinfo=UTC)


def test_the_same_history_written_with_offsets_gives_the_same_dedupe_keys(realdata: Path) -> None:
    """GetTrackings shows tracking 1111111111111 with offsets, UpdateTracking the same one in naive UTC."""
    naive = load(realdata, "java_UpdateTrackingResult.json")["data"]["tracking"]
    listing = load(realdata, "java_GetTrackingsResult.json")["data"]["trackings"]
    with_offsets = next(t for t in listing if t["tracking_number"] == "1111111111111")
    keys_naive = [u.dedupe_key for u in ADAPTER.parse(webhook(naive), {})]
    keys_offset = [u.dedupe_key for u in ADAPTER.parse(webhook(with_offsets), {})]
    assert len(set(keys_naive)) == 11
    assert keys_naive == keys_offset


def test_replaying_the_webhook_in_any_order_gives_the_same_updates(realdata: Path) -> None:
    tracking = load(realdata, "java_GetTrackingResult.json")["data"]["tracking"]
    once = ADAPTER.parse(webhook(tracking), {})
    reversed_tracking = dict(tracking, checkpoints=list(reversed(tracking["checkpoints"])))
    again = ADAPTER.parse(webhook(reversed_tracking, event="edd_revise"), {})
    assert sorted(once, key=lambda u: u.dedupe_key) == sorted(again, key=lambda u: u.dedupe_key)


def test_the_last_checkpoint_result_dedupes_against_the_full_history(realdata: Path) -> None:
    last = load(realdata, "java_GetLastCheckpointResult.json")["data"]
    tracking = {
        "tracking_number": last["tracking_number"],
        "slug": last["slug"],
        "checkpoints": [last["checkpoint"]],
    }
    (update,) = ADAPTER.parse(webhook(tracking), {})
    assert (update.raw_code, update.status, update.location) == ("Delivered_001", "delivered", "Deal, NJ")
    assert update.occurred_at == datetime(2018, 8, 1, 17, 19, 47, tzinfo=UTC)
    history = load(realdata, "java_UpdateTrackingResult.json")["data"]["tracking"]
    history["tracking_number"] = last["tracking_number"]
    assert ADAPTER.parse(webhook(history), {})[-1].dedupe_key == update.dedupe_key


def test_trackings_without_checkpoints_yield_nothing(realdata: Path) -> None:
    created = load(realdata, "java_CreateTrackingResult.json")["data"]["tracking"]
    assert ADAPTER.parse(webhook(created), {}) == []
    expired = load(realdata, "java_GetTrackingsResult.json")["data"]["trackings"][1]
    assert expired["tag"] == "Expired"
    assert ADAPTER.parse(webhook(expired), {}) == []
    deleted = load(realdata, "java_DeleteTrackingResult.json")["data"]["tracking"]
    assert "checkpoints" not in deleted
    assert ADAPTER.parse(webhook(deleted), {}) == []


def test_order_id_and_failed_attempt_and_return_flow() -> None:
    tracking = {
        "tracking_number": "JD0146000012",
        "slug": "aramex",
        "order_id": "#1042",
        "checkpoints": [
            {
                "checkpoint_time": "2024-05-02T09:00:00+03:00",
                "tag": "OutForDelivery",
                "subtag": "OutForDelivery_001",
                "message": "Out for delivery",
                "city": "Riyadh",
                "country_iso3": "SAU",
            },
            {
                "checkpoint_time": "2024-05-02T13:10:00+03:00",
                "tag": "AttemptFail",
                "subtag": "AttemptFail_001",
                "message": "Consignee not available",
                "city": "Riyadh",
                "country_iso3": "SAU",
            },
            {
                "checkpoint_time": "2024-05-04T10:00:00+03:00",
                "tag": "Exception",
                "subtag": "Exception_010",
                "message": "Returning to sender",
                "location": "Riyadh Hub",
            },
            {
                "checkpoint_time": "2024-05-06T10:00:00+03:00",
                "tag": "Exception",
                "subtag": "Exception_011",
                "message": "Returned to sender",
                "location": "Jeddah",
            },
        ],
    }
    updates = ADAPTER.parse(webhook(tracking), {})
    assert statuses(updates) == [
        ("OutForDelivery_001", "out_for_delivery", ""),
        ("AttemptFail_001", "delivery_failed", "customer_unavailable"),
        ("Exception_010", "rto_initiated", ""),
        ("Exception_011", "rto_delivered", ""),
    ]
    assert [u.location for u in updates] == ["Riyadh, SAU", "Riyadh, SAU", "Riyadh Hub", "Jeddah"]
    assert {u.order_external_id for u in updates} == {"#1042"}
    assert {u.carrier for u in updates} == {"aramex"}
    state = fold(StatusPoint(u.occurred_at, u.status, u.dedupe_key, u.ndr_reason) for u in updates)
    assert (state.status, state.attempts, state.ndr_reason) == ("rto_delivered", 1, "customer_unavailable")


def test_unknown_tag_is_kept_raw_and_marked_unmapped() -> None:
    tracking = {
        "tracking_number": "X1",
        "checkpoints": [{"checkpoint_time": "2024-05-02T09:00:00Z", "tag": "Teleported", "message": "?"}],
    }
    (update,) = ADAPTER.parse(webhook(tracking), {})
    assert (update.status, update.raw_code, update.carrier) == ("created", "Teleported", "aftership")
    assert update.extra == {"tag": "Teleported", "unmapped": "1"}


@pytest.mark.parametrize(
    ("body", "code", "message"),
    [
        (b"", "invalid_json", "not JSON"),
        (b"{not json", "invalid_json", "not JSON"),
        (b"\xff\xfe", "invalid_json", "not UTF-8"),
        (b"[]", "invalid_payload", "body: expected a JSON object"),
        (b'{"event": "tracking_update"}', "missing_field", "msg: required"),
        (b'{"msg": "tracking"}', "invalid_field", "msg: expected the tracking object"),
        (b'{"msg": {"checkpoints": []}}', "missing_field", "msg.tracking_number: required"),
        (b'{"msg": {"tracking_number": 12, "checkpoints": []}}', "invalid_field", "msg.tracking_number"),
        (b'{"msg": {"tracking_number": "A", "checkpoints": {}}}', "invalid_field", "msg.checkpoints"),
        (b'{"msg": {"tracking_number": "A", "checkpoints": [1]}}', "invalid_field", "msg.checkpoints[0]"),
        (
            b'{"msg": {"tracking_number": "A", "checkpoints": [{"checkpoint_time": "2024-01-01T00:00Z"}]}}',
            "missing_field",
            "msg.checkpoints[0].tag",
        ),
        (
            b'{"msg": {"tracking_number": "A", "checkpoints": [{"tag": "InTransit"}]}}',
            "missing_field",
            "msg.checkpoints[0].checkpoint_time",
        ),
        (
            b'{"msg": {"tracking_number": "A", "checkpoints": [{"tag": "X", "checkpoint_time": "soon"}]}}',
            "invalid_time",
            "msg.checkpoints[0].checkpoint_time",
        ),
    ],
)
def test_malformed_bodies_raise_adapter_errors(body: bytes, code: str, message: str) -> None:
    with pytest.raises(AdapterError) as error:
        ADAPTER.parse(body, {})
    assert error.value.code == code
    assert message in error.value.message
