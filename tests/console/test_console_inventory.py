"""The inventory page: stock per SKU and location with a search, thresholds, alerts and restocked returns."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "returns"))

from returns_helpers import delivered_order, line

from wasl.orders.inventory import low_stock_scan
from wasl.orders.models import InventorySettings, Product, StockLevel, Variant
from wasl.returns.services import (
    ItemAsked,
    ItemInspected,
    return_approve,
    return_create,
    return_inspect,
    return_receive,
)


def stocked(store):  # type: ignore[no-untyped-def]
    product = Product.objects.create(store=store, external_id="p-dates", name="Ajwa dates", category="food")
    box = Variant.objects.create(
        store=store, product=product, sku="AJWA-1KG", name="Ajwa 1 kg", price=Decimal("80")
    )
    StockLevel.objects.create(store=store, variant=box, location="Riyadh", quantity=2)
    StockLevel.objects.create(store=store, variant=box, location="Dammam", quantity=1)
    return box


def test_the_page_lists_stock_by_location_and_searches(console, store, other_store) -> None:
    stocked(store)
    Variant.objects.create(
        store=other_store,
        product=Product.objects.create(store=other_store, external_id="x", name="Secret", category="x"),
        sku="SECRET-SKU",
        price=Decimal("1"),
    )

    page = console.get(f"/console/{store.slug}/inventory/").content.decode()
    searched = console.get(f"/console/{store.slug}/inventory/", {"q": "ajwa", "low": "1"}).content.decode()
    nothing = console.get(f"/console/{store.slug}/inventory/", {"q": "zzz"}).content.decode()

    assert "AJWA-1KG" in page and "Riyadh</span>: 2" in page and "Dammam</span>: 1" in page
    assert "SECRET-SKU" not in page
    assert "AJWA-1KG" in searched and ">Low<" in searched
    assert "No variant matches." in nothing
    assert f"/console/{store.slug}/export/inventory.csv" in page


def test_thresholds_are_saved_from_the_page_and_bad_ones_refused(console, store) -> None:
    box = stocked(store)

    console.post(f"/console/{store.slug}/inventory/threshold/", {"threshold": "12"})
    console.post(f"/console/{store.slug}/inventory/variants/{box.pk}/threshold/", {"threshold": "1"})
    refused = console.post(f"/console/{store.slug}/inventory/threshold/", {"threshold": "-4"}, follow=True)
    cleared = console.post(f"/console/{store.slug}/inventory/variants/{box.pk}/threshold/", {"threshold": ""})

    assert InventorySettings.objects.get(store=store).low_stock_threshold == 12
    assert "The threshold is a whole number, 0 or more." in refused.content.decode()
    assert cleared.status_code == 302
    box.refresh_from_db()
    assert box.low_stock_threshold is None


def test_another_stores_variant_threshold_is_refused(console, store, other_store) -> None:
    theirs = stocked(other_store)

    response = console.post(
        f"/console/{store.slug}/inventory/variants/{theirs.pk}/threshold/", {"threshold": "9"}, follow=True
    )

    assert "No such variant in this store." in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.low_stock_threshold is None


def test_alerts_and_restocked_returns_are_shown_in_arabic(console, store) -> None:
    order = delivered_order(store)
    stocked(store)
    low_stock_scan(store=store)
    ret = return_create(
        order=order, items=[ItemAsked(line(order, "MUG"), 1, "damaged")], resolution="refund", method="pickup"
    ).ret
    return_receive(ret=return_approve(ret=ret))
    return_inspect(ret=ret, inspections=[ItemInspected(ret.items.get().pk, "sellable", "restock", "Riyadh")])

    console.post("/console/i18n/setlang/", {"language": "ar", "next": "/"})
    page = console.get(f"/console/{store.slug}/inventory/").content.decode()

    assert "تنبيهات انخفاض المخزون" in page and "تبقّى 3 (الحد 5)" in page
    assert "مرتجعات أعيدت إلى المخزون" in page and ret.code in page


def test_saving_a_threshold_keeps_the_search(console, store) -> None:
    box = stocked(store)

    response = console.post(
        f"/console/{store.slug}/inventory/variants/{box.pk}/threshold/?q=ajwa&low=1", {"threshold": "3"}
    )

    assert response["Location"] == f"/console/{store.slug}/inventory/?q=ajwa&low=1"
