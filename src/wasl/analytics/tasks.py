"""Background work: rollups refreshed every few minutes (and on demand), the weekly report by e-mail."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import InterfaceError, OperationalError
from django_tasks import task

from wasl.core.periodic import periodic
from wasl.core.retry import retrying

_DATABASE_AWAY = (OperationalError, InterfaceError)
REFRESH_EVERY = timedelta(minutes=10)


@task()
@retrying(max_attempts=5, base=10.0, cap=600.0, retry_on=_DATABASE_AWAY)
def refresh_store(store_id: int, full: bool = False) -> dict[str, Any]:
    """Refresh one store's rollups (incrementally unless `full`); a store removed meanwhile is skipped."""
    from wasl.analytics.refresh import analytics_refresh
    from wasl.stores.models import Store

    store = Store.objects.filter(pk=store_id).first()
    if store is None:
        return {"skipped": "no such store"}
    return analytics_refresh(store=store, full=full).as_dict()


@periodic(every=REFRESH_EVERY)
@task()
def refresh_all_stores() -> int:
    """Queue an incremental refresh of every store: one task each, so several workers share the work."""
    from wasl.stores.models import Store

    ids = list(Store.objects.values_list("pk", flat=True))
    for store_id in ids:
        refresh_store.enqueue(store_id)
    return len(ids)


@periodic(every=timedelta(hours=1))
@task()
@retrying(max_attempts=5, base=60.0, cap=1800.0, retry_on=_DATABASE_AWAY)
def send_weekly_reports() -> int:
    """Mail last week's report to each store's owner and managers, once per store and week."""
    from wasl.analytics.report import weekly_reports_send

    return weekly_reports_send()
