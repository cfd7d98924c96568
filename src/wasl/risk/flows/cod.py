"""COD confirmation: confirm, cancel or change the address, by button (or its number on SMS, or a "yes")."""

from __future__ import annotations

from wasl.messaging import bot_orders as bo
from wasl.messaging import flows
from wasl.messaging.bot_replies import Turn
from wasl.messaging.models import Message
from wasl.risk.flows import address
from wasl.risk.flows.common import buyer_verification, say, values_for
from wasl.risk.flows.messages import Prompt, Reach
from wasl.risk.flows.texts import YES_WORDS, button
from wasl.risk.policy import fold
from wasl.risk.policy_models import OrderVerification, VerificationState
from wasl.risk.verification import order_cancel, verification_resolve

HEAD = "cod"
AWAITS = "risk_cod"


def prompt(verification: OrderVerification, reach: Reach, *, reminder: int = 0) -> Prompt:
    language = reach.language
    return Prompt(
        key="cod_reminder" if reminder else "cod_prompt",
        values=values_for(reach.order, reach.conversation, language),
        params=("order_number",) if reminder else ("customer_name", "order_number", "total"),
        awaits=AWAITS,
        buttons=(
            (flows.button_id(HEAD, verification.pk, "confirm"), button("confirm", language)),
            (flows.button_id(HEAD, verification.pk, "cancel"), button("cancel", language)),
            (flows.button_id(HEAD, verification.pk, "address"), button("address", language)),
        ),
    )


def on_tap(turn: Turn, verification_id: int, value: str) -> None:
    verification = buyer_verification(turn.conversation, verification_id, "cod_confirmation")
    if verification is None:
        turn.menu()
        return
    order = verification.order
    values = values_for(order, turn.conversation, turn.language)
    by = f"buyer ({turn.conversation.channel})"
    at = turn.inbound.received_at
    if value == "address":
        address.ask_for_address(turn, verification)
        return
    if value == "cancel":
        if not bo.can_cancel(order, bo.current_shipment(order)):
            order_cancel(
                order_id=order.pk, reason=f"cancelled by the buyer ({turn.conversation.channel})", by=by
            )
            turn.text(say("too_late", turn.language, values), tag="risk_too_late", order_id=order.pk)
            return
        verification_resolve(
            verification=verification,
            state=VerificationState.CANCELLED,
            by=by,
            answer={"button": "cancel"},
            at=at,
            refresh=False,
        )
        order_cancel(
            order_id=order.pk, reason=f"cancelled by the buyer ({turn.conversation.channel})", by=by, at=at
        )
        turn.text(say("cod_cancelled", turn.language, values), tag="risk_cod_cancelled", order_id=order.pk)
        return
    if verification.state not in (VerificationState.PENDING, VerificationState.CONFIRMED):
        turn.text(say("too_late", turn.language, values), tag="risk_too_late", order_id=order.pk)
        return
    verification_resolve(
        verification=verification,
        state=VerificationState.CONFIRMED,
        by=by,
        answer={"button": "confirm"},
        at=at,
    )
    turn.text(say("cod_confirmed", turn.language, values), tag="risk_cod_confirmed", order_id=order.pk)


def on_reply(turn: Turn, asked: Message) -> bool:
    """A typed "yes" (نعم, oui, ...) confirms; anything else is the bot's to answer."""
    raw_id = asked.extra.get("verification_id") if isinstance(asked.extra, dict) else None
    if not isinstance(raw_id, int) or turn.inbound.kind != "text":
        return False
    if fold(turn.inbound.text).strip(" .!") not in YES_WORDS:
        return False
    on_tap(turn, raw_id, "confirm")
    return True
