"""An order whose every unit came back with its money given back becomes `returned`, through the orders service."""

from __future__ import annotations

from decimal import Decimal

import pytest
from returns_helpers import delivered_order, line

from wasl.orders.models import Order, OrderEvent
from wasl.returns.resolve import return_resolve
from wasl.returns.services import (
    ItemAsked,
    ItemInspected,
    return_approve,
    return_create,
    return_inspect,
    return_receive,
)

pytestmark = pytest.mark.django_db


def settle(order: Order, items: list[ItemAsked], resolution: str = "credit", grade: str = "sellable") -> None:
    ret = return_create(order=order, items=items, resolution=resolution, method="dropoff").ret
    return_approve(ret=ret)
    return_receive(ret=ret)
    return_inspect(ret=ret, inspections=[ItemInspected(i.pk, grade, "refurbish") for i in ret.items.all()])
    return_resolve(ret=ret, actor="staff")


def test_every_unit_returned_and_credited_makes_the_order_returned(store) -> None:
    order = delivered_order(store)

    settle(
        order,
        [ItemAsked(line(order, "TSHIRT-M"), 2, "wrong_size"), ItemAsked(line(order, "MUG"), 1, "damaged")],
    )

    order.refresh_from_db()
    assert order.status == "returned"
    event = OrderEvent.objects.get(order=order, kind="status_changed", data__to="returned")
    assert (event.data["from"], event.message) == (
        "delivered",
        "every item was returned and its money given back",
    )


def test_two_returns_that_together_bring_everything_back_make_it_returned_at_the_second(store) -> None:
    order = delivered_order(store)

    settle(order, [ItemAsked(line(order, "TSHIRT-M"), 2, "wrong_size")])
    after_first = Order.objects.get(pk=order.pk).status
    settle(Order.objects.get(pk=order.pk), [ItemAsked(line(order, "MUG"), 1, "damaged")])

    assert (after_first, Order.objects.get(pk=order.pk).status) == ("delivered", "returned")


def test_a_partial_return_or_an_exchange_leaves_the_order_delivered(store) -> None:
    partial = delivered_order(store, "2001")
    exchanged = delivered_order(store, "2002")

    settle(partial, [ItemAsked(line(partial, "TSHIRT-M"), 1, "wrong_size")])
    settle(
        exchanged,
        [
            ItemAsked(line(exchanged, "TSHIRT-M"), 2, "wrong_size", exchange_sku="TSHIRT-L"),
            ItemAsked(line(exchanged, "MUG"), 1, "damaged", exchange_sku="TSHIRT-L"),
        ],
        resolution="exchange_product",
    )

    assert Order.objects.get(pk=partial.pk).status == "delivered"
    assert Order.objects.get(pk=exchanged.pk).status == "delivered"
    assert exchanged.returns.get().resolved_amount == Decimal("50.500")


def test_a_return_refused_at_inspection_leaves_the_order_delivered(store) -> None:
    order = delivered_order(store)

    with pytest.raises(Exception) as refused:
        settle(
            order,
            [
                ItemAsked(line(order, "TSHIRT-M"), 2, "wrong_size"),
                ItemAsked(line(order, "MUG"), 1, "damaged"),
            ],
            grade="tampered",
        )

    assert getattr(refused.value, "code", "") == "nothing_to_refund"
    assert Order.objects.get(pk=order.pk).status == "delivered"
