"""Demo shops shared by the demo tests; generating one is pure and takes seconds, so each is made once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wasl.demo.generator import generate_shop
from wasl.demo.measure import Calibration, measure
from wasl.demo.types import DemoShop

ANCHOR = datetime(2025, 6, 30, tzinfo=UTC)


@pytest.fixture(scope="session")
def small_shop() -> DemoShop:
    return generate_shop(orders=4000, days=90, seed=11, now=ANCHOR)


@pytest.fixture(scope="session")
def large_shop() -> DemoShop:
    """The size the calibration targets are checked at: 20,000 orders over six months."""
    return generate_shop(orders=20_000, days=180, seed=7, now=ANCHOR)


@pytest.fixture(scope="session")
def calibration(large_shop: DemoShop) -> Calibration:
    return measure(large_shop.orders, now=large_shop.now)
