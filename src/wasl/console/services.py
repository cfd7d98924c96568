"""Writes the console makes of its own (the rest goes through the messaging and orders services)."""

from __future__ import annotations

from django.db import transaction

from wasl.core.errors import NotFound
from wasl.orders.models import OrderEvent, OrderEventKind
from wasl.orders.services import order_event_add
from wasl.stores.models import Store


@transaction.atomic
def staff_request_done(*, store: Store, event_id: int, by: str) -> OrderEvent:
    """Staff passed a buyer's request on (to the carrier): said on the order's timeline, once."""
    request = (
        OrderEvent.objects.select_related("order")
        .filter(store_id=store.pk, pk=event_id, kind=OrderEventKind.NOTE, data__needs_staff=True)
        .first()
    )
    if request is None:
        raise NotFound(f"no request {event_id} in this store", code="request_not_found")
    done = OrderEvent.objects.filter(order=request.order, kind=OrderEventKind.NOTE, data__type="staff_done")
    for event in done:
        if event.data.get("event_id") == request.pk:
            return event
    return order_event_add(
        order=request.order,
        kind=OrderEventKind.NOTE,
        message=f"Request passed on by {by[:150]}",
        data={"type": "staff_done", "event_id": request.pk, "request": request.data.get("type", "")},
    )
