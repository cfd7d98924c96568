"""A person takes over from the bot: handing a conversation over, and what an agent does with it.

While a conversation is "human" the bot is not called (see `inbound.inbound_receive`). An agent takes it,
answers (free text inside the 24 h service window, an approved template outside it) and closes it; the
next buyer message is the bot's again.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from wasl.core.errors import Invalid
from wasl.core.text import db_text
from wasl.messaging.bot_replies import Turn
from wasl.messaging.drafts import notification_draft
from wasl.messaging.events import EVENTS
from wasl.messaging.languages import choose_language, country_of_phone
from wasl.messaging.models import Conversation, ConversationState, Message
from wasl.messaging.rendering import notification_variables
from wasl.messaging.selectors import template_for
from wasl.messaging.services import Draft, conversation_set_state, conversation_window_open, message_queue
from wasl.orders.models import Order
from wasl.shipping.models import Direction, Shipment

AGENT_TEXT_MAX = 4096  # WhatsApp's limit on a text message's body


def hand_over(turn: Turn, *, reason: str, text_key: str = "handover", **values: object) -> None:
    """Tell the buyer a person will answer, and keep the bot quiet until an agent closes the conversation."""
    body = turn.say(text_key, **values)
    turn.text(body, tag="handover", suffix="handover", reason=reason)
    conversation_set_state(conversation=turn.conversation, state=ConversationState.HUMAN)


def _locked(conversation: Conversation) -> Conversation:
    return (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("store", "customer")
        .get(pk=conversation.pk)
    )


@transaction.atomic
def conversation_take(*, conversation: Conversation, agent_id: int) -> Conversation:
    """The agent answers this conversation from now on (it stays with a person, assigned to them)."""
    conversation = _locked(conversation)
    return conversation_set_state(conversation=conversation, state=ConversationState.HUMAN, agent_id=agent_id)


@transaction.atomic
def conversation_close(*, conversation: Conversation) -> Conversation:
    """Done: the bot answers the buyer's next message."""
    conversation = _locked(conversation)
    return conversation_set_state(conversation=conversation, state=ConversationState.CLOSED)


def _language(conversation: Conversation) -> str:
    customer = conversation.customer
    return choose_language(
        stored=conversation.language or (customer.language if customer else ""),
        phone=conversation.address if conversation.address.startswith("+") else "",
        store_default=conversation.store.language,
    )


@transaction.atomic
def agent_reply(
    *, conversation: Conversation, agent_id: int, text: str, token: str, now: datetime | None = None
) -> Message:
    """Free text from an agent, inside the service window only. `token` (one per form) makes a resubmit a no-op."""
    conversation = _locked(conversation)
    body = db_text(text).strip()
    if not body:
        raise Invalid("write a message first", code="empty_message")
    if len(body) > AGENT_TEXT_MAX:
        raise Invalid(f"a message holds at most {AGENT_TEXT_MAX} characters", code="message_too_long")
    if not conversation_window_open(conversation, now or timezone.now()):
        raise Invalid(
            "the buyer has not written in the last 24 hours: only an approved template can reach them",
            code="window_closed",
        )
    if conversation.state != ConversationState.HUMAN or conversation.assigned_agent_id is None:
        conversation_set_state(conversation=conversation, state=ConversationState.HUMAN, agent_id=agent_id)
    draft = Draft(
        kind="text", body=body, language=_language(conversation), extra={"agent_id": agent_id, "bot": "agent"}
    )
    message, _created = message_queue(
        conversation=conversation, draft=draft, idempotency_key=_agent_key(conversation, token)
    )
    return message


def _agent_key(conversation: Conversation, token: str) -> str:
    cleaned = "".join(c for c in token if c.isalnum() or c in "-_")[:64]
    if not cleaned:
        raise Invalid("the form has expired; load the page again", code="missing_token")
    return f"agent:{conversation.pk}:{cleaned}"


def conversation_order(conversation: Conversation) -> Order | None:
    """The order a conversation is most likely about: the buyer's latest in this store."""
    return (
        Order.objects.filter(store_id=conversation.store_id, customer__phone=conversation.address)
        .order_by("-placed_at", "-id")
        .first()
    )


@transaction.atomic
def agent_template_send(
    *, conversation: Conversation, agent_id: int, event: str, token: str, order: Order | None = None
) -> Message:
    """An event's approved template (works outside the window), filled for the conversation's order."""
    conversation = _locked(conversation)
    if event not in EVENTS:
        raise Invalid(f"unknown event {event!r}", code="invalid_event")
    language = _language(conversation)
    template = template_for(store_id=conversation.store_id, event=event, language=language)
    if template is None:
        raise Invalid("this event's message is switched off for the store", code="template_off")
    order = order or conversation_order(conversation)
    shipment = (
        Shipment.objects.filter(order=order, direction=Direction.FORWARD).order_by("-id").first()
        if order is not None
        else None
    )
    values = notification_variables(
        store=conversation.store,
        order=order,
        shipment=shipment,
        language=language,
        country=country_of_phone(conversation.address),
    )
    draft = notification_draft(
        channel=conversation.channel,
        event=event,
        language=language,
        template=template,
        values=values,
        window_open=conversation_window_open(conversation),
    )
    draft = replace(draft, extra={"agent_id": agent_id, "bot": "agent"})
    message, _created = message_queue(
        conversation=conversation,
        draft=draft,
        idempotency_key=_agent_key(conversation, token),
        order=order,
        shipment=shipment,
    )
    return message
