"""A quick path for phonenumbers' parse + is_valid + number_type, for the countries Wasl ships to most.

phonenumbers costs about 50 microseconds for a number it has not seen; the scorer meets a new number on almost
every order. This path reads the same metadata phonenumbers ships (patterns, possible lengths, national
prefix) and applies the same rules for simply formatted numbers. Whenever the number is not plainly one of
these countries' own, or could be read two ways, it answers None and the caller asks phonenumbers itself.
A test compares both paths on many generated numbers of each country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneMetadata

COUNTRIES = ("SA", "AE", "KW", "QA", "BH", "OM", "EG", "MA", "DZ", "TN", "IN", "JO", "LB", "IQ")
_FORMATTING = str.maketrans("", "", " -().\u00a0/")
_DIGITS = re.compile(r"\+?[0-9]+")


@dataclass(frozen=True, slots=True)
class _Country:
    region: str
    code: str  # country calling code, e.g. "966"
    national_prefix: str  # "0" or ""
    leading: re.Pattern[str] | None  # for a code shared by several regions, the digits that mean this one
    general: re.Pattern[str]
    lengths: frozenset[int]
    other: tuple[
        tuple[re.Pattern[str], frozenset[int]], ...
    ]  # premium rate, toll free, ...: valid, not mobile
    fixed: tuple[re.Pattern[str], frozenset[int]] | None
    mobile: tuple[re.Pattern[str], frozenset[int]] | None
    same_mobile_and_fixed: bool


def _desc(desc: object) -> tuple[re.Pattern[str], frozenset[int]] | None:
    pattern = getattr(desc, "national_number_pattern", None)
    if not pattern:
        return None
    return re.compile(f"(?:{pattern})"), frozenset(getattr(desc, "possible_length", ()) or ())


def _country(region: str) -> _Country | None:
    meta = PhoneMetadata.metadata_for_region(region)
    if meta is None:
        return None
    general = _desc(meta.general_desc)
    prefix = meta.national_prefix_for_parsing or ""
    if general is None or prefix not in ("", "0") or meta.national_prefix_transform_rule:
        return None
    others = tuple(
        found
        for found in (
            _desc(getattr(meta, name))
            for name in (
                "premium_rate",
                "toll_free",
                "shared_cost",
                "voip",
                "personal_number",
                "pager",
                "uan",
            )
        )
        if found is not None
    ) + tuple(found for found in (_desc(meta.voicemail),) if found is not None)
    return _Country(
        region=region,
        code=str(meta.country_code),
        national_prefix=prefix,
        leading=re.compile(meta.leading_digits) if meta.leading_digits else None,
        general=general[0],
        lengths=general[1],
        other=others,
        fixed=_desc(meta.fixed_line),
        mobile=_desc(meta.mobile),
        same_mobile_and_fixed=bool(meta.same_mobile_and_fixed_line_pattern),
    )


_BY_REGION: dict[str, _Country] = {}
_BY_CODE: dict[str, _Country] = {}
for _region in COUNTRIES:
    _found = _country(_region)
    if _found is not None:
        _BY_REGION[_region] = _found
        _BY_CODE[_found.code] = _found


def _matches(national: str, desc: tuple[re.Pattern[str], frozenset[int]] | None) -> bool:
    if desc is None:
        return False
    pattern, lengths = desc
    return (not lengths or len(national) in lengths) and pattern.fullmatch(national) is not None


def _kind(national: str, country: _Country) -> str:
    """ "mobile", "other" (valid, not a mobile) or "" (not a valid number), as phonenumbers' number_type."""
    if (country.lengths and len(national) not in country.lengths) or country.general.fullmatch(
        national
    ) is None:
        return ""
    for desc in country.other:
        if _matches(national, desc):
            return "other"
    if _matches(national, country.fixed):
        if country.same_mobile_and_fixed or _matches(national, country.mobile):
            return "mobile"  # FIXED_LINE_OR_MOBILE
        return "other"
    if not country.same_mobile_and_fixed and _matches(national, country.mobile):
        return "mobile"
    return ""


def quick_parse(text: str, region: str) -> tuple[str, str, bool, str] | None:
    """(e164, region, mobile, national number) for a valid number, or None: ask phonenumbers."""
    compact = text.translate(_FORMATTING)
    if _DIGITS.fullmatch(compact) is None:
        return None
    if compact.startswith("+"):
        digits = compact[1:]
        country = next((_BY_CODE[digits[:n]] for n in (1, 2, 3) if digits[:n] in _BY_CODE), None)
        if country is None:
            return None
        national = digits[len(country.code) :]
    else:
        country = _BY_REGION.get(region)
        if country is None or compact.startswith(country.code):
            return None  # a code written without "+": phonenumbers decides how to read it
        national = compact
    if country.national_prefix and national.startswith(country.national_prefix):
        stripped = national[len(country.national_prefix) :]
        if country.general.fullmatch(national) is not None:
            return None  # viable with and without the prefix: phonenumbers' length rules decide
        national = stripped
    if country.leading is not None and country.leading.match(national) is None:
        return None
    kind = _kind(national, country)
    if not kind:
        return None
    return f"+{country.code}{national}", country.region, kind == "mobile", national


def slow_parse(text: str, region: str) -> tuple[str, str, bool, str]:
    """The same answer from phonenumbers itself: ("", "", False, national digits) when not valid."""
    try:
        number = phonenumbers.parse(text, region or None)
    except phonenumbers.NumberParseException:
        return "", "", False, ""
    national = str(number.national_number)
    if not phonenumbers.is_valid_number(number):
        return "", "", False, national
    kind = phonenumbers.number_type(number)
    mobile = kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return e164, phonenumbers.region_code_for_number(number) or "", mobile, national
