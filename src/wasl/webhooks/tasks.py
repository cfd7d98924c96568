"""Background processing of inbound webhooks."""

from __future__ import annotations

from django_tasks import task

from wasl.webhooks.outbound import (
    tasks as outbound_tasks,  # noqa: F401  (registers the delivery tasks and sweep)
)
from wasl.webhooks.services import inbound_webhook_process


@task()
def process_inbound_webhook(webhook_id: int) -> str:
    return str(inbound_webhook_process(webhook_id=webhook_id).status)
