"""Product suggestions next to an order: bought together first, then popular in the same category, in stock only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache

from factories import order_data
from wasl.orders.models import Order, Product, StockLevel, Variant
from wasl.orders.recommendations import recommend_products, recommendations_cached, suggestions_for_lines
from wasl.orders.services import order_upsert
from wasl.orders.types import LineData
from wasl.stores.models import Store

RECENT = datetime.now(UTC) - timedelta(days=3)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def product(store: Store, sku: str, category: str = "", *, stock: int = 5, price: str = "10.00") -> Product:
    item = Product.objects.create(store=store, external_id=sku, name=sku.title(), category=category)
    variant = Variant.objects.create(store=store, product=item, sku=sku, price=Decimal(price))
    StockLevel.objects.create(store=store, variant=variant, location="main", quantity=stock)
    return item


def bought(
    store: Store, external_id: str, *skus: str, quantity: int = 1, placed_at: datetime = RECENT
) -> Order:
    lines = tuple(LineData(sku=s, name=s, quantity=quantity, unit_price=Decimal("10.00")) for s in skus)
    return order_upsert(store=store, data=order_data(external_id, lines=lines, placed_at=placed_at)).order


def names(products: list[Product]) -> list[str]:
    return [p.external_id for p in products]


def test_bought_together_comes_before_popular_in_the_category(store) -> None:  # type: ignore[no-untyped-def]
    # given shirts bought with caps twice, with belts once, and socks (same category as shirts) bought most
    for sku, category in (
        ("shirt", "tops"),
        ("cap", "hats"),
        ("belt", "acc"),
        ("tee", "tops"),
        ("socks", "x"),
    ):
        product(store, sku, category)
    bought(store, "1", "shirt", "cap")
    bought(store, "2", "shirt", "cap")
    bought(store, "3", "shirt", "belt")
    bought(store, "4", "tee", quantity=9)
    bought(store, "5", "socks", quantity=50)
    order = bought(store, "6", "shirt")
    # when suggestions are made for a new shirt order
    suggested = recommend_products(store=store, order=order, limit=4)
    # then the most co-bought first, then the category's best seller, then the store's
    assert names(suggested) == ["cap", "belt", "tee", "socks"]


def test_never_out_of_stock_nor_already_in_the_order(store) -> None:  # type: ignore[no-untyped-def]
    product(store, "shirt", "tops")
    product(store, "cap", "hats", stock=0)
    product(store, "tee", "tops")
    bought(store, "1", "shirt", "cap", "tee")
    order = bought(store, "2", "shirt", "tee")
    assert names(recommend_products(store=store, order=order, limit=4)) == []


def test_stock_counts_across_locations(store) -> None:  # type: ignore[no-untyped-def]
    product(store, "shirt", "tops")
    cap = product(store, "cap", "hats", stock=0)
    StockLevel.objects.create(store=store, variant=cap.variants.get(), location="second", quantity=2)
    bought(store, "1", "shirt", "cap")
    order = bought(store, "2", "shirt")
    assert names(recommend_products(store=store, order=order)) == ["cap"]


def test_without_an_order_the_store_best_sellers(store) -> None:  # type: ignore[no-untyped-def]
    for sku in ("a", "b", "c"):
        product(store, sku)
    bought(store, "1", "a", quantity=1)
    bought(store, "2", "b", quantity=7)
    bought(store, "3", "c", quantity=3)
    assert names(recommend_products(store=store, order=None, limit=2)) == ["b", "c"]


def test_old_sales_do_not_count(store) -> None:  # type: ignore[no-untyped-def]
    product(store, "a")
    product(store, "b")
    bought(store, "1", "a", quantity=100, placed_at=datetime.now(UTC) - timedelta(days=400))
    bought(store, "2", "b", quantity=1)
    assert names(recommend_products(store=store, order=None)) == ["b"]


def test_another_stores_sales_and_products_stay_out(store, other_store) -> None:  # type: ignore[no-untyped-def]
    product(store, "shirt", "tops")
    product(other_store, "cap", "hats")
    product(other_store, "shirt", "tops")
    bought(other_store, "1", "shirt", "cap")
    order = bought(store, "2", "shirt")
    assert names(recommend_products(store=store, order=order)) == []


def test_cached_suggestions_carry_the_lowest_price_and_cost_one_query_once_warm(
    store, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    # given a cap with two sizes at different prices, bought with shirts
    product(store, "shirt", "tops")
    cap = product(store, "cap", "hats", price="30.00")
    Variant.objects.create(store=store, product=cap, sku="cap-xl", price=Decimal("25.50"))
    bought(store, "1", "shirt", "cap")
    order = bought(store, "2", "shirt")
    # when a page asks twice
    first = recommendations_cached(store=store, order=order, limit=4)
    with django_assert_num_queries(1):  # the order's lines; the catalogue and co-purchases are cached
        second = recommendations_cached(store=store, order=order, limit=4)
    # then the cap comes with its lowest price
    assert [(s.name, s.category, s.price) for s in first] == [("Cap", "hats", Decimal("25.500"))]
    assert second == first


def test_cached_choice_is_the_same_as_the_direct_one(store, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    # given the store of the first test
    for sku, category in (
        ("shirt", "tops"),
        ("cap", "hats"),
        ("belt", "acc"),
        ("tee", "tops"),
        ("socks", "x"),
    ):
        product(store, sku, category)
    bought(store, "1", "shirt", "cap")
    bought(store, "2", "shirt", "cap")
    bought(store, "3", "shirt", "belt")
    bought(store, "4", "tee", quantity=9)
    bought(store, "5", "socks", quantity=50)
    order = bought(store, "6", "shirt")
    variant_ids = [line.variant_id for line in order.lines.all()]
    # when both ways choose, the cached one twice
    direct = names(recommend_products(store=store, order=order, limit=4))
    cached = [s.name for s in suggestions_for_lines(store=store, variant_ids=variant_ids, limit=4)]
    with django_assert_num_queries(0):
        again = [s.name for s in suggestions_for_lines(store=store, variant_ids=variant_ids, limit=4)]
    # then they agree, and the warm one reads nothing
    assert [n.lower() for n in cached] == direct == ["cap", "belt", "tee", "socks"]
    assert again == cached
