"""The refresh and report tasks: declared periodic, safe for a store that is gone, and doing the refresh."""

from __future__ import annotations

import pytest
from analytics_helpers import catalogue, order, ship

from wasl.analytics.models import OrderFact, RefreshState
from wasl.analytics.tasks import refresh_all_stores, refresh_store, send_weekly_reports
from wasl.core.periodic import registered_jobs

pytestmark = pytest.mark.django_db


def test_the_refresh_and_the_report_are_periodic_jobs() -> None:
    every = {spec.name: spec.every.total_seconds() for spec in registered_jobs()}
    assert every[refresh_all_stores.module_path] == 600
    assert every[send_weekly_reports.module_path] == 3600


def test_the_task_refreshes_the_store_and_skips_one_that_is_gone(store) -> None:  # type: ignore[no-untyped-def]
    catalogue(store)
    ship(order(store, shirts=1), "picked_up", "delivered")

    done = refresh_store.call(store.pk, True)

    assert (done["full"], done["orders"]) == (True, 1)
    assert OrderFact.objects.filter(store=store).count() == 1
    assert RefreshState.objects.get(store=store).orders_refreshed == 1
    assert refresh_store.call(store.pk + 1000) == {"skipped": "no such store"}
