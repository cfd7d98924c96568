"""The sending engine: claim a queued message, wait for the sender's slot, hand it to its channel, record.

Exactly once, as far as a provider without idempotency keys allows:

1. A message is *claimed* (queued -> sending, with the claim time) by one conditional UPDATE before any
   HTTP call; whoever loses the race, or runs the task a second time, finds it no longer queued and stops.
2. The idempotency key travels with the message (WhatsApp: `biz_opaque_callback_data`) and comes back on
   its status webhooks.
3. A worker killed between the claim and recording the answer leaves the message "sending". It is never
   resent blindly: a status webhook that carries its key settles it as sent; only when none has come
   within the grace period does `reconcile` queue it again. See docs/messaging.md for the window left.

Answers that say the request did not reach the provider (429, 5xx) release the message to the queue and
retry with backoff; answers that may hide a send (a timeout, a dropped connection) are treated like a crash.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from wasl.core.retry import TransientError, current_attempt
from wasl.core.text import db_text
from wasl.messaging.channels.registry import channel_get
from wasl.messaging.channels.types import (
    NOT_ON_CHANNEL,
    OUTSIDE_WINDOW,
    Button,
    ListRow,
    OutgoingMessage,
    ProviderError,
    SendResult,
)
from wasl.messaging.consent import is_opted_out
from wasl.messaging.models import Message, MessageStatus
from wasl.messaging.ratelimit import wait_for_slot
from wasl.messaging.services import send_task_enqueue, status_event_add

logger = logging.getLogger(__name__)

# Codes after which we cannot tell whether the provider took the message.
AMBIGUOUS_CODES = frozenset({"timeout", "connection", "bad_response"})
NOT_CONFIGURED = "not_configured"


class SendRetry(TransientError):
    """The provider refused for now (429, 5xx): the task runs again later with backoff."""


def message_claim(*, message_id: int, now: datetime | None = None) -> Message | None:
    """queued -> sending, if it is queued and due; None when someone else has it or it is not due yet."""
    now = now or timezone.now()
    claimed = (
        Message.objects.filter(pk=message_id, status=MessageStatus.QUEUED)
        .filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
        .update(
            status=MessageStatus.SENDING,
            claimed_at=now,
            send_attempts=F("send_attempts") + 1,
            updated_at=now,
        )
    )
    if not claimed:
        return None
    return Message.objects.select_related("store", "conversation").get(pk=message_id)


def outgoing_for(message: Message, sender_id: str) -> OutgoingMessage:
    rows = message.extra.get("rows", []) if isinstance(message.extra, dict) else []
    return OutgoingMessage(
        idempotency_key=message.idempotency_key,
        to=message.conversation.address,
        kind=message.kind,
        language=message.language or "en",
        text=message.body,
        header=str(message.extra.get("header", "")) if isinstance(message.extra, dict) else "",
        footer=str(message.extra.get("footer", "")) if isinstance(message.extra, dict) else "",
        template_name=message.template_name,
        template_params=tuple(str(p) for p in message.template_params),
        buttons=tuple(Button(id=str(b["id"]), title=str(b["title"])) for b in message.buttons),
        list_button=str(message.extra.get("list_button", "")) if isinstance(message.extra, dict) else "",
        rows=tuple(ListRow(str(r["id"]), str(r["title"]), str(r.get("description", ""))) for r in rows),
        subject=message.subject,
        sender_id=sender_id,
    )


def message_send(*, message_id: int) -> str:
    """Send one message if it is queued and due. Returns what happened; safe to call any number of times."""
    message = message_claim(message_id=message_id)
    if message is None:
        return _not_claimed(message_id)
    if message.event and is_opted_out(store_id=message.store_id, phone=message.conversation.address):
        _settle(message, MessageStatus.SKIPPED, "opted_out", "the buyer opted out of notifications")
        return "skipped"
    handle = channel_get(store=message.store, name=message.channel)
    if handle is None:
        _settle(
            message, MessageStatus.FAILED, NOT_CONFIGURED, f"{message.channel} is not set up for this store"
        )
        _fall_back(message, NOT_CONFIGURED)
        return "failed"
    if handle.rate_per_s:
        wait_for_slot(handle.sender, limit_per_s=handle.rate_per_s, jitter_s=settings.WASL_SEND_JITTER_S)
    try:
        result = handle.channel.send(outgoing_for(message, handle.sender_id))
    except ProviderError as error:
        return _on_refusal(message, error)
    except Exception:
        # Not a refusal we understand: it may have left after all. Treat it like a crash mid-send.
        logger.exception("Message id=%s: unexpected error while sending; left for reconciliation", message.pk)
        return "pending"
    message_record_sent(message_id=message.pk, result=result)
    return "sent"


def _not_claimed(message_id: int) -> str:
    row = Message.objects.filter(pk=message_id).values("status", "not_before").first()
    if row is None:
        return "missing"
    if row["status"] == MessageStatus.QUEUED and row["not_before"] is not None:
        # Run early (a retry, or a re-queue by reconciliation): come back when it is due.
        send_task_enqueue(message_id=message_id, run_after=row["not_before"])
        return "not_due"
    return str(row["status"])


@transaction.atomic
def message_record_sent(*, message_id: int, result: SendResult) -> Message:
    """The provider took it. A status webhook may have been faster: a status never moves backwards."""
    message = Message.objects.select_for_update().get(pk=message_id)
    now = timezone.now()
    fields = ["provider_id", "updated_at"]
    message.provider_id = db_text(result.provider_id, 200) or message.provider_id
    if result.cost is not None:
        message.cost, message.currency = result.cost, result.currency[:3]
        fields += ["cost", "currency"]
    if message.status in (MessageStatus.SENDING, MessageStatus.QUEUED):
        message.status, message.sent_at = MessageStatus.SENT, now
        message.error_code = message.error_title = ""
        fields += ["status", "sent_at", "error_code", "error_title"]
    message.save(update_fields=fields)
    status_event_add(message=message, status=MessageStatus.SENT, at=now, source="send")
    return message


def _on_refusal(message: Message, error: ProviderError) -> str:
    if error.code in AMBIGUOUS_CODES:
        # It may have reached the provider: do not release it; a status webhook or reconciliation decides.
        Message.objects.filter(pk=message.pk).update(
            error_code=db_text(error.code, 40), error_title=db_text(error.message, 300)
        )
        logger.warning("Message id=%s: %s; left for reconciliation", message.pk, error)
        return "pending"
    if error.retryable:
        if current_attempt() >= settings.WASL_SEND_MAX_ATTEMPTS:
            _settle(message, MessageStatus.FAILED, error.code, error.message)
            return "failed"
        _release(message, error)
        raise SendRetry(str(error))
    _settle(message, MessageStatus.FAILED, error.code, error.message)
    _fall_back(message, error.kind)
    return "failed"


def _release(message: Message, error: ProviderError) -> None:
    Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
        status=MessageStatus.QUEUED,
        claimed_at=None,
        error_code=db_text(error.code, 40),
        error_title=db_text(error.message, 300),
        updated_at=timezone.now(),
    )


def _settle(message: Message, status: str, code: str, title: str) -> None:
    now = timezone.now()
    updated = Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
        status=status,
        error_code=db_text(code, 40),
        error_title=db_text(title, 300),
        failed_at=now if status == MessageStatus.FAILED else None,
        updated_at=now,
    )
    if updated:
        status_event_add(
            message=message, status=status, at=now, source="send", error_code=code, error_title=title
        )


def _fall_back(message: Message, kind: str) -> None:
    if kind in (NOT_ON_CHANNEL, OUTSIDE_WINDOW, NOT_CONFIGURED):
        from wasl.messaging.fallback import fallback_queue

        fallback_queue(message_id=message.pk, kind=kind)
