"""Delhivery scan push -> TrackingUpdates.

Body (one scan per request; a JSON list of such objects is accepted too, up to `MAX_SCANS`):
`{"Shipment": {"Status": {"Status": "Pending", "StatusType": "UD",
  "StatusDateTime": "2024-09-20T15:17:44.002", "StatusLocation": "Delhi_DLEIndustrialArea_D (Delhi)",
  "Instructions": "Consignee Unavailable"}, "NSLCode": "EOD-11", "AWB": "26805710004060",
  "ReferenceNo": "2237", "PickUpDate": ..., "Sortcode": ...}}`

The status depends on three values Delhivery sends: StatusType (UD forward, RT return, DL final,
PP/PU reverse pickup, CN cancelled), Status, and the NSL scan code. `raw_code` keeps all three as
`StatusType:Status/NSLCode` (e.g. `UD:Pending/EOD-11`) so `map_status(raw_code, raw_text)` can replay the
mapping; `raw_text` is Instructions. Resolution, in order:
1. a terminal pair (DL:Delivered, DL:RTO, DL:DTO, CN:*) decides;
2. on the return leg (RT:*) the pair decides unless the NSL code itself is a return status;
3. a known NSL code decides (its `other` failures take their reason from Instructions);
4. the pair decides, and a UD:Pending scan whose Instructions name a failure reason is a failed delivery;
5. anything else is the neutral status, marked `extra["unmapped"]`.

Delhivery sends local Indian time without an offset, so naive times are read as IST (UTC+05:30).
Delhivery has no event id: the dedupe key is the content key (AWB, raw_code, time, location).
"""

from __future__ import annotations

from datetime import timedelta, timezone
from pathlib import Path
from typing import Any

from wasl.carriers.base import NEUTRAL_STATUS, finish, json_object, load_json, parse_time, text_field
from wasl.carriers.codes import CodeEntry, StatusTable
from wasl.carriers.ndr_text import classify_ndr_text
from wasl.shipping.status import TERMINAL, ShipmentStatus
from wasl.shipping.types import AdapterError, TrackingUpdate

NAME = "delhivery"
TABLE = StatusTable.load(Path(__file__).with_name("status_map.json"))
IST = timezone(timedelta(hours=5, minutes=30), "IST")
MAX_SCANS = 1000
RETURN_STATUSES = frozenset(
    {ShipmentStatus.RTO_INITIATED, ShipmentStatus.RTO_IN_TRANSIT, ShipmentStatus.RTO_DELIVERED}
)
PENDING_PAIRS = frozenset({"ud:pending"})


def raw_code(status_type: str, status: str, nsl_code: str) -> str:
    pair = f"{status_type.upper()}:{status}"
    return f"{pair}/{nsl_code}" if nsl_code else pair


def _split(code: str) -> tuple[str, str]:
    """("StatusType:Status", "NSL") from a raw code; a bare NSL code has no pair."""
    pair, _, nsl = code.strip().partition("/")
    if ":" not in pair:
        return "", pair
    return pair, nsl


def _resolve(code: str, text: str) -> tuple[str, str, bool]:
    """(status, reason, whether a table entry decided)."""
    pair, nsl = _split(code)
    pair_entry = TABLE.get(pair) if pair else None
    nsl_entry = TABLE.get(nsl) if nsl else None
    chosen: CodeEntry | None = None
    if pair_entry is not None and pair_entry.status in TERMINAL:
        chosen = pair_entry
    elif pair_entry is not None and pair_entry.status in RETURN_STATUSES:
        chosen = nsl_entry if nsl_entry is not None and nsl_entry.status in RETURN_STATUSES else pair_entry
    elif nsl_entry is not None:
        chosen = nsl_entry
    elif pair_entry is not None:
        reason = classify_ndr_text(text) if pair_entry.code.casefold() in PENDING_PAIRS else ""
        if reason:
            return ShipmentStatus.DELIVERY_FAILED.value, reason, True
        chosen = pair_entry
    if chosen is None:
        return NEUTRAL_STATUS, "", False
    status, reason = StatusTable.resolve(chosen, text)
    return status, reason, True


def map_status(code: str, text: str = "") -> tuple[str, str]:
    status, reason, _ = _resolve(code, text)
    return status, reason


def _scan(item: Any, where: str) -> TrackingUpdate:
    body = json_object(item, where=where.rstrip(".") or "body")
    shipment = body.get("Shipment")
    if shipment is None:
        raise AdapterError("missing_field", f"{where}Shipment: required")
    if not isinstance(shipment, dict):
        raise AdapterError("invalid_field", f"{where}Shipment: expected an object")
    status = shipment.get("Status")
    if status is None:
        raise AdapterError("missing_field", f"{where}Shipment.Status: required")
    if not isinstance(status, dict):
        raise AdapterError("invalid_field", f"{where}Shipment.Status: expected an object")
    at = f"{where}Shipment.Status."
    awb = text_field(shipment, "AWB", where=f"{where}Shipment.", required=True, allow_int=True)
    status_name = text_field(status, "Status", where=at, required=True)
    status_type = text_field(status, "StatusType", where=at, required=True)
    if status.get("StatusDateTime") in (None, ""):
        raise AdapterError("missing_field", f"{at}StatusDateTime: required")
    occurred_at = parse_time(status["StatusDateTime"], field=f"{at}StatusDateTime", naive_timezone=IST)
    instructions = text_field(status, "Instructions", where=at)
    nsl = text_field(shipment, "NSLCode", where=f"{where}Shipment.") or text_field(
        status, "StatusCode", where=at
    )
    code = raw_code(status_type, status_name, nsl)
    canonical, reason, mapped = _resolve(code, instructions)
    extra = {"status_type": status_type.upper(), "status": status_name, "nsl_code": nsl}
    if not mapped:
        extra["unmapped"] = "1"
    return finish(
        TrackingUpdate(
            tracking_number=awb,
            carrier=NAME,
            status=canonical,
            occurred_at=occurred_at,
            raw_code=code,
            raw_text=instructions,
            ndr_reason=reason,
            location=text_field(status, "StatusLocation", where=at),
            source=NAME,
            order_external_id=text_field(shipment, "ReferenceNo", where=f"{where}Shipment.", allow_int=True),
            extra=extra,
        )
    )


def parse(body: bytes) -> list[TrackingUpdate]:
    payload = load_json(body)
    if isinstance(payload, list):
        if len(payload) > MAX_SCANS:
            raise AdapterError("too_many_events", f"body: {len(payload)} scans, at most {MAX_SCANS}")
        return [_scan(item, f"[{index}].") for index, item in enumerate(payload)]
    return [_scan(payload, "")]
