"""How likely a courier is to find the place from what the buyer wrote: one pure, fast function.

The address lines are folded and cut into words once; a single pass over the words notes which parts of an
address are present (building number, street, district, landmark), what looks like a placeholder or random
typing, and where a postal code or a phone number was written in the text. Country tables then check the
postal code, and the store's history at the same address (if given) adds what happened to earlier parcels.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

from wasl.risk.quality.gibberish import is_gibberish
from wasl.risk.quality.postal import (
    FORMATS,
    postal_clean,
    postal_expected,
    postal_format_ok,
    postal_is_placeholder,
    postal_matches_place,
)
from wasl.risk.quality.text import FOLD, SPLIT, TOKEN_OR_SEPARATOR, plain
from wasl.risk.quality.types import AddressHistory, QualityScore, Reason, reason, scored
from wasl.risk.quality.vocabulary import (
    BUILDING,
    CALL_WORDS,
    COUNTRY_WORDS,
    DISTRICT,
    KIND,
    LANDMARK,
    NUMBER_MARK,
    PAIR_FIRSTS,
    PAIRS,
    PLACEHOLDER_LINES,
    PLACEHOLDER_WORDS,
    PO_BOX,
    POSTAL_MARK,
    STREET,
    kind_of,
)

# A number right after one of these names the block or box, not the door: "Block 4", "ص.ب 1234".
_NUMBER_NAMES_PART = DISTRICT | PO_BOX | POSTAL_MARK
# Where streets are numbered ("شارع 15", "Street 15", "Rue 12", "Road No. 5") a number after the street word
# is the street's; elsewhere ("Chestnut Street 92", "Av. Brasil, 432") it is the door's.
_NUMBERED_STREETS = frozenset(
    [
        "SA",
        "AE",
        "KW",
        "QA",
        "BH",
        "OM",
        "EG",
        "MA",
        "DZ",
        "TN",
        "LY",
        "JO",
        "LB",
        "IQ",
        "SY",
        "YE",
        "PS",
        "SD",
        "IN",
        "PK",
        "BD",
    ]
)
_SEPARATORS = frozenset(",;\n|")
# Eight or more digits, possibly grouped by single spaces or dashes, possibly with a leading + or 00.
_PHONE_RUN = re.compile(r"\+?[0-9](?:[ \-]?[0-9]){7,}")
_SAUDI_SHORT_ADDRESS = re.compile(r"[a-z]{4}[0-9]{4}")  # National Address short code, e.g. RRRD2929

W_NO_ADDRESS = 1.0
W_PLACEHOLDER = 0.85
W_PHONE_AS_ADDRESS = 0.7
W_ONLY_DIGITS = 0.6
W_GIBBERISH = 0.75
W_SOME_GIBBERISH = 0.25
W_PO_BOX_ONLY = 0.5
W_ONLY_CITY = 0.35
W_TOO_SHORT = 0.3
W_NO_BUILDING = 0.2
W_NO_BUILDING_BUT_LANDMARK = 0.12
W_NO_STREET = 0.15
W_NO_DISTRICT = 0.1
W_NO_LANDMARK = 0.05
W_NO_CITY = 0.15
W_NO_POSTAL = 0.1
W_BAD_POSTAL = 0.2
W_MISMATCH = 0.25

# The reasons that carry no values, built once.
R_GIBBERISH = reason("gibberish_address", W_GIBBERISH)
R_NO_ADDRESS = reason("no_address", W_NO_ADDRESS)
R_NO_BUILDING = reason("no_building_number", W_NO_BUILDING)
R_NO_BUILDING_BUT_LANDMARK = reason("no_building_number", W_NO_BUILDING_BUT_LANDMARK)
R_NO_CITY = reason("no_city", W_NO_CITY)
R_NO_DISTRICT = reason("no_district", W_NO_DISTRICT)
R_NO_LANDMARK = reason("no_landmark", W_NO_LANDMARK)
R_NO_STREET = reason("no_street", W_NO_STREET)
R_ONLY_CITY = reason("address_only_city", W_ONLY_CITY)
R_ONLY_DIGITS = reason("only_digits", W_ONLY_DIGITS)
R_PHONE_AS_ADDRESS = reason("phone_as_address", W_PHONE_AS_ADDRESS)
R_PLACEHOLDER = reason("placeholder_address", W_PLACEHOLDER)
R_PO_BOX_ONLY = reason("po_box_only", W_PO_BOX_ONLY)
R_SOME_GIBBERISH = reason("gibberish_address", W_SOME_GIBBERISH)
R_TOO_SHORT = reason("too_short", W_TOO_SHORT)


class _Scan:
    """What one pass over the address words found."""

    __slots__ = (
        "building_number",
        "digits",
        "gibberish_letters",
        "kinds",
        "letters",
        "named_areas",
        "phone",
        "postal",
        "scripts",
        "short_address",
        "words",
        "written",
    )

    def __init__(self) -> None:
        self.kinds = 0
        self.letters = 0
        self.digits = 0
        self.gibberish_letters = 0
        self.building_number = False
        self.named_areas = 0  # parts with a name but no keyword: usually the district ("…, Al Malqa")
        self.short_address = False
        self.phone = False
        self.postal = ""  # a postal code written in the lines
        self.scripts = 0  # 1 Arabic, 2 Latin
        self.words: list[str] = []  # the letter words, folded
        self.written: list[str] = []  # words and numbers as written, folded


@lru_cache(maxsize=4096)
def _is_phone(digits: str, country: str) -> bool:
    try:
        number = phonenumbers.parse(digits, country or None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number)


def _drop_phones(text: str, country: str, scan: _Scan) -> str:
    def replace(match: re.Match[str]) -> str:
        raw = match.group()
        digits = raw.replace(" ", "").replace("-", "")
        if _is_phone(digits, country):
            scan.phone = True
            return " "
        return raw

    return _PHONE_RUN.sub(replace, text)


def _inline_postal(token: str, previous_kind: int, country: str) -> bool:
    """A number in the lines that is the postal code: after "PIN", "الرمز البريدي", or long and in the
    country's exact shape where postal codes are in use (a six-digit number in an Indian address)."""
    found = FORMATS.get(country)
    if found is None or found.pattern.match(token) is None:
        return False
    return bool(previous_kind & POSTAL_MARK) or (found.expected and len(token) >= 5)


# What each distinct word is (its kinds, its script bit, random typing or not), worked out once: buyers
# write the same few thousand words over and over. Bounded so odd input cannot grow it without end.
_WORDS: dict[str, tuple[int, int, bool]] = {}
_WORDS_MAX = 200_000


def _word(token: str) -> tuple[int, int, bool]:
    info = (kind_of(token), 1 if "\u0600" <= token[0] <= "\u06ff" else 2, is_gibberish(token))
    if len(_WORDS) >= _WORDS_MAX:
        _WORDS.clear()
    _WORDS[token] = info
    return info


def _scan(line1: str, line2: str, country: str, postal_code: str, place: frozenset[str]) -> _Scan:
    # The hot loop of the scorer: locals only, one dict lookup per word, written back to `scan` at the end.
    scan = _Scan()
    text = f"{line1}\n{line2}\n"
    text = text.lower() if text.isascii() else text.translate(FOLD).lower()
    if _PHONE_RUN.search(text) is not None:
        text = _drop_phones(text, country, scan)
    not_doors = (
        _NUMBER_NAMES_PART | STREET if not country or country in _NUMBERED_STREETS else _NUMBER_NAMES_PART
    )
    saudi = country == "SA"
    words = scan.words
    written = scan.written
    kinds = letters = digits = gibberish_letters = scripts = named_areas = 0
    building = short_address = False
    postal = ""
    previous = ""
    previous_kind = 0  # of the last word that was not a number filler
    part: list[str] = []
    part_kinds = 0
    for raw in TOKEN_OR_SEPARATOR.findall(text):
        if raw in _SEPARATORS:
            if part and not part_kinds and not place.issuperset(part):
                named_areas += 1
            part, part_kinds, previous, previous_kind = [], 0, "", 0
            continue
        pieces: tuple[str, ...] | list[str] = (raw,)
        if raw.isascii() and not raw.isdigit() and not raw.isalpha() and raw not in KIND:
            if saudi and _SAUDI_SHORT_ADDRESS.fullmatch(raw):
                short_address = True
                letters += 4
                digits += 4
                scripts |= 2
                part_kinds |= BUILDING
                written.append(raw)
                continue
            pieces = SPLIT.findall(raw)
        for token in pieces:
            written.append(token)
            if token.isdigit():
                digits += len(token)
                if not postal_code and not postal and _inline_postal(token, previous_kind, country):
                    postal = token
                elif len(token) <= 5 and not previous_kind & not_doors:
                    building = True
                previous, previous_kind = token, 0
                continue
            kind, script, gibberish = _WORDS.get(token) or _word(token)
            if previous in PAIR_FIRSTS:
                kind |= PAIRS.get((previous, token), 0)
            kinds |= kind
            part_kinds |= kind
            letters += len(token)
            words.append(token)
            scripts |= script
            if gibberish:
                gibberish_letters += len(token)
            if not kind:
                part.append(token)
                previous_kind = 0
            elif not kind & NUMBER_MARK:
                previous_kind = kind
            previous = token
    scan.kinds, scan.letters, scan.digits, scan.gibberish_letters = kinds, letters, digits, gibberish_letters
    scan.scripts, scan.named_areas, scan.building_number = scripts, named_areas, building
    scan.short_address, scan.postal = short_address, postal
    return scan


_SCRIPTS = ("none", "arabic", "latin", "mixed")  # by the scan's script bits
# Every address gets the same fact keys, whatever was (not) found.
_NOTHING_FOUND: dict[str, object] = {
    "script": "none",
    "is_placeholder": False,
    "is_gibberish": False,
    "phone_in_address": False,
    "postal_code_in_lines": False,
    "has_building_number": False,
    "has_street": False,
    "has_district": False,
    "has_landmark": False,
    "has_po_box": False,
}


def _content_reasons(scan: _Scan, written: str, place: frozenset[str]) -> tuple[list[Reason], bool]:
    """Reasons about the text itself, and whether it is unusable as an address (then completeness is moot)."""
    if scan.short_address:
        return [], False
    if scan.phone and (scan.letters < 4 or CALL_WORDS.issuperset(scan.words)):
        return [R_PHONE_AS_ADDRESS], True
    if not written or written in PLACEHOLDER_LINES:  # nothing but punctuation, or a stock non-answer
        return [R_PLACEHOLDER], True
    if scan.words and PLACEHOLDER_WORDS.issuperset(scan.words):
        return [R_PLACEHOLDER], True
    if scan.letters == 0:
        return [R_ONLY_DIGITS], True
    if scan.gibberish_letters * 2 >= scan.letters:
        return [R_GIBBERISH], True
    found: list[Reason] = []
    if scan.gibberish_letters:
        found.append(R_SOME_GIBBERISH)
    if place.issuperset(scan.words):
        return [*found, R_ONLY_CITY], True
    if scan.letters < 4 and not scan.kinds & PO_BOX:  # "ص.ب 1234" is short, but its reason is the box
        found.append(R_TOO_SHORT)
    return found, False


def _completeness(scan: _Scan, facts: dict[str, object]) -> list[Reason]:
    kinds = scan.kinds
    building = scan.building_number or scan.short_address
    street = bool(kinds & STREET) or scan.short_address
    district = bool(kinds & DISTRICT) or scan.named_areas > 0 or scan.short_address
    landmark = bool(kinds & LANDMARK)
    po_box = bool(kinds & PO_BOX)
    facts["has_building_number"] = building
    facts["has_street"] = street
    facts["has_district"] = district
    facts["has_landmark"] = landmark
    facts["has_po_box"] = po_box
    found: list[Reason] = []
    if po_box and not street and not landmark:
        found.append(R_PO_BOX_ONLY)
        return found
    if not building:
        found.append(R_NO_BUILDING_BUT_LANDMARK if landmark else R_NO_BUILDING)
    if not street:
        found.append(R_NO_STREET)
    if not district:
        found.append(R_NO_DISTRICT)
    if not landmark:
        found.append(R_NO_LANDMARK)
    return found


@lru_cache(maxsize=32768)
def _postal_verdict(
    code: str, country: str, city: str, region: str
) -> tuple[tuple[Reason, ...], tuple[tuple[str, object], ...]]:
    """Reasons and facts about the postal code; cached, since codes and cities repeat across orders."""
    expected = postal_expected(country)
    facts: dict[str, object] = {
        "has_postal_code": bool(code),
        "postal_code": code,
        "postal_code_expected": expected,
        "postal_code_valid": None,
        "postal_code_matches_place": None,
    }
    found: list[Reason] = []
    if not expected:
        # Where postal codes are not used (UAE, Qatar...) forms still ask for one and buyers type 00000 or a
        # P.O. Box number: nothing to judge.
        return (), tuple(facts.items())
    if not code:
        found.append(reason("no_postal_code", W_NO_POSTAL, country=country))
    elif postal_is_placeholder(code):
        facts["postal_code_valid"] = False
        found.append(reason("placeholder_postal_code", W_BAD_POSTAL, postal_code=code))
    else:
        valid = postal_format_ok(country, code)
        facts["postal_code_valid"] = valid
        if valid is False:
            found.append(reason("bad_postal_code", W_BAD_POSTAL, postal_code=code, country=country))
        elif valid:
            matches, place = postal_matches_place(country, code, city, region)
            facts["postal_code_matches_place"] = matches
            if matches is False:
                found.append(reason("postal_code_city_mismatch", W_MISMATCH, postal_code=code, place=place))
    return tuple(found), tuple(facts.items())


def _history_reasons(history: AddressHistory, facts: dict[str, object]) -> list[Reason]:
    facts.update(
        history_orders=history.orders,
        history_customers=history.customers,
        history_rtos=history.rtos,
        history_delivered=history.delivered,
    )
    found: list[Reason] = []
    if history.rtos:
        rate = history.rtos / max(history.orders, history.rtos)
        weight = min(0.5, 0.15 * history.rtos + 0.2 * rate)
        found.append(
            reason("known_bad_address", round(weight, 3), rtos=str(history.rtos), orders=str(history.orders))
        )
    if history.customers >= 3:
        weight = min(0.2, 0.05 * (history.customers - 2))
        found.append(reason("address_shared", weight, customers=str(history.customers)))
    return found


@lru_cache(maxsize=8192)
def _place_words(city: str, region: str) -> frozenset[str]:
    """Words that only name the city, region or country: an address made of nothing else says no more than
    the city field ("Dubai, UAE", "الرياض")."""
    return COUNTRY_WORDS | frozenset(plain(f"{city} {region}").split())


def address_quality(
    *,
    line1: str,
    line2: str = "",
    city: str = "",
    region: str = "",
    postal_code: str = "",
    country: str = "",
    history: AddressHistory | None = None,
) -> QualityScore:
    """Score a shipping address from 0.0 (no courier could find it) to 1.0, with every reason in words."""
    country = (country or "").strip().upper()[:2]
    line1, line2, city, region = line1 or "", line2 or "", (city or "").strip(), (region or "").strip()
    facts: dict[str, object] = dict(_NOTHING_FOUND, country=country)
    reasons: list[Reason] = []
    code = postal_clean(postal_code or "")
    if not line1.strip() and not line2.strip():
        reasons.append(R_NO_ADDRESS)
    else:
        place = _place_words(city, region)
        scan = _scan(line1, line2, country, code, place)
        content, unusable = _content_reasons(scan, " ".join(scan.written), place)
        reasons.extend(content)
        facts["script"] = _SCRIPTS[scan.scripts]
        facts["is_placeholder"] = R_PLACEHOLDER in content
        facts["is_gibberish"] = scan.gibberish_letters > 0
        facts["phone_in_address"] = scan.phone
        facts["postal_code_in_lines"] = bool(scan.postal)
        if not unusable:
            reasons.extend(_completeness(scan, facts))
        code = code or scan.postal
    if not city:
        reasons.append(R_NO_CITY)
    postal_reasons, postal_facts = _postal_verdict(code, country, city, region)
    reasons.extend(postal_reasons)
    facts.update(postal_facts)
    if history is not None:
        reasons.extend(_history_reasons(history, facts))
    return scored(reasons, facts)
