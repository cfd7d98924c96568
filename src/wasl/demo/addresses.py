"""Buyer addresses of deliberately uneven quality, as shops really receive them."""

from __future__ import annotations

import random

from wasl.demo.address_words import PLACEHOLDER_LINES, WORDS, AddressWords
from wasl.demo.markets import City, Market
from wasl.demo.sampling import Weighted
from wasl.demo.types import AddressQuality
from wasl.orders.types import AddressData

Q = AddressQuality
QUALITY_SHARES: tuple[tuple[AddressQuality, float], ...] = (
    (Q.COMPLETE, 0.36),
    (Q.PARTIAL, 0.28),
    (Q.LANDMARK, 0.16),
    (Q.VAGUE, 0.13),
    (Q.PLACEHOLDER, 0.07),
)
_QUALITIES = Weighted(QUALITY_SHARES)

# How often each quality still carries a postal code.
_POSTAL_CODE_SHARE: dict[AddressQuality, float] = {
    Q.COMPLETE: 0.92,
    Q.PARTIAL: 0.55,
    Q.LANDMARK: 0.25,
    Q.VAGUE: 0.10,
    Q.PLACEHOLDER: 0.04,
}
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_ARABIC_INDIC_SHARE = 0.08  # some phones' keyboards type Eastern Arabic digits


def pick_quality(rng: random.Random) -> AddressQuality:
    return _QUALITIES.draw(rng)


def make_address(
    rng: random.Random,
    *,
    market: Market,
    city: City,
    quality: AddressQuality,
    latin: bool,
    name: str,
    phone: str,
) -> AddressData:
    words = WORDS[market.code]
    script = 1 if latin or not words.native_landmarks else 0
    line1, line2 = _lines(rng, words, quality, script, city)
    if script == 0 and rng.random() < _ARABIC_INDIC_SHARE:
        line1, line2 = line1.translate(_ARABIC_INDIC), line2.translate(_ARABIC_INDIC)
    return AddressData(
        name=name,
        line1=line1,
        line2=line2,
        city=city.name,
        region=city.region,
        postal_code=_postal_code(rng, market, city, quality),
        country=market.code,
        phone=phone,
    )


def _lines(
    rng: random.Random, words: AddressWords, quality: AddressQuality, script: int, city: City
) -> tuple[str, str]:
    street = rng.choice(words.streets)[script]
    district = rng.choice(words.districts)[script]
    if quality is Q.COMPLETE:
        return _complete_line(rng, words, street, script), district
    if quality is Q.PARTIAL:
        return street, district
    if quality is Q.LANDMARK:
        templates = words.latin_landmarks if script else words.native_landmarks
        landmark = rng.choice(templates).format(name=rng.choice(words.landmark_names)[script])
        return landmark, district if rng.random() < 0.5 else ""
    if quality is Q.VAGUE:
        return (district if rng.random() < 0.6 else (city.name if script else city.native)), ""
    return rng.choice(PLACEHOLDER_LINES), ""


def _complete_line(rng: random.Random, words: AddressWords, street: str, script: int) -> str:
    building = rng.randrange(1000, 9999) if words.national_address else rng.randrange(1, 250)
    if words.national_address:
        additional = rng.randrange(2000, 9999)
        return f"{building} {street}، {additional}" if script == 0 else f"{building} {street}, {additional}"
    flat = rng.randrange(1, 40)
    if script == 0:
        return f"{street}، مبنى {building}، شقة {flat}"
    return f"Flat {flat}, Bldg {building}, {street}"


def _postal_code(rng: random.Random, market: Market, city: City, quality: AddressQuality) -> str:
    if not city.postal_prefixes or rng.random() >= _POSTAL_CODE_SHARE[quality]:
        return ""
    prefix = rng.choice(city.postal_prefixes)
    rest = market.postal_code_length - len(prefix)
    return prefix + "".join(rng.choice("0123456789") for _ in range(rest))
