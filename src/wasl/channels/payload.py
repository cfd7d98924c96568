"""Defensive readers for platform JSON: every surprise becomes an AdapterError with a stable code.

Bodies are decoded with `parse_float=Decimal`, so money and coordinates never pass through binary floats, and
integers of any size (Shopify's 64-bit ids) stay exact.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from wasl.core.money import is_currency, parse_amount
from wasl.shipping.types import AdapterError

INVALID_JSON = "invalid_json"
INVALID_PAYLOAD = "invalid_payload"
MISSING_FIELD = "missing_field"
INVALID_AMOUNT = "invalid_amount"
INVALID_CURRENCY = "invalid_currency"
INVALID_DATE = "invalid_date"
INVALID_QUANTITY = "invalid_quantity"
MISSING_TOPIC = "missing_topic"
MAX_QUANTITY = 1_000_000  # more units than any parcel holds: a typo or an attack, not an order


def load_json_object(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8-sig"), parse_float=Decimal)
    except UnicodeDecodeError as exc:
        raise AdapterError(INVALID_JSON, f"the body is not UTF-8 text: {exc.reason}") from exc
    except json.JSONDecodeError as exc:
        raise AdapterError(INVALID_JSON, f"the body is not JSON: {exc.msg} at character {exc.pos}") from exc
    except (ValueError, RecursionError) as exc:  # a number of thousands of digits, or nesting too deep
        raise AdapterError(INVALID_JSON, f"the body is not JSON we can read: {type(exc).__name__}") from exc
    if not isinstance(data, dict):
        raise AdapterError(INVALID_PAYLOAD, f"expected a JSON object, got {type(data).__name__}")
    return data


def mapping(value: Any) -> dict[str, Any]:
    """A nested object, or {} when the platform sent null, [] or anything else in its place."""
    return value if isinstance(value, dict) else {}


def sequence(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def text(value: Any) -> str:
    """A display string: None becomes "", numbers keep their digits, surrounding spaces go."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def identifier(value: Any) -> str:
    """An id as text; 0 and "" mean "none" on the platforms we read (WooCommerce's guest customer_id is 0)."""
    found = text(value)
    return "" if found in ("", "0") else found


def first_text(*values: Any) -> str:
    for value in values:
        found = text(value)
        if found:
            return found
    return ""


def required(data: dict[str, Any], key: str, where: str) -> Any:
    value = data.get(key)
    if value is None or value == "":
        raise AdapterError(MISSING_FIELD, f"{where}.{key} is missing")
    return value


def currency_code(value: Any, where: str) -> str:
    code = text(value).upper()
    if not code:
        raise AdapterError(MISSING_FIELD, f"{where} is missing")
    if not is_currency(code):
        raise AdapterError(INVALID_CURRENCY, f"{where} {code!r} is not an ISO 4217 currency")
    return code


def amount(value: Any, currency: str, where: str) -> Decimal:
    """Money sent as a string or number; absent (None or "") reads as zero."""
    if value is None or value == "":
        return parse_amount(0, currency)
    if isinstance(value, (bool, dict, list)):
        raise AdapterError(INVALID_AMOUNT, f"{where} {value!r} is not an amount")
    try:
        return parse_amount(value, currency)
    except (ValueError, ArithmeticError) as exc:  # ArithmeticError: too large to round to the minor unit
        raise AdapterError(INVALID_AMOUNT, f"{where} {value!r} is not an amount") from exc


def optional_decimal(value: Any) -> Decimal | None:
    """A coordinate or similar, or None when absent or unreadable: a bad hint is no hint."""
    if value is None or value == "" or isinstance(value, (bool, dict, list)):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def quantity(value: Any, where: str) -> int:
    try:
        number = Decimal(text(value))
    except InvalidOperation as exc:
        raise AdapterError(INVALID_QUANTITY, f"{where} {value!r} is not a quantity") from exc
    if not number.is_finite() or number != number.to_integral_value() or not 0 <= number <= MAX_QUANTITY:
        raise AdapterError(
            INVALID_QUANTITY, f"{where} {value!r} is not a whole quantity from 0 to {MAX_QUANTITY}"
        )
    return int(number)


def iso_datetime(value: Any, where: str, *, naive_is_utc: bool = False) -> datetime:
    """An ISO 8601 time that keeps the offset it was sent with.

    A time without an offset is refused unless the platform documents it as UTC (`naive_is_utc`).
    """
    raw = text(value)
    if not raw:
        raise AdapterError(MISSING_FIELD, f"{where} is missing")
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise AdapterError(INVALID_DATE, f"{where} {raw!r} is not an ISO 8601 time") from exc
    if moment.tzinfo is None:
        if not naive_is_utc:
            raise AdapterError(INVALID_DATE, f"{where} {raw!r} has no UTC offset")
        moment = moment.replace(tzinfo=UTC)
    return moment


def optional_iso_datetime(value: Any, where: str, *, naive_is_utc: bool = False) -> datetime | None:
    if not text(value):
        return None
    return iso_datetime(value, where, naive_is_utc=naive_is_utc)


def split_tags(value: Any) -> tuple[str, ...]:
    """Tags sent as "a, b" or ["a", "b"], trimmed, empty ones dropped, order kept."""
    items = value if isinstance(value, list) else text(value).split(",")
    return tuple(tag for tag in (text(item) for item in items) if tag)


def full_name(*parts: Any) -> str:
    return " ".join(part for part in (text(p) for p in parts) if part)
