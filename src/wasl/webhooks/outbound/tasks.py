"""Background sending of outbound webhooks.

Every task takes ids and is safe to run twice: the delivery row says what is left to do, and a claim on it
lets only one worker make a given attempt. The retry schedule is on the row too (`next_attempt_at`), so the
sweep can put back on the queue anything a crash or a lost task left behind.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from wasl.core.periodic import periodic
from wasl.webhooks.outbound.attempts import delivery_attempt
from wasl.webhooks.outbound.selectors import deliveries_overdue

logger = logging.getLogger(__name__)

# A delivery whose attempt was due this long ago and has not started has lost its task.
SWEEP_GRACE = timedelta(minutes=10)
SWEEP_BATCH = 1000


@task()
def outbound_delivery_send(delivery_id: int) -> str:
    """Make the delivery's next attempt, and queue the one after it when it failed but may still succeed."""
    outcome = delivery_attempt(delivery_id=delivery_id)
    if outcome.retry_at is not None:
        if outbound_delivery_send.get_backend().supports_defer:
            outbound_delivery_send.using(run_after=outcome.retry_at).enqueue(delivery_id)
        else:
            logger.warning("task backend cannot defer: delivery %s waits for the sweep", delivery_id)
    return outcome.status


@task()
def outbound_deliveries_dispatch(delivery_ids: list[int]) -> int:
    """Fan a batch of new deliveries out to one task each, so a slow endpoint holds up no other."""
    for delivery_id in delivery_ids:
        outbound_delivery_send.enqueue(delivery_id)
    return len(delivery_ids)


@periodic(every=timedelta(minutes=5))
@task()
def outbound_deliveries_sweep() -> int:
    """Queue again the pending deliveries whose task was lost; a duplicate task finds nothing to claim."""
    overdue = deliveries_overdue(due_before=timezone.now() - SWEEP_GRACE, limit=SWEEP_BATCH)
    for delivery_id in overdue:
        outbound_delivery_send.enqueue(delivery_id)
    if overdue:
        logger.warning("re-queued %d overdue outbound deliveries", len(overdue))
    return len(overdue)
