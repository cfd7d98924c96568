"""Store history behind an address fingerprint and a phone: exact counts, scoped to the store, in few queries."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from factories import PLACED, order_data
from wasl.orders.identity import address_fingerprint
from wasl.orders.models import Order, OrderStatus
from wasl.orders.services import order_status_set, order_upsert
from wasl.orders.types import AddressData, CustomerData
from wasl.risk.quality import AddressHistory, PhoneHistory, address_history_for, phone_history_for
from wasl.risk.quality import history as history_module

KING_FAHD = AddressData(line1="12 شارع الملك فهد", city="Riyadh", postal_code="12211", country="SA")
# Typed differently (punctuation, case, spacing), the same place: the same fingerprint.
KING_FAHD_AGAIN = AddressData(line1="12  شارع الملك فهد.", city="RIYADH", postal_code="12211", country="SA")
OLAYA = AddressData(line1="7 Olaya St", city="Riyadh", postal_code="12214", country="SA")


def _order(store, external_id: str, phone: str, address: AddressData, status: str, day: int) -> Order:  # type: ignore[no-untyped-def]
    data = order_data(
        external_id,
        customer=CustomerData(name=f"buyer {phone}", phone=phone),
        shipping_address=address,
        placed_at=PLACED + timedelta(days=day),
    )
    order = order_upsert(store=store, data=data).order
    if status != OrderStatus.PENDING:
        order_status_set(order=order, status=status)
    return order


@pytest.fixture
def shop(store, other_store):  # type: ignore[no-untyped-def]
    """Three buyers at King Fahd (two parcels back), one of them also at Olaya; another store at King Fahd too."""
    _order(store, "1", "0551110001", KING_FAHD, OrderStatus.RTO, day=0)
    _order(store, "2", "0551110001", KING_FAHD, OrderStatus.DELIVERED, day=1)
    _order(store, "3", "0551110002", KING_FAHD_AGAIN, OrderStatus.RTO, day=2)
    # Buyer 3 gives buyer 1's number as the delivery phone of the address.
    at_king_fahd_with_phone = replace(KING_FAHD, phone="0551110001")
    _order(store, "4", "0551110003", at_king_fahd_with_phone, OrderStatus.PENDING, day=3)
    _order(store, "5", "0551110001", OLAYA, OrderStatus.DELIVERED, day=4)
    _order(other_store, "x1", "0551110001", KING_FAHD, OrderStatus.RTO, day=0)
    _order(other_store, "x2", "0551110002", KING_FAHD, OrderStatus.RTO, day=0)
    return store


def test_the_same_place_typed_differently_has_one_fingerprint() -> None:
    assert address_fingerprint(KING_FAHD) == address_fingerprint(KING_FAHD_AGAIN)
    assert address_fingerprint(KING_FAHD) != address_fingerprint(OLAYA)


def test_address_history_counts_orders_customers_and_outcomes_across_customers(
    shop,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    king_fahd, olaya = address_fingerprint(KING_FAHD), address_fingerprint(OLAYA)
    with django_assert_num_queries(1):
        found = address_history_for(shop.pk, [king_fahd, olaya, "never-seen"])
    assert found == {
        king_fahd: AddressHistory(orders=4, customers=3, rtos=2, delivered=1),
        olaya: AddressHistory(orders=1, customers=1, rtos=0, delivered=1),
        "never-seen": AddressHistory(),
    }


def test_address_history_before_a_time_leaves_later_orders_out(shop) -> None:  # type: ignore[no-untyped-def]
    king_fahd = address_fingerprint(KING_FAHD)
    found = address_history_for(shop.pk, [king_fahd], placed_before=PLACED + timedelta(days=2))
    assert found == {king_fahd: AddressHistory(orders=2, customers=1, rtos=1, delivered=1)}


def test_address_history_of_the_other_store_is_its_own(shop, other_store) -> None:  # type: ignore[no-untyped-def]
    king_fahd = address_fingerprint(KING_FAHD)
    assert address_history_for(other_store.pk, [king_fahd]) == {
        king_fahd: AddressHistory(orders=2, customers=2, rtos=2, delivered=0)
    }


def test_many_fingerprints_are_asked_in_chunks_and_merged(
    shop, monkeypatch, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(history_module, "CHUNK", 2)
    king_fahd, olaya = address_fingerprint(KING_FAHD), address_fingerprint(OLAYA)
    with django_assert_num_queries(2):
        found = address_history_for(shop.pk, ["a", olaya, king_fahd, king_fahd])
    assert found[king_fahd].orders == 4
    assert found[olaya].orders == 1
    assert found["a"] == AddressHistory()


def test_phone_history_counts_every_customer_who_gave_the_number(
    shop,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    with django_assert_num_queries(3):
        found = phone_history_for(shop.pk, ["+966551110001", "+966551110002", "+966559999999"])
    assert found == {
        # Buyer 1 (orders 1, 2, 5) and buyer 3, who gave it as the address phone (order 4).
        "+966551110001": PhoneHistory(customers=2, orders=4, rtos=1, delivered=2),
        "+966551110002": PhoneHistory(customers=1, orders=1, rtos=1, delivered=0),
        "+966559999999": PhoneHistory(),
    }


def test_phone_history_before_a_time(shop) -> None:  # type: ignore[no-untyped-def]
    found = phone_history_for(shop.pk, ["+966551110001"], placed_before=PLACED + timedelta(days=1))
    assert found == {"+966551110001": PhoneHistory(customers=2, orders=1, rtos=1, delivered=0)}


def test_phone_history_of_the_other_store_is_its_own(shop, other_store) -> None:  # type: ignore[no-untyped-def]
    found = phone_history_for(other_store.pk, ["+966551110001"])
    assert found == {"+966551110001": PhoneHistory(customers=1, orders=1, rtos=1, delivered=0)}


def test_nothing_asked_costs_no_query(store, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(0):
        assert address_history_for(store.pk, []) == {}
        assert phone_history_for(store.pk, []) == {}
