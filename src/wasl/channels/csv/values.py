"""Reading one cell of the import format; a bad cell raises AdapterError with the row error's code."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from functools import cache

from babel import Locale

from wasl.channels.csv.rows import OUTCOMES, PAYMENT_METHODS
from wasl.channels.payload import MAX_QUANTITY
from wasl.core.money import is_currency, parse_amount, quantize
from wasl.orders.types import LineData
from wasl.shipping.status import NdrReason
from wasl.shipping.types import AdapterError

LIST_SEPARATOR = ";"
# Two-letter codes Babel knows that are not countries in ISO 3166-1 (groupings, private-use, "unknown").
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
_NDR_REASONS: tuple[str, ...] = tuple(str(value) for value in NdrReason.values)


def read_time(raw: str, column: str) -> datetime:
    """ISO 8601; a time written without an offset is taken as UTC."""
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise AdapterError("invalid_date", f"{column} {raw!r} is not an ISO 8601 date and time") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def read_country(raw: str) -> str:
    code = raw.upper()
    if code not in _countries():
        raise AdapterError("invalid_country", f"country {raw!r} is not an ISO 3166-1 alpha-2 code")
    return code


def read_currency(raw: str) -> str:
    code = raw.upper()
    if not is_currency(code):
        raise AdapterError("invalid_currency", f"currency {raw!r} is not an ISO 4217 code")
    return code


def read_payment_method(raw: str) -> str:
    method = raw.lower()
    if method not in PAYMENT_METHODS:
        raise AdapterError("invalid_payment_method", f"payment_method {raw!r} is not cod or prepaid")
    return method


def read_total(raw: str, currency: str) -> Decimal:
    # A comma could be a decimal comma ("199,50") or a thousands separator: refuse rather than guess.
    if "," in raw:
        raise AdapterError("invalid_amount", f"total {raw!r} has a comma; write it with a decimal point")
    try:
        total = parse_amount(raw, currency)
    except (ValueError, ArithmeticError) as exc:  # ArithmeticError: too large to round to the minor unit
        raise AdapterError("invalid_amount", f"total {raw!r} is not an amount") from exc
    if total < 0:
        raise AdapterError("invalid_amount", f"total {raw!r} is negative")
    return total


def read_items(raw: str, currency: str) -> tuple[LineData, ...]:
    """`SKU:qty;SKU:qty`. The format has no prices: each line gets unit_price 0 and the order total stands."""
    lines = []
    for entry in (part.strip() for part in raw.split(LIST_SEPARATOR)):
        if not entry:
            continue
        sku, colon, count = (piece.strip() for piece in entry.rpartition(":"))
        if not colon or not sku:
            raise AdapterError("invalid_items", f"items entry {entry!r} is not SKU:quantity")
        if (
            not count.isdecimal()
            or len(count) > len(str(MAX_QUANTITY))
            or not 1 <= int(count) <= MAX_QUANTITY
        ):
            raise AdapterError(
                "invalid_items", f"items entry {entry!r} needs a whole quantity from 1 to {MAX_QUANTITY}"
            )
        lines.append(
            LineData(sku=sku, name=sku, quantity=int(count), unit_price=quantize(Decimal(0), currency))
        )
    return tuple(lines)


def read_outcome(raw: str) -> str:
    outcome = raw.lower()
    if outcome not in OUTCOMES:
        raise AdapterError("invalid_outcome", f"outcome {raw!r} is not one of {', '.join(OUTCOMES)}")
    return outcome


def read_ndr_reasons(raw: str) -> tuple[str, ...]:
    reasons = tuple(part.strip().lower() for part in raw.split(LIST_SEPARATOR) if part.strip())
    for reason in reasons:
        if reason not in _NDR_REASONS:
            allowed = ", ".join(_NDR_REASONS)
            raise AdapterError("invalid_ndr_reason", f"ndr_reasons {reason!r} is not one of {allowed}")
    return reasons


@cache
def _countries() -> frozenset[str]:
    codes = (str(code) for code in Locale.parse("en").territories)
    return frozenset(code for code in codes if len(code) == 2 and code.isalpha()) - _NOT_COUNTRIES
