"""AfterShip tracking webhooks -> TrackingUpdates.

Body (https://www.aftership.com/docs/tracking/webhook/webhook-specifications):
`{"event": "tracking_update", "event_id": <uuid>, "is_tracking_first_tag": bool, "ts": <unix>,
  "msg": <tracking object>}`. `edd_revise` and `tracking_pending_time` carry the same tracking object.

Each checkpoint of `msg.checkpoints` becomes one update, so every webhook replays the whole history;
checkpoints have no id, so the dedupe key is the content key (carrier slug, tracking number, subtag,
checkpoint time in UTC, location) and a replay, in any order or with times written in another offset,
produces the same keys. `checkpoint_time` is the carrier's local time with its offset; a time without an
offset is read as UTC (AfterShip's own objects show naive times equal to the UTC instant).

Status: the checkpoint's subtag (`InTransit_002`), else its tag prefix (`InTransit`), through
`status_map.json`. A generic exception (tag `Exception`, subtag `Exception_001`) becomes a failed
delivery only when its message names a failure reason; otherwise it stays in transit.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from wasl.carriers.base import NEUTRAL_STATUS, finish, json_object, load_json, parse_time, text_field
from wasl.carriers.codes import StatusTable
from wasl.carriers.ndr_text import classify_ndr_text
from wasl.shipping.status import ShipmentStatus
from wasl.shipping.types import AdapterError, TrackingUpdate

NAME = "aftership"
TABLE = StatusTable.load(Path(__file__).with_name("status_map.json"))
TEXT_DECIDES = frozenset({"Exception", "Exception_001"})


def _entry_code(code: str) -> str:
    """The table key that decides `code`: itself when listed, else its tag prefix, else ""."""
    if code in TABLE:
        return code
    tag = code.split("_", 1)[0]
    return tag if tag in TABLE else ""


def map_status(code: str, text: str = "") -> tuple[str, str]:
    key = _entry_code(code.strip())
    entry = TABLE.get(key) if key else None
    if entry is None:
        return NEUTRAL_STATUS, ""
    if entry.code in TEXT_DECIDES:
        reason = classify_ndr_text(text)
        if reason:
            return ShipmentStatus.DELIVERY_FAILED.value, reason
    return StatusTable.resolve(entry, text)


def _location(checkpoint: Mapping[str, Any], where: str) -> str:
    location = text_field(checkpoint, "location", where=where)
    if location:
        return location
    parts = [text_field(checkpoint, key, where=where) for key in ("city", "state", "zip")]
    country = text_field(checkpoint, "country_name", where=where) or text_field(
        checkpoint, "country_iso3", where=where
    )
    return ", ".join(part for part in [*parts, country] if part)


def _checkpoint(
    checkpoint: Any, index: int, *, tracking_number: str, slug: str, order_id: str
) -> TrackingUpdate:
    where = f"msg.checkpoints[{index}]."
    if not isinstance(checkpoint, dict):
        raise AdapterError("invalid_field", f"{where[:-1]}: expected an object")
    tag = text_field(checkpoint, "tag", where=where)
    code = text_field(checkpoint, "subtag", where=where) or tag
    if not code:
        raise AdapterError("missing_field", f"{where}tag: a checkpoint needs a tag or subtag")
    if checkpoint.get("checkpoint_time") in (None, ""):
        raise AdapterError("missing_field", f"{where}checkpoint_time: required")
    message = text_field(checkpoint, "message", where=where)
    status, reason = map_status(code, message)
    extra = {"tag": tag} if tag else {}
    if not _entry_code(code):
        extra["unmapped"] = "1"
    return finish(
        TrackingUpdate(
            tracking_number=tracking_number,
            carrier=slug,
            status=status,
            occurred_at=parse_time(checkpoint["checkpoint_time"], field=f"{where}checkpoint_time"),
            raw_code=code,
            raw_text=message,
            ndr_reason=reason,
            location=_location(checkpoint, where),
            source=NAME,
            order_external_id=order_id,
            extra=extra,
        )
    )


def parse(body: bytes) -> list[TrackingUpdate]:
    payload = json_object(load_json(body), where="body")
    if "msg" not in payload:
        raise AdapterError("missing_field", "msg: required (the tracking object)")
    tracking = payload["msg"]
    if not isinstance(tracking, dict):
        raise AdapterError("invalid_field", "msg: expected the tracking object")
    tracking_number = text_field(tracking, "tracking_number", where="msg.", required=True)
    slug = text_field(tracking, "slug", where="msg.") or NAME
    order_id = text_field(tracking, "order_id", where="msg.")
    checkpoints = tracking.get("checkpoints")
    if checkpoints is None:
        checkpoints = []
    if not isinstance(checkpoints, list):
        raise AdapterError("invalid_field", "msg.checkpoints: expected a list")
    return [
        _checkpoint(checkpoint, index, tracking_number=tracking_number, slug=slug, order_id=order_id)
        for index, checkpoint in enumerate(checkpoints)
    ]
