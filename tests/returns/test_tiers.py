"""Loyalty tiers from a customer's history, every threshold inclusive."""

from __future__ import annotations

from decimal import Decimal

import pytest
from returns_helpers import delivered_order

from wasl.orders.models import OrderStatus
from wasl.orders.services import order_status_set
from wasl.returns.models import LoyaltyTier, ReturnRequest
from wasl.returns.tiers import customer_history, tier_for

pytestmark = pytest.mark.django_db


def tiers(store) -> None:  # type: ignore[no-untyped-def]
    LoyaltyTier.objects.create(store=store, name="silver", rank=1, min_orders=2, min_spend=Decimal("499.00"))
    LoyaltyTier.objects.create(
        store=store,
        name="gold",
        rank=2,
        min_orders=3,
        min_spend=Decimal("748.50"),
        max_return_rate=Decimal("0.3334"),
        max_rtos=0,
    )


def test_history_counts_delivered_orders_spend_returns_and_rtos(store) -> None:
    first = delivered_order(store, "1")
    delivered_order(store, "2")
    rto = delivered_order(store, "3")
    order_status_set(order=rto, status=OrderStatus.RTO)
    ReturnRequest.objects.create(
        store=store,
        order=first,
        customer=first.customer,
        code="AAAA2222",
        resolution="refund",
        method="dropoff",
        currency="SAR",
    )

    history = customer_history(store=store, customer=first.customer)

    assert (history.orders, history.spend, history.returns, history.rtos) == (2, Decimal("499.000"), 1, 1)
    assert history.return_rate == Decimal("0.5")


def test_thresholds_are_inclusive(store) -> None:
    tiers(store)
    order = delivered_order(store, "1")
    assert tier_for(store=store, customer=order.customer) == ""

    delivered_order(store, "2")  # 2 orders, 499.00: exactly silver
    assert tier_for(store=store, customer=order.customer) == "silver"

    delivered_order(store, "3")  # 3 orders, 748.50: exactly gold
    assert tier_for(store=store, customer=order.customer) == "gold"

    ReturnRequest.objects.create(
        store=store,
        order=order,
        customer=order.customer,
        code="BBBB3333",
        resolution="refund",
        method="dropoff",
        currency="SAR",
    )  # 1 return in 3 orders: 0.3333 <= 0.3334, still gold
    assert tier_for(store=store, customer=order.customer) == "gold"


def test_one_rto_drops_gold_to_silver(store) -> None:
    tiers(store)
    orders = [delivered_order(store, str(n)) for n in range(4)]
    order_status_set(order=orders[0], status=OrderStatus.RTO)  # 3 delivered, 748.50, but one RTO

    assert tier_for(store=store, customer=orders[1].customer) == "silver"


def test_a_return_rate_above_the_limit_drops_gold_to_silver(store) -> None:
    tiers(store)
    orders = [delivered_order(store, str(n)) for n in range(3)]
    for n, code in enumerate(("CCCC4444", "DDDD5555")):
        ReturnRequest.objects.create(
            store=store,
            order=orders[n],
            customer=orders[n].customer,
            code=code,
            resolution="refund",
            method="dropoff",
            currency="SAR",
        )  # 2 returns in 3 orders: 0.6667 > 0.3334

    assert tier_for(store=store, customer=orders[0].customer) == "silver"


def test_no_customer_no_tier(store) -> None:
    tiers(store)
    assert tier_for(store=store, customer=None) == ""
