"""Races on real connections (threads): two debits of one balance, two resolutions of one return."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from returns_helpers import delivered_order, line

from wasl.core.errors import WaslError
from wasl.orders.models import Customer
from wasl.payments.models import Refund
from wasl.returns.credit import credit_balance, credit_entry_add
from wasl.returns.models import ReturnRequest, StoreCreditEntry
from wasl.returns.resolve import return_resolve
from wasl.returns.services import (
    ItemAsked,
    ItemInspected,
    return_approve,
    return_create,
    return_inspect,
    return_receive,
)

pytestmark = pytest.mark.django_db(transaction=True)


def race(work: Callable[[int], Any], threads: int) -> list[Any]:
    start = threading.Barrier(threads)
    results: list[Any] = []
    lock = threading.Lock()

    def run(n: int) -> None:
        try:
            start.wait(timeout=10)
            outcome: Any = work(n)
        except Exception as error:  # collected: the test says which errors are allowed
            outcome = error
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    workers = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert len(results) == threads
    return results


def test_two_debits_at_once_never_take_the_balance_below_zero(store) -> None:
    order = delivered_order(store)
    customer = order.customer
    credit_entry_add(
        customer=customer, currency="SAR", amount=Decimal("100"), kind="adjustment", idempotency_key="seed"
    )

    def spend(n: int) -> object:
        return credit_entry_add(
            customer=Customer.objects.get(pk=customer.pk),
            currency="SAR",
            amount=Decimal("-70"),
            kind="spend",
            idempotency_key=f"spend-{n}",
        )

    results = race(spend, 2)

    refused = [r for r in results if isinstance(r, WaslError)]
    assert [r.code for r in refused] == ["insufficient_credit"]
    assert credit_balance(customer=customer, currency="SAR") == Decimal("30.000")
    assert list(StoreCreditEntry.objects.values_list("amount", "balance_after")) == [
        (Decimal("100.000"), Decimal("100.000")),
        (Decimal("-70.000"), Decimal("30.000")),
    ]


def test_the_same_debit_twice_at_once_is_one_entry(store) -> None:
    order = delivered_order(store)
    credit_entry_add(
        customer=order.customer,
        currency="SAR",
        amount=Decimal("100"),
        kind="adjustment",
        idempotency_key="seed",
    )

    results = race(
        lambda n: credit_entry_add(
            customer=Customer.objects.get(pk=order.customer_id),
            currency="SAR",
            amount=Decimal("-40"),
            kind="spend",
            idempotency_key="checkout-77",
        ),
        4,
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    assert {r[0].pk for r in results} == {StoreCreditEntry.objects.get(idempotency_key="checkout-77").pk}
    assert credit_balance(customer=order.customer, currency="SAR") == Decimal("60.000")


def test_two_staff_resolving_one_return_at_once_refund_once_through_stripe(store, stripe_standin) -> None:
    order = delivered_order(store, paid_with=stripe_standin)
    ret = return_create(
        order=order,
        items=[ItemAsked(line(order, "TSHIRT-M"), 2, "wrong_size")],
        resolution="refund",
        method="dropoff",
    ).ret
    return_approve(ret=ret)
    return_receive(ret=ret)
    return_inspect(ret=ret, inspections=[ItemInspected(ret.items.get().pk, "sellable", "restock", "main")])

    results = race(lambda n: return_resolve(ret=ReturnRequest.objects.get(pk=ret.pk), actor=f"staff{n}"), 4)

    assert [r for r in results if isinstance(r, Exception)] == []
    refund = Refund.objects.get()
    assert {r.refund_id for r in results} == {refund.pk}
    assert refund.amount == Decimal("200.000")
    assert len([c for c in stripe_standin.calls if c.method == "POST" and c.path == "/v1/refunds"]) == 1
    assert ReturnRequest.objects.get().events.filter(kind="resolved").count() == 1


def test_two_returns_of_the_same_units_at_once_cannot_both_be_accepted(store) -> None:
    order = delivered_order(store)
    shirt = line(order, "TSHIRT-M")

    results = race(
        lambda n: return_create(
            order=order, items=[ItemAsked(shirt, 2, "wrong_size")], resolution="refund", method="dropoff"
        ).ret,
        2,
    )

    refused = [r for r in results if isinstance(r, WaslError)]
    assert [r.code for r in refused] == ["quantity_exceeds"]
    assert ReturnRequest.objects.count() == 1


def test_two_staff_resolving_one_return_at_once_refund_once_through_razorpay(store, razorpay_standin) -> None:
    """Razorpay takes no idempotency key: only the payments service's claim keeps it to one call."""
    order = delivered_order(store, paid_with=razorpay_standin, currency="INR")
    ret = return_create(
        order=order, items=[ItemAsked(line(order, "MUG"), 1, "damaged")], resolution="refund", method="pickup"
    ).ret
    return_approve(ret=ret)
    return_receive(ret=ret)
    return_inspect(ret=ret, inspections=[ItemInspected(ret.items.get().pk, "sellable", "restock", "main")])

    results = race(lambda n: return_resolve(ret=ReturnRequest.objects.get(pk=ret.pk), actor=f"staff{n}"), 4)

    assert [r for r in results if isinstance(r, Exception)] == []
    refund = Refund.objects.get()
    assert (refund.provider, refund.amount) == ("razorpay", Decimal("49.500"))
    posts = [c for c in razorpay_standin.calls if c.method == "POST" and c.path.endswith("/refund")]
    assert len(posts) == 1
