"""/api/v1/conversations and /api/v1/messages: what was said to whom, with each message's status history."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from wasl.messaging.schemas import ConversationDetailOut, ConversationPageOut, MessagePageOut
from wasl.messaging.selectors import conversation_get, conversation_list, conversation_messages, message_list

conversations_router = Router(tags=["conversations"])
messages_router = Router(tags=["messages"])


class ConversationFilters(Schema):
    cursor: str | None = None
    limit: int = 50
    phone: str | None = Field(None, max_length=254, description="E.164, e.g. +966501234567")
    state: Literal["bot", "human", "closed"] | None = None
    channel: Literal["whatsapp", "sms", "email"] | None = None


class MessageFilters(Schema):
    cursor: str | None = None
    limit: int = 50
    order: str | None = Field(None, max_length=100, description="the order's external id")
    phone: str | None = Field(None, max_length=254, description="E.164, e.g. +966501234567")
    provider_id: str | None = Field(None, max_length=200, description="e.g. a WhatsApp wamid")


@conversations_router.get("", response=ConversationPageOut)
def list_conversations(request: HttpRequest, filters: Query[ConversationFilters]) -> dict:
    """Newest first, with cursor pagination."""
    page = conversation_list(store=request.auth, **filters.dict())  # type: ignore[attr-defined]
    return {"items": page.items, "next_cursor": page.next_cursor}


@conversations_router.get("/{int:conversation_id}", response=ConversationDetailOut)
def get_conversation(request: HttpRequest, conversation_id: int) -> object:
    """One conversation with its latest 200 messages, oldest first."""
    conversation = conversation_get(store=request.auth, conversation_id=conversation_id)  # type: ignore[attr-defined]
    conversation.messages_loaded = conversation_messages(conversation=conversation)  # type: ignore[attr-defined]
    return conversation


@messages_router.get("", response=MessagePageOut)
def list_messages(request: HttpRequest, filters: Query[MessageFilters]) -> dict:
    """Newest first; filter by order, phone or provider message id. Each with its status history and cost."""
    page = message_list(store=request.auth, **filters.dict())  # type: ignore[attr-defined]
    return {"items": page.items, "next_cursor": page.next_cursor}
