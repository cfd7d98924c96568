"""What every carrier adapter produces: plain, validated values with no database behind them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class TrackingUpdate:
    """One carrier scan, already mapped onto the canonical status model.

    `dedupe_key` identifies the scan across deliveries of the same payload; adapters that get an id from the
    carrier use it, the others derive one from the scan's content with `content_key`.
    """

    tracking_number: str
    carrier: str
    status: str  # a ShipmentStatus value
    occurred_at: datetime  # timezone-aware
    raw_code: str
    raw_text: str = ""
    ndr_reason: str = ""  # an NdrReason value when status is delivery_failed
    location: str = ""
    source: str = ""
    dedupe_key: str = ""
    order_external_id: str = ""  # when the payload names the order, so the shipment can be created from it
    extra: dict[str, str] = field(default_factory=dict)

    def with_key(self) -> TrackingUpdate:
        if self.dedupe_key:
            return self
        return _replace_key(self, content_key(self))


def content_key(update: TrackingUpdate) -> str:
    """A stable key from what the scan says, for carriers that send no id of their own."""
    parts = [
        update.carrier,
        update.tracking_number,
        update.raw_code,
        update.occurred_at.isoformat(),
        update.location,
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def _replace_key(update: TrackingUpdate, key: str) -> TrackingUpdate:
    from dataclasses import replace

    return replace(update, dedupe_key=key)


class AdapterError(ValueError):
    """A payload that an adapter cannot read. `code` is stable; the message says what is wrong."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
