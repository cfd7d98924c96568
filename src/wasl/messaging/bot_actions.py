"""What the bot does for each request about an order: answer where it is, move its delivery day, take a new
address, cancel it, start a return. Each writes through the orders services and answers the buyer."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from wasl.core.text import db_text
from wasl.messaging import bot_orders as bo
from wasl.messaging.bot_replies import Turn
from wasl.messaging.bot_texts import ltr
from wasl.messaging.handover import hand_over
from wasl.messaging.intents import cancel_button_id, day_button_id
from wasl.messaging.quiet_hours import buyer_zone
from wasl.messaging.rendering import tracking_link
from wasl.messaging.services import Draft
from wasl.orders.models import Order, OrderEventKind, OrderStatus
from wasl.orders.services import order_event_add, order_status_set
from wasl.shipping.models import Shipment

DAYS_OFFERED = 3
# A tapped day stays valid while it is within this many days: buttons from yesterday may still be tapped.
DAY_HORIZON = 10


def _order_or_say_none(turn: Turn) -> Order | None:
    order = bo.latest_order(turn.conversation)
    if order is None:
        turn.text(turn.say("no_order"), tag="no_order")
    return order


def where_is_my_order(turn: Turn) -> None:
    order = _order_or_say_none(turn)
    if order is None:
        return
    shipment = bo.current_shipment(order)
    language = turn.language
    lines = [
        turn.say("where", number=bo.number_of(order, language), status=bo.describe(order, shipment, language))
    ]
    if shipment is not None:
        locale = bo.locale_for(turn.conversation, language)
        # Out for delivery already says "today"; a date beside it could only contradict it.
        arriving_today = shipment.status == bo.S.OUT_FOR_DELIVERY
        if shipment.promised_date and shipment.status not in bo.SETTLED_SHIPMENTS and not arriving_today:
            lines.append(turn.say("promised", date=bo.long_date(shipment.promised_date, locale)))
        link = tracking_link(turn.conversation.store, shipment)
        lines.append(turn.say("track", link=ltr(link, language)))
    turn.text("\n".join(lines), tag="where", order_id=order.pk)


# --- delivery day ---


def _today(turn: Turn) -> date:
    zone = buyer_zone(turn.conversation.address, turn.conversation.store.timezone)
    return turn.inbound.received_at.astimezone(zone).date()


def _too_late(turn: Turn, order: Order, shipment: Shipment | None) -> None:
    status = bo.describe(order, shipment, turn.language)
    turn.text(turn.say("too_late", number=bo.number_of(order, turn.language), status=status), tag="too_late")


def offer_days(turn: Turn, *, lead: str = "") -> None:
    order = _order_or_say_none(turn)
    if order is None:
        return
    shipment = bo.current_shipment(order)
    if not bo.can_reschedule(order, shipment):
        _too_late(turn, order, shipment)
        return
    locale = bo.locale_for(turn.conversation, turn.language)
    days = bo.working_days(_today(turn), DAYS_OFFERED, bo.delivery_country(turn.conversation, order))
    buttons = [(day_button_id(order.pk, d.isoformat()), bo.day_label(d, locale)) for d in days]
    body = turn.say("day_offer", number=bo.number_of(order, turn.language))
    turn.buttons(f"{lead}\n{body}" if lead else body, buttons, tag="day_offer", order_id=order.pk)


def choose_day(turn: Turn, order_id: int | None, raw_day: str) -> None:
    order = bo.buyer_order(turn.conversation, order_id)
    if order is None:
        turn.menu()
        return
    shipment = bo.current_shipment(order)
    if not bo.can_reschedule(order, shipment):
        _too_late(turn, order, shipment)
        return
    today = _today(turn)
    country = bo.delivery_country(turn.conversation, order)
    try:
        day = date.fromisoformat(raw_day)
    except ValueError:
        day = today
    allowed = set(bo.working_days(today, DAY_HORIZON, country))
    if day not in allowed or day > today + timedelta(days=DAY_HORIZON):
        offer_days(turn, lead=turn.say("day_gone"))
        return
    order_event_add(
        order=order,
        kind=OrderEventKind.NOTE,
        message=f"The buyer asked for delivery on {day.isoformat()} ({turn.conversation.channel})",
        data={
            "type": "delivery_day_requested",
            "day": day.isoformat(),
            "source": "bot",
            "conversation_id": turn.conversation.pk,
            "needs_staff": True,
        },
        at=turn.inbound.received_at,
    )
    locale = bo.locale_for(turn.conversation, turn.language)
    turn.text(
        turn.say("day_done", number=bo.number_of(order, turn.language), date=bo.long_date(day, locale)),
        tag="day_done",
        order_id=order.pk,
    )


# --- address ---


def ask_address(turn: Turn) -> None:
    order = _order_or_say_none(turn)
    if order is None:
        return
    shipment = bo.current_shipment(order)
    if not bo.can_reschedule(order, shipment):
        _too_late(turn, order, shipment)
        return
    body = turn.say("address_ask", number=bo.number_of(order, turn.language))
    kind = "location_request" if turn.conversation.channel == "whatsapp" else "text"
    draft = Draft(
        kind=kind, body=body, language=turn.language, extra={"bot": "address", "order_id": order.pk}
    )
    turn.send(draft)


def record_address(turn: Turn, order_id: int | None) -> None:
    """The buyer's corrected address (text or a pin) goes on the order's timeline for staff to act on."""
    order = bo.buyer_order(turn.conversation, order_id) or bo.latest_order(turn.conversation)
    if order is None:
        turn.text(turn.say("no_order"), tag="no_order")
        return
    inbound = turn.inbound
    data: dict[str, object] = {
        "type": "address_change_requested",
        "source": "bot",
        "conversation_id": turn.conversation.pk,
        "needs_staff": True,
    }
    if inbound.latitude is not None and inbound.longitude is not None:
        data["latitude"], data["longitude"] = _coordinate(inbound.latitude), _coordinate(inbound.longitude)
        for key in ("location_name", "location_address"):
            if inbound.extra.get(key):
                data[key] = db_text(inbound.extra[key], 300)
        said = f"{data['latitude']},{data['longitude']}"
    else:
        data["text"] = db_text(inbound.text, 1000).strip()
        said = str(data["text"])
    order_event_add(
        order=order,
        kind=OrderEventKind.NOTE,
        message=db_text(f"New address from the buyer: {said}", 500),
        data=data,
        at=inbound.received_at,
    )
    turn.text(turn.say("address_done", number=bo.number_of(order, turn.language)), tag="address_done")


def _coordinate(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.000001")))


# --- cancel ---


def ask_cancel(turn: Turn) -> None:
    order = _order_or_say_none(turn)
    if order is None:
        return
    _cancel_or_explain(turn, order, confirmed=False)


def _cancel_or_explain(turn: Turn, order: Order, *, confirmed: bool) -> None:
    language = turn.language
    number = bo.number_of(order, language)
    shipment = bo.current_shipment(order)
    if order.status == OrderStatus.CANCELLED:
        turn.text(turn.say("cancel_already", number=number), tag="cancel_already")
        return
    if not bo.can_cancel(order, shipment):
        status = bo.describe(order, shipment, language)
        hand_over(
            turn, reason="cancel_after_shipping", text_key="cancel_too_late", number=number, status=status
        )
        return
    if not confirmed:
        total = bo.total_of(order, bo.locale_for(turn.conversation, language))
        buttons = [
            (cancel_button_id(order.pk, "yes"), turn.say("cancel_yes")),
            (cancel_button_id(order.pk, "no"), turn.say("cancel_no")),
        ]
        turn.buttons(turn.say("cancel_ask", number=number, total=total), buttons, tag="cancel_ask")
        return
    order_status_set(
        order=order,
        status=OrderStatus.CANCELLED,
        reason=f"cancelled by the buyer ({turn.conversation.channel})",
        at=turn.inbound.received_at,
    )
    turn.text(turn.say("cancel_done", number=number), tag="cancel_done", order_id=order.pk)


@transaction.atomic
def answer_cancel(turn: Turn, order_id: int | None, *, yes: bool) -> None:
    order = bo.buyer_order(turn.conversation, order_id)
    if order is None:
        turn.menu()
        return
    if not yes:
        turn.text(turn.say("cancel_kept", number=bo.number_of(order, turn.language)), tag="cancel_kept")
        return
    # Locked, so a shipment scanned at this very moment and the buyer's "yes" cannot both win.
    locked = Order.objects.select_for_update(of=("self",)).select_related("store").get(pk=order.pk)
    _cancel_or_explain(turn, locked, confirmed=True)


# --- return, a person ---


def start_return(turn: Turn) -> None:
    link = f"{settings.WASL_PUBLIC_URL}/r/{turn.conversation.store.slug}/"
    hand_over(turn, reason="return", text_key="return", link=ltr(link, turn.language))


def talk_to_person(turn: Turn) -> None:
    hand_over(turn, reason="asked")
