"""Amounts as each provider wants them: integers in the currency's smallest unit, by the provider's own rules.

Stripe's rules are its own, not ISO 4217's: zero-decimal currencies (JPY, KRW, ...) are sent as they are,
three-decimal ones (BHD, JOD, KWD, OMR, TND) in thousandths that must end in 0, ISK as two-decimal amounts
that must be whole. Razorpay follows ISO minor units, and three-decimal amounts must also end in 0.
An amount that cannot be sent exactly is rounded *down* to what the provider takes: the buyer never pays more
than was asked.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from wasl.core.errors import Invalid
from wasl.core.money import is_currency, minor_units

STRIPE_ZERO_DECIMAL = frozenset(
    [
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    ]
)
THREE_DECIMAL = frozenset(["BHD", "JOD", "KWD", "OMR", "TND"])
# Sent as two-decimal amounts, but only whole units are accepted.
STRIPE_WHOLE_IN_TWO_DECIMALS = frozenset({"ISK"})


def _exponent_and_step(provider: str, currency: str) -> tuple[int, int]:
    """Digits after the point in the provider's integer amounts, and the step those integers must keep."""
    if provider == "stripe":
        if currency in STRIPE_ZERO_DECIMAL:
            return 0, 1
        if currency in THREE_DECIMAL:
            return 3, 10
        if currency in STRIPE_WHOLE_IN_TWO_DECIMALS:
            return 2, 100
        return 2, 1
    digits = minor_units(currency)
    return digits, 10 if digits == 3 else 1


def _check(currency: str) -> str:
    code = currency.strip().upper()
    if not is_currency(code):
        raise Invalid(f"{currency!r} is not an ISO 4217 currency code", code="invalid_currency")
    return code


def to_minor(amount: Decimal, currency: str, *, provider: str) -> int:
    """The provider's integer for `amount` (rounded down to what it accepts)."""
    exponent, step = _exponent_and_step(provider, _check(currency))
    units = int((amount * (Decimal(10) ** exponent)).to_integral_value(rounding=ROUND_DOWN))
    return units - units % step


def from_minor(units: int, currency: str, *, provider: str) -> Decimal:
    exponent, _step = _exponent_and_step(provider, _check(currency))
    return Decimal(units).scaleb(-exponent)


def payable(amount: Decimal, currency: str, *, provider: str) -> Decimal:
    """`amount` as the provider will charge it (e.g. 12.345 KWD -> 12.340 on Stripe)."""
    return from_minor(to_minor(amount, currency, provider=provider), currency, provider=provider)
