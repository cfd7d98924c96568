"""A carrier's code table: one `status_map.json` per carrier folder, loaded and checked once.

File format: a JSON object mapping each carrier code to
`{"status": <ShipmentStatus value>, "ndr_reason": <NdrReason value or "">, "description": str}`.
Keys starting with "_" are metadata (`_source`: where the codes come from, `_notes`), not codes.

Rules checked at load time, so a bad table fails at import rather than in production:
- every status is a ShipmentStatus value and every non-empty ndr_reason an NdrReason value;
- a `delivery_failed` entry always names a reason (`other` when the code itself says nothing more:
  then the event's text may refine it, see `StatusTable.resolve`);
- only `delivery_failed` entries carry a reason.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from wasl.carriers.ndr_text import classify_ndr_text
from wasl.shipping.status import NdrReason, ShipmentStatus

STATUSES = frozenset(ShipmentStatus.values)
REASONS = frozenset(NdrReason.values)


@dataclass(frozen=True, slots=True)
class CodeEntry:
    code: str
    status: str
    ndr_reason: str
    description: str


class StatusTableError(ValueError):
    pass


class StatusTable:
    def __init__(self, entries: Mapping[str, CodeEntry], *, source: list[str]) -> None:
        self._entries = dict(entries)
        self._folded = {code.casefold(): entry for code, entry in self._entries.items()}
        self.source = source

    @classmethod
    def load(cls, path: Path) -> StatusTable:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise StatusTableError(f"{path}: expected a JSON object")
        source = raw.get("_source", [])
        entries: dict[str, CodeEntry] = {}
        folded: set[str] = set()
        for code, value in raw.items():
            if code.startswith("_"):
                continue
            entry = _entry(path, code, value)
            if code.casefold() in folded:
                raise StatusTableError(f"{path}: {code!r} is listed twice (codes are case-insensitive)")
            folded.add(code.casefold())
            entries[code] = entry
        if not source:
            raise StatusTableError(f"{path}: _source must say where the codes come from")
        return cls(entries, source=list(source))

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.get(code) is not None

    def get(self, code: str) -> CodeEntry | None:
        """The entry for `code`, exact match first, then ignoring case and surrounding space."""
        return self._entries.get(code) or self._folded.get(code.strip().casefold())

    @staticmethod
    def resolve(entry: CodeEntry, text: str = "") -> tuple[str, str]:
        """(status, reason) for an entry; a generic failure (`other`) takes its reason from `text`."""
        if entry.status == ShipmentStatus.DELIVERY_FAILED and entry.ndr_reason == NdrReason.OTHER:
            return entry.status, classify_ndr_text(text) or entry.ndr_reason
        return entry.status, entry.ndr_reason


def _entry(path: Path, code: str, value: object) -> CodeEntry:
    where = f"{path.name}: {code!r}"
    if not isinstance(value, dict) or set(value) != {"status", "ndr_reason", "description"}:
        raise StatusTableError(f"{where}: expected exactly status, ndr_reason and description")
    status, reason, description = value["status"], value["ndr_reason"], value["description"]
    if status not in STATUSES:
        raise StatusTableError(f"{where}: unknown status {status!r}")
    if reason and reason not in REASONS:
        raise StatusTableError(f"{where}: unknown ndr_reason {reason!r}")
    if status == ShipmentStatus.DELIVERY_FAILED and not reason:
        raise StatusTableError(f"{where}: delivery_failed needs an ndr_reason")
    if status != ShipmentStatus.DELIVERY_FAILED and reason:
        raise StatusTableError(f"{where}: only delivery_failed carries an ndr_reason")
    if not isinstance(description, str) or not description.strip():
        raise StatusTableError(f"{where}: description must be a non-empty string")
    return CodeEntry(code=code, status=str(status), ndr_reason=str(reason), description=description)
