"""Products to suggest to a buyer next to their order: bought together first, then popular in the same category.

Only products with stock on hand are ever suggested, and never one the order already holds. Everything is read from
the store's own order lines, so a new store simply gets fewer (or no) suggestions rather than invented ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.utils import timezone

from wasl.orders.models import Order, OrderLine, Product, StockLevel, Variant
from wasl.stores.models import Store

# How far back popularity and co-purchases are counted: recent enough to follow the catalogue, long enough to
# have volume in a small shop.
LOOKBACK = timedelta(days=180)


def products_in_stock(*, store: Store) -> set[int]:
    rows = (
        StockLevel.objects.filter(store=store)
        .values("variant__product_id")
        .annotate(on_hand=Sum("quantity"))
        .filter(on_hand__gt=0)
    )
    return {row["variant__product_id"] for row in rows}


def _bought_together(*, store: Store, product_ids: set[int], since: object) -> list[int]:
    """Products that appear in the same orders as any of `product_ids`, most shared orders first."""
    co_orders = OrderLine.objects.filter(
        order__store=store, order__placed_at__gte=since, variant__product_id__in=product_ids
    ).values("order_id")
    rows = (
        OrderLine.objects.filter(order_id__in=co_orders, variant__isnull=False)
        .exclude(variant__product_id__in=product_ids)
        .values("variant__product_id")
        .annotate(orders=Count("order_id", distinct=True))
        .order_by("-orders", "variant__product_id")[:50]
    )
    return [row["variant__product_id"] for row in rows]


def _popular_in(*, store: Store, categories: set[str], exclude: set[int], since: object) -> list[int]:
    lines = OrderLine.objects.filter(
        order__store=store, order__placed_at__gte=since, variant__isnull=False
    ).exclude(variant__product_id__in=exclude)
    if categories:
        lines = lines.filter(Q(variant__product__category__in=categories))
    rows = (
        lines.values("variant__product_id")
        .annotate(units=Sum("quantity"))
        .order_by("-units", "variant__product_id")[:50]
    )
    return [row["variant__product_id"] for row in rows]


def recommend_products(*, store: Store, order: Order | None, limit: int = 4) -> list[Product]:
    """Up to `limit` in-stock products for the buyer of `order` (or the store's best sellers without one)."""
    since = timezone.now() - LOOKBACK
    in_stock = products_in_stock(store=store)
    owned = set(
        OrderLine.objects.filter(order=order, variant__isnull=False).values_list(
            "variant__product_id", flat=True
        )
        if order is not None
        else []
    )
    categories = set(
        Product.objects.filter(pk__in=owned).exclude(category="").values_list("category", flat=True)
    )
    candidates = _bought_together(store=store, product_ids=owned, since=since) if owned else []
    candidates += _popular_in(store=store, categories=categories, exclude=owned, since=since)
    if not categories or len(candidates) < limit:
        candidates += _popular_in(store=store, categories=set(), exclude=owned, since=since)
    chosen: list[int] = []
    for product_id in candidates:
        if product_id in in_stock and product_id not in owned and product_id not in chosen:
            chosen.append(product_id)
        if len(chosen) == limit:
            break
    by_id = Product.objects.filter(store=store).in_bulk(chosen)
    return [by_id[pk] for pk in chosen if pk in by_id]


@dataclass(frozen=True)
class Suggestion:
    """What a buyer page shows of a suggested product; plain values, so that it can be cached."""

    product_id: int
    name: str
    category: str
    image_url: str
    price: Decimal | None  # the lowest of its variants' prices


@dataclass(frozen=True)
class Catalogue:
    """What every suggestion of one store needs, read once per CACHE_SECONDS per process."""

    product_of_variant: dict[int, int]
    category_of: dict[int, str]
    rank: dict[int, int]  # position among the best sellers in stock
    in_stock: frozenset[int]
    popular: tuple[int, ...]  # best sellers first
    popular_in: dict[str, tuple[int, ...]]  # per category, best sellers first
    cards: dict[int, Suggestion]  # every in-stock product that sold in the lookback


CACHE_SECONDS = 600
POPULAR_KEPT = 50


def catalogue(*, store: Store) -> Catalogue:
    key = f"orders:catalogue:{store.pk}"
    cached = cache.get(key)
    if isinstance(cached, Catalogue):
        return cached
    since = timezone.now() - LOOKBACK
    in_stock = frozenset(products_in_stock(store=store))
    variants = Variant.objects.filter(store=store).values_list("pk", "product_id", "price")
    product_of_variant: dict[int, int] = {}
    lowest: dict[int, Decimal] = {}
    for variant_id, product_id, price in variants:
        product_of_variant[variant_id] = product_id
        if product_id not in lowest or price < lowest[product_id]:
            lowest[product_id] = price
    units = (
        OrderLine.objects.filter(order__store=store, order__placed_at__gte=since, variant__isnull=False)
        .values("variant__product_id")
        .annotate(units=Sum("quantity"))
        .order_by("-units", "variant__product_id")
    )
    sold = [row["variant__product_id"] for row in units]
    products = Product.objects.filter(store=store, pk__in=[p for p in sold if p in in_stock]).only(
        "pk", "name", "category", "image_url"
    )
    cards = {p.pk: Suggestion(p.pk, p.name, p.category, p.image_url, lowest.get(p.pk)) for p in products}
    popular = tuple(p for p in sold if p in cards)
    category_of = dict(Product.objects.filter(store=store).exclude(category="").values_list("pk", "category"))
    popular_in: dict[str, list[int]] = {}
    for product_id in popular:
        category = cards[product_id].category
        if category:
            popular_in.setdefault(category, []).append(product_id)
    found = Catalogue(
        product_of_variant=product_of_variant,
        category_of=category_of,
        rank={p: i for i, p in enumerate(popular)},
        in_stock=in_stock,
        popular=popular[:POPULAR_KEPT],
        popular_in={c: tuple(ids[:POPULAR_KEPT]) for c, ids in popular_in.items()},
        cards=cards,
    )
    cache.set(key, found, CACHE_SECONDS)
    return found


def bought_with(*, store: Store, product_id: int) -> dict[int, int]:
    """Other products in the same orders as `product_id` (product -> orders shared), cached per product."""
    key = f"orders:bought-with:{store.pk}:{product_id}"
    cached = cache.get(key)
    if isinstance(cached, dict):
        return cached
    since = timezone.now() - LOOKBACK
    co_orders = OrderLine.objects.filter(
        order__store=store, order__placed_at__gte=since, variant__product_id=product_id
    ).values("order_id")
    rows = (
        OrderLine.objects.filter(order_id__in=co_orders, variant__isnull=False)
        .exclude(variant__product_id=product_id)
        .values("variant__product_id")
        .annotate(orders=Count("order_id", distinct=True))
        .order_by("-orders", "variant__product_id")[:POPULAR_KEPT]
    )
    found = {row["variant__product_id"]: row["orders"] for row in rows}
    cache.set(key, found, CACHE_SECONDS)
    return found


def suggestions_for_lines(
    *, store: Store, variant_ids: Sequence[int | None], limit: int = 4
) -> list[Suggestion]:
    """The same choice as `recommend_products`, from the order's line variants and the caches above.

    A buyer page already reads the order's lines; with warm caches this costs no query. A product bought
    with two of the order's products counts the orders of both, which ranks it a little higher.
    """
    shop = catalogue(store=store)
    owned = {
        shop.product_of_variant[v] for v in variant_ids if v is not None and v in shop.product_of_variant
    }
    together: dict[int, int] = {}
    for product_id in sorted(owned):
        for other, orders in bought_with(store=store, product_id=product_id).items():
            together[other] = together.get(other, 0) + orders
    candidates = sorted(together, key=lambda p: (-together[p], p))
    categories = {shop.category_of[p] for p in owned if shop.category_of.get(p)}
    in_categories = {p for category in categories for p in shop.popular_in.get(category, ())}
    candidates += sorted(in_categories, key=shop.rank.__getitem__)
    candidates += shop.popular
    chosen: list[Suggestion] = []
    for product_id in candidates:
        if (
            product_id in shop.cards
            and product_id not in owned
            and all(c.product_id != product_id for c in chosen)
        ):
            chosen.append(shop.cards[product_id])
        if len(chosen) == limit:
            break
    return chosen


def recommendations_cached(*, store: Store, order: Order | None, limit: int = 4) -> list[Suggestion]:
    """Suggestions for `order` from the cached catalogue (one small query for the order's lines)."""
    if order is None:
        return suggestions_for_lines(store=store, variant_ids=[], limit=limit)
    variant_ids = list(OrderLine.objects.filter(order=order).values_list("variant_id", flat=True))
    return suggestions_for_lines(store=store, variant_ids=variant_ids, limit=limit)
