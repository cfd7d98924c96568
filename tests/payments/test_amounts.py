"""Amounts as each provider takes them: Stripe's own zero- and three-decimal rules, Razorpay's ISO minor units."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wasl.core.errors import Invalid
from wasl.payments.amounts import from_minor, payable, to_minor


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        ("249.50", "SAR", 24950),
        ("1999", "JPY", 1999),  # zero-decimal: sent as is
        ("12.340", "KWD", 12340),  # three-decimal: thousandths
        ("12.345", "KWD", 12340),  # ... ending in 0: rounded down, never up
        ("7.999", "BHD", 7990),
        ("3.5", "OMR", 3500),
        ("10.25", "JOD", 10250),
        ("1.005", "TND", 1000),
        ("1500", "ISK", 150000),  # whole krónur, sent as two-decimal
        ("5000", "KRW", 5000),
    ],
)
def test_stripe_amounts(amount: str, currency: str, minor: int) -> None:
    assert to_minor(Decimal(amount), currency, provider="stripe") == minor


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [("499.50", "INR", 49950), ("12.345", "KWD", 12340), ("1999", "JPY", 1999), ("10.01", "AED", 1001)],
)
def test_razorpay_amounts(amount: str, currency: str, minor: int) -> None:
    assert to_minor(Decimal(amount), currency, provider="razorpay") == minor


def test_back_from_minor_units() -> None:
    assert from_minor(12340, "KWD", provider="stripe") == Decimal("12.340")
    assert from_minor(1999, "JPY", provider="stripe") == Decimal("1999")
    assert from_minor(24950, "sar", provider="stripe") == Decimal("249.50")
    assert from_minor(49950, "INR", provider="razorpay") == Decimal("499.50")


def test_payable_is_what_the_buyer_is_charged() -> None:
    assert payable(Decimal("12.345"), "KWD", provider="stripe") == Decimal("12.340")
    assert payable(Decimal("249.50"), "SAR", provider="stripe") == Decimal("249.50")


def test_an_unknown_currency_is_a_coded_error() -> None:
    with pytest.raises(Invalid) as error:
        to_minor(Decimal(1), "XYZ", provider="stripe")
    assert error.value.code == "invalid_currency"
