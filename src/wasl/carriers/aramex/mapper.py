"""Aramex events -> TrackingUpdates.

Aramex publishes no push/webhook API: its tracking is pulled (TrackShipments). A relay that polls Aramex
forwards each TrackingResult in Wasl's generic format with `code` = UpdateCode, `description` =
UpdateDescription (plus Comments when useful) and `occurred_at` = UpdateDateTime with its offset. The
code decides the status through `status_map.json`; for SH033 ("Attempted Delivery - <reason>") the
reason is read from the description.
"""

from __future__ import annotations

from pathlib import Path

from wasl.carriers.codes import StatusTable
from wasl.carriers.generic.mapper import map_code, parse_coded
from wasl.shipping.types import TrackingUpdate

NAME = "aramex"
TABLE = StatusTable.load(Path(__file__).with_name("status_map.json"))


def parse(body: bytes) -> list[TrackingUpdate]:
    return parse_coded(body, source=NAME, table=TABLE)


def map_status(code: str, text: str = "") -> tuple[str, str]:
    return map_code(TABLE, code, text)
