"""An order's status follows its forward shipment: shipped, delivered, returned to origin or lost."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from wasl.core.bulk import bulk_update_rows
from wasl.orders.models import Order, OrderEvent, OrderEventKind, OrderStatus
from wasl.orders.services import order_summary
from wasl.shipping.models import Direction, Shipment
from wasl.shipping.status import ShipmentStatus as S
from wasl.stores.models import Store
from wasl.webhooks.outbound.services import outbound_events_emit

ORDER_STATUS_FOR: dict[str, str] = {
    S.PICKED_UP: OrderStatus.SHIPPED,
    S.IN_TRANSIT: OrderStatus.SHIPPED,
    S.OUT_FOR_DELIVERY: OrderStatus.SHIPPED,
    S.DELIVERY_FAILED: OrderStatus.SHIPPED,
    S.DELIVERED: OrderStatus.DELIVERED,
    S.RTO_INITIATED: OrderStatus.RTO,
    S.RTO_IN_TRANSIT: OrderStatus.RTO,
    S.RTO_DELIVERED: OrderStatus.RTO,
    S.LOST: OrderStatus.LOST,
}

# A buyer's return is a later chapter than delivery; carrier scans of the outbound leg do not undo it.
_FINAL_FOR_SHIPPING = {OrderStatus.RETURNED}


def orders_sync_status(*, store: Store, shipments: list[Shipment]) -> int:
    """Bring each order in line with its forward shipment's status. Returns how many orders changed."""
    changed_at = {s.order_id: s.status_changed_at for s in shipments}
    wanted = {
        s.order_id: ORDER_STATUS_FOR[s.status]
        for s in shipments
        if s.order_id is not None and s.direction == Direction.FORWARD and s.status in ORDER_STATUS_FOR
    }
    if not wanted:
        return 0
    orders = list(Order.objects.filter(store=store, pk__in=wanted).exclude(Q(status__in=_FINAL_FOR_SHIPPING)))
    changed = [o for o in orders if o.status != wanted[o.pk]]
    now = timezone.now()
    events = []
    for order in changed:
        events.append(
            OrderEvent(
                store=store,
                order=order,
                kind=OrderEventKind.STATUS_CHANGED,
                data={"from": order.status, "to": wanted[order.pk]},
                occurred_at=changed_at.get(order.pk) or now,
            )
        )
        order.status = wanted[order.pk]
        order.updated_at = now
    bulk_update_rows(changed, ["status", "updated_at"])
    OrderEvent.objects.bulk_create(events)
    outbound_events_emit(
        store=store,
        events=[
            (
                "order.status_changed",
                {**order_summary(order), "from": event.data["from"]},
                f"order-status:{order.pk}:{order.status}:{event.occurred_at.isoformat()}",
            )
            for order, event in zip(changed, events, strict=True)
        ],
    )
    return len(changed)
