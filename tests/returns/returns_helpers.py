"""Builders for the returns tests (this folder is put on sys.path by its conftest)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from factories import order_data
from wasl.orders.models import Order, OrderStatus, Product, StockLevel, Variant
from wasl.orders.services import order_status_set, order_upsert
from wasl.orders.types import LineData
from wasl.stores.models import Store

LINES = (
    LineData(sku="TSHIRT-M", name="T-shirt M", quantity=2, unit_price=Decimal("100.00"), category="apparel"),
    LineData(sku="MUG", name="Mug", quantity=1, unit_price=Decimal("49.50"), category="home"),
)


def catalogue(store: Store) -> dict[str, Variant]:
    """A T-shirt in M and L (L with 3 in stock), a mug, and socks that cannot be returned."""
    shirt = Product.objects.create(store=store, external_id="p-shirt", name="T-shirt", category="apparel")
    mug = Product.objects.create(store=store, external_id="p-mug", name="Mug", category="home")
    variants = {
        "TSHIRT-M": Variant.objects.create(
            store=store, product=shirt, sku="TSHIRT-M", price=Decimal("100.00")
        ),
        "TSHIRT-L": Variant.objects.create(
            store=store, product=shirt, sku="TSHIRT-L", price=Decimal("100.00")
        ),
        "MUG": Variant.objects.create(store=store, product=mug, sku="MUG", price=Decimal("49.50")),
    }
    StockLevel.objects.create(store=store, variant=variants["TSHIRT-L"], location="main", quantity=3)
    return variants


def delivered_order(
    store: Store,
    external_id: str = "1001",
    *,
    placed: datetime | None = None,
    paid_with: Any = None,
    **overrides: Any,
) -> Order:
    """An order delivered five days ago (by default); paid through `paid_with`'s links when given a stand-in."""
    if not Variant.objects.filter(store=store).exists():
        catalogue(store)
    overrides.setdefault("lines", LINES)
    overrides.setdefault("total", Decimal("249.50"))
    overrides.setdefault("placed_at", placed or timezone.now() - timedelta(days=5))
    order = order_upsert(store=store, data=order_data(external_id, **overrides)).order
    if paid_with is not None:
        from payments_helpers import apply_outbox

        from wasl.payments.services import payment_link_create

        paid_with.pay(payment_link_create(order=order, provider=paid_with.name).provider_id)
        apply_outbox(store, paid_with)
        order.refresh_from_db()
    order_status_set(order=order, status=OrderStatus.DELIVERED)
    return order


def line(order: Order, sku: str) -> int:
    return order.lines.get(sku=sku).pk
