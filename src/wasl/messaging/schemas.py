"""JSON shapes of conversations and messages in the API."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Schema

from wasl.messaging.models import Conversation, Message


class StatusEventOut(Schema):
    status: str
    occurred_at: datetime
    error_code: str
    error_title: str
    source: str


class MessageOut(Schema):
    id: int
    conversation_id: int
    direction: str
    channel: str
    kind: str
    event: str
    language: str
    body: str
    template_name: str
    template_params: list[str]
    buttons: list[dict[str, str]]
    status: str
    error_code: str
    error_title: str
    provider_id: str
    phone: str
    order_id: str | None
    tracking_number: str | None
    cost: Decimal | None
    currency: str
    fallback_of_id: int | None
    created_at: datetime
    sent_at: datetime | None
    delivered_at: datetime | None
    read_at: datetime | None
    status_history: list[StatusEventOut]

    @staticmethod
    def resolve_phone(obj: Message) -> str:
        return obj.conversation.address

    @staticmethod
    def resolve_order_id(obj: Message) -> str | None:
        return obj.order.external_id if obj.order else None

    @staticmethod
    def resolve_tracking_number(obj: Message) -> str | None:
        return obj.shipment.tracking_number if obj.shipment else None

    @staticmethod
    def resolve_status_history(obj: Message) -> list:
        return list(obj.status_events.all())


class ConversationOut(Schema):
    id: int
    channel: str
    phone: str
    customer_name: str
    language: str
    state: str
    window_expires_at: datetime | None
    last_inbound_at: datetime | None
    last_message_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_phone(obj: Conversation) -> str:
        return obj.address

    @staticmethod
    def resolve_customer_name(obj: Conversation) -> str:
        return obj.customer.name if obj.customer else ""


class ConversationDetailOut(ConversationOut):
    messages: list[MessageOut]

    @staticmethod
    def resolve_messages(obj: Conversation) -> list:
        from wasl.messaging.selectors import conversation_messages

        loaded = getattr(obj, "messages_loaded", None)
        return loaded if loaded is not None else conversation_messages(conversation=obj)


class ConversationPageOut(Schema):
    items: list[ConversationOut]
    next_cursor: str | None


class MessagePageOut(Schema):
    items: list[MessageOut]
    next_cursor: str | None
