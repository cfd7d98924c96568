"""Reads behind the tracking page: one parcel (or order) of one store, in as few queries as the page allows.

By tracking number the page costs two queries (see `tracking_sql`): the shipment with its order, buyer, address
and the buyer's conversation language in one, then its latest events. The store is cached per process for a minute (see
`wasl.portal.branding.portal_store`), and so are the product suggestions per order (see
`wasl.orders.recommendations.recommendations_cached`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import OuterRef, Q, Subquery

from wasl.messaging.models import Conversation
from wasl.orders.models import Order, OrderStatus
from wasl.portal.tracking_sql import latest_events, parcel_by_tracking_number
from wasl.shipping.models import Direction, Shipment, TrackingEvent
from wasl.shipping.promises import promise_for_order
from wasl.shipping.status import ShipmentStatus as S
from wasl.stores.models import Store

# The forward journey as the buyer sees it, in order.
JOURNEY: tuple[str, ...] = (S.CREATED, S.PICKED_UP, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELIVERED)
# Where on the journey each status sits (an exception shows at the step it happened on).
JOURNEY_POSITION: dict[str, int] = {
    S.CREATED: 0,
    S.PICKED_UP: 1,
    S.IN_TRANSIT: 2,
    S.OUT_FOR_DELIVERY: 3,
    S.DELIVERY_FAILED: 3,
    S.DELIVERED: 4,
}
PROBLEM_STATUSES = frozenset(
    {S.DELIVERY_FAILED, S.RTO_INITIATED, S.RTO_IN_TRANSIT, S.RTO_DELIVERED, S.LOST, S.CANCELLED}
)


@dataclass
class TrackingFacts:
    store: Store
    ref: str
    order: Order | None
    shipment: Shipment | None
    events: list[TrackingEvent] = field(default_factory=list)
    conversation_language: str = ""
    promised: date | None = None
    promise_earliest: date | None = None

    @property
    def progress(self) -> str:
        """One word for where things are: a shipment status, or the order's own before there is a parcel."""
        if self.order is not None and self.order.status == OrderStatus.CANCELLED:
            return str(S.CANCELLED)
        if self.shipment is not None:
            return str(self.shipment.status)
        return (
            "pending" if self.order is None or self.order.status == OrderStatus.PENDING else self.order.status
        )

    @property
    def last_location(self) -> str:
        return next((e.location for e in self.events if e.location), "")

    @property
    def city(self) -> str:
        if self.order is None:
            return ""
        address = self.order.shipping_address
        return self.order.ship_city or (address.city if address is not None else "")


def _conversation_language(customer_field: str) -> Subquery:
    """The language the buyer last talked to the store in, as a column of the main query."""
    return Subquery(
        Conversation.objects.filter(store_id=OuterRef("store_id"), customer_id=OuterRef(customer_field))
        .exclude(language="")
        .order_by("-id")
        .values("language")[:1]
    )


# The columns the page and its forms read: fewer columns, less work for the ORM on every view.
ORDER_COLUMNS = (
    "store_id", "number", "external_id", "status", "currency", "placed_at", "ship_city", "ship_country",
    "customer__name", "customer__phone", "customer__language",
    "shipping_address__name", "shipping_address__line1", "shipping_address__line2", "shipping_address__city",
    "shipping_address__region", "shipping_address__postal_code", "shipping_address__country",
    "shipping_address__phone",
)  # fmt: skip


def _by_order_number(store: Store, ref: str) -> Order | None:
    numbers = {ref, f"#{ref}", ref.removeprefix("#")}
    return (
        Order.objects.filter(store=store)
        .filter(Q(external_id=ref) | Q(number__in=numbers))
        .select_related("customer", "shipping_address")
        .only(*ORDER_COLUMNS)
        .annotate(conversation_language=_conversation_language("customer_id"))
        .order_by("-id")
        .first()
    )


def tracking_facts(*, store: Store, ref: str) -> TrackingFacts | None:
    """The parcel with this tracking number, else the order with this number (and its latest parcel)."""
    found = parcel_by_tracking_number(store_id=store.pk, tracking_number=ref)
    order: Order | None
    shipment: Shipment | None
    if found is not None:
        shipment, language = found
        order = shipment.order
    else:
        order = _by_order_number(store, ref)
        if order is None:
            return None
        language = getattr(order, "conversation_language", None) or ""
        shipment = (
            Shipment.objects.filter(store=store, order=order, direction=Direction.FORWARD)
            .order_by("-id")
            .first()
        )
        if shipment is not None:
            shipment.order = order
    facts = TrackingFacts(
        store=store, ref=ref, order=order, shipment=shipment, conversation_language=language
    )
    if shipment is not None:
        facts.events = latest_events(shipment_id=shipment.pk)
        facts.promised = shipment.promised_date
    elif order is not None and order.status == OrderStatus.PENDING:
        # Before shipping: the store's own promise for its carrier and the buyer's lane.
        promise = promise_for_order(order=order)
        if promise is not None:
            facts.promised = promise.date
            facts.promise_earliest = promise.earliest
    return facts


def first_reached(events: list[TrackingEvent]) -> dict[str, datetime]:
    """When the parcel first reached each status, from its events (newest first as read)."""
    reached: dict[str, datetime] = {}
    for event in reversed(events):
        reached.setdefault(event.status, event.occurred_at)
    return reached
