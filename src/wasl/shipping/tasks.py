"""Periodic work for delivery promises: lane figures rebuilt, missed promises found and told.

The failed-delivery tasks live in `wasl.shipping.ndr.tasks`.
"""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from wasl.core.periodic import periodic

LANE_STATS_EVERY = timedelta(hours=6)
BREACH_SWEEP_EVERY = timedelta(minutes=15)


@periodic(every=LANE_STATS_EVERY)
@task()
def lane_stats_refresh_all() -> dict[str, int]:
    """Rebuild every store's carrier lane figures from its recent history (rows per store)."""
    from wasl.shipping.promise_stats import lane_stats_refresh_all as refresh

    return refresh()


@periodic(every=BREACH_SWEEP_EVERY)
@task()
def promise_breaches_sweep() -> dict[str, int]:
    """Promise the parcels that came without one, then find missed promises and tell their buyers."""
    from wasl.shipping.breaches import breaches_detect, promises_fill

    filled = promises_fill()
    return {"promised": filled, **breaches_detect()}
