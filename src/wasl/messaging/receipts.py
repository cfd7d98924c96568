"""Status updates from providers: history kept whole, status only ever forward, failures fall back.

sent < delivered < read. "failed" is recorded, and it ends a message that was not yet delivered; but a
delivered or read that arrives after it proves the buyer got the message and wins (statuses arrive out of
order). A status for a message we have no provider id for yet (its worker died before recording the
answer) is matched by the idempotency key the provider echoes back, which settles the interrupted send.
"""

from __future__ import annotations

import logging

from django.db import transaction

from wasl.core.text import db_text
from wasl.messaging.channels.types import MARKETING_LIMIT, StatusUpdate
from wasl.messaging.consent import marketing_refused
from wasl.messaging.models import Message, MessageDirection, MessageStatus
from wasl.messaging.services import status_event_add
from wasl.stores.models import Store

logger = logging.getLogger(__name__)

RANK: dict[str, int] = {"queued": 0, "sending": 0, "sent": 1, "delivered": 2, "read": 3}
_TIMESTAMP_FIELD = {"sent": "sent_at", "delivered": "delivered_at", "read": "read_at", "failed": "failed_at"}


def failure_kind(channel: str, code: str) -> str:
    """What a failed status's error code means for what comes next (fallback or not)."""
    if channel == "whatsapp":
        from wasl.messaging.channels.whatsapp.errors import KIND_BY_CODE

        return KIND_BY_CODE.get(int(code), "") if code.isdigit() else ""
    if channel == "sms":
        from wasl.messaging.channels.sms.webhook import DELIVERY_ERRORS

        return DELIVERY_ERRORS.get(code, ("", ""))[0]
    return ""


def next_status(current: str, incoming: str) -> str:
    """Where a message's status goes when `incoming` is reported; it never moves backwards."""
    if incoming == MessageStatus.FAILED:
        return (
            incoming
            if current in (MessageStatus.QUEUED, MessageStatus.SENDING, MessageStatus.SENT)
            else current
        )
    if incoming not in RANK or current in (MessageStatus.SKIPPED, MessageStatus.RECEIVED):
        return current
    if current == MessageStatus.FAILED:
        return incoming if incoming in (MessageStatus.DELIVERED, MessageStatus.READ) else current
    return incoming if RANK[incoming] > RANK.get(current, 0) else current


def _find(store: Store, update: StatusUpdate, callback_key: str) -> Message | None:
    outbound = Message.objects.select_for_update().filter(store=store, direction=MessageDirection.OUTBOUND)
    if update.provider_id:
        found = outbound.filter(channel=update.channel, provider_id=update.provider_id).first()
        if found is not None:
            return found
    if callback_key:
        return outbound.filter(idempotency_key=callback_key).first()
    return None


def status_apply(*, store: Store, update: StatusUpdate, callback_key: str = "") -> str:
    """Apply one status update; returns "applied", "recorded" (history only) or "unknown"."""
    with transaction.atomic():
        message = _find(store, update, callback_key)
        if message is None:
            return "unknown"
        incoming = "sent" if update.status == "accepted" else update.status
        status_event_add(
            message=message,
            status=incoming,
            at=update.at,
            source="webhook",
            error_code=update.error_code,
            error_title=update.error_title,
            data={
                k: v for k, v in (("pricing", update.pricing_category), ("billable", update.billable)) if v
            },
        )
        before = message.status
        after = next_status(before, incoming)
        fields = ["updated_at"]
        if update.provider_id and message.provider_id != update.provider_id and not message.provider_id:
            message.provider_id = db_text(update.provider_id, 200)
            fields.append("provider_id")
        stamp = _TIMESTAMP_FIELD.get(incoming)
        if stamp and getattr(message, stamp) is None:
            setattr(message, stamp, update.at)
            fields.append(stamp)
        if after != before:
            message.status = after
            fields.append("status")
            if after == MessageStatus.FAILED:
                message.error_code = db_text(update.error_code, 40)
                message.error_title = db_text(update.error_title, 300)
                fields += ["error_code", "error_title"]
            elif before == MessageStatus.FAILED:
                message.error_code = message.error_title = ""
                fields += ["error_code", "error_title"]
        message.save(update_fields=fields)
    if before == MessageStatus.SENDING and after != before:
        logger.info("Message id=%s: interrupted send settled by a %s status", message.pk, incoming)
    if after == MessageStatus.FAILED and before != MessageStatus.FAILED:
        kind = failure_kind(message.channel, update.error_code)
        if kind == MARKETING_LIMIT:
            marketing_refused(store_id=store.pk, phone=update.recipient, code=update.error_code)
        if kind:
            from wasl.messaging.fallback import fallback_queue

            fallback_queue(message_id=message.pk, kind=kind)
    return "applied" if after != before else "recorded"
