"""Background work for the catalogue: low-stock alerts."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from wasl.core.periodic import periodic
from wasl.orders.inventory import low_stock_notify, low_stock_scan
from wasl.orders.models import LowStockAlert
from wasl.stores.models import Store


@periodic(every=timedelta(minutes=15))
@task()
def check_low_stock() -> dict[str, int]:
    """Safe to run twice: an alert is opened once per crossing, and its e-mail claimed before it is sent.
    Alerts whose e-mail could not go out yet (no channel, an outage) are tried again on each run."""
    opened = cleared = sent = 0
    for store in Store.objects.filter(variants__isnull=False).distinct().order_by("pk"):
        result = low_stock_scan(store=store)
        opened += len(result.opened)
        cleared += result.cleared
    waiting = LowStockAlert.objects.filter(cleared_at__isnull=True, notified_at__isnull=True)
    for alert_id in waiting.order_by("pk").values_list("pk", flat=True)[:1000]:
        sent += low_stock_notify(alert_id=alert_id) == "sent"
    return {"opened": opened, "cleared": cleared, "sent": sent}
