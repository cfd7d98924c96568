"""The buyer's side of a case, on WhatsApp or SMS: registered with `messaging.flows` at start-up.

Buttons `ndr:<case id>:<value>`: `day` (offer the next working days), `address` (ask for the address as text
or a location pin), `cancel` (ask to confirm), `cancel_yes` / `cancel_no`, `on:<YYYY-MM-DD>` (a day).
Awaited answers: after the question (`ndr_answer`) a quick reply of the template (its text), a location
pin, or a typed request; a text that asks for nothing else is taken as the corrected address or landmark.
After the day offer (`ndr_day`) a typed weekday; after the address request (`ndr_address`) the address.
Whatever the buyer chooses goes through `answers.answer_record`; anything else goes back to the bot.
"""

from __future__ import annotations

from datetime import date, timedelta

from wasl.core.errors import Conflict
from wasl.messaging import bot_orders as bo
from wasl.messaging import flows
from wasl.messaging import intent_words as words
from wasl.messaging.bot_actions import DAY_HORIZON, DAYS_OFFERED
from wasl.messaging.bot_replies import Turn
from wasl.messaging.bot_texts import status_words
from wasl.messaging.inbound import inbound_key
from wasl.messaging.intents import intent_of, normalise
from wasl.messaging.models import Message
from wasl.messaging.quiet_hours import buyer_zone
from wasl.messaging.services import Draft, message_queue
from wasl.shipping.ndr import texts
from wasl.shipping.ndr.answers import Answer, answer_record
from wasl.shipping.ndr.models import NdrAnswer, NdrCase
from wasl.shipping.ndr.prompts import AWAITS_ADDRESS, AWAITS_ANSWER, AWAITS_DAY, FLOW, case_tag, number_of

AWAITS_MORE = "ndr_more"  # after an answer: the buyer may still change their mind
DAY_PREFIX = "on:"
MIN_ADDRESS = 4  # shorter than this is not an address ("ok", "?")


def register() -> None:
    flows.register_tap(FLOW, on_tap)
    flows.register_reply(AWAITS_ANSWER, on_answer)
    flows.register_reply(AWAITS_DAY, on_day_text)
    flows.register_reply(AWAITS_ADDRESS, on_address)
    flows.register_reply(AWAITS_MORE, on_more)


# --- finding the case ---


def _buyers_case(turn: Turn, case_id: object) -> NdrCase | None:
    """The case, if it is about one of this buyer's parcels in this store."""
    if not isinstance(case_id, int):
        return None
    case = (
        NdrCase.objects.filter(pk=case_id, store_id=turn.conversation.store_id)
        .select_related("store", "shipment", "order__customer")
        .first()
    )
    if case is None:
        return None
    address = turn.conversation.address
    customer = case.order.customer if case.order is not None else None
    return case if address in (case.phone, customer.phone if customer else None) else None


def _number(turn: Turn, case: NdrCase) -> str:
    return number_of(case.order, case.shipment, turn.language)


def _settled(turn: Turn, case: NdrCase) -> None:
    case.shipment.refresh_from_db(fields=["status"])
    status = status_words(str(case.shipment.status), turn.language)
    turn.text(
        texts.say("settled", turn.language, number=_number(turn, case), status=status), tag="ndr_settled"
    )


# --- what each choice does ---


def _ask(turn: Turn, case: NdrCase, draft: Draft, name: str) -> Message:
    """A question of the flow's, answering the buyer's message once (its key comes from that message).

    Not one of the bot's own replies: the bot hands the buyer's next message to the flow only for a
    question newer than its own last reply.
    """
    message, _created = message_queue(
        conversation=turn.conversation,
        draft=draft,
        idempotency_key=f"ndr:{case.pk}:{name}:{inbound_key(turn.inbound)}",
        order=case.order,
        shipment=case.shipment,
    )
    return message


def _buttons(
    turn: Turn,
    case: NdrCase,
    body: str,
    buttons: list[tuple[str, str]],
    awaits: str,
    tag: str,
    **extra: object,
) -> Draft:
    return Draft(
        kind="buttons",
        body=body,
        language=turn.language,
        buttons=tuple({"id": button, "title": title} for button, title in buttons),
        extra={**case_tag(case, case.order, awaits, tag), **extra},
    )


def _options(turn: Turn, case: NdrCase) -> None:
    body = texts.say("options", turn.language, number=_number(turn, case))
    buttons = [
        (flows.button_id(FLOW, case.pk, c), texts.choice_label(c, turn.language)) for c in texts.CHOICES
    ]
    _ask(turn, case, _buttons(turn, case, body, buttons, AWAITS_ANSWER, "ndr_options"), "options")


def _today(turn: Turn) -> date:
    zone = buyer_zone(turn.conversation.address, turn.conversation.store.timezone)
    return turn.inbound.received_at.astimezone(zone).date()


def _country(turn: Turn, case: NdrCase) -> str:
    if case.order is not None:
        return bo.delivery_country(turn.conversation, case.order)
    return turn.conversation.store.country


def _offer_days(turn: Turn, case: NdrCase, *, lead: str = "") -> None:
    locale = bo.locale_for(turn.conversation, turn.language)
    days = bo.working_days(_today(turn), DAYS_OFFERED, _country(turn, case))
    buttons = [
        (flows.button_id(FLOW, case.pk, DAY_PREFIX + d.isoformat()), bo.day_label(d, locale)) for d in days
    ]
    body = texts.say("day_offer", turn.language, number=_number(turn, case))
    body = f"{lead}\n{body}" if lead else body
    days_offered = [d.isoformat() for d in days]
    draft = _buttons(turn, case, body, buttons, AWAITS_DAY, "ndr_day_offer", days=days_offered)
    _ask(turn, case, draft, "day_offer")


def _choose_day(turn: Turn, case: NdrCase, raw_day: str) -> None:
    today = _today(turn)
    try:
        day = date.fromisoformat(raw_day)
    except ValueError:
        day = today
    allowed = set(bo.working_days(today, DAY_HORIZON, _country(turn, case)))
    if day not in allowed or day > today + timedelta(days=DAY_HORIZON):
        _offer_days(turn, case, lead=texts.say("day_gone", turn.language))
        return
    if not _record(turn, case, Answer(NdrAnswer.NEW_DAY, day=day)):
        return
    locale = bo.locale_for(turn.conversation, turn.language)
    done = texts.say("day_done", turn.language, number=_number(turn, case), date=bo.long_date(day, locale))
    _done(turn, case, done)


def _ask_address(turn: Turn, case: NdrCase) -> None:
    kind = "location_request" if turn.conversation.channel == "whatsapp" else "text"
    body = texts.say("address_ask", turn.language, number=_number(turn, case))
    extra = case_tag(case, case.order, AWAITS_ADDRESS, "ndr_address")
    _ask(turn, case, Draft(kind=kind, body=body, language=turn.language, extra=extra), "address_ask")


def _take_address(turn: Turn, case: NdrCase) -> None:
    inbound = turn.inbound
    if inbound.latitude is not None and inbound.longitude is not None:
        named = " ".join(str(inbound.extra.get(k, "")) for k in ("location_name", "location_address")).strip()
        answer = Answer(
            NdrAnswer.NEW_ADDRESS, address=named, latitude=inbound.latitude, longitude=inbound.longitude
        )
    else:
        answer = Answer(NdrAnswer.NEW_ADDRESS, address=inbound.text.strip())
    if _record(turn, case, answer):
        _done(turn, case, texts.say("address_done", turn.language, number=_number(turn, case)))


def _ask_cancel(turn: Turn, case: NdrCase) -> None:
    buttons = [
        (flows.button_id(FLOW, case.pk, "cancel_yes"), texts.say("cancel_yes", turn.language)),
        (flows.button_id(FLOW, case.pk, "cancel_no"), texts.say("cancel_no", turn.language)),
    ]
    body = texts.say("cancel_ask", turn.language, number=_number(turn, case))
    _ask(turn, case, _buttons(turn, case, body, buttons, AWAITS_ANSWER, "ndr_cancel_ask"), "cancel_ask")


def _cancel(turn: Turn, case: NdrCase) -> None:
    if _record(turn, case, Answer(NdrAnswer.CANCEL)):
        _done(turn, case, texts.say("cancel_done", turn.language, number=_number(turn, case)))


def _done(turn: Turn, case: NdrCase, body: str) -> None:
    """The answer is taken; another choice (a quick reply tapped later) may still replace it."""
    extra = case_tag(case, case.order, AWAITS_MORE, "ndr_done")
    _ask(turn, case, Draft(kind="text", body=body, language=turn.language, extra=extra), "done")


def _record(turn: Turn, case: NdrCase, answer: Answer) -> bool:
    try:
        answer_record(case_id=case.pk, answer=answer, source="buyer", at=turn.inbound.received_at)
    except Conflict:  # closed a moment ago
        _settled(turn, case)
        return False
    return True


CHOICE_ACTIONS = {texts.DAY: _offer_days, texts.ADDRESS: _ask_address, texts.CANCEL: _ask_cancel}


# --- handlers ---


def on_tap(turn: Turn, case_id: int, value: str) -> None:
    case = _buyers_case(turn, case_id)
    if case is None:
        turn.menu()
        return
    if not case.is_open:
        _settled(turn, case)
        return
    if value in CHOICE_ACTIONS:
        CHOICE_ACTIONS[value](turn, case)
    elif value == "cancel_yes":
        _cancel(turn, case)
    elif value.startswith(DAY_PREFIX):
        _choose_day(turn, case, value[len(DAY_PREFIX) :])
    else:  # cancel_no, or an id we no longer send
        _options(turn, case)


def _prompt_case(turn: Turn, prompt: Message) -> NdrCase | None:
    extra = prompt.extra if isinstance(prompt.extra, dict) else {}
    return _buyers_case(turn, extra.get("ndr_case"))


def _said(turn: Turn) -> str:
    return (turn.inbound.text or turn.inbound.button_title).strip()


def _requested(turn: Turn, case: NdrCase) -> bool:
    """A quick reply, or a typed request to move the day, change the address or cancel."""
    said = _said(turn)
    choice = texts.choice_in(said)
    if choice is None:
        choice = {
            words.CHANGE_DAY: texts.DAY,
            words.CHANGE_ADDRESS: texts.ADDRESS,
            words.CANCEL: texts.CANCEL,
        }.get(intent_of(said) or "")
    if choice is None:
        return False
    CHOICE_ACTIONS[choice](turn, case)
    return True


def _is_pin(turn: Turn) -> bool:
    return turn.inbound.latitude is not None and turn.inbound.longitude is not None


def on_answer(turn: Turn, prompt: Message) -> bool:
    """After the question: a choice, a pin, or an address typed straight away. False: the bot answers."""
    case = _prompt_case(turn, prompt)
    if case is None:
        return False
    if not case.is_open:
        if texts.choice_in(_said(turn)) is None:
            return False
        _settled(turn, case)
        return True
    if _is_pin(turn):
        _take_address(turn, case)
        return True
    if _requested(turn, case):
        return True
    said = _said(turn)
    if turn.inbound.kind == "text" and len(said) >= MIN_ADDRESS and intent_of(said) is None:
        _take_address(turn, case)
        return True
    return False


def on_day_text(turn: Turn, prompt: Message) -> bool:
    """After the day offer: a day typed by its weekday or its date, or another request."""
    case = _prompt_case(turn, prompt)
    if case is None or not case.is_open:
        return False
    offered = prompt.extra.get("days", []) if isinstance(prompt.extra, dict) else []
    day = _day_named(turn, [d for d in offered if isinstance(d, str)])
    if day is not None:
        _choose_day(turn, case, day)
        return True
    if _is_pin(turn):
        _take_address(turn, case)
        return True
    return _requested(turn, case)


def _day_named(turn: Turn, offered: list[str]) -> str | None:
    said = normalise(_said(turn))
    if not said:
        return None
    locale = bo.locale_for(turn.conversation, turn.language)
    for raw in offered:
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            continue
        label = normalise(bo.day_label(day, locale))
        weekday = label.split()[0] if label else ""
        if said in (raw, label) or (weekday and weekday in said.split()):
            return raw
    return None


def on_address(turn: Turn, prompt: Message) -> bool:
    """After "send the address": a pin or a text, unless the text clearly asks for something else."""
    case = _prompt_case(turn, prompt)
    if case is None or not case.is_open:
        return False
    if _is_pin(turn):
        _take_address(turn, case)
        return True
    said = _said(turn)
    intent = intent_of(said)
    if intent == words.CANCEL or intent == words.CHANGE_DAY:
        return _requested(turn, case)
    reads_as_address = intent is None or (intent == words.CHANGE_ADDRESS and any(c.isdigit() for c in said))
    if turn.inbound.kind == "text" and len(said) >= MIN_ADDRESS and reads_as_address:
        _take_address(turn, case)
        return True
    return False


def on_more(turn: Turn, prompt: Message) -> bool:
    """After an answer: only another of the three choices (or a pin) is for the flow; the rest is the bot's."""
    case = _prompt_case(turn, prompt)
    if case is None or not case.is_open:
        return False
    if _is_pin(turn):
        _take_address(turn, case)
        return True
    return _requested(turn, case)
