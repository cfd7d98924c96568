"""Address verification: the buyer confirms the address on file, types a corrected one, or shares a pin.

A corrected address becomes the order's shipping address (a new address row of the buyer, the old one kept);
a pin is stored on the order's address as its coordinates. Either way the timeline says what the buyer sent,
marked for staff to pass on to the shop or carrier (the console inbox lists it).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.db import transaction

from wasl.core.text import db_text
from wasl.messaging import flows
from wasl.messaging.bot_replies import Turn
from wasl.messaging.models import Message
from wasl.messaging.services import Draft
from wasl.orders.models import Address, Order
from wasl.orders.services import address_resolve
from wasl.orders.types import AddressData
from wasl.risk.decisions import timeline_note
from wasl.risk.flows.common import ask, buyer_verification, say, values_for
from wasl.risk.flows.messages import Prompt, Reach
from wasl.risk.flows.texts import YES_WORDS, button
from wasl.risk.policy import fold
from wasl.risk.policy_models import OrderVerification, VerificationState
from wasl.risk.verification import verification_resolve

HEAD = "addr"
AWAITS = "risk_address"


def prompt(verification: OrderVerification, reach: Reach, *, reminder: int = 0) -> Prompt:
    key = "address_reminder" if reminder else "address_prompt"
    return Prompt(
        key=key,
        values=values_for(reach.order, reach.conversation, reach.language),
        params=("customer_name", "order_number", "address") if not reminder else ("order_number", "address"),
        awaits=AWAITS,
        buttons=(
            (flows.button_id(HEAD, verification.pk, "ok"), button("address_ok", reach.language)),
            (flows.button_id(HEAD, verification.pk, "edit"), button("address_edit", reach.language)),
        ),
    )


def ask_for_address(turn: Turn, verification: OrderVerification) -> None:
    """Ask for the new address: typed, or a pin (WhatsApp's location request)."""
    order = verification.order
    body = say("address_ask", turn.language, values_for(order, turn.conversation, turn.language))
    kind = "location_request" if turn.conversation.channel == "whatsapp" else "text"
    extra = {"awaits": AWAITS, "verification_id": verification.pk, "order_id": order.pk}
    ask(turn, Draft(kind=kind, body=body, language=turn.language, extra=extra), order, "address")


def on_tap(turn: Turn, verification_id: int, value: str) -> None:
    verification = buyer_verification(turn.conversation, verification_id, "address_verification")
    if verification is None:
        turn.menu()
        return
    order = verification.order
    values = values_for(order, turn.conversation, turn.language)
    if value == "edit":
        ask_for_address(turn, verification)
        return
    verification_resolve(
        verification=verification,
        state=VerificationState.CONFIRMED,
        by=f"buyer ({turn.conversation.channel})",
        answer={"address": values["address"]},
        at=turn.inbound.received_at,
    )
    turn.text(
        say("address_confirmed", turn.language, values), tag="risk_address_confirmed", order_id=order.pk
    )


def on_reply(turn: Turn, asked: Message) -> bool:
    """A text or a pin after we asked for (or showed) the address; False lets the bot answer instead."""
    raw_id = asked.extra.get("verification_id") if isinstance(asked.extra, dict) else None
    if not isinstance(raw_id, int):
        return False
    verification = (
        OrderVerification.objects.filter(pk=raw_id, store_id=turn.conversation.store_id).only("kind").first()
    )
    if verification is None:
        return False
    found = buyer_verification(turn.conversation, raw_id, verification.kind)
    inbound = turn.inbound
    if found is None or not (inbound.kind == "location" or inbound.kind == "text"):
        return False
    text = inbound.text.strip()
    if inbound.kind == "text":
        if found.kind == "address_verification" and fold(text).strip(".!") in YES_WORDS:
            on_tap(turn, found.pk, "ok")
            return True
        if len(text) < 4:
            return False
    answer = address_correct(order=found.order, turn=turn)
    verification_resolve(
        verification=found,
        state=VerificationState.CORRECTED,
        by=f"buyer ({turn.conversation.channel})",
        answer=answer,
        at=inbound.received_at,
    )
    values = values_for(found.order, turn.conversation, turn.language)
    turn.text(say("address_updated", turn.language, values), tag="risk_address_done", order_id=found.order_id)
    return True


@transaction.atomic
def address_correct(*, order: Order, turn: Turn) -> dict[str, Any]:
    """Put what the buyer sent on the order (see the module's docstring); returns what was recorded."""
    inbound = turn.inbound
    current = order.shipping_address
    answer: dict[str, Any] = {}
    if inbound.latitude is not None and inbound.longitude is not None:
        latitude, longitude = _coordinate(inbound.latitude), _coordinate(inbound.longitude)
        answer = {"latitude": str(latitude), "longitude": str(longitude)}
        for key in ("location_name", "location_address"):
            if inbound.extra.get(key):
                answer[key] = db_text(inbound.extra[key], 300)
        if current is not None:
            Address.objects.filter(pk=current.pk).update(latitude=latitude, longitude=longitude)
        said = f"{latitude},{longitude}"
    else:
        answer = {"text": db_text(inbound.text, 1000).strip()}
        said = answer["text"]
        if order.customer is not None:
            base = _address_data(current) if current is not None else AddressData(country=order.ship_country)
            line = db_text(inbound.text.strip(), 300)
            new = address_resolve(customer=order.customer, address=replace(base, line1=line, line2=""))
            Order.objects.filter(pk=order.pk).update(shipping_address=new)
            order.shipping_address = new
            answer["address_id"] = new.pk
    timeline_note(
        order,
        db_text(f"New address from the buyer: {said}", 500),
        {
            # The shape the console inbox lists as a request to pass on.
            "type": "address_change_requested",
            "conversation_id": turn.conversation.pk,
            "needs_staff": True,
            **{k: v for k, v in answer.items() if k != "address_id"},
        },
        at=inbound.received_at,
    )
    return answer


def _address_data(address: Address) -> AddressData:
    return AddressData(
        name=address.name,
        line1=address.line1,
        line2=address.line2,
        city=address.city,
        region=address.region,
        postal_code=address.postal_code,
        country=address.country,
        phone=address.phone,
    )


def _coordinate(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.000001"))
