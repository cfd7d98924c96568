"""The questions a case puts to the buyer: which channel reaches them, in which language, and the message.

Inside WhatsApp's 24-hour window (and always on SMS, where buttons become numbered choices) the question
carries three buttons whose ids belong to the NDR flow (`ndr:<case id>:day|address|cancel`). Outside the
window it is the approved template, whose quick replies come back as their text; the flow reads those
texts too (the prompt waits for an answer: `extra["awaits"]`). A fallback to SMS keeps the buttons and
what the prompt waits for, so an SMS-only buyer answers with a number. Every message goes through the normal
engine (`message_queue`): quiet hours hold it until morning in the buyer's time zone, consent is checked
again when it is sent, and its key makes it once per case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from wasl.messaging.bot_texts import ltr
from wasl.messaging.channels.registry import configured_channels
from wasl.messaging.consent import is_opted_out
from wasl.messaging.flows import button_id
from wasl.messaging.languages import choose_language, country_of_phone
from wasl.messaging.models import Conversation, Message
from wasl.messaging.quiet_hours import QuietHours, buyer_zone, next_allowed
from wasl.messaging.rendering import notification_variables, render
from wasl.messaging.sandbox import is_sandbox_phone
from wasl.messaging.selectors import rule_for
from wasl.messaging.services import Draft, conversation_get_or_create, conversation_window_open, message_queue
from wasl.orders.models import Order
from wasl.shipping.models import Shipment
from wasl.shipping.ndr import texts
from wasl.shipping.ndr.models import NdrCase

FLOW = "ndr"  # the head of the flow's button ids
AWAITS_ANSWER = "ndr_answer"
AWAITS_DAY = "ndr_day"
AWAITS_ADDRESS = "ndr_address"
EMPTY_PARAM = "-"  # WhatsApp refuses empty template parameters
ASKING_CHANNELS = ("whatsapp", "sms")


@dataclass(frozen=True)
class Reach:
    """How to reach the buyer of a case."""

    conversation: Conversation
    language: str


def reach(case: NdrCase, order: Order | None) -> Reach | str:
    """The buyer's conversation and language, or why they cannot be asked."""
    customer = order.customer if order is not None else None
    phone = customer.phone if customer is not None else ""
    if customer is None or not phone:
        return "no_phone"
    if is_opted_out(store_id=case.store_id, phone=phone):
        return "opted_out"
    channel = _channel(case.store_id, phone)
    if channel is None:
        return "no_channel"
    conversation = conversation_get_or_create(
        store=case.store, channel=channel, address=phone, customer=customer
    )
    language = choose_language(
        stored=customer.language or conversation.language, phone=phone, store_default=case.store.language
    )
    return Reach(conversation, language)


def _channel(store_id: int, phone: str) -> str | None:
    if is_sandbox_phone(store_id=store_id, phone=phone):
        return "whatsapp"  # a test number's messages stay inside Wasl whatever is set up
    rule = rule_for(store_id=store_id, event=texts.ASK)
    if not rule.enabled:
        return None
    configured = configured_channels(store_id=store_id)
    return next((c for c in rule.channels if c in configured and c in ASKING_CHANNELS), None)


def number_of(order: Order | None, shipment: Shipment, language: str) -> str:
    raw = (order.number or order.external_id) if order is not None else shipment.tracking_number
    return ltr(raw, language)


def option_buttons(case_id: int, language: str) -> tuple[dict[str, str], ...]:
    return tuple(
        {"id": button_id(FLOW, case_id, choice), "title": texts.choice_label(choice, language)}
        for choice in texts.CHOICES
    )


def case_tag(case: NdrCase, order: Order | None, awaits: str, bot: str) -> dict[str, object]:
    return {"awaits": awaits, "ndr_case": case.pk, "order_id": order.pk if order else None, "bot": bot}


def question_queue(
    *, case: NdrCase, order: Order | None, to: Reach, event: str, now: datetime
) -> tuple[Message, datetime | None] | None:
    """Queue the case's question (`texts.ASK`) or its reminder; None when the store switched the text off."""
    template = texts.template_text(store_id=case.store_id, event=event, language=to.language)
    if template is None:
        return None
    conversation, language = to.conversation, to.language
    shipment = case.shipment
    values = notification_variables(
        store=case.store,
        order=order,
        shipment=shipment,
        language=language,
        country=country_of_phone(conversation.address),
    )
    values["ndr_reason"] = texts.reason_words(case.reason, language)
    body = render(template.body, values)
    tag = case_tag(case, order, AWAITS_ANSWER, "ndr_" + event.split(".", 1)[1])
    if conversation.channel == "whatsapp" and not conversation_window_open(conversation, now):
        draft = Draft(
            kind="template",
            body=body,
            language=language,
            template_name=template.provider_name,
            template_params=tuple(values.get(n, "") or EMPTY_PARAM for n in template.param_names),
            # Not sent with the template (its quick replies are Meta's, and come back as their text), but
            # kept: the console and the sandbox show them, and a fallback to SMS numbers them.
            buttons=option_buttons(case.pk, language),
            extra=tag,
        )
    else:
        draft = Draft(
            kind="buttons", body=body, language=language, buttons=option_buttons(case.pk, language), extra=tag
        )
    not_before = next_allowed(
        now,
        buyer_zone(conversation.address, case.store.timezone),
        QuietHours.parse(settings.WASL_QUIET_HOURS),
    )
    message, _created = message_queue(
        conversation=conversation,
        draft=draft,
        idempotency_key=f"ndr:{case.pk}:{event.split('.', 1)[1]}",
        order=order,
        shipment=shipment,
        not_before=not_before,
    )
    return message, not_before


def escalation_notice(*, case: NdrCase, order: Order | None, to: Reach, now: datetime) -> Message | None:
    """Tell the buyer a person will call, when a free text can still reach them (inside the window)."""
    conversation = to.conversation
    if conversation.channel == "whatsapp" and not conversation_window_open(conversation, now):
        return None
    body = texts.say("escalated", to.language, number=number_of(order, case.shipment, to.language))
    draft = Draft(
        kind="text", body=body, language=to.language, extra={"bot": "ndr_escalated", "ndr_case": case.pk}
    )
    message, _created = message_queue(
        conversation=conversation,
        draft=draft,
        idempotency_key=f"ndr:{case.pk}:escalated",
        order=order,
        shipment=case.shipment,
    )
    return message
