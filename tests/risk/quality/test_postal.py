"""Postal code shapes and the city/region tables: what they accept, what they reject, and their own data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wasl.risk.quality.postal import (
    FORMATS,
    PLACES,
    postal_clean,
    postal_expected,
    postal_format_ok,
    postal_is_placeholder,
    postal_matches_place,
)

DATA = Path(__file__).resolve().parents[3] / "src" / "wasl" / "risk" / "quality" / "data"


def test_every_table_says_where_its_figures_come_from() -> None:
    formats = json.loads((DATA / "postal_formats.json").read_text(encoding="utf-8"))
    places = json.loads((DATA / "postal_places.json").read_text(encoding="utf-8"))
    assert formats["_about"] and places["_about"]
    for country, entry in places.items():
        if country.startswith("_"):
            continue
        assert entry["source"]
        assert country in FORMATS
        for prefixes in entry["places"].values():
            assert prefixes and all(prefix.isdigit() for prefix in prefixes)


def test_the_countries_asked_for_are_covered() -> None:
    expected = {"SA", "EG", "MA", "DZ", "TN", "IN"}
    not_used = {"AE", "QA", "KW", "OM", "BH"}
    assert {country for country in expected if postal_expected(country)} == expected
    assert {country for country in not_used if postal_expected(country)} == set()
    assert set(PLACES) == {"IN", "SA", "MA", "DZ"}


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("400 058", "400058"),
        ("١٢٢١١", "12211"),
        ("۱۲۲۱۱", "12211"),
        ("12211-5678", "12211-5678"),
        ("sw1a 1aa", "SW1A1AA"),
    ],
)
def test_codes_are_cleaned_before_checks(raw: str, clean: str) -> None:
    assert postal_clean(raw) == clean


@pytest.mark.parametrize(
    ("country", "code", "ok"),
    [
        ("SA", "12211", True),
        ("SA", "12211-5678", True),
        ("SA", "122115678", True),
        ("SA", "1221", False),
        ("IN", "400058", True),
        ("IN", "040058", False),
        ("IN", "40005", False),
        ("MA", "20330", True),
        ("MA", "2033", False),
        ("TN", "1000", True),
        ("TN", "10000", False),
        ("DZ", "16000", True),
        ("EG", "11511", True),
        ("GB", "SW1A1AA", True),
        ("ZZ", "whatever", None),
    ],
)
def test_format_per_country(country: str, code: str, ok: bool | None) -> None:
    assert postal_format_ok(country, code) is ok


@pytest.mark.parametrize(
    ("code", "placeholder"),
    [
        ("00000", True),
        ("999999", True),
        ("12345", True),
        ("123456", True),
        ("54321", True),
        ("12345-000", True),
        ("12211", False),
        ("40000", False),
        ("12211-5678", False),
        ("1000", False),
        ("12", False),
    ],
)
def test_placeholders(code: str, placeholder: bool) -> None:
    assert postal_is_placeholder(code) is placeholder


@pytest.mark.parametrize(
    ("country", "code", "city", "region", "verdict"),
    [
        ("IN", "400058", "Mumbai", "", (True, "Mumbai")),
        ("IN", "401107", "Mumbai", "", (True, "Mumbai")),  # Mira Road: Maharashtra, written as Mumbai
        ("IN", "560001", "Mumbai", "", (False, "Mumbai")),
        ("IN", "201301", "Delhi", "", (True, "Delhi")),  # Noida buyers writing Delhi
        ("IN", "122002", "New Delhi", "", (True, "New Delhi")),
        ("IN", "500034", "Secunderabad", "", (True, "Secunderabad")),
        ("IN", "560066", "Whitefield", "Karnataka", (True, "Karnataka")),
        ("IN", "560066", "Whitefield", "MH", (False, "MH")),
        ("IN", "560066", "Whitefield", "", (None, "")),
        ("SA", "12211", "الرياض", "", (True, "الرياض")),
        ("SA", "21589", "Jeddah", "", (True, "Jeddah")),
        ("SA", "31952", "Riyadh", "", (False, "Riyadh")),
        ("SA", "45142", "Jazan", "", (None, "")),  # sources disagree: not checked
        ("MA", "20330", "Casablanca", "", (True, "Casablanca")),
        ("MA", "11000", "Rabat", "", (True, "Rabat")),  # Rabat-Salé-Témara checked together
        ("MA", "10000", "Casablanca", "", (False, "Casablanca")),
        ("MA", "80000", "أكادير", "", (True, "أكادير")),
        ("DZ", "16000", "Alger", "", (True, "Alger")),
        ("DZ", "31000", "الجزائر", "", (False, "الجزائر")),
        ("DZ", "25000", "", "25", (True, "25")),
        ("EG", "11511", "Giza", "", (None, "")),  # no Egyptian table
        ("TN", "3000", "Tunis", "", (None, "")),
    ],
)
def test_postal_code_and_place(
    country: str, code: str, city: str, region: str, verdict: tuple[bool | None, str]
) -> None:
    assert postal_matches_place(country, code, city, region) == verdict
