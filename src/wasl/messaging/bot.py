"""The conversational bot: `handle_inbound(conversation, inbound)` answers one buyer message.

The contract with the inbound path (`inbound.inbound_receive`):

- It is called once per buyer message, inside the transaction that stored the message, only while the
  conversation's state is "bot" and the message was not an opt-out/opt-in word (those are handled before).
  Raising rolls the message back and the webhook is processed again later; it does not raise for bad input.
- `conversation` is locked for the transaction (select_for_update), with `store` and `customer` loaded.
  `inbound` is the parsed message (text, button_id/button_title of a tap, latitude/longitude, replied_to).
- Answers go through `reply(conversation, inbound, draft)`: it queues the reply with a key derived from the
  buyer's message id, so a second processing of the same webhook never answers twice. Several replies to
  one message need distinct `suffix`es.
- Handing over to a person sets the state to "human" (`handover.hand_over`); the bot is not called again
  until an agent closes the conversation.

What it understands: the six requests of `intents.ACTIONS` in free text (Arabic in its dialects and in Latin
letters, French, English) or from its own buttons and list rows; review ratings and comments
(`reviews`); a location pin or a text after "send us the new address". A greeting gets the menu, thanks a
short answer; anything else gets the menu with an apology, and a second unclear message in a row goes to
a person. Reactions, edits and system notices are not messages to answer and get none.
"""

from __future__ import annotations

from collections.abc import Callable

from wasl.messaging import bot_actions as act
from wasl.messaging import intent_words as words
from wasl.messaging.bot_replies import Turn, choices_of, last_bot_reply, reply, tag_of
from wasl.messaging.channels.types import InboundMessage
from wasl.messaging.flows import flow_tap, open_prompt, reply_handler
from wasl.messaging.handover import hand_over
from wasl.messaging.inbound import buyer_language
from wasl.messaging.intents import Tap, intent_of, numbered_choice, tap_of
from wasl.messaging.models import Conversation, Message
from wasl.messaging.reviews import on_review_tap, on_review_text

__all__ = ["handle_inbound", "reply"]

# WhatsApp notices that arrive as messages but say nothing to answer.
SILENT_TYPES = frozenset({"reaction", "system", "edit", "revoke"})


def _greet(turn: Turn) -> None:
    customer = turn.conversation.customer
    name = customer.name.split()[0] if customer is not None and customer.name.strip() else ""
    turn.menu(lead=turn.say("hello", name=name) if name else "")


def _thank(turn: Turn) -> None:
    turn.text(turn.say("welcome"), tag="thanks")


ON_INTENT: dict[str, Callable[[Turn], None]] = {
    words.WHERE: act.where_is_my_order,
    words.CHANGE_DAY: act.offer_days,
    words.CHANGE_ADDRESS: act.ask_address,
    words.CANCEL: act.ask_cancel,
    words.RETURN: act.start_return,
    words.HUMAN: act.talk_to_person,
    words.GREETING: _greet,
    words.THANKS: _thank,
}


def handle_inbound(conversation: Conversation, inbound: InboundMessage) -> None:
    """Answer one buyer message (see the module's docstring for the contract)."""
    if inbound.extra.get("type") in SILENT_TYPES:
        return
    language = buyer_language(conversation, inbound.text or inbound.button_title)
    turn = Turn(conversation, inbound, language)
    previous = last_bot_reply(conversation)
    prompt = open_prompt(conversation)
    if _flow_tap(turn, previous, prompt):
        return
    tap = _tap(conversation, inbound, previous)
    if tap is not None:
        _on_tap(turn, tap)
        return
    if prompt is not None and (previous is None or prompt.pk > previous.pk):
        handler = reply_handler(prompt)
        if handler is not None and handler(turn, prompt):
            return
    if on_review_text(turn):
        return
    text = inbound.text or inbound.button_title
    intent = intent_of(text) if text.strip() else None
    if inbound.kind == "location" or (tag_of(previous) == "address" and _reads_as_address(inbound, intent)):
        asked_for = (
            previous.extra.get("order_id") if previous is not None and tag_of(previous) == "address" else None
        )
        act.record_address(turn, asked_for if isinstance(asked_for, int) else None)
        return
    if intent is None:
        _unclear(turn, previous)
        return
    ON_INTENT[intent](turn)


def _flow_tap(turn: Turn, previous: Message | None, prompt: Message | None) -> bool:
    """A button of a flow (flows.py), tapped or, on SMS, its number typed back after the flow's prompt."""
    chosen = turn.inbound.button_id
    latest = prompt if prompt is not None and (previous is None or prompt.pk > previous.pk) else None
    if (
        not chosen
        and latest is not None
        and turn.conversation.channel == "sms"
        and turn.inbound.kind == "text"
    ):
        choices = choices_of(latest)
        picked = numbered_choice(turn.inbound.text, len(choices)) if choices else None
        chosen = choices[picked] if picked is not None else ""
    found = flow_tap(chosen) if chosen else None
    if found is None:
        return False
    handler, object_id, value = found
    handler(turn, object_id, value)
    return True


def _tap(conversation: Conversation, inbound: InboundMessage, previous: Message | None) -> Tap | None:
    """One of our buttons or rows: tapped on WhatsApp, or its number typed back on SMS."""
    if inbound.button_id:
        return tap_of(inbound.button_id)
    if conversation.channel == "sms" and inbound.kind == "text":
        choices = choices_of(previous)
        picked = numbered_choice(inbound.text, len(choices)) if choices else None
        return tap_of(choices[picked]) if picked is not None else None
    return None


def _on_tap(turn: Turn, tap: Tap) -> None:
    if tap.action == "change_menu":
        turn.change_menu()
    elif tap.action == "menu":
        ON_INTENT[tap.value](turn)
    elif tap.action == "day":
        act.choose_day(turn, tap.order_id, tap.value)
    elif tap.action in ("cancel_yes", "cancel_no"):
        act.answer_cancel(turn, tap.order_id, yes=tap.action == "cancel_yes")
    else:  # review, review_skip
        on_review_tap(turn, tap)


def _reads_as_address(inbound: InboundMessage, intent: str | None) -> bool:
    """After "send us the new address", a text is the address unless it clearly asks for something else."""
    if inbound.kind != "text" or len(inbound.text.strip()) < 4:
        return False
    if intent is None:
        return True
    return intent == words.CHANGE_ADDRESS and any(c.isdigit() for c in inbound.text)


def _unclear(turn: Turn, previous: Message | None) -> None:
    if tag_of(previous) == "unclear":
        hand_over(turn, reason="unclear", text_key="handover_unclear")
        return
    turn.menu(lead=turn.say("unclear"), tag="unclear")
