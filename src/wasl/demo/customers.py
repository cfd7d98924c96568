"""Buyers, each a pure function of (seed, market, index), so a stream never has to keep them all in memory."""

from __future__ import annotations

import random
from dataclasses import dataclass

from wasl.demo.addresses import make_address, pick_quality
from wasl.demo.markets import City, Market
from wasl.demo.names import EXPAT_POOL, POOLS, Name
from wasl.demo.sampling import Weighted
from wasl.demo.types import DemoCustomer

_EMAIL_SHARE = 0.45
_EMAIL_DOMAINS = ("example.com", "example.net", "example.org")  # reserved: a demo never mails a real person
_SHARED_PHONE_SHARE = 0.03  # a relative's or a reseller's number, already used by another buyer
_SHARED_PHONE_LOOKBACK = 4000
_PHONE_MULTIPLIER = 6_180_339
_CUSTOMER_SALT = 0xC5
_CACHE_SIZE = 30_000  # buyers kept built; repeat buyers beyond it are rebuilt, identically


@dataclass(frozen=True, slots=True)
class CustomerTraits:
    """What the outcome model knows about a buyer that the shop only sees indirectly."""

    city: City
    phone_shared: bool
    propensity: float  # the buyer's own habit of refusing parcels, on the log-odds scale


class CustomerFactory:
    """Builds buyer number `index` the same way every time it is asked."""

    def __init__(self, *, seed: int, market: Market) -> None:
        self._seed = seed
        self._market = market
        self._cities = Weighted((city, city.weight) for city in market.cities)
        self._recent: dict[int, tuple[DemoCustomer, CustomerTraits]] = {}

    def build(self, index: int) -> tuple[DemoCustomer, CustomerTraits]:
        built = self._recent.get(index)
        if built is None:
            built = self._build(index)
            if len(self._recent) >= _CACHE_SIZE:
                del self._recent[next(iter(self._recent))]  # the oldest entry: insertion order
            self._recent[index] = built
        return built

    def phone_of(self, index: int) -> str:
        return self._phone(random.Random(_stream_seed(self._seed, index)), index)

    def _build(self, index: int) -> tuple[DemoCustomer, CustomerTraits]:
        rng = random.Random(_stream_seed(self._seed, index))
        market = self._market
        phone = self._phone(rng, index)  # first draw of the stream, so phone_of() can replay it alone
        city = self._cities.draw(rng)
        latin, (native_name, latin_name) = self._name(rng)
        name = latin_name if latin else native_name
        phone_shared = index > 0 and rng.random() < _SHARED_PHONE_SHARE
        if phone_shared:
            phone = self.phone_of(rng.randrange(max(0, index - _SHARED_PHONE_LOOKBACK), index))
        email = _email(rng, latin_name, index) if rng.random() < _EMAIL_SHARE else ""
        quality = pick_quality(rng)
        address = make_address(
            rng, market=market, city=city, quality=quality, latin=latin, name=name, phone=phone
        )
        customer = DemoCustomer(
            external_id=f"C{index + 1:07d}",
            name=name,
            phone=phone,
            email=email,
            language=_language(market, latin),
            address=address,
            address_quality=quality,
        )
        return customer, CustomerTraits(city=city, phone_shared=phone_shared, propensity=rng.gauss(0.0, 0.55))

    def _phone(self, rng: random.Random, index: int) -> str:
        market = self._market
        # An affine map with a multiplier prime to 10 is a bijection, so no two buyers share a number by chance.
        span = 10**market.subscriber_digits
        subscriber = (index * _PHONE_MULTIPLIER + self._seed * 7_777) % span
        prefix = rng.choice(market.mobile_prefixes)
        return f"+{market.phone_country_code}{prefix}{subscriber:0{market.subscriber_digits}d}"

    def _name(self, rng: random.Random) -> tuple[bool, Name]:
        market = self._market
        expat = rng.random() < market.expat_share
        pool = POOLS[EXPAT_POOL if expat else market.name_pool]
        latin = expat or rng.random() < market.latin_name_share
        given = rng.choice(pool.given_female if rng.random() < 0.5 else pool.given_male)
        family = rng.choice(pool.family)
        form = rng.random()
        if form < 0.07:
            return latin, given
        if form < 0.25:
            father = rng.choice(pool.given_male)
            return latin, (f"{given[0]} {father[0]} {family[0]}", f"{given[1]} {father[1]} {family[1]}")
        return latin, (f"{given[0]} {family[0]}", f"{given[1]} {family[1]}")


def _stream_seed(seed: int, index: int) -> int:
    # Integer seeds are cheap to set and give the same stream on every run and platform.
    return (seed * 0x9E3779B97F4A7C15 + _CUSTOMER_SALT) * 0x1_0000_0000 + index


def _email(rng: random.Random, latin_name: str, index: int) -> str:
    parts = latin_name.lower().replace("'", "").split()
    local = ".".join(parts[:1] + parts[-1:]) if len(parts) > 1 else parts[0]
    # Names never end in a digit, so the buyer's number keeps every address unique.
    return f"{local}{index + 1}@{rng.choice(_EMAIL_DOMAINS)}"


def _language(market: Market, latin: bool) -> str:
    if not latin:
        return "ar"
    return "fr" if market.language == "fr" else "en"
