"""Reads for returns, always within one store."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from wasl.core.errors import Invalid, NotFound
from wasl.core.pagination import Page, paginate
from wasl.returns.models import ReturnEvent, ReturnRequest, ReturnState
from wasl.stores.models import Store


def _with_details(queryset: QuerySet[ReturnRequest]) -> QuerySet[ReturnRequest]:
    return queryset.select_related("order", "reverse_shipment", "exchange_order", "refund").prefetch_related(
        "items", Prefetch("events", queryset=ReturnEvent.objects.order_by("occurred_at", "id"))
    )


def return_get(*, store: Store, code: str) -> ReturnRequest:
    """By the return's code (as printed on its label), case-insensitive; another store's return is not found."""
    found = _with_details(ReturnRequest.objects.filter(store=store, code=code.strip().upper())).first()
    if found is None:
        raise NotFound(f"no return {code!r}", code="return_not_found")
    return found


def return_list(
    *,
    store: Store,
    cursor: str | None = None,
    limit: int = 50,
    state: str | None = None,
    order_external_id: str | None = None,
    resolution: str | None = None,
) -> Page[ReturnRequest]:
    """Newest first, with keyset pagination."""
    queryset = ReturnRequest.objects.filter(store=store).select_related("order")
    if state:
        if state not in ReturnState.values:
            raise Invalid(f"state must be one of {', '.join(ReturnState.values)}", code="invalid_filter")
        queryset = queryset.filter(state=state)
    if order_external_id:
        queryset = queryset.filter(order__external_id=order_external_id)
    if resolution:
        queryset = queryset.filter(resolution=resolution)
    return paginate(queryset.prefetch_related("items"), cursor=cursor, limit=limit)
