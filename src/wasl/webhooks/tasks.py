"""Background processing of inbound webhooks, and the sweep that makes sure none is left behind."""

from __future__ import annotations

from datetime import timedelta

from django.db import InterfaceError, OperationalError
from django_tasks import task

from wasl.core.periodic import periodic
from wasl.core.retry import retrying
from wasl.webhooks.outbound import tasks as outbound_tasks  # noqa: F401  (registers delivery tasks and sweep)
from wasl.webhooks.services import inbound_webhook_process, inbound_webhooks_stale

# A database that is briefly away is worth waiting for; anything else is recorded on the webhook by the service.
_TRANSIENT = (OperationalError, InterfaceError)
STALE_AFTER = timedelta(minutes=10)


@task()
@retrying(max_attempts=8, base=5.0, cap=900.0, retry_on=_TRANSIENT)
def process_inbound_webhook(webhook_id: int) -> str:
    return str(inbound_webhook_process(webhook_id=webhook_id).status)


@periodic(every=timedelta(minutes=5))
@task()
def sweep_stale_inbound_webhooks() -> int:
    """Queue again every delivery still pending long after it arrived (its task ran out of retries or was lost)."""
    stale = inbound_webhooks_stale(older_than=STALE_AFTER)
    for webhook_id in stale:
        process_inbound_webhook.enqueue(webhook_id)
    return len(stale)
