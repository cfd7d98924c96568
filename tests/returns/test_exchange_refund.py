"""An exchange for a cheaper product refunds the price difference exactly once: never from inside the return's
transaction, with the refund owed (its task) committed together with the exchange, and one provider call
however many staff settle the return at once."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult
from returns_helpers import delivered_order, line
from test_concurrency import race

from wasl.orders.models import Order, StockLevel, Variant
from wasl.payments.models import Refund
from wasl.returns.models import ReturnRequest
from wasl.returns.resolve import _exchange, refund_exchange_difference, return_resolve
from wasl.returns.services import (
    ItemAsked,
    ItemInspected,
    _locked,
    return_approve,
    return_create,
    return_inspect,
    return_receive,
)

pytestmark = pytest.mark.django_db(transaction=True)
TASK = "wasl.returns.resolve.refund_exchange_difference"


def inspected_exchange(store, standin) -> ReturnRequest:  # type: ignore[no-untyped-def]
    """A T-shirt (100.00) paid through Razorpay, exchanged for a mug (49.50): 50.50 goes back to the buyer."""
    order = delivered_order(store, paid_with=standin, currency="INR")
    StockLevel.objects.create(
        store=store, variant=Variant.objects.get(sku="MUG"), location="main", quantity=5
    )
    ret = return_create(
        order=order,
        items=[ItemAsked(line(order, "TSHIRT-M"), 1, "changed_mind", exchange_sku="MUG")],
        resolution="exchange_product",
        method="dropoff",
    ).ret
    return_approve(ret=ret)
    return_receive(ret=ret)
    return return_inspect(
        ret=ret, inspections=[ItemInspected(ret.items.get().pk, "sellable", "restock", "main")]
    )


def refund_posts(standin) -> int:  # type: ignore[no-untyped-def]
    return len([c for c in standin.calls if c.method == "POST" and c.path.endswith("/refund")])


def test_two_staff_settling_a_cheaper_exchange_at_once_refund_the_difference_once(
    store, razorpay_standin
) -> None:
    ret = inspected_exchange(store, razorpay_standin)

    results = race(lambda n: return_resolve(ret=ReturnRequest.objects.get(pk=ret.pk), actor=f"staff{n}"), 2)

    assert [r for r in results if isinstance(r, Exception)] == []
    refund = Refund.objects.get()
    assert (refund.provider, refund.amount, refund.idempotency_key) == (
        "razorpay",
        Decimal("50.500"),
        f"return:{ret.pk}:difference",
    )
    assert refund_posts(razorpay_standin) == 1
    settled = ReturnRequest.objects.get(pk=ret.pk)
    assert (settled.outcome, settled.resolved_amount, settled.refund_id) == (
        "exchanged",
        Decimal("-50.500"),
        refund.pk,
    )
    assert Order.objects.filter(channel="exchange").count() == 1
    assert StockLevel.objects.get(variant__sku="MUG").quantity == 4
    assert settled.events.filter(kind="resolved").count() == 1


def test_the_refund_owed_commits_with_the_exchange_and_is_made_after_a_crash(store, razorpay_standin) -> None:
    ret = inspected_exchange(store, razorpay_standin)

    # The exchange commits, then the process dies before it asks for the refund.
    with transaction.atomic():
        _exchange(_locked(ret), "staff")

    queued = DBTaskResult.objects.get(task_path=TASK)
    assert queued.args_kwargs == {"args": [ret.pk], "kwargs": {}}
    assert (Refund.objects.count(), refund_posts(razorpay_standin)) == (0, 0)

    assert refund_exchange_difference.call(ret.pk) == "processing"
    assert refund_exchange_difference.call(ret.pk) == "processing"
    again = return_resolve(ret=ReturnRequest.objects.get(pk=ret.pk), actor="staff")

    refund = Refund.objects.get()
    assert (refund.amount, again.refund_id) == (Decimal("50.500"), refund.pk)
    assert refund_posts(razorpay_standin) == 1


def test_the_provider_is_never_called_inside_the_returns_transaction(store, razorpay_standin) -> None:
    """Rolled back after the exchange was written: no refund row, no call, the return untouched."""
    ret = inspected_exchange(store, razorpay_standin)

    with pytest.raises(RuntimeError), transaction.atomic():
        _exchange(_locked(ret), "staff")
        raise RuntimeError("crash before the commit")

    assert (Refund.objects.count(), refund_posts(razorpay_standin)) == (0, 0)
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 0
    assert (
        ReturnRequest.objects.get(pk=ret.pk).outcome,
        StockLevel.objects.get(variant__sku="MUG").quantity,
    ) == (
        "",
        5,
    )


def test_an_exchange_that_costs_the_same_owes_nothing(store) -> None:
    order = delivered_order(store)
    ret = return_create(
        order=order,
        items=[ItemAsked(line(order, "TSHIRT-M"), 1, "wrong_size", exchange_sku="TSHIRT-L")],
        resolution="exchange_variant",
        method="dropoff",
    ).ret
    return_approve(ret=ret)
    return_receive(ret=ret)
    return_inspect(ret=ret, inspections=[ItemInspected(ret.items.get().pk, "sellable", "restock", "main")])

    settled = return_resolve(ret=ret)

    assert (settled.outcome, settled.resolved_amount, settled.refund_id) == (
        "exchanged",
        Decimal("0.000"),
        None,
    )
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 0
    assert Refund.objects.count() == 0
