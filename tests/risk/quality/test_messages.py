"""Every reason reads well in English, French and Arabic, with the values it mentions filled in."""

from __future__ import annotations

import re

import pytest

from wasl.risk.quality import LANGUAGES, MESSAGES, Reason
from wasl.risk.quality.messages import render
from wasl.risk.quality.types import reason

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_PARAMS = {
    "country": "IN",
    "postal_code": "560001",
    "place": "Mumbai",
    "rtos": "2",
    "orders": "5",
    "customers": "4",
}
_PARAMS["phone_country"] = "AE"


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_each_reason_has_three_languages_that_name_the_same_values(code: str) -> None:
    texts = MESSAGES[code]
    assert set(texts) == set(LANGUAGES)
    names = {language: set(re.findall(r"{(\w+)}", text)) for language, text in texts.items()}
    assert names["fr"] == names["en"] == names["ar"]
    assert _ARABIC.search(texts["ar"]) is not None
    assert _ARABIC.search(texts["en"]) is None
    for language in LANGUAGES:
        rendered = render(code, language, _PARAMS)
        assert "{" not in rendered
        assert "?" not in rendered


def test_a_reason_renders_with_its_values() -> None:
    mismatch = reason("postal_code_city_mismatch", 0.25, postal_code="400001", place="Bengaluru")
    assert mismatch == Reason(
        code="postal_code_city_mismatch",
        weight=0.25,
        message="the postal code 400001 does not belong to Bengaluru",
        params=(("postal_code", "400001"), ("place", "Bengaluru")),
    )
    assert mismatch.text("fr") == "le code postal 400001 ne correspond pas à Bengaluru"
    assert mismatch.text("ar") == "الرمز البريدي 400001 لا يتبع Bengaluru"


def test_an_unknown_language_falls_back_to_english_and_an_unknown_code_to_itself() -> None:
    assert reason("no_street", 0.15).text("de") == "no street"
    assert render("not_a_code", "en", {}) == "not_a_code"


def test_a_missing_value_shows_as_a_question_mark_rather_than_failing() -> None:
    assert render("no_postal_code", "en", {}) == "no postal code, although ? uses them"
