"""The sending engine: claim a queued message, wait for the sender's slot, hand it to its channel, record.

Exactly once, as far as a provider without idempotency keys allows:

1. A message is *claimed* (queued -> sending, with the claim time) by one conditional UPDATE before any
   HTTP call; whoever loses the race, or runs the task a second time, finds it no longer queued and stops.
2. The idempotency key travels with the message (WhatsApp: `biz_opaque_callback_data`) and comes back on
   its status webhooks.
3. A worker killed between the claim and recording the answer leaves the message "sending". It is never
   resent blindly: a status webhook that carries its key settles it as sent; only when none has come
   within the grace period does `reconcile` queue it again. See docs/messaging.md for the window left.

Answers that say the request did not reach the provider (429, 5xx) put the message back in the queue,
due after a backoff with full jitter (`core.retry.backoff_delay`), with a task of its own for then; after
WASL_SEND_MAX_ATTEMPTS claims it fails. Answers that may hide a send (a timeout, a dropped connection)
are treated like a crash. Notifications are sent in batches (`messages_send`), each message claimed,
sent and settled exactly as `message_send` does it alone.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from wasl.core.bulk import bulk_update_rows, insert_values
from wasl.core.retry import backoff_delay
from wasl.core.text import db_text
from wasl.messaging.channels.registry import channel_get
from wasl.messaging.channels.types import (
    MARKETING_LIMIT,
    NOT_ON_CHANNEL,
    OUTSIDE_WINDOW,
    Button,
    ListRow,
    OutgoingMessage,
    ProviderError,
    SendResult,
)
from wasl.messaging.consent import is_opted_out, marketing_refused, opted_out_among
from wasl.messaging.models import Message, MessageStatus, MessageStatusEvent
from wasl.messaging.ratelimit import Pacer
from wasl.messaging.sandbox import sandbox_handle, sandbox_phones
from wasl.messaging.services import send_batch_enqueue, send_task_enqueue, status_event_add
from wasl.stores.models import Store

logger = logging.getLogger(__name__)

# Codes after which we cannot tell whether the provider took the message.
AMBIGUOUS_CODES = frozenset({"timeout", "connection", "bad_response"})
# ...except these connection errors, which happen before a single byte is sent.
_NOT_CONNECTED = (
    "connection refused",
    "name or service not known",
    "name resolution",
    "nodename nor servname",
)
NOT_CONFIGURED = "not_configured"
SENT_EVENT_COLUMNS = [
    "store",
    "message",
    "status",
    "occurred_at",
    "error_code",
    "error_title",
    "source",
    "data",
    "created_at",
]


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


def messages_claim(*, message_ids: list[int], now: datetime | None = None) -> list[Message]:
    """Claim every one of these that is queued and due, in one statement; returns those claimed."""
    now = now or timezone.now()
    Message.objects.filter(pk__in=message_ids, status=MessageStatus.QUEUED).filter(
        Q(not_before__isnull=True) | Q(not_before__lte=now)
    ).update(
        status=MessageStatus.SENDING, claimed_at=now, send_attempts=F("send_attempts") + 1, updated_at=now
    )
    # The claim time to the microsecond tells our claims from anyone else's.
    claimed = Message.objects.filter(pk__in=message_ids, status=MessageStatus.SENDING, claimed_at=now)
    messages = list(claimed.select_related("conversation").order_by("pk"))
    # A batch is one store's, nearly always: its row is read once, not joined into every message.
    stores = Store.objects.in_bulk({m.store_id for m in messages})
    for message in messages:
        message.store = stores[message.store_id]
    return messages


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


@dataclass(frozen=True)
class Attempt:
    """What one claimed message's send came to: sent (with the answer), skipped, failed, pending or retry."""

    outcome: str
    result: SendResult | None = None
    error: ProviderError | None = None


def _attempt(
    message: Message,
    *,
    opted_out: bool,
    maybe_sandbox: bool = True,
    pacers: dict[str, Pacer] | None = None,
    remaining: int = 1,
    send_by: float | None = None,
) -> Attempt:
    """Everything between the claim and recording a success; failures are settled here.

    `maybe_sandbox=False` when the caller already knows the phone is not a sandbox phone (a batch asks
    once); `pacers` keeps a batch's send slots per sender, `remaining` says how many messages follow.
    Past `send_by` (time.monotonic()) the message is not sent ("late"): its claim is getting old enough for
    reconciliation to take it, and sending now could race a resend.
    """
    if message.event and opted_out:
        _settle(message, MessageStatus.SKIPPED, "opted_out", "the buyer opted out of notifications")
        return Attempt("skipped")
    # A sandbox phone's messages stay inside Wasl (console sandbox), whatever channels the store has.
    sandboxed = sandbox_handle(message) if maybe_sandbox else None
    handle = sandboxed or channel_get(store=message.store, name=message.channel)
    if handle is None:
        _settle(
            message, MessageStatus.FAILED, NOT_CONFIGURED, f"{message.channel} is not set up for this store"
        )
        _fall_back(message, NOT_CONFIGURED)
        return Attempt("failed")
    if handle.rate_per_s:
        pacers = {} if pacers is None else pacers
        if handle.sender not in pacers:
            pacers[handle.sender] = Pacer(
                handle.sender, limit_per_s=handle.rate_per_s, jitter_s=settings.WASL_SEND_JITTER_S
            )
        pacers[handle.sender].wait(remaining)
    if send_by is not None and time.monotonic() > send_by:
        return Attempt("late")
    try:
        return Attempt("sent", handle.channel.send(outgoing_for(message, handle.sender_id)))
    except ProviderError as error:
        return Attempt(_on_refusal(message, error), error=error)
    except Exception:
        # Not a refusal we understand: it may have left after all. Treat it like a crash mid-send.
        logger.exception("Message id=%s: unexpected error while sending; left for reconciliation", message.pk)
        return Attempt("pending")


def message_send(*, message_id: int) -> str:
    """Send one message if it is queued and due. Returns what happened; safe to call any number of times."""
    send_by = _deadline()
    message = message_claim(message_id=message_id)
    if message is None:
        return _not_claimed(message_id)
    opted_out = bool(message.event) and is_opted_out(
        store_id=message.store_id, phone=message.conversation.address
    )
    attempt = _attempt(message, opted_out=opted_out, send_by=send_by)
    if attempt.result is not None:
        messages_record_sent(results=[(message, attempt.result)])
    if attempt.outcome == "late":
        _hand_on([message], single=True)
        return "handed_on"
    return attempt.outcome


def _deadline() -> float:
    """When a claim made now must have been used: half the grace period after which reconciliation may
    take it. Read before the claim's statement, so a statement slow to run only makes it earlier."""
    return time.monotonic() + settings.WASL_SEND_RECONCILE_AFTER_S / 2


def messages_send(*, message_ids: list[int]) -> dict[str, int]:
    """Send a batch, each message exactly as `message_send` would; answers are recorded together.

    Notifications go out in batches so that the work around each HTTP request (claiming, loading,
    recording, the task itself) is paid once per batch. A message that must be retried leaves the batch
    for a `send_message` task of its own, with backoff.
    """
    send_by = _deadline()
    messages = messages_claim(message_ids=message_ids)
    counts: Counter[str] = Counter()
    for message_id in set(message_ids) - {m.pk for m in messages}:
        counts[_not_claimed(message_id)] += 1
    opted_out: set[tuple[int, str]] = set()
    testers: set[tuple[int, str]] = set()
    for store_id in {m.store_id for m in messages}:
        phones = {m.conversation.address for m in messages if m.store_id == store_id}
        opted_out |= {(store_id, p) for p in opted_out_among(store_id=store_id, phones=phones)}
        testers |= {(store_id, p) for p in sandbox_phones(store_id=store_id, phones=phones)}
    sent: list[tuple[Message, SendResult]] = []
    pacers: dict[str, Pacer] = {}
    try:
        for position, message in enumerate(messages):
            whom = (message.store_id, message.conversation.address)
            attempt = _attempt(
                message,
                opted_out=whom in opted_out,
                maybe_sandbox=whom in testers,
                pacers=pacers,
                remaining=len(messages) - position,
                send_by=send_by,
            )
            if attempt.outcome == "late":
                # Reconciliation will soon take claims this old for interrupted sends: give the rest back.
                counts["handed_on"] += _hand_on(messages[position:])
                break
            counts[attempt.outcome] += 1
            if attempt.result is not None:
                sent.append((message, attempt.result))
    finally:
        # Whatever happens to the rest of the batch, what the provider took is recorded.
        messages_record_sent(results=sent)
    return dict(counts)


def _hand_on(messages: list[Message], *, single: bool = False) -> int:
    """Back to the queue unsent, under a new task; the claim that was never used is not counted."""
    ids = [m.pk for m in messages]
    released = Message.objects.filter(
        pk__in=ids, status=MessageStatus.SENDING, claimed_at=messages[0].claimed_at
    ).update(
        status=MessageStatus.QUEUED,
        claimed_at=None,
        send_attempts=F("send_attempts") - 1,
        updated_at=timezone.now(),
    )
    if single:
        send_task_enqueue(message_id=ids[0])
    else:
        send_batch_enqueue(message_ids=ids)
    return released


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
def messages_record_sent(*, results: list[tuple[Message, SendResult]]) -> None:
    """The provider took these. A status webhook may have been faster: a status never moves backwards,
    which is why the status moves in its own conditional UPDATE."""
    if not results:
        return
    now = timezone.now()
    answered = []
    for message, result in results:
        if result.provider_id:
            # On the claimed rows themselves: building fresh model objects cost more than the update.
            message.provider_id = db_text(result.provider_id, 200)
            message.cost = result.cost
            message.currency = result.currency[:3] if result.cost is not None else ""
            answered.append(message)
    bulk_update_rows(answered, ["provider_id", "cost", "currency"])
    Message.objects.filter(
        pk__in=[m.pk for m, _ in results], status__in=[MessageStatus.SENDING, MessageStatus.QUEUED]
    ).update(status=MessageStatus.SENT, sent_at=now, error_code="", error_title="", updated_at=now)
    insert_values(
        MessageStatusEvent,
        SENT_EVENT_COLUMNS,
        [[m.store_id, m.pk, MessageStatus.SENT, now, "", "", "send", {}, now] for m, _ in results],
        ignore_conflicts=True,
    )


def _never_left(error: ProviderError) -> bool:
    """A connection that was refused or a host that did not resolve: nothing reached the provider."""
    text = error.message.lower()
    return error.code == "connection" and any(sign in text for sign in _NOT_CONNECTED)


def _on_refusal(message: Message, error: ProviderError) -> str:
    if error.code in AMBIGUOUS_CODES and not _never_left(error):
        # It may have reached the provider: do not release it; a status webhook or reconciliation decides.
        Message.objects.filter(pk=message.pk).update(
            error_code=db_text(error.code, 40), error_title=db_text(error.message, 300)
        )
        logger.warning("Message id=%s: %s; left for reconciliation", message.pk, error)
        return "pending"
    if error.retryable or _never_left(error):
        if message.send_attempts >= settings.WASL_SEND_MAX_ATTEMPTS:
            _settle(message, MessageStatus.FAILED, error.code, error.message)
            return "failed"
        _retry_later(message, error)
        return "retry"
    _settle(message, MessageStatus.FAILED, error.code, error.message)
    if error.kind == MARKETING_LIMIT:
        marketing_refused(store_id=message.store_id, phone=message.conversation.address, code=error.code)
    _fall_back(message, error.kind)
    return "failed"


def _retry_later(message: Message, error: ProviderError) -> None:
    """Back to the queue, due after a backoff (full jitter, `core.retry`), with a task of its own for then."""
    delay = backoff_delay(
        max(message.send_attempts - 1, 0), settings.WASL_SEND_RETRY_BASE_S, settings.WASL_SEND_RETRY_CAP_S
    )
    due = timezone.now() + timedelta(seconds=delay)
    Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
        status=MessageStatus.QUEUED,
        claimed_at=None,
        not_before=due,
        error_code=db_text(error.code, 40),
        error_title=db_text(error.message, 300),
        updated_at=timezone.now(),
    )
    send_task_enqueue(message_id=message.pk, run_after=due)


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
