"""What the orders service calls (on commit) when an order arrives: queue its scoring."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone


def order_arrived(*, store_id: int, order_id: int, placed_at: datetime) -> None:
    """A new order was stored; orders placed long ago (an import of history) are not scored one by one."""
    if placed_at < timezone.now() - timedelta(hours=settings.WASL_RISK_SCORE_MAX_AGE_H):
        return
    from wasl.risk.tasks import score_order

    score_order.enqueue(order_id)
