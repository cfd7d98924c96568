"""The buyer's orders as the bot sees them: found by the conversation's phone, described in the buyer's words.

Reads only, always within the conversation's store.
"""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_date

from wasl.core.money import format_money
from wasl.messaging.bot_texts import ltr, status_words
from wasl.messaging.languages import country_of_phone
from wasl.messaging.models import Conversation
from wasl.messaging.rendering import buyer_locale
from wasl.orders.models import Order, OrderStatus
from wasl.shipping.models import Direction, Shipment
from wasl.shipping.status import ShipmentStatus as S

# Statuses after which the parcel has left the warehouse: too late to cancel from the chat.
LEFT_WAREHOUSE = frozenset(
    {
        S.PICKED_UP,
        S.IN_TRANSIT,
        S.OUT_FOR_DELIVERY,
        S.DELIVERY_FAILED,
        S.DELIVERED,
        S.RTO_INITIATED,
        S.RTO_IN_TRANSIT,
        S.RTO_DELIVERED,
        S.LOST,
    }
)
# Orders whose delivery can no longer be moved or readdressed.
SETTLED_ORDERS = frozenset(
    {OrderStatus.DELIVERED, OrderStatus.RTO, OrderStatus.RETURNED, OrderStatus.LOST, OrderStatus.CANCELLED}
)
SETTLED_SHIPMENTS = frozenset({S.DELIVERED, S.RTO_INITIATED, S.RTO_IN_TRANSIT, S.RTO_DELIVERED, S.LOST})

# Days couriers do not deliver, by country (Monday is 0). Most of the Gulf rests on Friday and Saturday,
# the Emirates on Saturday and Sunday since 2022, Egypt on Friday, the Maghreb and Europe on Sunday.
WEEKEND: dict[str, frozenset[int]] = {
    "SA": frozenset({4, 5}),
    "KW": frozenset({4, 5}),
    "QA": frozenset({4, 5}),
    "BH": frozenset({4, 5}),
    "OM": frozenset({4, 5}),
    "JO": frozenset({4, 5}),
    "DZ": frozenset({4, 5}),
    "AE": frozenset({5, 6}),
    "EG": frozenset({4}),
    "MA": frozenset({6}),
    "TN": frozenset({6}),
    "FR": frozenset({6}),
    "IN": frozenset({6}),
}
DEFAULT_WEEKEND = frozenset({5, 6})


def buyer_orders(conversation: Conversation) -> list[Order]:
    """The buyer's orders in this store, newest first (the ten latest are plenty for a chat)."""
    return list(
        Order.objects.filter(store_id=conversation.store_id, customer__phone=conversation.address)
        .select_related("customer")
        .order_by("-placed_at", "-id")[:10]
    )


def latest_order(conversation: Conversation) -> Order | None:
    orders = buyer_orders(conversation)
    return orders[0] if orders else None


def buyer_order(conversation: Conversation, order_id: int | None) -> Order | None:
    """One of the buyer's own orders by id (a tapped button carries it); None for anyone else's."""
    if order_id is None:
        return None
    return (
        Order.objects.filter(
            store_id=conversation.store_id, customer__phone=conversation.address, pk=order_id
        )
        .select_related("customer")
        .first()
    )


def current_shipment(order: Order) -> Shipment | None:
    """The order's latest forward shipment."""
    return Shipment.objects.filter(order=order, direction=Direction.FORWARD).order_by("-id").first()


def progress(order: Order, shipment: Shipment | None) -> str:
    """One word for where the order is: a shipment status, or the order's own when there is no parcel yet."""
    if order.status == OrderStatus.CANCELLED:
        return "cancelled"
    if shipment is not None:
        return str(shipment.status)
    return "pending" if order.status == OrderStatus.PENDING else str(order.status)


def can_cancel(order: Order, shipment: Shipment | None) -> bool:
    return order.status == OrderStatus.PENDING and (shipment is None or shipment.status not in LEFT_WAREHOUSE)


def can_reschedule(order: Order, shipment: Shipment | None) -> bool:
    if order.status in SETTLED_ORDERS:
        return False
    return shipment is None or shipment.status not in SETTLED_SHIPMENTS


def number_of(order: Order, language: str) -> str:
    return ltr(order.number or order.external_id, language)


def describe(order: Order, shipment: Shipment | None, language: str) -> str:
    return status_words(progress(order, shipment), language)


def locale_for(conversation: Conversation, language: str) -> str:
    return buyer_locale(language, country_of_phone(conversation.address))


def day_label(day: date, locale: str) -> str:
    """ "Tuesday 12 May" in the buyer's language, short enough for a WhatsApp button (20 characters)."""
    label = str(format_date(day, "EEEE d MMM", locale=locale))
    return label if len(label) <= 20 else str(format_date(day, "EEE d MMM", locale=locale))[:20]


def long_date(day: date, locale: str) -> str:
    return str(format_date(day, "EEEE d MMMM", locale=locale))


def total_of(order: Order, locale: str) -> str:
    return str(format_money(order.total, order.currency, locale))


def working_days(after: date, count: int, country: str) -> list[date]:
    """The next `count` days after `after` on which couriers deliver in `country`."""
    weekend = WEEKEND.get(country.upper(), DEFAULT_WEEKEND)
    found: list[date] = []
    day = after
    while len(found) < count:
        day += timedelta(days=1)
        if day.weekday() not in weekend:
            found.append(day)
    return found


def delivery_country(conversation: Conversation, order: Order) -> str:
    return order.ship_country or country_of_phone(conversation.address) or conversation.store.country
