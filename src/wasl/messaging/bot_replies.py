"""How the bot answers: one turn (the buyer's message and its language), replies keyed by that message, menus.

Every bot reply carries a tag in `extra["bot"]` ("unclear", "handover", "address", ...): the next turn reads
the previous reply's tag to know what the bot last asked, so the bot keeps no state of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone

from wasl.messaging.bot_texts import MENU_ROWS, say
from wasl.messaging.channels.types import InboundMessage
from wasl.messaging.inbound import inbound_key
from wasl.messaging.models import Conversation, Message, MessageDirection
from wasl.messaging.services import Draft, message_queue

REPLY_PREFIX = "reply:"
# What the bot asked last counts only for a while: a buyer who comes back days later starts afresh.
MEMORY = timedelta(hours=24)

MENU_BUTTONS: dict[str, tuple[tuple[str, str], ...]] = {
    "ar": (("menu:where", "أين طلبي؟"), ("menu:change", "تعديل الطلب"), ("menu:human", "التحدث لموظف")),
    "fr": (
        ("menu:where", "Où est ma commande"),
        ("menu:change", "Modifier ma commande"),
        ("menu:human", "Parler à quelqu'un"),
    ),
    "en": (
        ("menu:where", "Where is my order"),
        ("menu:change", "Change my order"),
        ("menu:human", "Talk to a person"),
    ),
}
CHANGE_ROWS = ("menu:day", "menu:address", "menu:cancel", "menu:return")
CHANGE_TEXT = {
    "ar": "ماذا تريد أن تغيّر؟",
    "fr": "Que souhaitez-vous modifier ?",
    "en": "What would you like to change?",
}


def reply(conversation: Conversation, inbound: InboundMessage, draft: Draft, *, suffix: str = "") -> Message:
    """Queue an answer to `inbound`; the same inbound message never gets the same answer twice."""
    key = f"{REPLY_PREFIX}{inbound_key(inbound)}{':' + suffix if suffix else ''}"
    message, _created = message_queue(conversation=conversation, draft=draft, idempotency_key=key)
    return message


@dataclass(frozen=True)
class Turn:
    """One buyer message being answered."""

    conversation: Conversation
    inbound: InboundMessage
    language: str

    def say(self, key: str, **values: object) -> str:
        return say(key, self.language, **values)

    def send(self, draft: Draft, *, suffix: str = "") -> Message:
        return reply(self.conversation, self.inbound, draft, suffix=suffix)

    def text(self, body: str, *, tag: str = "", suffix: str = "", **extra: Any) -> Message:
        return self.send(
            Draft(kind="text", body=body, language=self.language, extra=_tagged(tag, extra)), suffix=suffix
        )

    def buttons(
        self, body: str, buttons: list[tuple[str, str]], *, tag: str = "", suffix: str = "", **extra: Any
    ) -> Message:
        draft = Draft(
            kind="buttons",
            body=body,
            language=self.language,
            buttons=tuple({"id": button_id, "title": title} for button_id, title in buttons),
            extra=_tagged(tag, extra),
        )
        return self.send(draft, suffix=suffix)

    def menu(self, *, lead: str = "", tag: str = "menu", suffix: str = "") -> Message:
        body = f"{lead}\n{self.say('menu')}" if lead else self.say("menu")
        return self.buttons(body, list(MENU_BUTTONS[self.language]), tag=tag, suffix=suffix)

    def change_menu(self) -> Message:
        rows = [(i, t) for i, t in MENU_ROWS[self.language] if i in CHANGE_ROWS]
        return self.send(list_draft(CHANGE_TEXT[self.language], self.say("menu_button"), rows, self.language))


def list_draft(
    body: str, button: str, rows: list[tuple[str, str]], language: str, *, tag: str = "", **extra: Any
) -> Draft:
    return Draft(
        kind="list",
        body=body,
        language=language,
        extra={
            **_tagged(tag, extra),
            "list_button": button,
            "rows": [{"id": row_id, "title": title} for row_id, title in rows],
        },
    )


def _tagged(tag: str, extra: dict[str, Any]) -> dict[str, Any]:
    return {"bot": tag, **extra} if tag else dict(extra)


def last_bot_reply(conversation: Conversation) -> Message | None:
    """The bot's latest reply in this conversation, if it is recent (see MEMORY)."""
    return (
        Message.objects.filter(
            conversation=conversation,
            direction=MessageDirection.OUTBOUND,
            idempotency_key__startswith=REPLY_PREFIX,
            created_at__gte=timezone.now() - MEMORY,
        )
        .order_by("-id")
        .first()
    )


def tag_of(message: Message | None) -> str:
    if message is None or not isinstance(message.extra, dict):
        return ""
    return str(message.extra.get("bot", ""))


def choices_of(message: Message | None) -> list[str]:
    """The ids of the buttons or list rows a message offered, in the order an SMS numbers them."""
    if message is None:
        return []
    if message.buttons:
        return [str(b.get("id", "")) for b in message.buttons if isinstance(b, dict)]
    rows = message.extra.get("rows", []) if isinstance(message.extra, dict) else []
    return [str(r.get("id", "")) for r in rows if isinstance(r, dict)]
