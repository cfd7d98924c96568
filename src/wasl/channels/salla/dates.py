"""Salla's dates, which come as PHP DateTime objects serialised to JSON.

`{"date": "2022-06-26 12:21:45.000000", "timezone_type": 3, "timezone": "Asia/Riyadh"}`: a wall-clock time
and the zone it is in (type 3 names a zone, type 1 gives an offset such as "+03:00"). Some payloads send a
plain ISO 8601 string instead. A time naming no zone at all is read in Asia/Riyadh, where Salla keeps time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from wasl.channels.payload import INVALID_DATE, MISSING_FIELD, text
from wasl.shipping.types import AdapterError

SALLA_ZONE = "Asia/Riyadh"
# Saudi Arabia has no daylight saving, so a fixed offset is exact where the tz database is not installed.
_FIXED_ZONES = {"Asia/Riyadh": timezone(timedelta(hours=3), "Asia/Riyadh")}


def salla_datetime(value: Any, where: str) -> datetime:
    if isinstance(value, dict):
        raw, zone_name = text(value.get("date")), text(value.get("timezone"))
    else:
        raw, zone_name = text(value), ""
    if not raw:
        raise AdapterError(MISSING_FIELD, f"{where} is missing")
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise AdapterError(INVALID_DATE, f"{where} {raw!r} is not a date and time") from exc
    if moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=_zone(zone_name or SALLA_ZONE, where))


def optional_salla_datetime(value: Any, where: str) -> datetime | None:
    if value is None or value == "" or (isinstance(value, dict) and not text(value.get("date"))):
        return None
    return salla_datetime(value, where)


def _zone(name: str, where: str) -> tzinfo:
    if name.startswith(("+", "-")):
        try:
            return datetime.strptime(name.replace(":", ""), "%z").tzinfo or UTC
        except ValueError as exc:
            raise AdapterError(INVALID_DATE, f"{where} timezone {name!r} is not an offset") from exc
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        if name in _FIXED_ZONES:
            return _FIXED_ZONES[name]
        raise AdapterError(INVALID_DATE, f"{where} timezone {name!r} is unknown") from exc
