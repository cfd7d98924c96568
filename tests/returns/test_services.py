"""Asking for a return (window, quantities, categories), the state machine, inspection and restocking."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from returns_helpers import delivered_order, line

from wasl.core.errors import WaslError
from wasl.orders.models import OrderEvent, OrderEventKind, StockLevel
from wasl.returns.models import ReturnEvent, ReturnState
from wasl.returns.policy import policy_publish
from wasl.returns.services import (
    ItemAsked,
    ItemInspected,
    return_approve,
    return_create,
    return_inspect,
    return_receive,
    return_reject,
)
from wasl.shipping.models import Direction, Shipment
from wasl.webhooks.models import OutboundEvent
from wasl.webhooks.outbound.services import endpoint_create

pytestmark = pytest.mark.django_db


def ask(order, *items: ItemAsked, resolution: str = "refund", method: str = "dropoff", key: str = ""):  # type: ignore[no-untyped-def]
    return return_create(order=order, items=items, resolution=resolution, method=method, idempotency_key=key)


def code_of(call) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(WaslError) as caught:
        call()
    return caught.value.code


def test_given_a_delivered_order_when_a_shirt_is_returned_then_the_return_is_requested_with_its_item(
    store,
) -> None:
    endpoint_create(store=store, url="https://merchant.example/hooks", event_types=["return.created"])
    order = delivered_order(store)

    ret = ask(order, ItemAsked(line(order, "TSHIRT-M"), 1, "wrong_size", "too small")).ret

    assert (ret.state, ret.resolution, ret.method, ret.policy_version, ret.tier) == (
        "requested",
        "refund",
        "dropoff",
        0,
        "",
    )
    assert len(ret.code) == 8
    item = ret.items.get()
    assert (item.sku, item.quantity, item.unit_price, item.category, item.reason) == (
        "TSHIRT-M",
        1,
        Decimal("100.000"),
        "apparel",
        "wrong_size",
    )
    assert list(ReturnEvent.objects.values_list("kind", flat=True)) == ["created"]
    assert OrderEvent.objects.filter(order=order, kind=OrderEventKind.RETURN).count() == 1
    assert OutboundEvent.objects.filter(store=store, event_type="return.created").count() == 1


def test_the_same_idempotency_key_gives_the_same_return(store) -> None:
    order = delivered_order(store)
    first = ask(order, ItemAsked(line(order, "MUG"), 1, "damaged"), key="k1")
    again = ask(order, ItemAsked(line(order, "MUG"), 1, "damaged"), key="k1")

    assert (first.created, again.created, again.ret.pk) == (True, False, first.ret.pk)


def test_quantities_count_what_was_already_returned(store) -> None:
    order = delivered_order(store)
    shirt = line(order, "TSHIRT-M")
    ask(order, ItemAsked(shirt, 1, "wrong_size"))

    assert code_of(lambda: ask(order, ItemAsked(shirt, 2, "wrong_size"))) == "quantity_exceeds"
    assert ask(order, ItemAsked(shirt, 1, "wrong_size")).ret.items.get().quantity == 1
    assert code_of(lambda: ask(order, ItemAsked(shirt, 1, "wrong_size"))) == "quantity_exceeds"


def test_a_rejected_return_gives_its_quantities_back(store) -> None:
    order = delivered_order(store)
    shirt = line(order, "TSHIRT-M")
    return_reject(ret=ask(order, ItemAsked(shirt, 2, "wrong_size")).ret, reason="photos show wear")

    assert ask(order, ItemAsked(shirt, 2, "wrong_size")).ret.state == "requested"


@pytest.mark.parametrize(("days_ago", "expected"), [(29, "requested"), (31, "return_window_closed")])
def test_the_default_window_is_30_days_from_delivery(store, days_ago: int, expected: str) -> None:
    order = delivered_order(store, placed=timezone.now() - timedelta(days=days_ago))

    def call() -> str:
        return ask(order, ItemAsked(line(order, "MUG"), 1, "damaged")).ret.state

    assert (call() if expected == "requested" else code_of(call)) == expected


def test_the_window_starts_at_the_forward_parcel_s_delivery(store) -> None:
    order = delivered_order(store, placed=timezone.now() - timedelta(days=60))
    Shipment.objects.create(
        store=store,
        order=order,
        carrier="aramex",
        tracking_number="T1",
        direction=Direction.FORWARD,
        status="delivered",
        delivered_at=timezone.now() - timedelta(days=10),
    )

    assert ask(order, ItemAsked(line(order, "MUG"), 1, "damaged")).ret.state == "requested"


def test_category_window_non_returnable_categories_and_reasons_follow_the_policy(store) -> None:
    policy_publish(
        store=store,
        document={
            "category_window_days": {"home": 3},
            "non_returnable_categories": ["apparel"],
            "reasons": {"default": ["damaged"], "home": ["broken"]},
        },
    )
    order = delivered_order(store)

    assert code_of(lambda: ask(order, ItemAsked(line(order, "TSHIRT-M"), 1, "damaged"))) == "not_returnable"
    assert code_of(lambda: ask(order, ItemAsked(line(order, "MUG"), 1, "broken"))) == "return_window_closed"


def test_unknown_line_bad_quantity_bad_reason_and_undelivered_orders_are_refused(store, other_store) -> None:
    order = delivered_order(store)
    pending = delivered_order(store, "1002")
    pending.status = "shipped"
    pending.save()

    assert code_of(lambda: ask(order, ItemAsked(999999, 1, "damaged"))) == "unknown_line"
    assert code_of(lambda: ask(order, ItemAsked(line(order, "MUG"), 0, "damaged"))) == "invalid_quantity"
    assert code_of(lambda: ask(order, ItemAsked(line(order, "MUG"), 1, "bored"))) == "invalid_reason"
    assert code_of(lambda: ask(order)) == "no_items"
    assert (
        code_of(lambda: ask(pending, ItemAsked(line(pending, "MUG"), 1, "damaged"))) == "order_not_delivered"
    )
    assert (
        code_of(lambda: ask(order, ItemAsked(line(order, "MUG"), 1, "damaged"), method="post"))
        == "invalid_method"
    )


def test_approval_creates_the_reverse_shipment_once(store) -> None:
    order = delivered_order(store)
    ret = ask(order, ItemAsked(line(order, "MUG"), 1, "damaged")).ret

    approved = return_approve(ret=ret, actor="staff")
    again = return_approve(ret=ret, actor="staff")

    shipment = Shipment.objects.get(direction=Direction.REVERSE)
    assert (approved.state, again.reverse_shipment_id) == ("approved", shipment.pk)
    assert (shipment.order_id, shipment.tracking_number, shipment.carrier) == (
        order.pk,
        f"RET{ret.code}",
        "generic",
    )
    assert ReturnEvent.objects.filter(kind="approved").count() == 1
    assert code_of(lambda: return_reject(ret=ret, reason="late")) == "invalid_transition"


def test_auto_approve_by_tier_rule(store) -> None:
    policy_publish(store=store, document={"auto_approve": {"tiers": ["*"], "max_value": "60"}})
    order = delivered_order(store)

    cheap = ask(order, ItemAsked(line(order, "MUG"), 1, "damaged")).ret
    dear = ask(order, ItemAsked(line(order, "TSHIRT-M"), 1, "damaged")).ret

    assert (cheap.state, dear.state) == ("approved", "requested")
    assert cheap.policy_version == 1


def test_inspection_restocks_sellable_items_at_once(store) -> None:
    order = delivered_order(store)
    ret = ask(
        order,
        ItemAsked(line(order, "TSHIRT-M"), 2, "wrong_size"),
        ItemAsked(line(order, "MUG"), 1, "damaged"),
    ).ret
    return_approve(ret=ret)
    return_receive(ret=ret, actor="dock")
    shirt, mug = ret.items.order_by("sku").reverse()

    inspected = return_inspect(
        ret=ret,
        inspections=[
            ItemInspected(shirt.pk, "sellable", "restock", "shelf-A"),
            ItemInspected(mug.pk, "damaged", "dispose"),
        ],
    )
    return_inspect(ret=ret, inspections=[])  # a repeat does nothing

    assert inspected.state == ReturnState.INSPECTED
    assert StockLevel.objects.get(variant__sku="TSHIRT-M", location="shelf-A").quantity == 2
    assert not StockLevel.objects.filter(variant__sku="MUG").exists()
    assert list(ReturnEvent.objects.values_list("kind", flat=True)) == [
        "created",
        "approved",
        "received",
        "inspected",
    ]


def test_inspection_needs_every_item_and_a_location_to_restock(store) -> None:
    order = delivered_order(store)
    ret = ask(order, ItemAsked(line(order, "MUG"), 1, "damaged")).ret
    return_approve(ret=ret)
    return_receive(ret=ret)
    item = ret.items.get()

    assert code_of(lambda: return_inspect(ret=ret, inspections=[])) == "items_mismatch"
    assert (
        code_of(lambda: return_inspect(ret=ret, inspections=[ItemInspected(item.pk, "sellable", "restock")]))
        == "missing_location"
    )
    assert (
        code_of(lambda: return_inspect(ret=ret, inspections=[ItemInspected(item.pk, "new", "restock", "a")]))
        == "invalid_grade"
    )


def test_a_return_cannot_be_received_before_approval(store) -> None:
    order = delivered_order(store)
    ret = ask(order, ItemAsked(line(order, "MUG"), 1, "damaged")).ret

    assert code_of(lambda: return_receive(ret=ret)) == "invalid_transition"
