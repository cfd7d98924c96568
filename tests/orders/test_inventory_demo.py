"""The demo shop's inventory: every variant stocked somewhere, thresholds set, first alerts open."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wasl.demo.stock import DEFAULT_THRESHOLD, FAST_MOVER_THRESHOLD, demo_stock_finish
from wasl.orders.inventory import default_threshold
from wasl.orders.models import LowStockAlert, Product, StockLevel, Variant

pytestmark = pytest.mark.django_db


def test_gaps_are_filled_in_the_warehouses_and_thresholds_set(store) -> None:
    product = Product.objects.create(store=store, external_id="p", name="Oud", category="perfume")
    variants = [
        Variant.objects.create(store=store, product=product, sku=f"OUD-{n}", price=Decimal("120"))
        for n in range(20)
    ]
    StockLevel.objects.create(store=store, variant=variants[0], location="RUH", quantity=2)
    StockLevel.objects.create(store=store, variant=variants[1], location="JED", quantity=90)

    result = demo_stock_finish(store=store, seed=7, locations=("RUH", "JED"))

    assert result.levels_added == 36  # 18 variants without any stock, in both warehouses
    assert StockLevel.objects.filter(variant=variants[0]).count() == 1  # kept as it was
    assert set(StockLevel.objects.filter(variant=variants[5]).values_list("location", flat=True)) == {
        "RUH",
        "JED",
    }
    assert default_threshold(store=store) == DEFAULT_THRESHOLD
    assert Variant.objects.filter(low_stock_threshold=FAST_MOVER_THRESHOLD).count() == result.fast_movers == 2
    assert LowStockAlert.objects.filter(store=store).count() == result.alerts
    assert LowStockAlert.objects.filter(variant=variants[0]).exists()
    assert not LowStockAlert.objects.filter(variant=variants[1]).exists()


def test_the_same_seed_gives_the_same_stock(store, other_store) -> None:
    for shop in (store, other_store):
        product = Product.objects.create(store=shop, external_id="p", name="Oud", category="perfume")
        for n in range(5):
            Variant.objects.create(store=shop, product=product, sku=f"OUD-{n}", price=Decimal("120"))
        demo_stock_finish(store=shop, seed=11, locations=("RUH",))

    def levels(shop):  # type: ignore[no-untyped-def]
        return list(
            StockLevel.objects.filter(store=shop).order_by("variant__sku").values_list("quantity", flat=True)
        )

    assert levels(store) == levels(other_store)
