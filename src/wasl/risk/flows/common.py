"""What every verification flow shares: finding the verification a tap or reply is about, the variables of
its texts, and the order's address in a line."""

from __future__ import annotations

from typing import Any

from wasl.messaging import bot_orders as bo
from wasl.messaging.bot_replies import Turn
from wasl.messaging.inbound import inbound_key
from wasl.messaging.models import Conversation, Message
from wasl.messaging.services import Draft, message_queue
from wasl.messaging.template_texts import FILLERS
from wasl.orders.models import Order
from wasl.risk.flows.texts import text
from wasl.risk.policy_models import OrderVerification


def buyer_verification(
    conversation: Conversation, verification_id: int, kind: str
) -> OrderVerification | None:
    """The verification, if it is of this kind and about an order of this buyer in this store."""
    verification = (
        OrderVerification.objects.select_related("order__store", "order__customer", "order__shipping_address")
        .filter(pk=verification_id, store_id=conversation.store_id, kind=kind)
        .first()
    )
    if verification is None:
        return None
    customer = verification.order.customer
    if customer is None or customer.phone != conversation.address:
        return None
    return verification


def address_line(order: Order) -> str:
    address = order.shipping_address
    if address is None:
        return ", ".join(p for p in (order.ship_city, order.ship_country) if p) or "-"
    parts = (address.line1, address.line2, address.city, address.region, address.postal_code)
    return ", ".join(p.strip() for p in parts if p and p.strip()) or "-"


def values_for(order: Order, conversation: Conversation, language: str, **more: str) -> dict[str, str]:
    customer = order.customer
    first = customer.name.split()[0] if customer is not None and customer.name.strip() else ""
    locale = bo.locale_for(conversation, language)
    return {
        "customer_name": first or FILLERS["customer"].get(language, FILLERS["customer"]["en"]),
        "order_number": bo.number_of(order, language),
        "total": bo.total_of(order, locale),
        "address": address_line(order),
        **more,
    }


def say(key: str, language: str, values: dict[str, Any]) -> str:
    from wasl.messaging.rendering import render

    return render(text(key, language), {k: str(v) for k, v in values.items()})


def ask(turn: Turn, draft: Draft, order: Order, suffix: str) -> Message:
    """A follow-up question that waits for an answer (`awaits` in its extra).

    Not a bot reply (those keys start "reply:"): messaging.flows only hands the next answer to a flow when its
    prompt is newer than the bot's last reply. Keyed by the buyer's message, so it is asked once.
    """
    key = f"risk:ask:{inbound_key(turn.inbound)}:{suffix}"
    message, _created = message_queue(
        conversation=turn.conversation, draft=draft, idempotency_key=key, order=order
    )
    return message
