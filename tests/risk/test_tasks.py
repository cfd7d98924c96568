"""Scoring on arrival: a new order queues a task, which stores its score and puts it on the timeline once."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from factories import order_data
from wasl.orders.models import OrderEvent, OrderEventKind
from wasl.orders.services import order_upsert
from wasl.risk.models import RiskScore
from wasl.risk.tasks import score_order

TASK = "wasl.risk.tasks.score_order"


def _arrive(store, django_capture_on_commit_callbacks, **changes):  # type: ignore[no-untyped-def]
    data = order_data("5001", placed_at=timezone.now() - timedelta(minutes=3), **changes)
    with django_capture_on_commit_callbacks(execute=True):
        return order_upsert(store=store, data=data).order


def test_a_new_order_is_scored_by_a_task_and_lands_on_its_timeline(
    store, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    order = _arrive(store, django_capture_on_commit_callbacks)
    [queued] = DBTaskResult.objects.filter(task_path=TASK)
    assert queued.args_kwargs["args"] == [order.pk]

    result = score_order.call(order.pk)
    score = RiskScore.objects.get(order=order)
    assert result == {"order_id": order.pk, "score": score.score, "band": score.band, "source": "rules"}
    assert score.reasons[0]["code"] == "cash_on_delivery" and score.model_version is None
    [event] = OrderEvent.objects.filter(order=order, kind=OrderEventKind.RISK_SCORED)
    assert event.data["score"] == score.score and event.data["reasons"][0] == "cash_on_delivery"
    assert event.message == f"RTO risk {score.score:.0%} ({score.band}, rules)"


def test_running_the_task_twice_changes_nothing(store, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    order = _arrive(store, django_capture_on_commit_callbacks)
    score_order.call(order.pk)
    first = RiskScore.objects.get(order=order).scored_at
    score_order.call(order.pk)
    assert RiskScore.objects.get(order=order).scored_at == first
    assert OrderEvent.objects.filter(order=order, kind=OrderEventKind.RISK_SCORED).count() == 1


def test_a_changed_order_is_scored_again(store, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    order = _arrive(store, django_capture_on_commit_callbacks)
    score_order.call(order.pk)
    before = RiskScore.objects.get(order=order).score
    changed = replace(
        order_data("5001", placed_at=order.placed_at), payment_method="prepaid", total=Decimal("99")
    )
    order_upsert(store=store, data=changed)
    score_order.call(order.pk)
    assert RiskScore.objects.get(order=order).score < before
    assert OrderEvent.objects.filter(order=order, kind=OrderEventKind.RISK_SCORED).count() == 2


def test_history_imported_in_bulk_is_not_scored_one_by_one(store, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    old = order_data("4001", placed_at=timezone.now() - timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        order_upsert(store=store, data=old)
    assert not DBTaskResult.objects.filter(task_path=TASK).exists()


def test_an_order_gone_before_its_task_ran(db) -> None:  # type: ignore[no-untyped-def]
    assert score_order.call(987654) == {"order_id": 987654, "skipped": "no such order"}
