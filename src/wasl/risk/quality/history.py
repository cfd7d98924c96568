"""What a store has already seen at an address or behind a phone number, for many orders in a few queries.

An address is recognised by the fingerprint the orders app stores on every `Address` row (its normalised lines,
city, postal code and country), so the same place typed the same way by different customers is one address.
A parcel counts as returned to origin when its order's status is `rto` (the order follows its forward
shipment's status, see shipping.order_sync).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from django.db.models import Count, Q

from wasl.orders.models import Address, Customer, Order, OrderStatus
from wasl.risk.quality.types import AddressHistory, PhoneHistory

CHUNK = 500  # values per IN (...) list: well inside SQLite's bound-parameter limit


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    unique = sorted({value for value in values if value})
    for start in range(0, len(unique), CHUNK):
        yield unique[start : start + CHUNK]


_RTO = Q(status=OrderStatus.RTO)
_DELIVERED = Q(status=OrderStatus.DELIVERED)


def address_history_for(
    store_id: int, fingerprints: Iterable[str], *, placed_before: datetime | None = None
) -> dict[str, AddressHistory]:
    """Orders, distinct customers, RTOs and deliveries per address fingerprint, across the store's customers.

    Every fingerprint asked for is in the answer (all zeros when never seen). `placed_before` keeps only orders
    placed earlier, so an order's own outcome is never counted when scoring or training on past orders.
    """
    wanted = list(fingerprints)
    found: dict[str, AddressHistory] = {}
    for chunk in _chunks(wanted):
        orders = Order.objects.filter(store_id=store_id, shipping_address__fingerprint__in=chunk)
        if placed_before is not None:
            orders = orders.filter(placed_at__lt=placed_before)
        rows = orders.values("shipping_address__fingerprint").annotate(
            customers=Count("shipping_address__customer_id", distinct=True),
            orders=Count("id", distinct=True),
            rtos=Count("id", filter=_RTO, distinct=True),
            delivered=Count("id", filter=_DELIVERED, distinct=True),
        )
        for row in rows:
            found[row["shipping_address__fingerprint"]] = AddressHistory(
                orders=row["orders"], customers=row["customers"], rtos=row["rtos"], delivered=row["delivered"]
            )
    return {fingerprint: found.get(fingerprint, AddressHistory()) for fingerprint in wanted}


def _customers_by_phone(store_id: int, phones: list[str]) -> dict[str, set[int]]:
    """Customers who gave each phone: as their own number or as the phone of an address they ship to."""
    by_phone: dict[str, set[int]] = {}
    for chunk in _chunks(phones):
        own = Customer.objects.filter(store_id=store_id, phone__in=chunk).values_list("phone", "id")
        on_address = Address.objects.filter(customer__store_id=store_id, phone__in=chunk).values_list(
            "phone", "customer_id"
        )
        for phone, customer_id in (*own, *on_address):
            by_phone.setdefault(phone, set()).add(customer_id)
    return by_phone


def phone_history_for(
    store_id: int, phones: Iterable[str], *, placed_before: datetime | None = None
) -> dict[str, PhoneHistory]:
    """Distinct customers per phone (E.164, as stored), and the orders, RTOs and deliveries of those customers.

    Every phone asked for is in the answer (all zeros when never seen). Phones are matched exactly: pass
    E.164 numbers (`wasl.core.phones.to_e164` or `parse_phone(...).e164`).
    """
    wanted = list(phones)
    by_phone = _customers_by_phone(store_id, wanted)
    everyone = sorted({customer for customers in by_phone.values() for customer in customers})
    per_customer: dict[int, tuple[int, int, int]] = {}
    for start in range(0, len(everyone), CHUNK):
        orders = Order.objects.filter(store_id=store_id, customer_id__in=everyone[start : start + CHUNK])
        if placed_before is not None:
            orders = orders.filter(placed_at__lt=placed_before)
        rows = orders.values("customer_id").annotate(
            orders=Count("id"), rtos=Count("id", filter=_RTO), delivered=Count("id", filter=_DELIVERED)
        )
        for row in rows:
            per_customer[row["customer_id"]] = (row["orders"], row["rtos"], row["delivered"])
    answer: dict[str, PhoneHistory] = {}
    for phone in wanted:
        customers = by_phone.get(phone, set())
        totals = [per_customer.get(customer, (0, 0, 0)) for customer in customers]
        answer[phone] = PhoneHistory(
            customers=len(customers),
            orders=sum(t[0] for t in totals),
            rtos=sum(t[1] for t in totals),
            delivered=sum(t[2] for t in totals),
        )
    return answer
