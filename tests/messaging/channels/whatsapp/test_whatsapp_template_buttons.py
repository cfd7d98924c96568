"""A template with quick-reply buttons: each button's payload is the flow's button id, in the template's order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from wasl.messaging.channels.types import Button, OutgoingMessage
from wasl.messaging.channels.whatsapp.client import WhatsAppChannel

if TYPE_CHECKING:
    from conftest import RunningGraph


def test_quick_reply_payloads_follow_the_body_parameters(
    graph: RunningGraph, channel: WhatsAppChannel
) -> None:
    # Given a COD confirmation template outside the 24-hour window, with the flow's three buttons
    message = OutgoingMessage(
        idempotency_key="risk:verification:7:prompt",
        to="+966501234567",
        kind="template",
        language="ar",
        template_name="wasl_cod_prompt",
        template_params=("سارة", "#1042", "249.50 SAR"),
        buttons=(
            Button("cod:7:confirm", "Confirm order"),
            Button("cod:7:cancel", "Cancel order"),
            Button("cod:7:address", "Change address"),
        ),
    )
    # When it is sent through pywa to the Graph stand-in
    result = channel.send(message)
    # Then the Cloud API got the body parameters and one quick_reply component per button, payload = id
    [record] = graph.standin.sent()
    template = record["body"]["template"]
    assert template["name"] == "wasl_cod_prompt" and template["language"] == {"code": "ar"}
    assert template["components"] == [
        {
            "type": "body",
            "parameters": [
                {"type": "text", "text": "سارة"},
                {"type": "text", "text": "#1042"},
                {"type": "text", "text": "249.50 SAR"},
            ],
        },
        {
            "type": "button",
            "sub_type": "quick_reply",
            "index": "0",
            "parameters": [{"type": "payload", "payload": "cod:7:confirm"}],
        },
        {
            "type": "button",
            "sub_type": "quick_reply",
            "index": "1",
            "parameters": [{"type": "payload", "payload": "cod:7:cancel"}],
        },
        {
            "type": "button",
            "sub_type": "quick_reply",
            "index": "2",
            "parameters": [{"type": "payload", "payload": "cod:7:address"}],
        },
    ]
    assert result.provider_id == record["wamid"]


def test_a_template_with_buttons_and_no_parameters_has_only_button_components(
    graph: RunningGraph, channel: WhatsAppChannel
) -> None:
    channel.send(
        OutgoingMessage(
            idempotency_key="k",
            to="+966501234567",
            kind="template",
            language="en",
            template_name="wasl_slot_start",
            buttons=(Button("slot:9:start", "Choose a day"),),
        )
    )
    [record] = graph.standin.sent()
    assert record["body"]["template"]["components"] == [
        {
            "type": "button",
            "sub_type": "quick_reply",
            "index": "0",
            "parameters": [{"type": "payload", "payload": "slot:9:start"}],
        }
    ]
