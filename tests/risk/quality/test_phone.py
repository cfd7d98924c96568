"""Phone quality: valid mobile for the shipping country, made-up numbers, shared numbers, reasons in words."""

from __future__ import annotations

import random

import phonenumbers
import pytest

from wasl.risk.quality import PhoneHistory, QualityScore, parse_phone, phone_quality
from wasl.risk.quality.fastphone import COUNTRIES, quick_parse, slow_parse


def codes(result: QualityScore) -> list[str]:
    return [reason.code for reason in result.reasons]


@pytest.mark.parametrize(
    ("phone", "country", "e164"),
    [
        ("0551234987", "SA", "+966551234987"),
        ("+966 55 123 4987", "SA", "+966551234987"),
        ("00966551234987", "SA", "+966551234987"),
        ("٠٥٥١٢٣٤٩٨٧", "SA", "+966551234987"),  # Eastern Arabic digits
        ("۰۵۵۱۲۳۴۹۸۷", "SA", "+966551234987"),  # Persian digits
        ("050 482 1937", "AE", "+971504821937"),
        ("9981 2345", "KW", "+96599812345"),
        ("3312 4589", "QA", "+97433124589"),
        ("01014567893", "EG", "+201014567893"),
        ("06 61 23 48 95", "MA", "+212661234895"),
        ("0551 23 48 95", "DZ", "+213551234895"),
        ("20 918 456", "TN", "+21620918456"),
        ("98201 57364", "IN", "+919820157364"),
        ("+91-98201-57364", "", "+919820157364"),
    ],
)
def test_a_valid_local_mobile_loses_nothing(phone: str, country: str, e164: str) -> None:
    result = phone_quality(phone=phone, country=country)
    assert codes(result) == []
    assert result.score == 1.0
    assert result.facts["e164"] == e164
    assert result.facts["mobile"] is True


def test_no_phone_scores_zero() -> None:
    result = phone_quality(phone="  ", country="SA")
    assert codes(result) == ["no_phone"]
    assert result.score == 0.0


@pytest.mark.parametrize("phone", ["12", "055123", "abc", "0551239487659321", "+999 1234"])
def test_what_cannot_be_a_number_is_invalid(phone: str) -> None:
    result = phone_quality(phone=phone, country="SA")
    assert codes(result) == ["invalid_phone"]
    assert result.score == 0.3
    assert result.facts["valid"] is False


def test_a_landline_cannot_get_whatsapp_or_sms() -> None:
    result = phone_quality(phone="011 464 8273", country="SA")
    assert codes(result) == ["not_mobile"]
    assert result.score == 0.7
    assert result.reasons[0].text("fr") == "le numéro n'est pas un mobile (ni WhatsApp ni SMS)"


def test_a_number_from_another_country_is_noted() -> None:
    result = phone_quality(phone="+971504821937", country="SA")
    assert codes(result) == ["foreign_phone"]
    assert result.score == 0.85
    assert result.reasons[0].message == "the phone number is from AE, not from the shipping country SA"
    assert result.reasons[0].text("ar") == "رقم الهاتف من AE وليس من بلد الشحن SA"


@pytest.mark.parametrize(
    ("phone", "country"),
    [
        ("0500000000", "SA"),
        ("0501234567", "SA"),
        ("9876543210", "IN"),
        ("0555555555", "AE"),
        ("0612345678", "MA"),
    ],
)
def test_repeated_or_running_digits_look_made_up(phone: str, country: str) -> None:
    result = phone_quality(phone=phone, country=country)
    assert codes(result) == ["placeholder_phone"]
    assert result.score == 0.5


def test_a_made_up_number_that_is_also_invalid_has_both_reasons() -> None:
    result = phone_quality(phone="0111111111", country="EG")
    assert codes(result) == ["invalid_phone", "placeholder_phone"]
    assert result.score == 0.0


def test_a_phone_shared_by_many_customers_with_returns_loses_for_each() -> None:
    history = PhoneHistory(customers=4, orders=6, rtos=2, delivered=3)
    result = phone_quality(phone="0551234987", country="SA", history=history)
    assert [(r.code, r.weight) for r in result.reasons] == [("phone_known_rto", 0.367), ("phone_shared", 0.3)]
    assert result.score == 0.333
    assert result.facts["history_customers"] == 4
    assert result.reasons[0].text("en") == (
        "earlier parcels for this phone number came back (returned to origin): 2 of 6"
    )
    assert result.reasons[1].text("ar") == "عدد العملاء المختلفين الذين استخدموا هذا الرقم: 4"


def test_one_customer_with_deliveries_only_loses_nothing() -> None:
    result = phone_quality(
        phone="0551234987", country="SA", history=PhoneHistory(customers=1, orders=3, delivered=3)
    )
    assert codes(result) == []
    assert result.score == 1.0


def test_parsing_is_cached_per_phone_and_country() -> None:
    parse_phone.cache_clear()
    phone_quality(phone="0551234987", country="SA")
    phone_quality(phone="0551234987", country="SA")
    phone_quality(phone="0551234987", country="AE")
    info = parse_phone.cache_info()
    assert (info.hits, info.misses) == (1, 2)


def _generated(region: str, rng: random.Random) -> tuple[str, str]:
    """A number as buyers type it: mostly near the country's mobile shape, in national or international form."""
    code = str(phonenumbers.country_code_for_region(region))
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    if example is not None and rng.random() < 0.7:
        shape = str(example.national_number)
        keep = rng.randrange(1, len(shape))
        national = shape[:keep] + "".join(rng.choice("0123456789") for _ in range(len(shape) - keep))
    else:
        national = "".join(rng.choice("0123456789") for _ in range(rng.randrange(6, 13)))
    form = rng.randrange(5)
    text = (
        "0" + national,
        national,
        f"+{code}{national}",
        f"+{code} {national[:3]} {national[3:]}",
        f"00{code}",
    )[form]
    if form == 4:
        text = "+" + text[2:] + national
    if rng.random() < 0.3:  # separators buyers type: spaces, dashes, dots, brackets
        cut = rng.randrange(1, len(text))
        text = text[:cut] + rng.choice((" ", "-", ".", " (", ") ", "/")) + text[cut:]
    return text, rng.choice((region, region, ""))


@pytest.mark.parametrize("region", COUNTRIES)
def test_the_quick_path_agrees_with_phonenumbers(region: str) -> None:
    rng = random.Random(f"quick-{region}")
    answered = 0
    for _ in range(600):
        text, hint = _generated(region, rng)
        quick = quick_parse(text, hint)
        if quick is not None:
            answered += 1
            assert quick == slow_parse(text, hint), (text, hint)
    assert answered > 150  # it does take most well-formed numbers off phonenumbers' hands
