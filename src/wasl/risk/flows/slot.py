"""Delivery day and time slot: a list of the next working days, then the policy's time slots as buttons.

Outside WhatsApp's 24-hour window a template cannot list days that change every day, so the template has one
quick reply ("Choose a day"); the tap opens the window and the days follow as a list.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from wasl.messaging import bot_orders as bo
from wasl.messaging import flows
from wasl.messaging.bot_replies import Turn, list_draft
from wasl.messaging.quiet_hours import buyer_zone
from wasl.messaging.services import Draft
from wasl.risk.decisions import timeline_note
from wasl.risk.flows.common import ask, buyer_verification, say, values_for
from wasl.risk.flows.messages import Prompt, Reach
from wasl.risk.flows.texts import button
from wasl.risk.policy import DEFAULT_SLOTS
from wasl.risk.policy_models import OrderVerification, VerificationState
from wasl.risk.verification import verification_resolve

HEAD = "slot"
AWAITS = "risk_slot"
HORIZON_DAYS = 10  # a day tapped from an older list is still taken while it is this close


def _days(verification: OrderVerification, today: date, country: str) -> list[date]:
    return bo.working_days(today, int(verification.params.get("days", 3)), country)


def _slots(verification: OrderVerification) -> list[dict[str, str]]:
    return list(verification.params.get("slots") or DEFAULT_SLOTS)


def _slot_title(slot: dict[str, str]) -> str:
    return f"{slot['from']}–{slot['to']}"


def prompt(verification: OrderVerification, reach: Reach, *, reminder: int = 0) -> Prompt:
    language = reach.language
    values = values_for(reach.order, reach.conversation, language)
    if reach.channel == "whatsapp" and not reach.window_open:
        return Prompt(
            key="slot_start",
            values=values,
            params=("customer_name", "order_number"),
            awaits=AWAITS,
            buttons=((flows.button_id(HEAD, verification.pk, "start"), button("choose_day", language)),),
        )
    zone = buyer_zone(reach.conversation.address, reach.order.store.timezone)
    from django.utils import timezone

    today = timezone.now().astimezone(zone).date()
    country = bo.delivery_country(reach.conversation, reach.order)
    rows = tuple(
        (flows.button_id(HEAD, verification.pk, f"d{day.isoformat()}"), bo.day_label(day, reach.locale))
        for day in _days(verification, today, country)
    )
    return Prompt(
        key="slot_days",
        values=values,
        params=("order_number",),
        awaits=AWAITS,
        rows=rows,
        list_button=button("days_list", language),
    )


def _today(turn: Turn) -> date:
    zone = buyer_zone(turn.conversation.address, turn.conversation.store.timezone)
    return turn.inbound.received_at.astimezone(zone).date()


def _offer_days(turn: Turn, verification: OrderVerification, lead: str = "") -> None:
    order = verification.order
    locale = bo.locale_for(turn.conversation, turn.language)
    days = _days(verification, _today(turn), bo.delivery_country(turn.conversation, order))
    rows = [
        (flows.button_id(HEAD, verification.pk, f"d{d.isoformat()}"), bo.day_label(d, locale)) for d in days
    ]
    body = say("slot_days", turn.language, values_for(order, turn.conversation, turn.language))
    extra: dict[str, Any] = {"awaits": AWAITS, "verification_id": verification.pk, "order_id": order.pk}
    turn.send(
        list_draft(
            f"{lead}\n{body}" if lead else body,
            button("days_list", turn.language),
            rows,
            turn.language,
            **extra,
        )
    )


def _allowed(turn: Turn, verification: OrderVerification, raw: str) -> date | None:
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return None
    today = _today(turn)
    country = bo.delivery_country(turn.conversation, verification.order)
    allowed = set(bo.working_days(today, HORIZON_DAYS, country))
    return day if day in allowed and day <= today + timedelta(days=HORIZON_DAYS) else None


def on_tap(turn: Turn, verification_id: int, value: str) -> None:
    verification = buyer_verification(turn.conversation, verification_id, "delivery_slot")
    if verification is None or not bo.can_reschedule(
        verification.order, bo.current_shipment(verification.order)
    ):
        turn.menu()
        return
    if value == "start" or not value:
        _offer_days(turn, verification)
        return
    if value.startswith("d"):
        day = _allowed(turn, verification, value[1:])
        if day is None:
            _offer_days(turn, verification, lead=say("slot_gone", turn.language, {}))
            return
        locale = bo.locale_for(turn.conversation, turn.language)
        buttons = [
            (flows.button_id(HEAD, verification.pk, f"t{day.isoformat()}_{slot['id']}"), _slot_title(slot))
            for slot in _slots(verification)
        ]
        body = say("slot_times", turn.language, {"date": bo.long_date(day, locale)})
        draft = Draft(
            kind="buttons",
            body=body,
            language=turn.language,
            buttons=tuple({"id": i, "title": t} for i, t in buttons),
            extra={"awaits": AWAITS, "verification_id": verification.pk, "order_id": verification.order_id},
        )
        ask(turn, draft, verification.order, "times")
        return
    raw_day, _, slot_id = value[1:].partition("_")
    day = _allowed(turn, verification, raw_day)
    slot = next((s for s in _slots(verification) if s["id"] == slot_id), None)
    if day is None or slot is None:
        _offer_days(turn, verification, lead=say("slot_gone", turn.language, {}))
        return
    _record(turn, verification, day, slot)


def _record(turn: Turn, verification: OrderVerification, day: date, slot: dict[str, str]) -> None:
    order = verification.order
    answer = {"day": day.isoformat(), "slot": slot["id"], "from": slot["from"], "to": slot["to"]}
    if verification_resolve(
        verification=verification,
        state=VerificationState.CONFIRMED,
        by=f"buyer ({turn.conversation.channel})",
        answer=answer,
        at=turn.inbound.received_at,
    ):
        timeline_note(
            order,
            f"The buyer asked for delivery on {day.isoformat()}, {_slot_title(slot)}",
            # The shape the console inbox lists as a request to pass on to the carrier.
            {
                "type": "delivery_day_requested",
                "needs_staff": True,
                "conversation_id": turn.conversation.pk,
                **answer,
            },
            at=turn.inbound.received_at,
        )
    locale = bo.locale_for(turn.conversation, turn.language)
    values = values_for(
        order, turn.conversation, turn.language, date=bo.long_date(day, locale), slot=_slot_title(slot)
    )
    turn.text(say("slot_done", turn.language, values), tag="risk_slot_done", order_id=order.pk)


def on_reply(turn: Turn, asked: object) -> bool:
    """Typed text is not a slot; the bot answers it. (Registered so that SMS numbers reach the buttons.)"""
    return False
