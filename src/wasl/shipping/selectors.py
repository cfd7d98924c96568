"""Reads for shipments, always within one store."""

from __future__ import annotations

from django.db.models import QuerySet

from wasl.core.errors import NotFound
from wasl.core.pagination import Page, paginate
from wasl.shipping.models import Shipment
from wasl.stores.models import Store


def shipment_get(*, store: Store, tracking_number: str) -> Shipment:
    shipment = (
        Shipment.objects.filter(store=store, tracking_number=tracking_number)
        .select_related("order")
        .prefetch_related("events")
        .first()
    )
    if shipment is None:
        raise NotFound(f"no shipment {tracking_number!r} in this store", code="shipment_not_found")
    return shipment


def shipment_list(
    *,
    store: Store,
    cursor: str | None = None,
    limit: int = 50,
    status: str | None = None,
    carrier: str | None = None,
    direction: str | None = None,
    order_external_id: str | None = None,
) -> Page[Shipment]:
    queryset: QuerySet[Shipment] = Shipment.objects.filter(store=store).select_related("order")
    if status:
        queryset = queryset.filter(status=status)
    if carrier:
        queryset = queryset.filter(carrier=carrier)
    if direction:
        queryset = queryset.filter(direction=direction)
    if order_external_id:
        queryset = queryset.filter(order__external_id=order_external_id)
    return paginate(queryset, cursor=cursor, limit=limit)
