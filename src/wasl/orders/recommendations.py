"""Products to suggest to a buyer next to their order: bought together first, then popular in the same category.

Only products with stock on hand are ever suggested, and never one the order already holds. Everything is read from
the store's own order lines, so a new store simply gets fewer (or no) suggestions rather than invented ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Min, Q, Sum
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


CACHE_SECONDS = 600


def recommendations_cached(*, store: Store, order: Order | None, limit: int = 4) -> list[Suggestion]:
    """`recommend_products` with each product's lowest price, kept for ten minutes per order.

    A tracking page is opened many times while the catalogue's best sellers barely move; stock that runs out
    in between shows for at most those ten minutes.
    """
    key = f"orders:recommendations:{store.pk}:{order.pk if order is not None else 0}:{limit}"
    cached = cache.get(key)
    if cached is not None:
        return list(cached)
    products = recommend_products(store=store, order=order, limit=limit)
    prices = dict(
        Variant.objects.filter(store=store, product_id__in=[p.pk for p in products])
        .values("product_id")
        .annotate(lowest=Min("price"))
        .values_list("product_id", "lowest")
    )
    suggestions = [
        Suggestion(
            product_id=p.pk, name=p.name, category=p.category, image_url=p.image_url, price=prices.get(p.pk)
        )
        for p in products
    ]
    cache.set(key, suggestions, CACHE_SECONDS)
    return suggestions
