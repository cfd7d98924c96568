"""Resolving a return: a refund through the payments service, store credit with a bonus, an exchange order."""

from __future__ import annotations

from decimal import Decimal

import pytest
from returns_helpers import delivered_order, line

from wasl.core.errors import WaslError
from wasl.orders.models import Order, StockLevel, Variant
from wasl.payments.models import Refund
from wasl.returns.credit import credit_balance
from wasl.returns.models import StoreCreditEntry
from wasl.returns.policy import policy_publish
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


def inspected(order, *items: ItemAsked, grades: list[str], resolution: str = "refund"):  # type: ignore[no-untyped-def]
    ret = return_create(order=order, items=items, resolution=resolution, method="dropoff").ret
    return_approve(ret=ret)
    return_receive(ret=ret)
    ids = list(ret.items.order_by("pk").values_list("pk", flat=True))
    return return_inspect(
        ret=ret,
        inspections=[
            ItemInspected(i, g, "restock" if g == "sellable" else "dispose", "main")
            for i, g in zip(ids, grades, strict=True)
        ],
    )


def test_a_cod_order_is_refunded_manually_for_the_sellable_items_once(store) -> None:
    order = delivered_order(store)
    ret = inspected(
        order,
        ItemAsked(line(order, "TSHIRT-M"), 1, "wrong_size"),
        ItemAsked(line(order, "MUG"), 1, "damaged"),
        grades=["sellable", "tampered"],
    )

    resolved = return_resolve(ret=ret, actor="staff", payout_details="IBAN SA03 8000 0000 6080 1016 7519")
    again = return_resolve(ret=ret, actor="staff")

    refund = Refund.objects.get()
    assert (refund.provider, refund.amount, refund.idempotency_key) == (
        "manual",
        Decimal("100.000"),
        f"return:{ret.pk}:refund",
    )
    assert (resolved.state, resolved.outcome, resolved.resolved_amount, resolved.refund_id) == (
        "resolved",
        "refunded",
        Decimal("100.000"),
        refund.pk,
    )
    assert again.refund_id == refund.pk


def test_the_return_fee_is_taken_off_and_damaged_items_count_when_inspection_is_lenient(store) -> None:
    policy_publish(store=store, document={"fee": "15", "lenient_inspection_tiers": []})
    order = delivered_order(store)
    ret = inspected(order, ItemAsked(line(order, "MUG"), 1, "damaged"), grades=["damaged"])

    with pytest.raises(WaslError) as caught:
        return_resolve(ret=ret)
    assert caught.value.code == "nothing_to_refund"

    ret.lenient_inspection = True
    ret.save()
    assert return_resolve(ret=ret).resolved_amount == Decimal("34.500")


def test_a_paid_order_is_refunded_through_stripe(store, stripe_standin) -> None:
    order = delivered_order(store, paid_with=stripe_standin)
    ret = inspected(order, ItemAsked(line(order, "TSHIRT-M"), 2, "wrong_size"), grades=["sellable"])

    resolved = return_resolve(ret=ret)
    return_resolve(ret=ret)

    refund = Refund.objects.get()
    assert (refund.provider, refund.amount, resolved.outcome) == ("stripe", Decimal("200.000"), "refunded")
    assert len([c for c in stripe_standin.calls if c.method == "POST" and c.path == "/v1/refunds"]) == 1


def test_store_credit_with_a_bonus_is_two_ledger_entries(store) -> None:
    policy_publish(store=store, document={"credit_bonus_percent": "10"})
    order = delivered_order(store)
    ret = inspected(
        order, ItemAsked(line(order, "TSHIRT-M"), 1, "wrong_size"), grades=["sellable"], resolution="credit"
    )

    resolved = return_resolve(ret=ret)
    return_resolve(ret=ret)

    entries = list(StoreCreditEntry.objects.values_list("kind", "amount", "balance_after"))
    assert entries == [
        ("return", Decimal("100.000"), Decimal("100.000")),
        ("bonus", Decimal("10.000"), Decimal("110.000")),
    ]
    assert (resolved.outcome, resolved.resolved_amount) == ("credited", Decimal("110.000"))
    assert credit_balance(customer=order.customer, currency="SAR") == Decimal("110.000")


def test_a_variant_exchange_creates_a_linked_order_and_takes_the_stock(store) -> None:
    order = delivered_order(store)
    ret = inspected(
        order,
        ItemAsked(line(order, "TSHIRT-M"), 2, "wrong_size", exchange_sku="TSHIRT-L"),
        grades=["sellable"],
        resolution="exchange_variant",
    )

    resolved = return_resolve(ret=ret)
    return_resolve(ret=ret)

    new = Order.objects.get(channel="exchange")
    assert resolved.exchange_order_id == new.pk
    assert (new.external_id, new.total, new.payment_method, new.customer_id) == (
        f"1001-X{ret.code}",
        Decimal("0.000"),
        "prepaid",
        order.customer_id,
    )
    assert list(new.lines.values_list("sku", "quantity")) == [("TSHIRT-L", 2)]
    assert StockLevel.objects.get(variant__sku="TSHIRT-L").quantity == 1
    assert (resolved.outcome, resolved.state) == ("exchanged", "resolved")


def test_an_exchange_for_a_variant_out_of_stock_or_of_another_product_is_refused(store) -> None:
    order = delivered_order(store)

    def ask(sku: str, quantity: int, resolution: str = "exchange_variant") -> str:
        with pytest.raises(WaslError) as caught:
            return_create(
                order=order,
                items=[ItemAsked(line(order, "TSHIRT-M"), quantity, "wrong_size", exchange_sku=sku)],
                resolution=resolution,
                method="pickup",
            )
        return caught.value.code

    StockLevel.objects.filter(variant__sku="TSHIRT-L").update(quantity=1)
    assert ask("TSHIRT-L", 2) == "out_of_stock"
    assert ask("MUG", 1) == "invalid_exchange"
    assert ask("NOPE", 1) == "unknown_variant"


def test_a_cheaper_product_in_exchange_refunds_the_difference(store) -> None:
    order = delivered_order(store)
    StockLevel.objects.create(
        store=store, variant=Variant.objects.get(sku="MUG"), location="main", quantity=1
    )
    ret = inspected(
        order,
        ItemAsked(line(order, "TSHIRT-M"), 1, "changed_mind", exchange_sku="MUG"),
        grades=["sellable"],
        resolution="exchange_product",
    )

    resolved = return_resolve(ret=ret)

    refund = Refund.objects.get()
    assert (refund.amount, refund.idempotency_key) == (Decimal("50.500"), f"return:{ret.pk}:difference")
    assert (resolved.outcome, resolved.resolved_amount) == ("exchanged", Decimal("-50.500"))
    assert Order.objects.get(channel="exchange").total == Decimal("0.000")
    assert StockLevel.objects.get(variant__sku="MUG", location="main").quantity == 0
