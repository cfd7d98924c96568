"""Orders: channels, payment, basket arithmetic, and the markets' currencies and cities."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from wasl.demo import generate_shop
from wasl.demo.markets import MARKETS
from wasl.demo.types import DemoShop

ANCHOR = datetime(2025, 6, 30, tzinfo=UTC)


def test_given_orders_when_totalled_then_lines_discount_and_shipping_add_up(small_shop: DemoShop) -> None:
    for demo in small_shop.orders:
        order = demo.order
        lines = sum((line.unit_price * line.quantity for line in order.lines), Decimal(0))
        assert order.subtotal == lines
        assert order.total == order.subtotal - order.discount_total + order.shipping_total
        assert order.shipping_total == (Decimal("0.00") if order.total - order.shipping_total >= 300 else 25)
        vat = (order.total * Decimal("0.15") / Decimal("1.15")).quantize(Decimal("0.01"))
        assert abs(order.tax_total - vat) <= Decimal("0.01")
        assert order.currency == "SAR" and order.payment_method in ("cod", "prepaid")


def test_given_orders_when_discounted_then_about_a_fifth_carry_a_coupon(small_shop: DemoShop) -> None:
    discounted = [o.order for o in small_shop.orders if o.order.discount_total > 0]
    assert 0.18 <= len(discounted) / len(small_shop.orders) <= 0.26
    assert all(order.tags and order.tags[0].startswith("coupon:") for order in discounted)


def test_given_baskets_when_counted_then_most_orders_hold_one_item(small_shop: DemoShop) -> None:
    sizes = Counter(len(o.order.lines) for o in small_shop.orders)
    assert 0.55 <= sizes[1] / len(small_shop.orders) <= 0.65
    assert max(sizes) <= 5


def test_given_orders_when_numbered_then_ids_follow_the_order_of_placement(small_shop: DemoShop) -> None:
    numbers = [o.order.number for o in small_shop.orders[:3]]
    assert numbers == ["#1001", "#1002", "#1003"]
    assert all(o.order.external_id == o.order.number[1:] for o in small_shop.orders)
    assert all(o.customer_id == o.order.customer.external_id for o in small_shop.orders)


@pytest.mark.parametrize("code", sorted(MARKETS))
def test_given_a_market_when_its_shop_is_generated_then_currency_cities_and_carriers_are_its_own(
    code: str,
) -> None:
    market = MARKETS[code]
    shop = generate_shop(orders=1200, days=30, seed=2, market=code, now=ANCHOR)
    assert (shop.store.country, shop.store.currency, shop.store.language) == (
        code,
        market.currency,
        market.language,
    )
    assert {o.order.currency for o in shop.orders} == {market.currency}
    assert {o.order.shipping_address.city for o in shop.orders} <= {city.name for city in market.cities}
    carriers = Counter(o.carrier for o in shop.orders if o.carrier)
    assert set(carriers) == {slug for slug, _ in market.carriers}
    assert {o.order.channel for o in shop.orders} == {slug for slug, _ in market.channels}
    cod = sum(1 for o in shop.orders if o.order.payment_method == "cod") / len(shop.orders)
    assert abs(cod - market.cod_share) <= 0.04


def test_given_an_indian_shop_when_shipped_then_delhivery_carries_about_half() -> None:
    shop = generate_shop(orders=2000, days=30, seed=2, market="IN", now=ANCHOR)
    carriers = Counter(o.carrier for o in shop.orders if o.carrier)
    assert 0.45 <= carriers["delhivery"] / sum(carriers.values()) <= 0.55
    assert all(len(o.order.shipping_address.postal_code) in (0, 6) for o in shop.orders)


def test_given_an_emirati_shop_when_addressed_then_no_postal_codes_are_used() -> None:
    shop = generate_shop(orders=300, days=10, seed=2, market="AE", now=ANCHOR)
    assert {o.order.shipping_address.postal_code for o in shop.orders} == {""}
