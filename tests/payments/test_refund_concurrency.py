"""Exactly once under races: staff clicking at once, a task retrying while a request is at it. Threads race on
real connections (PostgreSQL in CI, and SQLite too); the stand-in counts the calls that reach the provider."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from payments_helpers import paid_order

from wasl.core.errors import WaslError
from wasl.orders.models import Order
from wasl.payments.models import Refund, RefundStatus
from wasl.payments.refunds import refund_attempt, refund_issue

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 8


def race(work: Callable[[], Any], threads: int = THREADS) -> list[Any]:
    """Run `work` in `threads` threads released together; each result or error, in no particular order."""
    start = threading.Barrier(threads)
    results: list[Any] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            start.wait(timeout=10)
            outcome: Any = work()
        except Exception as error:  # collected: the test says which errors are allowed
            outcome = error
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert len(results) == threads
    return results


def refund_posts(stand_in: Any) -> list[Any]:
    return [c for c in stand_in.calls if c.method == "POST" and c.path == "/v1/refunds"]


def test_staff_clicking_refund_at_once_with_the_screen_s_key_make_one_refund(store, stripe_standin) -> None:
    order = paid_order(store, stripe_standin)

    def click() -> Refund:
        fresh = Order.objects.get(pk=order.pk)
        return refund_issue(
            order=fresh, amount=Decimal("100"), idempotency_key="order-1001-refund-form-7"
        ).refund

    results = race(click)

    assert [r for r in results if not isinstance(r, Refund)] == []
    assert {r.pk for r in results} == {Refund.objects.get().pk}
    assert len(refund_posts(stripe_standin)) == 1
    assert len(stripe_standin.refunds) == 1
    refund = Refund.objects.get()
    assert (refund.status, refund.attempts) == (RefundStatus.SUCCEEDED, 1)


def test_refund_everything_clicked_at_once_without_a_key_refunds_once(store, stripe_standin) -> None:
    order = paid_order(store, stripe_standin)

    def click() -> Refund:
        return refund_issue(order=Order.objects.get(pk=order.pk)).refund

    results = race(click)

    refunds = [r for r in results if isinstance(r, Refund)]
    errors = [r for r in results if not isinstance(r, Refund)]
    # A click that saw the refund already made is told there is nothing left, never given a second refund
    assert all(isinstance(e, WaslError) and e.code == "nothing_to_refund" for e in errors), errors
    assert refunds and {r.pk for r in refunds} == {Refund.objects.get().pk}
    assert len(refund_posts(stripe_standin)) == 1
    assert Refund.objects.get().amount == Decimal("249.500")


def test_tasks_and_requests_attempting_one_refund_together_call_the_provider_once(
    store, stripe_standin
) -> None:
    order = paid_order(store, stripe_standin)
    stripe_standin.fail_next(1, "500")
    refund = refund_issue(order=order, amount=Decimal("20")).refund
    assert refund.status == RefundStatus.REQUESTED  # released after the outage, ready to be retried

    results = race(lambda: refund_attempt(refund_id=refund.pk, schedule_retry=False))

    assert all(isinstance(r, Refund) for r in results), results
    assert [c.outcome for c in refund_posts(stripe_standin)] == ["500", "ok"]
    refund.refresh_from_db()
    assert (refund.status, refund.attempts) == (RefundStatus.SUCCEEDED, 2)
