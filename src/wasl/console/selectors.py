"""Reads for the console's pages, always within one store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from wasl.console.models import SandboxPhone
from wasl.messaging.models import Conversation, ConversationState, Message
from wasl.messaging.selectors import conversation_get, conversation_messages
from wasl.orders.models import Customer, Order, OrderEvent
from wasl.shipping.models import Direction, Shipment
from wasl.stores.crypto import decrypt
from wasl.stores.models import IntegrationSecret, SettingChange, Store

FLAG_DAYS = 14
INBOX_LIMIT = 200


@dataclass(frozen=True)
class InboxRow:
    conversation: Conversation
    buyer: str
    last_text: str
    last_direction: str
    order: Order | None


def _latest(field: str) -> Subquery:
    newest = Message.objects.filter(conversation=OuterRef("pk")).order_by("-id")
    return Subquery(newest.values(field)[:1])


def orders_by_phone(store: Store, phones: set[str]) -> dict[str, Order]:
    """The latest order of each phone."""
    found: dict[str, Order] = {}
    rows = Order.objects.filter(store=store, customer__phone__in=phones).select_related("customer")
    for order in rows.order_by("placed_at", "id"):
        if order.customer is not None:
            found[order.customer.phone] = order
    return found


def inbox(*, store: Store) -> list[InboxRow]:
    """Conversations waiting for a person, the most recently active first."""
    conversations = list(
        Conversation.objects.filter(store=store, state=ConversationState.HUMAN)
        .select_related("customer", "assigned_agent")
        .annotate(last_body=_latest("body"), last_direction=_latest("direction"))
        .order_by("-last_message_at", "-id")[:INBOX_LIMIT]
    )
    orders = orders_by_phone(store, {c.address for c in conversations})
    return [
        InboxRow(
            conversation=c,
            buyer=(c.customer.name if c.customer and c.customer.name else "") or c.address,
            last_text=str(getattr(c, "last_body", "") or ""),
            last_direction=str(getattr(c, "last_direction", "") or ""),
            order=orders.get(c.address),
        )
        for c in conversations
    ]


@dataclass(frozen=True)
class Thread:
    conversation: Conversation
    messages: list[Message]
    order: Order | None
    shipment: Shipment | None


def thread(*, store: Store, conversation_id: int) -> Thread:
    """A conversation with its messages (oldest first), and the order it is most likely about."""
    conversation = conversation_get(store=store, conversation_id=conversation_id)
    order = orders_by_phone(store, {conversation.address}).get(conversation.address)
    shipment = (
        Shipment.objects.filter(order=order, direction=Direction.FORWARD).order_by("-id").first()
        if order is not None
        else None
    )
    return Thread(conversation, conversation_messages(conversation=conversation), order, shipment)


def staff_requests(*, store: Store) -> list[OrderEvent]:
    """Requests the bot took that staff must pass on (a new delivery day, a new address), not yet done."""
    since = timezone.now() - timedelta(days=FLAG_DAYS)
    events = list(
        OrderEvent.objects.filter(
            store_id=store.pk, kind="note", occurred_at__gte=since, data__needs_staff=True
        )
        .select_related("order__customer")
        .order_by("-occurred_at", "-id")[:100]
    )
    done = set(
        OrderEvent.objects.filter(
            store_id=store.pk, kind="note", occurred_at__gte=since, data__type="staff_done"
        ).values_list("data__event_id", flat=True)
    )
    waiting = [e for e in events if e.pk not in done]
    for event in waiting:
        event.requested_day = _day(event.data.get("day"))  # type: ignore[attr-defined]
    return waiting


def _day(raw: object) -> date | None:
    try:
        return date.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        return None


def sandbox_phones(*, store: Store) -> list[SandboxPhone]:
    return list(SandboxPhone.objects.filter(store=store).order_by("-created_at", "-id"))


def recent_buyers(*, store: Store, limit: int = 12) -> list[Customer]:
    """Buyers with a phone and a recent order, to try the sandbox with real orders."""
    recent = (
        Order.objects.filter(store=store, customer__isnull=False)
        .exclude(customer__phone="")
        .order_by("-placed_at")
        .values_list("customer_id", flat=True)[: limit * 5]
    )
    ids = list(dict.fromkeys(recent))[:limit]
    customers = {c.pk: c for c in Customer.objects.filter(pk__in=ids)}
    return [customers[i] for i in ids if i in customers]


def sandbox_thread(*, store: Store, phone: str) -> list[Message]:
    conversation = Conversation.objects.filter(store=store, channel="whatsapp", address=phone).first()
    return conversation_messages(conversation=conversation) if conversation is not None else []


def channel_values(*, store: Store, channel: str) -> dict[str, str | None]:
    """A channel's stored settings, decrypted, keyed without the channel's prefix; None for a value the
    current encryption key cannot read (the key changed), so that the page can say so instead of failing."""
    values: dict[str, str | None] = {}
    rows = IntegrationSecret.objects.filter(store=store, key__startswith=f"{channel}.")
    for key, encrypted in rows.values_list("key", "encrypted_value"):
        try:
            values[key.split(".", 1)[1]] = decrypt(encrypted)
        except ValueError:
            values[key.split(".", 1)[1]] = None
    return values


TEST_PREFIX = "test:"


def test_messages(*, store: Store, channel: str, limit: int = 5) -> list[Message]:
    """The latest test messages sent from the settings page for this channel, with their fallbacks."""
    return list(
        Message.objects.filter(store=store, idempotency_key__startswith=f"{TEST_PREFIX}{channel}:")
        .select_related("conversation")
        .order_by("-id")[:limit]
    )


def setting_changes(*, store: Store, limit: int = 20) -> list[SettingChange]:
    return list(SettingChange.objects.filter(store=store).order_by("-at", "-id")[:limit])
