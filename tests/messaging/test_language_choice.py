"""Which language a buyer is written to in: stored, else what they write, else their phone, else the store."""

from __future__ import annotations

import pytest

from wasl.messaging.languages import choose_language, country_of_phone, detect_from_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وين طلبي؟", "ar"),
        ("مرحبا، متى يصل الطلب 1042؟", "ar"),
        ("Bonjour, où est ma commande ?", "fr"),
        ("je veux annuler svp", "fr"),
        ("Hello, where is my order?", "en"),
        ("I want to cancel please", "en"),
        ("1042", ""),
        ("ok", ""),
        ("", ""),
    ],
)
def test_given_what_a_buyer_wrote_when_detected_then_the_language_is_read_from_script_and_words(
    text: str, expected: str
) -> None:
    assert detect_from_text(text) == expected


def test_given_phones_when_their_country_is_read_then_it_is_the_iso_code() -> None:
    assert [country_of_phone(p) for p in ("+212612345678", "+966501234567", "+33612345678", "nope")] == [
        "MA",
        "SA",
        "FR",
        "",
    ]


def test_given_a_stored_language_when_choosing_then_it_wins_over_everything_else() -> None:
    assert choose_language(stored="en", text="وين طلبي", phone="+212612345678", store_default="fr") == "en"


def test_given_no_stored_language_when_the_buyer_writes_arabic_then_arabic_wins_over_the_phone() -> None:
    assert choose_language(text="وين طلبي", phone="+212612345678", store_default="en") == "ar"


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("+212612345678", "fr"),  # Morocco
        ("+213551234567", "fr"),  # Algeria
        ("+21620123456", "fr"),  # Tunisia
        ("+966501234567", "ar"),  # Saudi Arabia
        ("+971501234567", "ar"),  # UAE
        ("+201001234567", "ar"),  # Egypt
        ("+919812345678", "en"),  # India: no rule, so the store's default
    ],
)
def test_given_only_a_phone_when_choosing_then_its_country_decides_else_the_store(
    phone: str, expected: str
) -> None:
    assert choose_language(phone=phone, store_default="en") == expected


def test_given_nothing_known_when_choosing_then_the_store_default_and_english_without_one() -> None:
    assert (choose_language(store_default="ar"), choose_language(store_default="xx")) == ("ar", "en")
