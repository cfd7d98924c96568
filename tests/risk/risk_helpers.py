"""Builders for the risk tests: hand-made histories and demo stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from wasl.bench.demo_history import demo_history_load
from wasl.demo import generate_shop
from wasl.demo.loader import demo_store_create
from wasl.demo.types import DemoShop
from wasl.orders.models import Order, OrderStatus
from wasl.orders.services import order_status_set, order_upsert
from wasl.orders.types import AddressData, CustomerData, LineData, OrderData
from wasl.risk.services import risk_settings_set
from wasl.stores.models import Store

ANCHOR = datetime(2025, 6, 30, tzinfo=UTC)
DAY0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)  # 12:00 in Riyadh, a Saturday


def day(n: float, hours: float = 0) -> datetime:
    return DAY0 + timedelta(days=n, hours=hours)


def order(
    external_id: str,
    placed_at: datetime,
    *,
    phone: str = "+966501234567",
    line1: str = "12 King Fahd Rd, Al Olaya",
    city: str = "Riyadh",
    postal_code: str = "12211",
    payment: str = "cod",
    total: str = "250.00",
    discount: str = "0",
    channel: str = "api",
    category: str = "apparel",
    quantity: int = 1,
) -> OrderData:
    return OrderData(
        channel=channel,
        external_id=external_id,
        placed_at=placed_at,
        currency="SAR",
        total=Decimal(total),
        discount_total=Decimal(discount),
        payment_method=payment,
        customer=CustomerData(name="Buyer", phone=phone),
        shipping_address=AddressData(line1=line1, city=city, postal_code=postal_code, country="SA"),
        lines=(
            LineData(
                sku="SKU-1", name="Item", quantity=quantity, unit_price=Decimal(total), category=category
            ),
        ),
    )


def stored(store: Store, data: OrderData, *, outcome: str = "", at: datetime | None = None) -> Order:
    """Store the order through the orders service; `outcome` (delivered, rto, returned, cancelled) at `at`."""
    placed = order_upsert(store=store, data=data).order
    if outcome:
        order_status_set(order=placed, status=outcome, reason="test", at=at)
    return placed


FINAL = (OrderStatus.DELIVERED, OrderStatus.RTO, OrderStatus.RETURNED)


@lru_cache(maxsize=4)
def demo_shop(orders: int, days: int, seed: int) -> DemoShop:
    return generate_shop(orders=orders, days=days, seed=seed, now=ANCHOR)


def demo_store(slug: str, *, orders: int, days: int = 150, seed: int = 7) -> Store:
    shop = demo_shop(orders, days, seed)
    store = demo_store_create(shop, slug=slug)
    demo_history_load(store=store, orders=shop.orders)
    return store


def permissive(store: Store, *, finished: int = 200, rtos: int = 20) -> None:
    """Lower the history a model needs, for small test shops."""
    risk_settings_set(store=store, values={"min_finished_orders": str(finished), "min_rtos": str(rtos)})


class KeyedClient:
    """Django's test client with one store's API key and JSON bodies."""

    def __init__(self, client, key: str) -> None:  # type: ignore[no-untyped-def]
        self.client, self.headers = client, {"Authorization": f"Bearer {key}"}

    def get(self, path: str, **params):  # type: ignore[no-untyped-def]
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, body: object):  # type: ignore[no-untyped-def]
        import json

        return self.client.post(path, json.dumps(body), content_type="application/json", headers=self.headers)
