"""Wasl's generic carrier format: exact updates, and one named error per kind of bad input."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from wasl.carriers.generic.mapper import MAX_EVENTS
from wasl.carriers.registry import get_carrier_adapter
from wasl.shipping.types import AdapterError, TrackingUpdate, content_key

ADAPTER = get_carrier_adapter("generic")


def event(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "tracking_number": "TRK-1001",
        "carrier": "J&T Express",
        "status": "in_transit",
        "description": "Arrived at Casablanca hub",
        "location": "Casablanca, MA",
        "occurred_at": "2024-06-01T10:15:00+01:00",
    }
    base.update(overrides)
    return {key: value for key, value in base.items() if value is not ...}


def body(*events: Any) -> bytes:
    return json.dumps({"events": list(events)}).encode()


def parse_one(**overrides: Any) -> TrackingUpdate:
    (update,) = ADAPTER.parse(body(event(**overrides)), {})
    return update


def test_a_full_event_becomes_one_exact_update() -> None:
    update = parse_one(
        status="delivery_failed",
        ndr_reason="cod_not_ready",
        code="NDR-07",
        description="Client n'avait pas l'argent",
        event_id="evt_000183",
        order_id="#5521",
    )
    assert update == TrackingUpdate(
        tracking_number="TRK-1001",
        carrier="J&T Express",
        status="delivery_failed",
        occurred_at=datetime(2024, 6, 1, 9, 15, tzinfo=UTC),
        raw_code="NDR-07",
        raw_text="Client n'avait pas l'argent",
        ndr_reason="cod_not_ready",
        location="Casablanca, MA",
        source="generic",
        dedupe_key="evt_000183",
        order_external_id="#5521",
        extra={},
    )


def test_without_event_id_the_dedupe_key_is_the_content_key() -> None:
    update = parse_one()
    assert update.dedupe_key == content_key(update) != ""
    assert update.raw_code == "in_transit"  # no code given: the status is the code
    assert update.occurred_at.tzinfo is UTC
    same = parse_one(occurred_at="2024-06-01T09:15:00Z")
    assert same.dedupe_key == update.dedupe_key  # the same instant written in another offset


def test_a_failed_delivery_without_reason_reads_the_description() -> None:
    assert parse_one(status="delivery_failed", description="العميل رفض الاستلام").ndr_reason == "refused"
    assert parse_one(status="delivery_failed", description="Driver had a flat tyre").ndr_reason == "other"
    assert parse_one(status="delivered", description="Customer not available").ndr_reason == ""


def test_many_events_keep_their_order_and_an_empty_list_is_fine() -> None:
    events = [
        event(status=s, event_id=f"e{i}") for i, s in enumerate(["picked_up", "in_transit", "delivered"])
    ]
    updates = ADAPTER.parse(body(*events), {})
    assert [(u.status, u.dedupe_key) for u in updates] == [
        ("picked_up", "e0"),
        ("in_transit", "e1"),
        ("delivered", "e2"),
    ]
    assert ADAPTER.parse(body(), {}) == []
    assert len(ADAPTER.parse(body(*[event()] * MAX_EVENTS), {})) == 1000


def test_map_status_covers_every_canonical_status() -> None:
    assert ADAPTER.map_status("rto_in_transit") == ("rto_in_transit", "")
    assert ADAPTER.map_status("delivery_failed", "shop closed") == ("delivery_failed", "premises_closed")
    assert ADAPTER.map_status("delivery_failed") == ("delivery_failed", "other")
    assert ADAPTER.map_status("teleported") == ("created", "")


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        (b"", "invalid_json", "body is not JSON"),
        (b'{"events": [}', "invalid_json", "body is not JSON"),
        (b"\xc3\x28", "invalid_json", "body is not UTF-8"),
        (b'[{"tracking_number": "A"}]', "invalid_payload", "body: expected a JSON object"),
        (b"{}", "missing_field", "events: required"),
        (b'{"events": {"tracking_number": "A"}}', "invalid_field", "events: expected a list"),
        (b'{"events": [7]}', "invalid_field", "events[0]: expected an object"),
    ],
)
def test_envelope_errors(raw: bytes, code: str, message: str) -> None:
    with pytest.raises(AdapterError) as error:
        ADAPTER.parse(raw, {})
    assert (error.value.code, error.value.message.startswith(message)) == (code, True)


def test_more_than_a_thousand_events_is_refused() -> None:
    with pytest.raises(AdapterError) as error:
        ADAPTER.parse(body(*[event()] * (MAX_EVENTS + 1)), {})
    assert error.value.code == "too_many_events"
    assert error.value.message == "events: 1001 events, at most 1000 per request"


@pytest.mark.parametrize(
    ("overrides", "code", "message"),
    [
        ({"tracking_number": ...}, "missing_field", "events[1].tracking_number: required"),
        ({"tracking_number": "  "}, "missing_field", "events[1].tracking_number: must not be empty"),
        ({"tracking_number": 1001}, "invalid_field", "events[1].tracking_number: expected a string, got int"),
        ({"carrier": ...}, "missing_field", "events[1].carrier: required"),
        ({"status": ...}, "missing_field", "events[1].status: required"),
        ({"status": "shipped"}, "invalid_status", "events[1].status: 'shipped' is not a canonical status"),
        (
            {"status": "Delivered"},
            "invalid_status",
            "events[1].status: 'Delivered' is not a canonical status",
        ),
        (
            {"ndr_reason": "busy", "status": "delivery_failed"},
            "invalid_ndr_reason",
            "events[1].ndr_reason: 'busy'",
        ),
        ({"ndr_reason": "refused"}, "invalid_ndr_reason", "only allowed with status delivery_failed"),
        ({"description": ...}, "missing_field", "events[1].description: required (may be empty)"),
        ({"location": ...}, "missing_field", "events[1].location: required (may be empty)"),
        ({"description": ["x"]}, "invalid_field", "events[1].description: expected a string, got list"),
        ({"occurred_at": ...}, "missing_field", "events[1].occurred_at: required"),
        (
            {"occurred_at": "2024-06-01T10:15:00"},
            "invalid_time",
            "events[1].occurred_at: timestamp needs a UTC",
        ),
        ({"occurred_at": "01/06/2024 10:15"}, "invalid_time", "events[1].occurred_at: not an ISO-8601"),
        ({"occurred_at": 1717233300}, "invalid_time", "events[1].occurred_at: expected an ISO-8601"),
        ({"event_id": 55}, "invalid_field", "events[1].event_id: expected a string, got int"),
        ({"order_id": True}, "invalid_field", "events[1].order_id: expected a string, got bool"),
    ],
)
def test_event_errors_name_the_field_and_the_index(
    overrides: dict[str, Any], code: str, message: str
) -> None:
    with pytest.raises(AdapterError) as error:
        ADAPTER.parse(body(event(), event(**overrides)), {})
    assert error.value.code == code
    assert message in error.value.message
    assert error.value.message.startswith("events[1].")


def test_empty_description_and_location_and_null_optionals_are_accepted() -> None:
    update = parse_one(description="", location="", event_id=None, order_id=None, code=None, ndr_reason=None)
    assert (update.raw_text, update.location, update.order_external_id) == ("", "", "")
    assert update.dedupe_key == content_key(update)
