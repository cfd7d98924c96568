"""Wasl's generic carrier format: JSON body -> TrackingUpdates, validated field by field.

Body: `{"events": [event, ...]}` with at most `MAX_EVENTS` events. Each event:

| field           | required | meaning                                                              |
|-----------------|----------|----------------------------------------------------------------------|
| tracking_number | yes      | the carrier's tracking number (string)                               |
| carrier         | yes*     | the carrier's name, as stored on the shipment                        |
| status          | yes*     | a canonical ShipmentStatus value                                     |
| ndr_reason      | no       | an NdrReason value, only with status `delivery_failed`               |
| code            | no*      | the carrier's raw code                                               |
| description     | yes      | the carrier's text for the event (may be empty)                      |
| location        | yes      | where it happened (may be empty)                                     |
| occurred_at     | yes      | ISO-8601 with a UTC offset                                           |
| event_id        | no       | the carrier's id for the event; becomes the dedupe key               |
| order_id        | no       | the shop's external order id                                         |

(*) Carrier adapters that reuse this format with their own code table (`parse_coded`: Aramex, SMSA)
require `code` instead of `status` and default `carrier` to their own name.

Every failure raises AdapterError naming the event index and field, e.g.
`events[3].occurred_at: timestamp needs a UTC offset`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from wasl.carriers.base import NEUTRAL_STATUS, finish, json_object, load_json, parse_time, text_field
from wasl.carriers.codes import StatusTable
from wasl.carriers.ndr_text import classify_ndr_text
from wasl.shipping.status import NdrReason, ShipmentStatus
from wasl.shipping.types import AdapterError, TrackingUpdate

MAX_EVENTS = 1000
TABLE = StatusTable.load(Path(__file__).with_name("status_map.json"))


@dataclass(frozen=True, slots=True)
class _Event:
    """The fields every event shares, read and checked."""

    tracking_number: str
    carrier: str
    code: str
    status: str
    ndr_reason: str
    description: str
    location: str
    occurred_at: datetime
    event_id: str
    order_id: str


def events_of(body: bytes) -> list[Mapping[str, Any]]:
    """The `events` list of a generic body, with the envelope checks."""
    payload = json_object(load_json(body), where="body")
    if "events" not in payload:
        raise AdapterError("missing_field", "events: required")
    events = payload["events"]
    if not isinstance(events, list):
        raise AdapterError("invalid_field", "events: expected a list")
    if len(events) > MAX_EVENTS:
        raise AdapterError(
            "too_many_events", f"events: {len(events)} events, at most {MAX_EVENTS} per request"
        )
    checked: list[Mapping[str, Any]] = []
    for index, event in enumerate(events):
        if not isinstance(event, dict):
            raise AdapterError("invalid_field", f"events[{index}]: expected an object")
        checked.append(event)
    return checked


def _read(event: Mapping[str, Any], index: int, *, default_carrier: str, code_required: bool) -> _Event:
    where = f"events[{index}]."
    tracking_number = text_field(event, "tracking_number", where=where, required=True)
    carrier = text_field(event, "carrier", where=where, required=not default_carrier) or default_carrier
    code = text_field(event, "code", where=where, required=code_required)
    status = text_field(event, "status", where=where, required=not code_required)
    if status and status not in ShipmentStatus.values:
        raise AdapterError("invalid_status", f"{where}status: {status!r} is not a canonical status")
    reason = text_field(event, "ndr_reason", where=where)
    if reason and reason not in NdrReason.values:
        raise AdapterError("invalid_ndr_reason", f"{where}ndr_reason: {reason!r} is not an NDR reason")
    if reason and status and status != ShipmentStatus.DELIVERY_FAILED:
        raise AdapterError(
            "invalid_ndr_reason", f"{where}ndr_reason: only allowed with status delivery_failed"
        )
    for key in ("description", "location"):
        if key not in event:
            raise AdapterError("missing_field", f"{where}{key}: required (may be empty)")
    if "occurred_at" not in event or event["occurred_at"] in (None, ""):
        raise AdapterError("missing_field", f"{where}occurred_at: required")
    return _Event(
        tracking_number=tracking_number,
        carrier=carrier,
        code=code,
        status=status,
        ndr_reason=reason,
        description=text_field(event, "description", where=where),
        location=text_field(event, "location", where=where),
        occurred_at=parse_time(event["occurred_at"], field=f"{where}occurred_at", require_offset=True),
        event_id=text_field(event, "event_id", where=where),
        order_id=text_field(event, "order_id", where=where),
    )


def _failure_reason(given: str, text: str) -> str:
    return given or classify_ndr_text(text) or NdrReason.OTHER


def _update(event: _Event, *, source: str, status: str, reason: str, extra: dict[str, str]) -> TrackingUpdate:
    return finish(
        TrackingUpdate(
            tracking_number=event.tracking_number,
            carrier=event.carrier,
            status=status,
            occurred_at=event.occurred_at,
            raw_code=event.code or event.status,
            raw_text=event.description,
            ndr_reason=reason if status == ShipmentStatus.DELIVERY_FAILED else "",
            location=event.location,
            source=source,
            dedupe_key=event.event_id,
            order_external_id=event.order_id,
            extra=extra,
        )
    )


def parse_generic(body: bytes, *, source: str = "generic") -> list[TrackingUpdate]:
    """Events whose `status` is already canonical."""
    updates = []
    for index, raw in enumerate(events_of(body)):
        event = _read(raw, index, default_carrier="", code_required=False)
        reason = _failure_reason(event.ndr_reason, event.description)
        updates.append(_update(event, source=source, status=event.status, reason=reason, extra={}))
    return updates


def parse_coded(body: bytes, *, source: str, table: StatusTable) -> list[TrackingUpdate]:
    """Events that carry a carrier's own `code`, mapped with that carrier's table.

    The table decides when it knows the code; an explicit `ndr_reason` still wins for a failure. An
    unknown code falls back to the event's `status` when given, else to the neutral status, and is
    marked `extra["unmapped"] = "1"` so it can be reviewed.
    """
    updates = []
    for index, raw in enumerate(events_of(body)):
        event = _read(raw, index, default_carrier=source, code_required=True)
        entry = table.get(event.code)
        extra: dict[str, str] = {}
        if entry is not None:
            status, reason = StatusTable.resolve(entry, event.description)
            reason = event.ndr_reason or reason
        elif event.status:
            status, reason = event.status, _failure_reason(event.ndr_reason, event.description)
        else:
            status, reason, extra = NEUTRAL_STATUS, "", {"unmapped": "1"}
        updates.append(_update(event, source=source, status=status, reason=reason, extra=extra))
    return updates


def map_code(table: StatusTable, code: str, text: str = "") -> tuple[str, str]:
    """(status, reason) for one code of `table`; the neutral status for a code it does not know."""
    entry = table.get(code)
    if entry is None:
        return NEUTRAL_STATUS, ""
    return StatusTable.resolve(entry, text)
