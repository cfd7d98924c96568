"""The historical import format: one order per row, with what finally became of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from wasl.orders.types import OrderData

CHANNEL = "csv"

IMPORT_COLUMNS: tuple[str, ...] = (
    "order_id",
    "placed_at",
    "customer_name",
    "customer_phone",
    "customer_email",
    "country",
    "city",
    "postal_code",
    "address",
    "payment_method",
    "total",
    "currency",
    "items",
    "carrier",
    "outcome",
    "outcome_at",
    "ndr_reasons",
)
# A row without these cannot teach anything about delivery outcomes.
REQUIRED_VALUES: tuple[str, ...] = (
    "order_id",
    "placed_at",
    "country",
    "payment_method",
    "total",
    "currency",
    "outcome",
)

OUTCOMES: tuple[str, ...] = ("delivered", "rto", "cancelled", "returned")
PAYMENT_METHODS: tuple[str, ...] = ("cod", "prepaid")


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One order read from the file and the carrier's final word on it; `line` counts the header as 1."""

    line: int
    order: OrderData
    carrier: str
    outcome: str  # one of OUTCOMES
    outcome_at: datetime | None
    ndr_reasons: tuple[str, ...]  # NdrReason values, in the order the attempts failed


@dataclass(frozen=True, slots=True)
class RowError:
    """Why one row was not imported; the other rows still are."""

    line: int
    code: str
    message: str
