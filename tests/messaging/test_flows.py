"""Flows other apps lead: their buttons and awaited answers reach their handlers before the bot."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from bot_helpers import PHONE, buyer_order, conversation, says

from wasl.messaging import flows
from wasl.messaging.models import Message
from wasl.messaging.services import Draft, message_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def seen() -> Iterator[list[tuple[Any, ...]]]:
    calls: list[tuple[Any, ...]] = []

    def on_tap(turn: Any, object_id: int, value: str) -> None:
        calls.append(("tap", object_id, value))
        turn.text("noted", tag="probe")

    def on_reply(turn: Any, prompt: Message) -> bool:
        if turn.inbound.text.startswith("?"):
            return False
        calls.append(("reply", prompt.extra["order_id"], turn.inbound.text or str(turn.inbound.latitude)))
        return True

    flows.register_tap("probe", on_tap)
    flows.register_reply("probe_answer", on_reply)
    yield calls
    flows._taps.pop("probe", None)
    flows._replies.pop("probe_answer", None)


def _prompt(store, order_id: int, channel: str = "whatsapp") -> Message:  # type: ignore[no-untyped-def]
    says(store, "hello", channel=channel)  # opens the conversation (and the service window)
    draft = Draft(
        kind="buttons",
        body="Confirm your order?",
        buttons=(
            {"id": flows.button_id("probe", order_id, "yes"), "title": "Yes"},
            {"id": flows.button_id("probe", order_id, "no"), "title": "No"},
        ),
        extra={"awaits": "probe_answer", "order_id": order_id},
        language="en",
    )
    message, _ = message_queue(
        conversation=conversation(store, channel=channel), draft=draft, idempotency_key=f"probe:{order_id}"
    )
    return message


def test_a_tap_on_a_flow_button_goes_to_its_handler_with_the_id_and_value(messaging_store, seen) -> None:
    order = buyer_order(messaging_store)
    _prompt(messaging_store, order.pk)
    answers = says(messaging_store, button_id=f"probe:{order.pk}:yes", button_title="Yes")
    assert seen == [("tap", order.pk, "yes")]
    assert [m.body for m in answers] == ["noted"]


def test_a_number_typed_back_on_sms_picks_the_flow_button(messaging_store, seen) -> None:
    order = buyer_order(messaging_store)
    _prompt(messaging_store, order.pk, channel="sms")
    says(messaging_store, "2", channel="sms")
    assert seen == [("tap", order.pk, "no")]


def test_free_text_after_a_prompt_goes_to_the_flow_first(messaging_store, seen) -> None:
    order = buyer_order(messaging_store)
    _prompt(messaging_store, order.pk)
    says(messaging_store, "Building 12, near the mosque")
    assert seen == [("reply", order.pk, "Building 12, near the mosque")]


def test_text_the_flow_declines_gets_the_bot_and_an_answered_prompt_waits_no_more(
    messaging_store, seen
) -> None:
    order = buyer_order(messaging_store)
    _prompt(messaging_store, order.pk)
    answers = says(messaging_store, "? where is my order")
    assert seen == []
    assert answers  # the bot answered instead
    says(messaging_store, "Building 12")
    assert seen == []  # the prompt was answered by the message before


def test_unknown_heads_and_the_bots_own_heads_are_not_flows() -> None:
    assert flows.flow_tap("nobody:1:x") is None
    assert flows.flow_tap("probe:x:1") is None
    with pytest.raises(ValueError):
        flows.register_tap("day", lambda *a: None)
    assert PHONE.startswith("+966")
