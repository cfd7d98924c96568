"""Reads for orders, always within one store."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, QuerySet

from wasl.core.errors import NotFound
from wasl.core.pagination import Page, paginate
from wasl.orders.models import Order, OrderEvent
from wasl.stores.models import Store


def order_get(*, store: Store, external_id: str) -> Order:
    order = (
        Order.objects.filter(store=store, external_id=external_id)
        .select_related("customer", "shipping_address")
        .prefetch_related(
            "lines",
            "shipments",
            Prefetch("events", queryset=OrderEvent.objects.order_by("occurred_at", "id")),
        )
        .first()
    )
    if order is None:
        raise NotFound(f"no order {external_id!r} in this store", code="order_not_found")
    return order


def order_list(
    *,
    store: Store,
    cursor: str | None = None,
    limit: int = 50,
    status: str | None = None,
    payment_method: str | None = None,
    channel: str | None = None,
    placed_after: datetime | None = None,
    placed_before: datetime | None = None,
    phone: str | None = None,
) -> Page[Order]:
    queryset: QuerySet[Order] = Order.objects.filter(store=store).select_related("customer")
    if status:
        queryset = queryset.filter(status=status)
    if payment_method:
        queryset = queryset.filter(payment_method=payment_method)
    if channel:
        queryset = queryset.filter(channel=channel)
    if placed_after:
        queryset = queryset.filter(placed_at__gte=placed_after)
    if placed_before:
        queryset = queryset.filter(placed_at__lt=placed_before)
    if phone:
        queryset = queryset.filter(customer__phone=phone)
    return paginate(queryset, cursor=cursor, limit=limit)
