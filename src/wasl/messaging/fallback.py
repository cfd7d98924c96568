"""When a channel cannot reach the buyer: the event's template on the same channel, or the next channel.

- outside the 24 h window (WhatsApp 131047) for free text: the event's approved template, same channel;
  without an event (a bot reply), the next channel of the rule;
- not on the channel (131026: not on WhatsApp) or the channel not set up: the next channel of the rule.

Each fallback is a new message pointing at the one it replaces (`fallback_of`) with a key derived from the
original's, so the same failure reported twice (by the send and by a webhook) falls back once.
"""

from __future__ import annotations

from wasl.messaging.channels.registry import configured_channels
from wasl.messaging.channels.types import OUTSIDE_WINDOW
from wasl.messaging.drafts import notification_draft
from wasl.messaging.languages import country_of_phone
from wasl.messaging.models import Message, MessageDirection
from wasl.messaging.rendering import notification_variables
from wasl.messaging.selectors import default_channels, rule_for, template_for
from wasl.messaging.services import Draft, conversation_get_or_create, message_queue


def _next_channel(message: Message) -> tuple[str, str] | None:
    channels = rule_for(store_id=message.store_id, event=message.event).channels if message.event else ()
    channels = channels or default_channels()
    tried = {message.channel}
    earlier = message.fallback_of
    while earlier is not None:
        tried.add(earlier.channel)
        earlier = earlier.fallback_of
    configured = configured_channels(store_id=message.store_id)
    customer = message.conversation.customer
    phone = (
        message.conversation.address if message.channel != "email" else (customer.phone if customer else "")
    )
    email = customer.email if customer else ""
    for channel in channels:
        if channel in tried or channel not in configured:
            continue
        address = email if channel == "email" else phone
        if address:
            return channel, address
    return None


def _template_draft(message: Message) -> Draft | None:
    if not message.event or message.channel != "whatsapp":
        return None
    language = message.language or "en"
    template = template_for(store_id=message.store_id, event=message.event, language=language)
    if template is None:
        return None
    values = notification_variables(
        store=message.store,
        order=message.order,
        shipment=message.shipment,
        language=language,
        country=country_of_phone(message.conversation.address),
    )
    return notification_draft(
        channel="whatsapp",
        event=message.event,
        language=language,
        template=template,
        values=values,
        window_open=False,
    )


def fallback_queue(*, message_id: int, kind: str) -> Message | None:
    """Queue the replacement of a failed message, or None when the rules offer none."""
    message = Message.objects.select_related(
        "store", "conversation__customer", "order__customer", "shipment", "fallback_of"
    ).get(pk=message_id)
    if message.direction != MessageDirection.OUTBOUND:
        return None
    root = message.idempotency_key.split("|fallback:", 1)[0]
    if kind == OUTSIDE_WINDOW and message.kind != "template":
        draft = _template_draft(message)
        if draft is not None:
            fallback, _created = message_queue(
                conversation=message.conversation,
                draft=draft,
                idempotency_key=f"{root}|fallback:whatsapp-template",
                order=message.order,
                shipment=message.shipment,
                fallback_of=message,
            )
            return fallback
    route = _next_channel(message)
    if route is None:
        return None
    channel, address = route
    customer = message.conversation.customer
    conversation = conversation_get_or_create(
        store=message.store, channel=channel, address=address, customer=customer, language=message.language
    )
    # Choices travel with the words (SMS numbers them) and so does what the message waits for, so that a
    # flow's question still gets its answer on the next channel.
    keep = channel != "email"
    draft = Draft(
        kind="email" if channel == "email" else "text",
        body=message.body,
        language=message.language,
        event=message.event,
        subject=message.subject or message.store.name,
        buttons=tuple(message.buttons) if keep and message.buttons else (),
        extra=dict(message.extra) if keep and isinstance(message.extra, dict) else {},
    )
    fallback, _created = message_queue(
        conversation=conversation,
        draft=draft,
        idempotency_key=f"{root}|fallback:{channel}",
        order=message.order,
        shipment=message.shipment,
        fallback_of=message,
    )
    return fallback
