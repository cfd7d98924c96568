"""The catalogue: a few hundred products with variants, shelf prices, margins and stock in two locations."""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal

from wasl.demo import generate_shop
from wasl.demo.catalog import IMAGE_ROOT, PRODUCT_COUNT, nice_price
from wasl.demo.types import DemoShop

ARABIC = re.compile(r"[\u0600-\u06FF]")


def test_given_a_shop_when_its_catalogue_is_read_then_it_has_260_products_and_unique_skus(
    small_shop: DemoShop,
) -> None:
    variants = [variant for product in small_shop.products for variant in product.variants]
    assert len(small_shop.products) == PRODUCT_COUNT == 260
    assert 500 <= len(variants) <= 900
    assert len({variant.sku for variant in variants}) == len(variants)
    assert len({product.external_id for product in small_shop.products}) == 260


def test_given_variants_when_priced_then_prices_are_shelf_prices_above_their_cost(
    small_shop: DemoShop,
) -> None:
    for product in small_shop.products:
        for variant in product.variants:
            assert isinstance(variant.price, Decimal) and variant.price.as_tuple().exponent == -2
            assert variant.price >= Decimal("29")
            assert str(variant.price).endswith(("9.00", ".00"))
            assert Decimal("0.34") * variant.price <= variant.unit_cost <= Decimal("0.62") * variant.price


def test_given_amounts_when_rounded_to_shelf_prices_then_they_end_in_nine_above_a_hundred() -> None:
    assert nice_price(Decimal("147.30")) == Decimal("149.00")
    assert nice_price(Decimal("1812")) == Decimal("1809.00")
    assert nice_price(Decimal("57.6")) == Decimal("58.00")


def test_given_stock_when_read_then_every_sku_has_a_level_in_both_locations(small_shop: DemoShop) -> None:
    codes = tuple(location.code for location in small_shop.locations)
    assert codes == ("LOC1", "LOC2")
    assert [location.city for location in small_shop.locations] == ["Riyadh", "Jeddah"]
    levels = [units for p in small_shop.products for v in p.variants for code, units in v.stock]
    for product in small_shop.products:
        for variant in product.variants:
            assert tuple(code for code, _ in variant.stock) == codes
    out_of_stock = sum(1 for units in levels if units == 0) / len(levels)
    assert 0.05 <= out_of_stock <= 0.11
    assert max(levels) < 150


def test_given_a_saudi_store_when_products_are_named_then_names_are_arabic_and_images_ours(
    small_shop: DemoShop,
) -> None:
    assert all(ARABIC.search(product.name) for product in small_shop.products)
    assert all(product.image_url.startswith(IMAGE_ROOT + "/") for product in small_shop.products)
    assert all(product.image_url.endswith(".svg") for product in small_shop.products)


def test_given_a_moroccan_store_when_products_are_named_then_names_are_french() -> None:
    shop = generate_shop(orders=10, days=2, seed=1, market="MA", now=datetime(2025, 6, 30, tzinfo=UTC))
    assert shop.store.language == "fr"
    assert not any(ARABIC.search(product.name) for product in shop.products)
    assert any(product.name.startswith(("Parfum", "Abaya", "Robe", "Chemise")) for product in shop.products)


def test_given_sales_when_counted_then_a_few_best_sellers_lead_a_long_tail(small_shop: DemoShop) -> None:
    sold = Counter(line.product_external_id for order in small_shop.orders for line in order.order.lines)
    top_ten = sum(count for _, count in sold.most_common(10))
    assert 0.15 <= top_ten / sum(sold.values()) <= 0.40
    assert len(sold) >= 200
