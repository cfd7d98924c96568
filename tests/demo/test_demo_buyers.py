"""Buyers: names in the market's script, valid mobile numbers, reserved e-mail domains, uneven addresses."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime

import phonenumbers
import pytest

from wasl.core.phones import to_e164
from wasl.demo import generate_shop
from wasl.demo.markets import MARKETS
from wasl.demo.types import AddressQuality, DemoShop

ANCHOR = datetime(2025, 6, 30, tzinfo=UTC)
ARABIC = re.compile(r"[\u0600-\u06FF]")


@pytest.mark.parametrize("market", sorted(MARKETS))
def test_given_any_market_when_buyers_are_made_then_every_phone_is_a_valid_mobile_of_it(market: str) -> None:
    shop = generate_shop(orders=1500, days=30, seed=9, market=market, now=ANCHOR)
    for customer in shop.customers:
        number = phonenumbers.parse(customer.phone)
        assert phonenumbers.is_valid_number(number), customer.phone
        assert phonenumbers.region_code_for_number(number) == market
        assert phonenumbers.number_type(number) in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        )
        assert phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == customer.phone


def test_given_orders_when_phones_are_typed_loosely_then_each_normalises_to_the_buyers_number(
    small_shop: DemoShop,
) -> None:
    phones = {customer.external_id: customer.phone for customer in small_shop.customers}
    typed: Counter[str] = Counter()
    for order in small_shop.orders:
        raw = order.order.customer.phone
        typed["e164" if raw.startswith("+") else "00" if raw.startswith("00") else "national"] += 1
        assert to_e164(raw, order.order.shipping_address.country) == phones[order.customer_id]
    assert set(typed) == {"e164", "00", "national"}


def test_given_saudi_buyers_when_named_then_most_write_arabic_and_some_latin(small_shop: DemoShop) -> None:
    arabic = sum(1 for customer in small_shop.customers if ARABIC.search(customer.name))
    share = arabic / len(small_shop.customers)
    assert 0.74 <= share <= 0.87
    latin = [c for c in small_shop.customers if not ARABIC.search(c.name)]
    assert all(customer.language == "en" for customer in latin)
    assert all(re.fullmatch(r"[A-Za-z' ]+", customer.name) for customer in latin)


def test_given_indian_buyers_when_named_then_names_are_in_latin_script() -> None:
    shop = generate_shop(orders=500, days=10, seed=1, market="IN", now=ANCHOR)
    assert not any(ARABIC.search(customer.name) for customer in shop.customers)


def test_given_buyers_when_they_give_an_email_then_it_is_unique_and_on_a_reserved_domain(
    small_shop: DemoShop,
) -> None:
    emails = [customer.email for customer in small_shop.customers if customer.email]
    assert 0.40 <= len(emails) / len(small_shop.customers) <= 0.50
    assert len(set(emails)) == len(emails)
    assert {email.rsplit("@", 1)[1] for email in emails} == {"example.com", "example.net", "example.org"}


def test_given_buyers_when_counted_then_a_few_share_a_phone_number_with_another(small_shop: DemoShop) -> None:
    owners = Counter(customer.phone for customer in small_shop.customers)
    sharing = sum(count for count in owners.values() if count > 1)
    assert 0.03 <= sharing / len(small_shop.customers) <= 0.08


def test_given_addresses_when_graded_then_every_quality_occurs_in_roughly_its_share(
    small_shop: DemoShop,
) -> None:
    shares = Counter(customer.address_quality for customer in small_shop.customers)
    total = len(small_shop.customers)
    expected = {
        AddressQuality.COMPLETE: 0.36,
        AddressQuality.PARTIAL: 0.28,
        AddressQuality.LANDMARK: 0.16,
        AddressQuality.VAGUE: 0.13,
        AddressQuality.PLACEHOLDER: 0.07,
    }
    for quality, share in expected.items():
        assert abs(shares[quality] / total - share) <= 0.03, quality


def test_given_complete_saudi_addresses_when_read_then_they_carry_building_street_and_district(
    small_shop: DemoShop,
) -> None:
    complete = [c.address for c in small_shop.customers if c.address_quality is AddressQuality.COMPLETE]
    digits = re.compile(r"^[0-9٠-٩]{4} ")
    assert all(digits.match(address.line1) for address in complete)
    assert all(address.line2 for address in complete)
    with_code = [address for address in complete if address.postal_code]
    assert len(with_code) / len(complete) >= 0.85


def test_given_saudi_postal_codes_when_read_then_they_have_five_digits_and_the_citys_prefix(
    small_shop: DemoShop,
) -> None:
    market = MARKETS["SA"]
    coded = [c.address for c in small_shop.customers if c.address.postal_code]
    assert len(coded) > 1000
    for address in coded:
        assert re.fullmatch(r"\d{5}", address.postal_code)
        assert address.postal_code.startswith(market.city(address.city).postal_prefixes)
        assert address.country == "SA"


def test_given_placeholder_addresses_when_read_then_they_say_nothing_findable(small_shop: DemoShop) -> None:
    placeholders = [
        c.address for c in small_shop.customers if c.address_quality is AddressQuality.PLACEHOLDER
    ]
    assert len(placeholders) > 100
    assert all(len(address.line1) <= 8 and not address.line2 for address in placeholders)


def test_given_buyers_when_located_then_big_cities_hold_most_of_them(small_shop: DemoShop) -> None:
    cities = Counter(customer.address.city for customer in small_shop.customers)
    total = len(small_shop.customers)
    assert set(cities) <= {city.name for city in MARKETS["SA"].cities}
    assert 0.22 <= cities["Riyadh"] / total <= 0.30
    assert 0.16 <= cities["Jeddah"] / total <= 0.23
