"""What buyers send us: stored once, the conversation window opened, opt-out words honoured, the bot called.

Everything one inbound message causes (its row, a consent change, the replies it queues) commits in one
transaction keyed by the provider's message id, so processing the same webhook twice changes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from wasl.core.text import db_text
from wasl.messaging.channels.types import InboundMessage, MarketingPreference, StatusUpdate
from wasl.messaging.consent import consent_set, marketing_preference_apply
from wasl.messaging.languages import choose_language, detect_from_text
from wasl.messaging.models import (
    Conversation,
    ConversationState,
    Message,
    MessageDirection,
    MessageStatus,
)
from wasl.messaging.optout import CONFIRMATIONS, OPT_OUT, consent_keyword
from wasl.messaging.receipts import status_apply
from wasl.messaging.services import (
    SERVICE_WINDOW,
    Draft,
    conversation_get_or_create,
    message_queue,
    status_event_add,
)
from wasl.orders.models import Customer
from wasl.stores.models import Store


def inbound_key(inbound: InboundMessage) -> str:
    return f"in:{inbound.channel}:{inbound.provider_id}"[:200]


def _address(inbound: InboundMessage) -> str:
    """The buyer's phone; a business-scoped user id when WhatsApp gives no phone (newer payloads)."""
    if inbound.from_phone:
        return inbound.from_phone
    return f"user:{inbound.extra.get('user_id', '')}"


def _body(inbound: InboundMessage) -> str:
    return inbound.text or inbound.button_title


def _extra(inbound: InboundMessage) -> dict[str, Any]:
    extra: dict[str, Any] = dict(inbound.extra)
    for name in ("button_id", "button_title", "replied_to", "profile_name"):
        if value := getattr(inbound, name):
            extra[name] = value
    if inbound.latitude is not None and inbound.longitude is not None:
        extra["latitude"], extra["longitude"] = str(inbound.latitude), str(inbound.longitude)
    return extra


def _touch(conversation: Conversation, inbound: InboundMessage) -> None:
    """Open or extend the 24 h service window; a closed conversation opens again, to the bot."""
    at = inbound.received_at
    fields = ["last_message_at", "updated_at"]
    conversation.last_message_at = max(filter(None, [conversation.last_message_at, at]))
    if conversation.last_inbound_at is None or at > conversation.last_inbound_at:
        conversation.last_inbound_at = at
        conversation.window_expires_at = at + SERVICE_WINDOW
        fields += ["last_inbound_at", "window_expires_at"]
    if conversation.state == ConversationState.CLOSED:
        conversation.state = ConversationState.BOT
        fields.append("state")
    if not conversation.language and (spoken := detect_from_text(_body(inbound))):
        conversation.language = spoken
        fields.append("language")
    conversation.save(update_fields=fields)


def buyer_language(conversation: Conversation, text: str = "") -> str:
    customer = conversation.customer
    return choose_language(
        stored=conversation.language or (customer.language if customer else ""),
        text=text,
        phone=conversation.address if conversation.address.startswith("+") else "",
        store_default=conversation.store.language,
    )


def inbound_receive(*, store: Store, inbound: InboundMessage) -> Message | None:
    """Store one buyer message and act on it; None when it was already received."""
    with transaction.atomic():
        if Message.objects.filter(store=store, idempotency_key=inbound_key(inbound)).exists():
            return None
        address = _address(inbound)
        customer = Customer.objects.filter(store=store, phone=address).first() if inbound.from_phone else None
        conversation = conversation_get_or_create(
            store=store, channel=inbound.channel, address=address, customer=customer
        )
        conversation = (
            Conversation.objects.select_for_update(of=("self",))
            .select_related("store", "customer")
            .get(pk=conversation.pk)
        )
        message = Message.objects.create(
            store=store,
            conversation=conversation,
            direction=MessageDirection.INBOUND,
            channel=inbound.channel,
            kind=db_text(inbound.kind, 20),
            body=db_text(_body(inbound)),
            extra=_extra(inbound),
            idempotency_key=inbound_key(inbound),
            provider_id=db_text(inbound.provider_id, 200),
            status=MessageStatus.RECEIVED,
            language=detect_from_text(_body(inbound)),
        )
        status_event_add(
            message=message, status=MessageStatus.RECEIVED, at=inbound.received_at, source="webhook"
        )
        _touch(conversation, inbound)
        if not _consent_word(store, conversation, inbound) and conversation.state == ConversationState.BOT:
            from wasl.messaging.bot import handle_inbound

            handle_inbound(conversation, inbound)
    return message


def _consent_word(store: Store, conversation: Conversation, inbound: InboundMessage) -> bool:
    """Opt-out and opt-in words: recorded at once and confirmed in the buyer's language."""
    found = consent_keyword(inbound.text) if inbound.kind == "text" else None
    if found is None:
        return False
    action, word_language = found
    opting_out = action == OPT_OUT
    consent_set(
        store=store,
        phone=conversation.address,
        source=db_text(f"{inbound.channel}:{inbound.text.strip()}", 60),
        transactional_opt_out=opting_out,
    )
    language = conversation.language or word_language
    message_queue(
        conversation=conversation,
        draft=Draft(kind="text", body=CONFIRMATIONS[action][language], language=language),
        idempotency_key=f"consent:{inbound_key(inbound)}",
    )
    return True


def webhook_content_apply(
    *,
    store: Store,
    messages: Sequence[InboundMessage],
    statuses: Sequence[StatusUpdate],
    callback_keys: dict[str, str] | None = None,
    preferences: Sequence[MarketingPreference] = (),
) -> dict[str, int]:
    """Statuses first (they may settle interrupted sends), then the buyer's messages in their order, then
    marketing stop/resume settings (in the order they were made)."""
    keys = callback_keys or {}
    counts = {"statuses": 0, "unknown_statuses": 0, "messages": 0, "repeated_messages": 0}
    if preferences:
        counts["marketing_changes"] = 0
    for update in statuses:
        applied = status_apply(store=store, update=update, callback_key=keys.get(update.provider_id, ""))
        counts["unknown_statuses" if applied == "unknown" else "statuses"] += 1
    for inbound in sorted(messages, key=lambda m: m.received_at):
        counts["messages" if inbound_receive(store=store, inbound=inbound) else "repeated_messages"] += 1
    for preference in sorted(preferences, key=lambda p: p.at):
        changed = marketing_preference_apply(store=store, phone=preference.phone, value=preference.value)
        counts["marketing_changes"] += changed != "unchanged"
    return counts


def whatsapp_callback_keys(body: bytes) -> dict[str, str]:
    """wamid -> `biz_opaque_callback_data` of every status in a WhatsApp webhook body (our idempotency key)."""
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return {}
    found: dict[str, str] = {}
    for entry in payload.get("entry") or [] if isinstance(payload, dict) else []:
        for change in (entry.get("changes") or []) if isinstance(entry, dict) else []:
            value = change.get("value") if isinstance(change, dict) else None
            for status in (value.get("statuses") or []) if isinstance(value, dict) else []:
                if not isinstance(status, dict):
                    continue
                wamid, key = status.get("id"), status.get("biz_opaque_callback_data")
                if isinstance(wamid, str) and isinstance(key, str) and key:
                    found[wamid] = key
    return found
