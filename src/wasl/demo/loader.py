"""Writes a generated demo shop into the database through the same services real data goes through."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction

from wasl.demo.types import DemoOrder, DemoShop, Outcome
from wasl.orders.models import OrderStatus, Product, StockLevel, Variant
from wasl.orders.services import order_status_set, order_upsert
from wasl.shipping.services import MAX_BATCH, shipment_create, tracking_updates_ingest
from wasl.shipping.types import TrackingUpdate
from wasl.stores.models import Store
from wasl.stores.services import store_create

Progress = Callable[[int], None]


def demo_store_create(shop: DemoShop, *, slug: str) -> Store:
    facts = shop.store
    return store_create(
        name=facts.name,
        slug=slug,
        country=facts.country,
        currency=facts.currency,
        language=facts.language,
        timezone_name=facts.timezone,
    )


@transaction.atomic
def catalogue_load(*, store: Store, shop: DemoShop) -> int:
    products = Product.objects.bulk_create(
        Product(
            store=store,
            external_id=p.external_id,
            name=p.name,
            category=p.category,
            image_url=_absolute(p.image_url),
        )
        for p in shop.products
    )
    variants = Variant.objects.bulk_create(
        Variant(store=store, product=product, sku=v.sku, name=v.name, price=v.price, cost=v.unit_cost)
        for product, demo in zip(products, shop.products, strict=True)
        for v in demo.variants
    )
    by_sku = {v.sku: v for v in variants}
    StockLevel.objects.bulk_create(
        StockLevel(store=store, variant=by_sku[v.sku], location=location, quantity=units)
        for demo in shop.products
        for v in demo.variants
        for location, units in v.stock
    )
    return len(variants)


def _absolute(url: str) -> str:
    """The demo's images are served by this site; buyers' pages and messages need full addresses."""
    return f"{settings.WASL_PUBLIC_URL}{url}" if url.startswith("/") else url


def orders_load(*, store: Store, orders: Iterable[DemoOrder], progress: Progress | None = None) -> int:
    """Orders one by one, scans in batches of up to 1,000 across shipments, like a busy carrier feed."""
    pending: list[TrackingUpdate] = []
    count = 0
    for demo in orders:
        _order_load(store, demo, pending)
        count += 1
        if len(pending) >= MAX_BATCH - 50:
            _flush(store, pending)
        if progress:
            progress(1)
    _flush(store, pending)
    return count


def _order_load(store: Store, demo: DemoOrder, pending: list[TrackingUpdate]) -> None:
    order = order_upsert(store=store, data=demo.order).order
    if demo.outcome == Outcome.CANCELLED and order.status != OrderStatus.CANCELLED:
        order_status_set(
            order=order, status=OrderStatus.CANCELLED, reason="cancelled before shipping", at=demo.outcome_at
        )
    if demo.outcome == Outcome.RETURNED:
        # Set before the scans arrive: shipping scans never undo a buyer's return (see order_sync).
        order_status_set(
            order=order, status=OrderStatus.RETURNED, reason=demo.return_reason, at=demo.outcome_at
        )
    if demo.carrier and demo.tracking_number:
        shipment_create(store=store, tracking_number=demo.tracking_number, carrier=demo.carrier, order=order)
        pending.extend(demo.events)


def _flush(store: Store, pending: list[TrackingUpdate]) -> None:
    while pending:
        batch, pending[:] = pending[:MAX_BATCH], pending[MAX_BATCH:]
        tracking_updates_ingest(store=store, updates=batch)
