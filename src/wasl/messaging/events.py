"""The buyer-facing events Wasl notifies about, and which shipment status means which event."""

from __future__ import annotations

from wasl.shipping.status import ShipmentStatus as S

ORDER_CONFIRMED = "order.confirmed"
SHIPPED = "shipment.shipped"
OUT_FOR_DELIVERY = "shipment.out_for_delivery"
DELIVERED = "shipment.delivered"
DELAYED = "shipment.delayed"
DELIVERY_FAILED = "shipment.delivery_failed"
RTO_STARTED = "shipment.rto_started"

EVENTS = (ORDER_CONFIRMED, SHIPPED, OUT_FOR_DELIVERY, DELIVERED, DELAYED, DELIVERY_FAILED, RTO_STARTED)

# The parameters of each event's approved WhatsApp template, in the order the template numbers them
# ({{1}}, {{2}}, ...). The same for every language: Meta approves one parameter list per template name.
EVENT_PARAMS: dict[str, tuple[str, ...]] = {
    ORDER_CONFIRMED: ("customer_name", "order_number", "total"),
    SHIPPED: ("customer_name", "order_number", "tracking_link", "promised_date"),
    OUT_FOR_DELIVERY: ("customer_name", "order_number", "amount_due", "tracking_link"),
    DELIVERED: ("customer_name", "order_number"),
    DELAYED: ("customer_name", "order_number", "promised_date", "tracking_link"),
    DELIVERY_FAILED: ("customer_name", "order_number", "tracking_link"),
    RTO_STARTED: ("customer_name", "order_number"),
}

# Approved template names at Meta, unless the store names its own.
PROVIDER_NAMES: dict[str, str] = {event: "wasl_" + event.split(".", 1)[1] for event in EVENTS}

# Shipment statuses that notify the buyer. Statuses absent here (created, rto_in_transit, ...) say nothing new.
SHIPMENT_EVENT_FOR_STATUS: dict[str, str] = {
    S.PICKED_UP: SHIPPED,
    S.IN_TRANSIT: SHIPPED,
    S.OUT_FOR_DELIVERY: OUT_FOR_DELIVERY,
    S.DELIVERED: DELIVERED,
    S.DELIVERY_FAILED: DELIVERY_FAILED,
    S.RTO_INITIATED: RTO_STARTED,
}

# Events that may happen more than once per shipment, once per delivery attempt.
PER_ATTEMPT = frozenset({OUT_FOR_DELIVERY, DELIVERY_FAILED})


def notification_key(
    *, event: str, order_id: int | None, shipment_id: int | None, occurrence: str = ""
) -> str:
    """The idempotency key of the one notification an event may cause: the same event never notifies twice."""
    subject = f"shipment:{shipment_id}" if shipment_id is not None else f"order:{order_id}"
    suffix = f":{occurrence}" if occurrence else ""
    return f"notify:{subject}:{event}{suffix}"


# A notification still worth sending only while the shipment is in one of these statuses: an
# "out for delivery" that is only processed after the parcel was delivered would confuse the buyer.
STILL_RELEVANT: dict[str, frozenset[str]] = {
    SHIPPED: frozenset({S.PICKED_UP, S.IN_TRANSIT}),
    OUT_FOR_DELIVERY: frozenset({S.OUT_FOR_DELIVERY}),
    DELIVERED: frozenset({S.DELIVERED}),
    DELIVERY_FAILED: frozenset({S.DELIVERY_FAILED}),
    RTO_STARTED: frozenset({S.RTO_INITIATED, S.RTO_IN_TRANSIT}),
    DELAYED: frozenset({S.CREATED, S.PICKED_UP, S.IN_TRANSIT, S.OUT_FOR_DELIVERY, S.DELIVERY_FAILED}),
}
