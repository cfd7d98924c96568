"""SMSA events -> TrackingUpdates.

SMSA publishes no push/webhook API: tracking is pulled from its eCommerce API, whose scans carry a
status code and a description. A relay forwards each scan in Wasl's generic format with `code` = the
SMSA status code (current four-letter codes such as SHOD/ATNA, or legacy scan codes such as OD/DEX08),
`description` = the scan text and `occurred_at` = the scan time with its offset. `status_map.json`
decides the status; the few generic failure codes (SHAT, DE, ...) take their reason from the text.
"""

from __future__ import annotations

from pathlib import Path

from wasl.carriers.codes import StatusTable
from wasl.carriers.generic.mapper import map_code, parse_coded
from wasl.shipping.types import TrackingUpdate

NAME = "smsa"
TABLE = StatusTable.load(Path(__file__).with_name("status_map.json"))


def parse(body: bytes) -> list[TrackingUpdate]:
    return parse_coded(body, source=NAME, table=TABLE)


def map_status(code: str, text: str = "") -> tuple[str, str]:
    return map_code(TABLE, code, text)
