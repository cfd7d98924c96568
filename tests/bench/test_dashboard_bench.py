"""wasl bench dashboard at a small size: it fills a store, refreshes, renders, reports and cleans up."""

from __future__ import annotations

import pytest

from wasl.analytics.models import DailyRollup, OrderFact
from wasl.bench.dashboard import run_dashboard_benchmark
from wasl.orders.models import Order
from wasl.stores.models import Store

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_benchmark_reports_its_figures_and_leaves_nothing_behind() -> None:
    result = run_dashboard_benchmark(orders=300, renders=1)

    assert result["orders"] == 300
    assert result["full_refresh_orders"] == 300
    assert result["render_ms"] > 0 and result["render_year_ms"] > 0 and result["profit_render_ms"] > 0
    assert result["rollup_rows"] > 0
    assert result["incremental_orders"] == 300  # the latest 500 orders change: all of them here
    assert not Store.objects.filter(slug__startswith="bench-dash-").exists()
    assert (Order.objects.count(), OrderFact.objects.count(), DailyRollup.objects.count()) == (0, 0, 0)
