"""The demo loader writes a generated shop through the real services; what lands matches what was generated."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest
from django.contrib.staticfiles import finders

from wasl.demo.generator import generate_shop
from wasl.demo.loader import catalogue_load, demo_store_create, orders_load
from wasl.demo.types import Outcome
from wasl.orders.models import Order, OrderStatus, Product, StockLevel, Variant
from wasl.shipping.models import Shipment, TrackingEvent

pytestmark = pytest.mark.django_db

EXPECTED_ORDER_STATUS = {
    Outcome.DELIVERED: OrderStatus.DELIVERED,
    Outcome.RTO: OrderStatus.RTO,
    Outcome.RETURNED: OrderStatus.RETURNED,
    Outcome.CANCELLED: OrderStatus.CANCELLED,
    Outcome.LOST: OrderStatus.LOST,
}


@pytest.fixture(scope="module")
def shop():
    return generate_shop(orders=250, days=45, seed=11, now=datetime(2026, 6, 1, tzinfo=UTC))


def test_given_a_generated_shop_when_loaded_then_catalogue_orders_and_scans_match(shop) -> None:
    store = demo_store_create(shop, slug="demo-test")
    variants = catalogue_load(store=store, shop=shop)
    loaded = orders_load(store=store, orders=shop.orders)

    assert loaded == len(shop.orders) == Order.objects.filter(store=store).count()
    assert Product.objects.filter(store=store).count() == len(shop.products)
    assert (
        variants == Variant.objects.filter(store=store).count() == sum(len(p.variants) for p in shop.products)
    )
    assert StockLevel.objects.filter(store=store).count() == sum(
        len(v.stock) for p in shop.products for v in p.variants
    )
    assert TrackingEvent.objects.filter(store=store).count() == sum(len(o.events) for o in shop.orders)
    assert Shipment.objects.filter(store=store).count() == sum(1 for o in shop.orders if o.tracking_number)


def test_each_finished_order_ends_in_the_status_its_outcome_says(shop) -> None:
    store = demo_store_create(shop, slug="demo-test")
    catalogue_load(store=store, shop=shop)
    orders_load(store=store, orders=shop.orders)
    statuses = dict(Order.objects.filter(store=store).values_list("external_id", "status"))
    mismatches = [
        (o.order.external_id, o.outcome, statuses[o.order.external_id])
        for o in shop.orders
        if o.outcome is not None and statuses[o.order.external_id] != EXPECTED_ORDER_STATUS[o.outcome]
    ]
    assert mismatches == []
    outcomes = Counter(o.outcome for o in shop.orders)
    assert outcomes[Outcome.RTO] > 0 and outcomes[Outcome.DELIVERED] > 0


def test_product_images_are_absolute_and_served_by_the_site(shop, settings) -> None:
    store = demo_store_create(shop, slug="demo-test")
    catalogue_load(store=store, shop=shop)
    urls = set(Product.objects.filter(store=store).values_list("image_url", flat=True))
    assert all(url.startswith(f"{settings.WASL_PUBLIC_URL}/static/wasl/demo/products/") for url in urls)
    for url in urls:
        assert finders.find(url.split("/static/", 1)[1]) is not None, url
