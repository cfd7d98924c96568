"""Conversations that other apps lead (COD confirmation, address check, failed deliveries): their buttons
and the answers they wait for.

The bot answers what buyers start; a flow starts with a message of ours (a prompt) and needs the buyer's
answer back. A flow registers, once, at start-up (its AppConfig.ready):

- `register_tap(head, handler)`: buttons whose ids are `button_id(head, object_id, value)`, e.g.
  "cod:42:confirm". A tap on one (or, on SMS, its number typed back) calls `handler(turn, object_id, value)`.
- `register_reply(awaits, handler)`: a prompt queued with `extra={"awaits": awaits, ...}` makes the buyer's
  next free text or location pin go to `handler(turn, prompt)` first; it returns False to let the bot
  answer as usual (the buyer asked something else).

Handlers run inside the inbound message's transaction, like the bot, and answer through `turn`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from wasl.messaging.models import Conversation, Message, MessageDirection

TapHandler = Callable[..., None]  # (turn: bot_replies.Turn, object_id: int, value: str) -> None
ReplyHandler = Callable[..., bool]  # (turn: bot_replies.Turn, prompt: Message) -> handled
PROMPT_MEMORY = timedelta(days=3)  # a prompt older than this is not what the buyer is answering

_taps: dict[str, TapHandler] = {}
_replies: dict[str, ReplyHandler] = {}


def register_tap(head: str, handler: TapHandler) -> None:
    if not head.isidentifier() or head in ("day", "cancel", "review", "menu"):
        raise ValueError(f"{head!r} cannot be a flow's button head")
    _taps[head] = handler


def register_reply(awaits: str, handler: ReplyHandler) -> None:
    _replies[awaits] = handler


def button_id(head: str, object_id: int, value: str) -> str:
    """The id of a flow's button: "<head>:<object id>:<value>" (WhatsApp allows 256 characters)."""
    return f"{head}:{object_id}:{value}"[:256]


def flow_tap(raw_id: str) -> tuple[TapHandler, int, str] | None:
    """The registered handler for a button id, with the id's object id and value; None if no flow owns it."""
    head, _, rest = raw_id.partition(":")
    object_id, _, value = rest.partition(":")
    handler = _taps.get(head)
    if handler is None or not object_id.isdecimal():
        return None
    return handler, int(object_id), value


def open_prompt(conversation: Conversation) -> Message | None:
    """The latest message of ours in this conversation that waits for an answer, unless the buyer has
    written since (then it was answered, or ignored)."""
    latest = (
        Message.objects.filter(
            conversation=conversation,
            direction=MessageDirection.OUTBOUND,
            created_at__gte=timezone.now() - PROMPT_MEMORY,
            extra__has_key="awaits",
        )
        .order_by("-id")
        .first()
    )
    if latest is None or not isinstance(latest.extra, dict) or latest.extra.get("awaits") not in _replies:
        return None
    answered = Message.objects.filter(
        conversation=conversation, direction=MessageDirection.INBOUND, id__gt=latest.pk
    )
    # The message being answered right now is stored already: one inbound since the prompt is this one.
    return latest if answered.count() <= 1 else None


def reply_handler(prompt: Message) -> ReplyHandler | None:
    awaits = prompt.extra.get("awaits") if isinstance(prompt.extra, dict) else None
    return _replies.get(str(awaits)) if awaits else None
