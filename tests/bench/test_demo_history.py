"""The bulk demo history stores what the orders and shipping services would, for everything risk reads."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from wasl.bench.demo_history import demo_history_load
from wasl.demo import generate_shop
from wasl.demo.loader import demo_store_create, orders_load
from wasl.risk.frames import FINISHED, store_orders


def test_bulk_and_service_loaded_histories_read_the_same(db) -> None:  # type: ignore[no-untyped-def]
    shop = generate_shop(orders=120, days=20, seed=4, now=datetime(2025, 6, 30, tzinfo=UTC))
    through_services = demo_store_create(shop, slug="services")
    orders_load(store=through_services, orders=shop.orders)  # ~700 scans: one batch, as one carrier feed
    in_bulk = demo_store_create(shop, slug="bulk")
    assert demo_history_load(store=in_bulk, orders=shop.orders) == 120

    a, b = store_orders(through_services), store_orders(in_bulk)
    assert a.keys == b.keys
    for name in (
        "placed",
        "fingerprint",
        "cod",
        "total",
        "discount",
        "shipping",
        "items",
        "lines",
        "channel",
    ):
        assert getattr(a, name).tolist() == getattr(b, name).tolist(), name
    for name in ("city", "postal", "phone", "categories", "address", "city_raw"):
        assert list(getattr(a, name)) == list(getattr(b, name)), name
    # The same buyers, whatever their ids.
    assert _groups(a.customer) == _groups(b.customer)
    # Outcomes the model learns from, and when they became known.
    finished = np.isin(a.status, FINISHED)
    assert a.status[finished].tolist() == b.status[finished].tolist()
    assert finished.sum() > 80
    assert a.outcome_at[finished].tolist() == b.outcome_at[finished].tolist()


def _groups(customers: np.ndarray) -> list[int]:
    first: dict[int, int] = {}
    return [first.setdefault(int(c), len(first)) for c in customers]
