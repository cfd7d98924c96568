"""Writes for conversations and outgoing messages: open a thread, queue a message with its send task."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from wasl.core.bulk import bulk_insert_rows, insert_rows_returning_pks
from wasl.core.errors import Invalid
from wasl.core.text import db_text
from wasl.messaging.models import (
    ChannelName,
    Conversation,
    ConversationState,
    Message,
    MessageDirection,
    MessageStatus,
    MessageStatusEvent,
)
from wasl.orders.models import Customer, Order
from wasl.shipping.models import Shipment
from wasl.stores.models import Store

SERVICE_WINDOW = timedelta(hours=24)


@dataclass(frozen=True)
class Draft:
    """An outgoing message before it is stored: what to say, and why."""

    kind: str  # template | text | buttons | list | location_request | email
    body: str = ""
    language: str = ""
    event: str = ""
    subject: str = ""
    template_name: str = ""
    template_params: tuple[str, ...] = ()
    buttons: tuple[dict[str, str], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


def conversation_get_or_create(
    *, store: Store, channel: str, address: str, customer: Customer | None = None, language: str = ""
) -> Conversation:
    """The one conversation of this store with this address on this channel."""
    if channel not in ChannelName.values:
        raise Invalid(f"unknown channel {channel!r}", code="invalid_channel")
    if not address:
        raise Invalid("a conversation needs a phone number or an address", code="missing_address")
    defaults = {"customer": customer, "language": language}
    try:
        with transaction.atomic():
            conversation, _created = Conversation.objects.get_or_create(
                store=store, channel=channel, address=address, defaults=defaults
            )
    except IntegrityError:  # created by a concurrent task a moment ago
        conversation = Conversation.objects.get(store=store, channel=channel, address=address)
    if customer is not None and conversation.customer_id is None:
        Conversation.objects.filter(pk=conversation.pk, customer__isnull=True).update(customer=customer)
        conversation.customer = customer
    return conversation


def conversations_for(
    *, store: Store, wanted: list[tuple[str, str, Customer | None]]
) -> dict[tuple[str, str], Conversation]:
    """Conversations for many (channel, address, customer) at once: two reads and one insert whatever the count."""
    if not wanted:
        return {}
    addresses = {address for _, address, _ in wanted}

    def existing() -> dict[tuple[str, str], Conversation]:
        rows = Conversation.objects.filter(store=store, address__in=addresses)
        return {(c.channel, c.address): c for c in rows}

    found = existing()
    missing = {(ch, ad): cu for ch, ad, cu in wanted if (ch, ad) not in found}
    if missing:
        bulk_insert_rows(
            [
                Conversation(store=store, channel=ch, address=ad, customer=cu)
                for (ch, ad), cu in missing.items()
            ],
            CONVERSATION_COLUMNS,
            ignore_conflicts=True,  # a concurrent task may have just created some; the read below finds them
        )
        found = existing()
    return found


def conversation_window_open(conversation: Conversation, at: datetime | None = None) -> bool:
    expires = conversation.window_expires_at
    return expires is not None and expires > (at or timezone.now())


def conversation_set_state(
    *, conversation: Conversation, state: str, agent_id: int | None = None
) -> Conversation:
    """bot | human | closed. Handing to a human keeps the bot quiet until the agent closes the conversation."""
    if state not in ConversationState.values:
        raise Invalid(f"unknown state {state!r}", code="invalid_state")
    conversation.state = state
    conversation.assigned_agent_id = agent_id if state == ConversationState.HUMAN else None
    conversation.save(update_fields=["state", "assigned_agent", "updated_at"])
    return conversation


def status_event_add(
    *,
    message: Message,
    status: str,
    at: datetime,
    source: str,
    error_code: str = "",
    error_title: str = "",
    data: dict[str, Any] | None = None,
) -> None:
    """Append to the message's history; the same status at the same time with the same error is kept once."""
    MessageStatusEvent.objects.bulk_create(
        [
            MessageStatusEvent(
                store_id=message.store_id,
                message=message,
                status=status,
                occurred_at=at,
                error_code=db_text(error_code, 40),
                error_title=db_text(error_title, 300),
                source=source,
                data=data or {},
            )
        ],
        ignore_conflicts=True,
    )


def _message_row(
    conversation: Conversation,
    draft: Draft,
    key: str,
    status: str,
    order: Order | None,
    shipment: Shipment | None,
    not_before: datetime | None,
    fallback_of: Message | None,
) -> Message:
    return Message(
        store_id=conversation.store_id,
        conversation=conversation,
        order=order,
        shipment=shipment,
        direction=MessageDirection.OUTBOUND,
        channel=conversation.channel,
        kind=draft.kind,
        event=draft.event,
        language=draft.language or conversation.language,
        body=draft.body,
        subject=db_text(draft.subject, 200),
        template_name=draft.template_name,
        template_params=list(draft.template_params),
        buttons=list(draft.buttons),
        extra=draft.extra,
        idempotency_key=db_text(key, 200),
        status=status,
        not_before=not_before,
        fallback_of=fallback_of,
    )


@transaction.atomic
def message_queue(
    *,
    conversation: Conversation,
    draft: Draft,
    idempotency_key: str,
    order: Order | None = None,
    shipment: Shipment | None = None,
    not_before: datetime | None = None,
    fallback_of: Message | None = None,
    skip_reason: tuple[str, str] | None = None,
) -> tuple[Message, bool]:
    """Store an outgoing message and queue its send task, together; the same key again returns the first one.

    With `skip_reason` (code, title) the message is stored as skipped and never sent: a rule held it back
    (opted out, over the daily cap), and the record says so.
    """
    existing = Message.objects.filter(store_id=conversation.store_id, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    status = MessageStatus.SKIPPED if skip_reason else MessageStatus.QUEUED
    row = _message_row(conversation, draft, idempotency_key, status, order, shipment, not_before, fallback_of)
    if skip_reason:
        row.error_code, row.error_title = skip_reason
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        return Message.objects.get(store_id=conversation.store_id, idempotency_key=idempotency_key), False
    status_event_add(
        message=row,
        status=status,
        at=row.created_at,
        source="rule",
        error_code=row.error_code,
        error_title=row.error_title,
    )
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=row.created_at)
    if status == MessageStatus.QUEUED:
        send_task_enqueue(message_id=row.pk, run_after=not_before)
    return row, True


@dataclass(frozen=True)
class Planned:
    """One message `messages_queue_many` is to store (the arguments of `message_queue`)."""

    conversation: Conversation
    draft: Draft
    idempotency_key: str
    order: Order | None = None
    shipment: Shipment | None = None
    not_before: datetime | None = None
    skip_reason: tuple[str, str] | None = None


SEND_BATCH = 50
CONVERSATION_COLUMNS = [f.name for f in Conversation._meta.concrete_fields if not f.primary_key]
MESSAGE_COLUMNS = [f.name for f in Message._meta.concrete_fields if not f.primary_key]
STATUS_EVENT_COLUMNS = [f.name for f in MessageStatusEvent._meta.concrete_fields if not f.primary_key]


@transaction.atomic
def messages_queue_many(*, planned: list[Planned]) -> list[Message]:
    """`message_queue` for many at once: a handful of statements, sends queued in batches of SEND_BATCH.

    Keys already stored are left out; returns the messages created. If another task stores one of the
    same keys at the same moment, falls back to one `message_queue` at a time.
    """
    if not planned:
        return []
    store_id = planned[0].conversation.store_id
    taken = set(
        Message.objects.filter(
            store_id=store_id, idempotency_key__in=[p.idempotency_key for p in planned]
        ).values_list("idempotency_key", flat=True)
    )
    fresh = list({p.idempotency_key: p for p in planned if p.idempotency_key not in taken}.values())
    rows = []
    for p in fresh:
        status = MessageStatus.SKIPPED if p.skip_reason else MessageStatus.QUEUED
        row = _message_row(
            p.conversation, p.draft, p.idempotency_key, status, p.order, p.shipment, p.not_before, None
        )
        if p.skip_reason:
            row.error_code, row.error_title = p.skip_reason
        rows.append(row)
    try:
        with transaction.atomic():
            insert_rows_returning_pks(
                rows, MESSAGE_COLUMNS, key="idempotency_key", scope={"store_id": store_id}
            )
    except IntegrityError:
        return [m for p in fresh for m, new in [_queue_one(p)] if new]
    created = rows
    now = timezone.now()
    bulk_insert_rows(
        [
            MessageStatusEvent(
                store_id=store_id,
                message_id=m.pk,
                status=m.status,
                occurred_at=now,
                source="rule",
                error_code=m.error_code,
                error_title=m.error_title,
            )
            for m in created
        ],
        STATUS_EVENT_COLUMNS,
    )
    Conversation.objects.filter(pk__in={m.conversation_id for m in created}).update(last_message_at=now)
    by_time: dict[datetime | None, list[int]] = {}
    for m in created:
        if m.status == MessageStatus.QUEUED:
            by_time.setdefault(m.not_before, []).append(m.pk)
    for run_after, ids in by_time.items():
        for start in range(0, len(ids), SEND_BATCH):
            send_batch_enqueue(message_ids=ids[start : start + SEND_BATCH], run_after=run_after)
    return created


def _queue_one(p: Planned) -> tuple[Message, bool]:
    return message_queue(
        conversation=p.conversation,
        draft=p.draft,
        idempotency_key=p.idempotency_key,
        order=p.order,
        shipment=p.shipment,
        not_before=p.not_before,
        skip_reason=p.skip_reason,
    )


def send_batch_enqueue(*, message_ids: list[int], run_after: datetime | None = None) -> None:
    from wasl.messaging.tasks import send_batch

    task = send_batch.using(run_after=run_after) if run_after else send_batch
    task.enqueue(message_ids)


def send_task_enqueue(*, message_id: int, run_after: datetime | None = None) -> None:
    """Queue the message's send task. The task row lives in this database, so it commits with the message."""
    from wasl.messaging.tasks import send_message

    task = send_message.using(run_after=run_after) if run_after else send_message
    task.enqueue(message_id)
