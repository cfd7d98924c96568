"""order_upsert: create, repeat, update, stale updates, buyers recognised by phone."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from factories import PLACED, order_data
from wasl.core.errors import Invalid
from wasl.orders.models import Customer, Order, OrderEvent, OrderStatus
from wasl.orders.services import order_upsert
from wasl.orders.types import CustomerData

pytestmark = pytest.mark.django_db


def test_given_a_new_order_when_upserted_then_it_is_created_with_customer_lines_and_timeline(store) -> None:
    outcome = order_upsert(store=store, data=order_data())
    order = Order.objects.get(store=store, external_id="1001")
    assert outcome.result == "created"
    assert (order.total, order.currency, order.payment_method, order.status) == (
        Decimal("249.50"),
        "SAR",
        "cod",
        OrderStatus.PENDING,
    )
    assert order.customer is not None
    assert (order.customer.phone, order.customer.email) == ("+966501234567", "sara@example.com")
    assert [(ln.sku, ln.quantity, ln.unit_price) for ln in order.lines.all()] == [
        ("TSHIRT-M", 2, Decimal("124.75"))
    ]
    assert list(OrderEvent.objects.filter(order=order).values_list("kind", flat=True)) == ["created"]
    assert order.shipping_address is not None and order.shipping_address.city == "Riyadh"


def test_given_the_same_order_twice_then_the_second_is_unchanged_and_writes_nothing(store) -> None:
    order_upsert(store=store, data=order_data())
    outcome = order_upsert(store=store, data=order_data())
    assert outcome.result == "unchanged"
    assert Order.objects.count() == 1
    assert OrderEvent.objects.count() == 1


def test_given_a_changed_order_then_it_is_updated_and_lines_replaced(store) -> None:
    order_upsert(store=store, data=order_data())
    outcome = order_upsert(store=store, data=order_data(total=Decimal("99"), lines=()))
    assert outcome.result == "updated"
    order = Order.objects.get()
    assert order.total == Decimal("99.00")
    assert order.lines.count() == 0
    assert list(order.events.values_list("kind", flat=True)) == ["created", "updated"]


def test_given_an_older_version_after_a_newer_one_then_it_is_stale_and_ignored(store) -> None:
    order_upsert(
        store=store, data=order_data(source_updated_at=PLACED + timedelta(hours=2), total=Decimal("10"))
    )
    outcome = order_upsert(store=store, data=order_data(source_updated_at=PLACED + timedelta(hours=1)))
    assert outcome.result == "stale"
    assert Order.objects.get().total == Decimal("10.00")


def test_given_two_orders_with_the_same_phone_in_two_formats_then_one_customer(store) -> None:
    order_upsert(store=store, data=order_data("1"))
    order_upsert(
        store=store, data=order_data("2", customer=CustomerData(name="Sara", phone="+966 50 123 4567"))
    )
    assert Customer.objects.filter(store=store).count() == 1
    assert Order.objects.filter(customer__phone="+966501234567").count() == 2


def test_a_cancelled_order_gets_cancelled_status_and_event(store) -> None:
    order_upsert(store=store, data=order_data())
    order_upsert(store=store, data=order_data(cancelled=True))
    order = Order.objects.get()
    assert order.status == OrderStatus.CANCELLED
    assert order.cancelled_at is not None
    assert list(order.events.values_list("kind", flat=True)) == ["created", "updated", "cancelled"]


@pytest.mark.parametrize(
    ("override", "code"),
    [
        ({"currency": "XXY"}, "invalid_currency"),
        ({"payment_method": "card"}, "invalid_payment_method"),
        ({"external_id": " "}, "missing_external_id"),
        ({"total": Decimal("-1")}, "invalid_amount"),
    ],
)
def test_bad_orders_are_refused_with_a_stable_code(store, override, code) -> None:
    with pytest.raises(Invalid) as caught:
        order_upsert(store=store, data=order_data(**override))
    assert caught.value.code == code
    assert Order.objects.count() == 0


def test_orders_of_two_stores_with_the_same_external_id_are_separate(store, other_store) -> None:
    order_upsert(store=store, data=order_data())
    order_upsert(store=other_store, data=order_data(currency="EGP"))
    assert Order.objects.filter(external_id="1001").count() == 2
