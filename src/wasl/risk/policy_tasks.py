"""Background work of the policy: carry out an order's decision, and the periodic job for reminders,
deadlines and payments. (Imported by risk.tasks, where periodic jobs are looked for.)"""

from __future__ import annotations

from datetime import timedelta

from django.db import InterfaceError, OperationalError
from django_tasks import task

from wasl.core.periodic import periodic
from wasl.core.retry import TransientError, retrying


@task()
@retrying(max_attempts=8, base=5.0, cap=900.0, retry_on=(OperationalError, InterfaceError, TransientError))
def policy_advance(order_id: int) -> list[str]:
    """Send the order's next verification(s); safe to run twice (prompts are keyed, sends are claimed)."""
    from wasl.risk.policy_runner import verifications_advance

    return verifications_advance(order_id=order_id)


@periodic(every=timedelta(minutes=1))
@task()
def verifications_due_run() -> dict[str, int]:
    """Reminders, deadlines (auto-cancel), payments and orders that moved on."""
    from wasl.risk.policy_runner import verifications_due

    return verifications_due()
