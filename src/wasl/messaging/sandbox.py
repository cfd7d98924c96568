"""The sandbox: a merchant plays a buyer from the console, and nothing they do reaches WhatsApp or an SMS provider.

A *sandbox phone* is a number the store registered as a test number (`console.SandboxPhone`). The sending
engine asks `sandbox_handle` first for every message: one to a sandbox phone gets the `SandboxChannel`,
which keeps it inside Wasl, answers with a provider id of its own and reports it delivered (a task, as a
provider's status webhook would). What the merchant writes "as the buyer" is turned into the same
`InboundMessage` the WhatsApp webhook produces and goes through `webhook_content_apply`, the path every
real buyer message takes: stored, opt-out words, the bot, reviews.
"""

from __future__ import annotations

import logging
import uuid
from collections import deque
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from wasl.console.models import SandboxPhone
from wasl.core.errors import Invalid
from wasl.core.phones import to_e164
from wasl.core.text import db_text
from wasl.messaging.channels.registry import ChannelHandle
from wasl.messaging.channels.types import InboundMessage, OutgoingMessage, SendResult, StatusUpdate
from wasl.messaging.models import Conversation, Message, MessageDirection, MessageStatus
from wasl.stores.models import Store

logger = logging.getLogger(__name__)

CHANNEL_NAME = "sandbox"
PROVIDER_PREFIX = "sandbox."
PHONE_CHANNELS = ("whatsapp", "sms")
TEXT_MAX = 4096


class SandboxChannel:
    """A channel that sends nowhere: it keeps what it is given (the last 500, for tests) and accepts it."""

    name = CHANNEL_NAME

    def __init__(self, *, store_id: int) -> None:
        self.store_id = store_id
        self.sent: deque[OutgoingMessage] = deque(maxlen=500)

    def send(self, message: OutgoingMessage) -> SendResult:
        self.sent.append(message)
        provider_id = f"{PROVIDER_PREFIX}{uuid.uuid4().hex}"
        # A provider reports delivery a moment later, on its own; so does the sandbox.
        sandbox_receipt.enqueue(self.store_id, message.idempotency_key)
        return SendResult(provider_id=provider_id, cost=Decimal(0), currency="USD")


_channels: dict[int, SandboxChannel] = {}


def sandbox_channel(store_id: int) -> SandboxChannel:
    return _channels.setdefault(store_id, SandboxChannel(store_id=store_id))


def is_sandbox_phone(*, store_id: int, phone: str) -> bool:
    return bool(phone) and SandboxPhone.objects.filter(store_id=store_id, phone=phone).exists()


def sandbox_phones(*, store_id: int, phones: Iterable[str]) -> set[str]:
    """Which of these phones are the store's sandbox phones."""
    wanted = {p for p in phones if p}
    if not wanted:
        return set()
    return set(
        SandboxPhone.objects.filter(store_id=store_id, phone__in=wanted).values_list("phone", flat=True)
    )


def sandbox_handle(message: Message) -> ChannelHandle | None:
    """The sandbox channel for a WhatsApp or SMS message to a sandbox phone; None for everyone else.

    Checked on every send, with no cache: a number registered a second ago must already stay inside.
    """
    if message.channel not in PHONE_CHANNELS:
        return None
    if not is_sandbox_phone(store_id=message.store_id, phone=message.conversation.address):
        return None
    return ChannelHandle(sandbox_channel(message.store_id), f"sandbox:{message.store_id}", "sandbox", None)


def sandbox_mark_delivered(*, store_id: int, idempotency_key: str, at: datetime | None = None) -> str:
    """Report a sandbox message delivered, once; what a provider's status webhook does for real messages."""
    from wasl.messaging.receipts import status_apply

    message = (
        Message.objects.filter(store_id=store_id, idempotency_key=idempotency_key)
        .select_related("store")
        .first()
    )
    if message is None or message.status not in (MessageStatus.SENDING, MessageStatus.SENT):
        return "skipped"
    update = StatusUpdate(
        provider_id=message.provider_id,
        channel=message.channel,
        status=MessageStatus.DELIVERED,
        at=at or timezone.now(),
        recipient=CHANNEL_NAME,
    )
    return status_apply(store=message.store, update=update, callback_key=idempotency_key)


@task()
def sandbox_receipt(store_id: int, idempotency_key: str) -> str:
    return sandbox_mark_delivered(store_id=store_id, idempotency_key=idempotency_key)


# --- the console's side ---


def sandbox_phone_add(
    *, store: Store, phone: str, label: str = "", user_id: int | None = None
) -> SandboxPhone:
    """Register a test number (any format the store's country reads); the same number again is kept once."""
    e164 = to_e164(phone, store.country)
    if not e164:
        raise Invalid(f"{phone[:40]!r} is not a phone number", code="invalid_phone")
    try:
        with transaction.atomic():
            row, _created = SandboxPhone.objects.get_or_create(
                store=store,
                phone=e164,
                defaults={"label": db_text(label, 100).strip(), "created_by_id": user_id},
            )
    except IntegrityError:
        row = SandboxPhone.objects.get(store=store, phone=e164)
    return row


def sandbox_phone_remove(*, store: Store, phone: str) -> bool:
    """From now on messages to this number go out for real again."""
    deleted, _ = SandboxPhone.objects.filter(store=store, phone=phone).delete()
    return bool(deleted)


def sandbox_buyer_says(
    *,
    store: Store,
    phone: str,
    text: str = "",
    button_id: str = "",
    button_title: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    kind: str = "",
    at: datetime | None = None,
) -> Message | None:
    """A message from the buyer's side, through the same path as a WhatsApp webhook; then the replies go out."""
    from wasl.messaging.inbound import webhook_content_apply

    if not is_sandbox_phone(store_id=store.pk, phone=phone):
        raise Invalid("this number is not one of the store's sandbox phones", code="not_sandbox_phone")
    text = db_text(text).strip()
    if len(text) > TEXT_MAX:
        raise Invalid(f"a message holds at most {TEXT_MAX} characters", code="message_too_long")
    if not kind:
        kind = "button" if button_id else ("location" if latitude is not None else "text")
    if kind == "text" and not text:
        raise Invalid("write a message first", code="empty_message")
    provider_id = f"{PROVIDER_PREFIX}in.{uuid.uuid4().hex}"
    inbound = InboundMessage(
        provider_id=provider_id,
        channel="whatsapp",
        from_phone=phone,
        to_id=CHANNEL_NAME,
        received_at=at or timezone.now(),
        kind=kind,
        text=text,
        button_id=db_text(button_id, 200),
        button_title=db_text(button_title, 200),
        latitude=latitude,
        longitude=longitude,
        extra={"sandbox": "true"},
    )
    webhook_content_apply(store=store, messages=[inbound], statuses=[])
    sandbox_deliver(store=store, phone=phone)
    return Message.objects.filter(store=store, provider_id=provider_id).first()


def sandbox_deliver(*, store: Store, phone: str, now: datetime | None = None) -> int:
    """Send now what is due for this sandbox phone, without waiting for a worker; returns how many went."""
    from wasl.messaging.sending import message_send

    now = now or timezone.now()
    due = Message.objects.filter(
        store=store,
        conversation__address=phone,
        conversation__channel__in=PHONE_CHANNELS,
        direction=MessageDirection.OUTBOUND,
        status=MessageStatus.QUEUED,
    ).filter(Q(not_before__isnull=True) | Q(not_before__lte=now))
    sent = 0
    for message_id, key in due.order_by("id").values_list("pk", "idempotency_key"):
        if message_send(message_id=message_id) == "sent":
            sandbox_mark_delivered(store_id=store.pk, idempotency_key=key)
            sent += 1
    return sent


def sandbox_conversation(*, store: Store, phone: str) -> Conversation | None:
    return Conversation.objects.filter(store=store, channel="whatsapp", address=phone).first()
