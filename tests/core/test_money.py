"""Money: amounts parsed and rounded to the currency's minor unit, and formatted per language."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wasl.core.money import format_money, minor_units, parse_amount


@pytest.mark.parametrize(("currency", "digits"), [("SAR", 2), ("KWD", 3), ("JPY", 0), ("MAD", 2)])
def test_minor_units_follow_iso_4217(currency: str, digits: int) -> None:
    assert minor_units(currency) == digits


def test_amounts_are_rounded_half_up_to_the_minor_unit() -> None:
    assert parse_amount("10.005", "SAR") == Decimal("10.01")
    assert parse_amount(0.1 + 0.2, "SAR") == Decimal("0.30")
    assert parse_amount("1,234.5", "KWD") == Decimal("1234.500")


@pytest.mark.parametrize("bad", ["abc", "NaN", "Infinity", ""])
def test_non_amounts_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="is not an amount"):
        parse_amount(bad, "SAR")


def test_formatting_follows_the_language() -> None:
    assert format_money(Decimal("787.950"), "SAR", "en") == "SAR787.95"
    assert format_money(Decimal("787.950"), "EUR", "fr") == "787,95\xa0€"
    assert format_money(Decimal("1.5"), "KWD", "en") == "KWD1.500"
