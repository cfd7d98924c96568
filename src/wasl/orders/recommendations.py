"""Products to suggest to a buyer next to their order: bought together first, then popular in the same category.

Only products with stock on hand are ever suggested, and never one the order already holds. Everything is read from
the store's own order lines, so a new store simply gets fewer (or no) suggestions rather than invented ones.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from wasl.orders.models import Order, OrderLine, Product, StockLevel
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
