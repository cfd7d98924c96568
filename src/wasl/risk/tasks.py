"""Background work for risk: scoring an order when it arrives."""

from __future__ import annotations

from django.db import InterfaceError, OperationalError
from django_tasks import task

from wasl.core.retry import retrying
from wasl.risk.services import risk_score_order


@task()
@retrying(max_attempts=6, base=2.0, cap=300.0, retry_on=(OperationalError, InterfaceError))
def score_order(order_id: int) -> dict[str, object]:
    """Score one order and put it on its timeline; safe to run twice (an unchanged order is left alone)."""
    score = risk_score_order(order_id=order_id)
    if score is None:
        return {"order_id": order_id, "skipped": "no such order"}
    return {"order_id": order_id, "score": score.score, "band": score.band, "source": score.source}


# The policy's tasks live in their own module; periodic jobs are looked for in each app's `tasks`.
from wasl.risk.policy_tasks import policy_advance, verifications_due_run  # noqa: E402, F401
