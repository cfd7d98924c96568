"""A message as a chat bubble: who wrote it, what it says, what the buyer can tap on it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wasl.messaging.models import Message, MessageDirection, MessageStatus
from wasl.messaging.review_texts import REVIEW_TEMPLATE

StrOrPromise = str | Promise
# The quick replies Meta approved with the review template (see messaging/review_texts.py).
REVIEW_QUICK_REPLIES = tuple(f"{n} {'⭐' * n}" for n in (5, 4, 3, 2, 1))


@dataclass(frozen=True)
class Choice:
    id: str
    title: str
    kind: str  # "button" or "list": how WhatsApp reports the tap


@dataclass(frozen=True)
class Bubble:
    message: Message
    mine: bool  # written by the buyer
    author: StrOrPromise
    text: str
    at: datetime
    status: str
    kind: str
    choices: list[Choice] = field(default_factory=list)
    list_button: str = ""
    template_name: str = ""
    location: str = ""
    asks_location: bool = False
    not_before: datetime | None = None
    error: str = ""


def _author(message: Message) -> StrOrPromise:
    if message.direction == MessageDirection.INBOUND:
        return _("Buyer")
    tag = message.extra.get("bot", "") if isinstance(message.extra, dict) else ""
    if tag == "agent":
        return _("Agent")
    if message.event:
        return _("Notification")
    if message.idempotency_key.startswith("review:"):
        return _("Review request")
    return pgettext_lazy("author of a message", "Bot")


def _choices(message: Message) -> list[Choice]:
    if message.buttons:
        return [Choice(str(b.get("id", "")), str(b.get("title", "")), "button") for b in message.buttons]
    extra = message.extra if isinstance(message.extra, dict) else {}
    rows = extra.get("rows") or []
    if rows:
        return [
            Choice(str(r.get("id", "")), str(r.get("title", "")), "list") for r in rows if isinstance(r, dict)
        ]
    if message.template_name == REVIEW_TEMPLATE:
        return [Choice(title, title, "button") for title in REVIEW_QUICK_REPLIES]
    return []


def bubble(message: Message) -> Bubble:
    extra = message.extra if isinstance(message.extra, dict) else {}
    location = ""
    if extra.get("latitude") and extra.get("longitude"):
        location = f"{extra['latitude']}, {extra['longitude']}"
    text = message.body or str(extra.get("button_title", "")) or str(extra.get("emoji", ""))
    # A buyer's message is dated when they sent it (a webhook may be processed later).
    received = [e.occurred_at for e in message.status_events.all() if e.status == MessageStatus.RECEIVED]
    return Bubble(
        message=message,
        mine=message.direction == MessageDirection.INBOUND,
        author=_author(message),
        text=text,
        at=received[0] if received else message.created_at,
        status=message.status,
        kind=message.kind,
        choices=_choices(message) if message.direction == MessageDirection.OUTBOUND else [],
        list_button=str(extra.get("list_button", "")),
        template_name=message.template_name,
        location=location,
        asks_location=message.kind == "location_request",
        not_before=message.not_before,
        error=message.error_title,
    )


def bubbles(messages: list[Message]) -> list[Bubble]:
    return [bubble(m) for m in messages]


def version_of(messages: list[Message]) -> str:
    """Changes whenever a message is added or changes status: what the sandbox page polls for."""
    digest = hashlib.sha256(",".join(f"{m.pk}:{m.status}" for m in messages).encode()).hexdigest()
    return digest[:16]
