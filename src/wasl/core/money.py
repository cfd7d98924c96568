"""Money is Decimal with an ISO 4217 currency, never float."""

from __future__ import annotations

import functools
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_currency, get_currency_precision, list_currencies
from django.utils.translation import get_language

_KNOWN = frozenset(list_currencies())


def is_currency(code: str) -> bool:
    return code in _KNOWN


def minor_units(currency: str) -> int:
    """Digits after the decimal point: 2 for EUR, 3 for KWD, 0 for JPY."""
    return int(get_currency_precision(currency))


def parse_amount(value: object, currency: str) -> Decimal:
    """Read an amount sent as a string or number, rounded to the currency's minor unit."""
    if isinstance(value, float):
        value = repr(value)  # the shortest decimal that round-trips, not the binary expansion
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"{value!r} is not an amount") from exc
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not an amount")
    return quantize(amount, currency)


def quantize(amount: Decimal, currency: str) -> Decimal:
    exponent = Decimal(1).scaleb(-minor_units(currency))
    return amount.quantize(exponent, rounding=ROUND_HALF_UP)


def format_money(amount: Decimal, currency: str, locale: str | None = None) -> str:
    """An amount as a person reads it in their language (CLDR rules): "SAR787.95" in English, "787,95 €" in French."""
    language = (locale or get_language() or "en").replace("-", "_")
    return _formatted(quantize(amount, currency), currency, language)


@functools.lru_cache(maxsize=8192)
def _formatted(amount: Decimal, currency: str, locale: str) -> str:
    # Babel parses the locale and its pattern on every call; a shop's prices repeat, so their text does too.
    return str(format_currency(amount, currency, locale=locale))
