"""Postal codes: the country's shape, placeholders, and whether the code belongs to the city or region given.

The tables are JSON files in data/ beside this module, each with where its figures come from. A country or
place missing from them is simply not checked: no check is better than a wrong one.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from wasl.risk.quality.text import FOLD, plain

_DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class PostalFormat:
    pattern: re.Pattern[str]
    expected: bool  # buyers and couriers there use postal codes, so a missing one counts


def _load_formats() -> dict[str, PostalFormat]:
    raw = json.loads((_DATA / "postal_formats.json").read_text(encoding="utf-8"))
    return {
        country: PostalFormat(re.compile(entry["pattern"]), bool(entry["expected"]))
        for country, entry in raw.items()
        if not country.startswith("_")
    }


def _load_places() -> dict[str, dict[str, tuple[str, ...]]]:
    raw = json.loads((_DATA / "postal_places.json").read_text(encoding="utf-8"))
    places: dict[str, dict[str, tuple[str, ...]]] = {}
    for country, entry in raw.items():
        if country.startswith("_"):
            continue
        table = places.setdefault(country, {})
        for names, prefixes in entry["places"].items():
            for name in names.split("|"):
                table[plain(name)] = tuple(prefixes)
    return places


FORMATS: dict[str, PostalFormat] = _load_formats()
PLACES: dict[str, dict[str, tuple[str, ...]]] = _load_places()

_SEQUENCES = ("0123456789", "9876543210")


def postal_clean(raw: str) -> str:
    """Upper case, Arabic digits read as 0-9, spaces and a trailing country prefix's dashes left as written."""
    return raw.translate(FOLD).upper().replace(" ", "").strip(".-")


def postal_expected(country: str) -> bool:
    found = FORMATS.get(country)
    return found is not None and found.expected


def postal_format_ok(country: str, code: str) -> bool | None:
    """Whether `code` (cleaned) has the country's shape; None where the shape is not known."""
    found = FORMATS.get(country)
    if found is None:
        return None
    return found.pattern.match(code) is not None


def postal_is_placeholder(code: str) -> bool:
    """All one digit (00000, 999999) or a run like 12345: what a buyer types to get past a required field."""
    digits = code.split("-", 1)[0]  # "12345-000", "12211-5678": the main part says it
    if len(digits) < 3 or not digits.isdigit():
        return False
    if digits.count(digits[0]) == len(digits):
        return True
    return any(digits in run for run in _SEQUENCES)


@lru_cache(maxsize=8192)
def _place_key(place: str) -> str:
    return plain(place)


def postal_matches_place(country: str, code: str, city: str, region: str) -> tuple[bool | None, str]:
    """(True/False, the place checked) when the city or else the region is in the tables; (None, "") otherwise."""
    table = PLACES.get(country)
    if not table:
        return None, ""
    for place in (city, region):
        if not place:
            continue
        prefixes = table.get(_place_key(place))
        if prefixes is not None:
            return code.startswith(prefixes), place.strip()
    return None, ""
