"""Background work for refunds: retries after an outage, and the sweep that leaves none behind."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from wasl.core.periodic import periodic
from wasl.core.retry import TransientError, retrying
from wasl.payments.models import RefundStatus
from wasl.payments.refunds import refund_attempt, refunds_due_for_retry

LOST_AFTER = timedelta(minutes=2)


@task()
@retrying(max_attempts=10, base=10.0, cap=1800.0, retry_on=(TransientError,))
def retry_refund(refund_id: int) -> str:
    """Safe to run any number of times: the claim lets one run call the provider, the key makes it once."""
    refund = refund_attempt(refund_id=refund_id, schedule_retry=False)
    if refund.status == RefundStatus.REQUESTED and refund.error_code:
        raise TransientError(f"refund {refund_id}: {refund.error_message}")
    return str(refund.status)


@periodic(every=timedelta(minutes=5))
@task()
def sweep_refunds() -> int:
    due = refunds_due_for_retry(older_than=LOST_AFTER)
    for refund_id in due:
        retry_refund.enqueue(refund_id)
    return len(due)
