"""The seam for the conversational bot: `handle_inbound(conversation, inbound)`.

The contract, for whoever builds the bot, reviews and the human handover on top:

- It is called once per buyer message, inside the transaction that stored the message, only while the
  conversation's state is "bot" and the message was not an opt-out/opt-in word (those are handled before).
  Raising rolls the message back and the webhook is processed again later; do not raise for bad input.
- `conversation` is locked for the transaction (select_for_update), with `store` and `customer` loaded.
  `inbound` is the parsed message (text, button_id/button_title of a tap, latitude/longitude, replied_to).
- Answer with `reply(conversation, inbound, draft)`: it queues the reply with a key derived from the
  buyer's message id, so a second processing of the same webhook never answers twice. Several replies to
  one message need distinct `suffix`es.
- Hand over to a person with `services.conversation_set_state(conversation=..., state="human")`; the bot
  is not called again until an agent closes the conversation.

For now every message gets the menu: unclear messages are answered, never met with silence.
"""

from __future__ import annotations

from wasl.messaging.channels.types import InboundMessage
from wasl.messaging.inbound import buyer_language, inbound_key
from wasl.messaging.models import Conversation, Message
from wasl.messaging.services import Draft, message_queue

MENU_TEXT = {
    "ar": "كيف يمكننا مساعدتك؟ اختر من القائمة:",
    "fr": "Comment pouvons-nous vous aider ? Choisissez :",
    "en": "How can we help? Pick one:",
}
MENU_BUTTONS = {
    "ar": (("menu:where", "أين طلبي؟"), ("menu:change", "تغيير التوصيل"), ("menu:human", "التحدث لموظف")),
    "fr": (
        ("menu:where", "Où est ma commande"),
        ("menu:change", "Changer livraison"),
        ("menu:human", "Parler à quelqu'un"),
    ),
    "en": (
        ("menu:where", "Where is my order"),
        ("menu:change", "Change delivery"),
        ("menu:human", "Talk to a person"),
    ),
}


def reply(conversation: Conversation, inbound: InboundMessage, draft: Draft, *, suffix: str = "") -> Message:
    """Queue an answer to `inbound`; the same inbound message never gets the same answer twice."""
    key = f"reply:{inbound_key(inbound)}{':' + suffix if suffix else ''}"
    message, _created = message_queue(conversation=conversation, draft=draft, idempotency_key=key)
    return message


def menu_draft(language: str) -> Draft:
    buttons = tuple({"id": button_id, "title": title} for button_id, title in MENU_BUTTONS[language])
    return Draft(kind="buttons", body=MENU_TEXT[language], language=language, buttons=buttons)


def handle_inbound(conversation: Conversation, inbound: InboundMessage) -> None:
    """Answer one buyer message (see the module's docstring for the contract)."""
    language = buyer_language(conversation, inbound.text)
    reply(conversation, inbound, menu_draft(language))
