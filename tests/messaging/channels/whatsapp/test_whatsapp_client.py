"""WhatsAppChannel through pywa against the Graph API stand-in: the exact request bodies, and every failure."""

from __future__ import annotations

import socket
import threading
from typing import TYPE_CHECKING, Any

import pytest

from wasl.messaging.channels.types import (
    MARKETING_LIMIT,
    NOT_ON_CHANNEL,
    OUTSIDE_WINDOW,
    PERMANENT,
    RATE_LIMITED,
    TEMPORARY,
    Button,
    ListRow,
    OutgoingMessage,
    ProviderError,
    SendResult,
)
from wasl.messaging.channels.whatsapp.client import WhatsAppChannel

if TYPE_CHECKING:
    from conftest import RunningGraph

BUYER = "+966501234567"
KEY = "order-1042:cod_confirmation"


def outgoing(kind: str, **fields: Any) -> OutgoingMessage:
    return OutgoingMessage(idempotency_key=KEY, to=BUYER, kind=kind, **fields)


def envelope(kind: str, content: dict[str, Any]) -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": BUYER,
        "type": kind,
        kind: content,
        "biz_opaque_callback_data": KEY,  # our idempotency key, echoed back on every status
    }


def only_sent(graph: RunningGraph) -> dict[str, Any]:
    sent = graph.standin.sent()
    assert len(sent) == 1
    return sent[0]


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_template_send_is_exactly_the_documented_json(
    graph: RunningGraph, channel: WhatsAppChannel, language: str
) -> None:
    # Given a COD confirmation template with two body parameters
    message = outgoing(
        "template", language=language, template_name="cod_confirmation", template_params=("Amina", "1042")
    )
    # When it is sent
    result = channel.send(message)
    # Then the Cloud API received exactly the documented template body, and the wamid is the result
    record = only_sent(graph)
    assert record["body"] == envelope(
        "template",
        {
            "name": "cod_confirmation",
            "language": {"code": language},
            "components": [
                {
                    "type": "body",
                    "parameters": [{"type": "text", "text": "Amina"}, {"type": "text", "text": "1042"}],
                }
            ],
        },
    )
    assert (record["phone_number_id"], record["api_version"]) == (graph.phone_number_id, "22.0")
    assert result == SendResult(provider_id=record["wamid"])
    assert result.provider_id.startswith("wamid.")


def test_template_without_parameters_has_no_components(graph: RunningGraph, channel: WhatsAppChannel) -> None:
    channel.send(outgoing("template", template_name="delivery_today"))
    assert only_sent(graph)["body"] == envelope(
        "template", {"name": "delivery_today", "language": {"code": "ar"}}
    )


def test_free_text(graph: RunningGraph, channel: WhatsAppChannel) -> None:
    channel.send(outgoing("text", text="طلبك في الطريق", header="ignored", footer="ignored"))
    assert only_sent(graph)["body"] == envelope("text", {"body": "طلبك في الطريق", "preview_url": False})


def test_reply_buttons_with_header_and_footer(graph: RunningGraph, channel: WhatsAppChannel) -> None:
    buttons = (
        Button("cod:confirm:1042", "تأكيد"),
        Button("cod:cancel:1042", "إلغاء"),
        Button("cod:agent:1042", "موظف"),
    )
    channel.send(outgoing("buttons", text="هل تؤكد طلبك؟", header="طلب 1042", footer="Souq", buttons=buttons))
    assert only_sent(graph)["body"] == envelope(
        "interactive",
        {
            "type": "button",
            "header": {"type": "text", "text": "طلب 1042"},
            "body": {"text": "هل تؤكد طلبك؟"},
            "footer": {"text": "Souq"},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": "cod:confirm:1042", "title": "تأكيد"}},
                    {"type": "reply", "reply": {"id": "cod:cancel:1042", "title": "إلغاء"}},
                    {"type": "reply", "reply": {"id": "cod:agent:1042", "title": "موظف"}},
                ]
            },
        },
    )


def test_list_with_one_section(graph: RunningGraph, channel: WhatsAppChannel) -> None:
    rows = (ListRow("slot:am", "Morning", "9:00-12:00"), ListRow("slot:pm", "Afternoon"))
    channel.send(
        outgoing("list", text="When should we deliver?", footer="Souq", list_button="Pick a time", rows=rows)
    )
    assert only_sent(graph)["body"] == envelope(
        "interactive",
        {
            "type": "list",
            "body": {"text": "When should we deliver?"},
            "footer": {"text": "Souq"},
            "action": {
                "button": "Pick a time",
                "sections": [
                    {
                        "title": "Pick a time",
                        "rows": [
                            {"id": "slot:am", "title": "Morning", "description": "9:00-12:00"},
                            {"id": "slot:pm", "title": "Afternoon"},
                        ],
                    }
                ],
            },
        },
    )


def test_location_request_has_a_body_only(graph: RunningGraph, channel: WhatsAppChannel) -> None:
    channel.send(
        outgoing("location_request", text="Share your location", header="not sent", footer="not sent")
    )
    assert only_sent(graph)["body"] == envelope(
        "interactive",
        {
            "type": "location_request_message",
            "body": {"text": "Share your location"},
            "action": {"name": "send_location"},
        },
    )


def test_sender_id_of_the_message_picks_the_number(graph: RunningGraph, channel: WhatsAppChannel) -> None:
    channel.send(outgoing("text", text="hi", sender_id="998877"))
    assert only_sent(graph)["phone_number_id"] == "998877"


def test_points_pywa_at_the_configured_host_and_version(graph: RunningGraph) -> None:
    channel = WhatsAppChannel(
        phone_number_id="1", token=graph.token, graph_url=graph.url + "/", api_version="23"
    )
    assert channel.base_url == f"{graph.url}/v23.0/"
    channel.close()


FAILURES = [
    ("500", TEMPORARY, "1"),
    ("429", RATE_LIMITED, "http_429"),
    ("131026", NOT_ON_CHANNEL, "131026"),
    ("131047", OUTSIDE_WINDOW, "131047"),
    ("130429", RATE_LIMITED, "130429"),
    ("131049", MARKETING_LIMIT, "131049"),
    ("131050", MARKETING_LIMIT, "131050"),
]


@pytest.mark.parametrize(("failure", "kind", "code"), FAILURES)
def test_each_graph_failure_maps_to_its_kind(
    graph: RunningGraph, channel: WhatsAppChannel, failure: str, kind: str, code: str
) -> None:
    # Given the Graph API will refuse the next send
    graph.standin.fail_next(1, failure)
    # When a message is sent, then it fails with the kind that decides what happens next
    with pytest.raises(ProviderError) as raised:
        channel.send(outgoing("text", text="hi"))
    assert (raised.value.kind, raised.value.code) == (kind, code)
    assert raised.value.retryable is (kind in (TEMPORARY, RATE_LIMITED))
    assert raised.value.message
    # And nothing was accepted, and the next send goes through
    assert graph.standin.sent() == []
    assert channel.send(outgoing("text", text="again")).provider_id == only_sent(graph)["wamid"]


def test_timeout_is_temporary(graph: RunningGraph) -> None:
    # Given a channel that waits 0.3 s and a Graph API that answers after 2 s
    impatient = WhatsAppChannel(
        phone_number_id=graph.phone_number_id, token=graph.token, graph_url=graph.url, timeout_s=0.3
    )
    graph.standin.fail_next(1, "timeout")
    # When a message is sent, then it fails as temporary with code "timeout"
    with pytest.raises(ProviderError) as raised:
        impatient.send(outgoing("text", text="hi"))
    assert (raised.value.kind, raised.value.code) == (TEMPORARY, "timeout")
    impatient.close()


def test_unreachable_host_is_a_temporary_connection_failure() -> None:
    # Given a port nobody listens on
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    channel = WhatsAppChannel(
        phone_number_id="1", token="any", graph_url=f"http://127.0.0.1:{port}", timeout_s=2
    )
    with pytest.raises(ProviderError) as raised:
        channel.send(outgoing("text", text="hi"))
    assert (raised.value.kind, raised.value.code) == (TEMPORARY, "connection")
    channel.close()


def test_wrong_token_is_permanent(graph: RunningGraph) -> None:
    channel = WhatsAppChannel(phone_number_id="1", token="not-the-token", graph_url=graph.url)
    with pytest.raises(ProviderError) as raised:
        channel.send(outgoing("text", text="hi"))
    assert (raised.value.kind, raised.value.code) == (PERMANENT, "190")
    channel.close()


@pytest.mark.parametrize(
    ("message", "detail"),
    [
        (
            outgoing("buttons", text="?", buttons=tuple(Button(f"b{i}", f"B{i}") for i in range(4))),
            "at most 3 buttons, got 4",
        ),
        (outgoing("buttons", text="?", buttons=(Button("b", "x" * 21),)), "at most 20 characters, got 21"),
        (
            outgoing(
                "list", text="?", list_button="Pick", rows=tuple(ListRow(f"r{i}", "R") for i in range(11))
            ),
            "at most 10 rows in all, got 11",
        ),
    ],
)
def test_what_meta_refuses_is_permanent_error_100(
    graph: RunningGraph, channel: WhatsAppChannel, message: OutgoingMessage, detail: str
) -> None:
    with pytest.raises(ProviderError) as raised:
        channel.send(message)
    assert (raised.value.kind, raised.value.code) == (PERMANENT, "100")
    assert detail in raised.value.message
    assert graph.standin.sent() == []


@pytest.mark.parametrize(
    ("message", "code"),
    [
        (OutgoingMessage(idempotency_key="k", to="0501234567x", kind="text", text="hi"), "invalid_recipient"),
        (OutgoingMessage(idempotency_key="k", to="", kind="text", text="hi"), "invalid_recipient"),
        (outgoing("email", text="hi"), "unsupported_kind"),
        (outgoing("template"), "invalid_message"),
        (outgoing("template", template_name="t", language="xx"), "invalid_language"),
        (outgoing("text"), "invalid_message"),
        (outgoing("buttons", text="?"), "invalid_message"),
        (outgoing("list", text="?", list_button="Pick"), "invalid_message"),
        (outgoing("list", text="?", rows=(ListRow("a", "A"),)), "invalid_message"),
    ],
)
def test_messages_that_cannot_be_built_fail_before_any_request(
    graph: RunningGraph, channel: WhatsAppChannel, message: OutgoingMessage, code: str
) -> None:
    # Given a pending failure that only a request would consume
    graph.standin.fail_next(1, "500")
    # When an unbuildable message is sent, then it fails permanently and no request was made
    with pytest.raises(ProviderError) as raised:
        channel.send(message)
    assert (raised.value.kind, raised.value.code) == (PERMANENT, code)
    assert graph.standin.pending_failures() == ["500"]


def test_concurrent_sends_on_one_channel_get_their_own_wamids(
    graph: RunningGraph, channel: WhatsAppChannel
) -> None:
    # Given one channel shared by 8 threads sending 5 messages each
    results: dict[str, str] = {}
    lock = threading.Lock()

    def send_all(worker: int) -> None:
        for n in range(5):
            text = f"w{worker}-m{n}"
            wamid = channel.send(outgoing("text", text=text)).provider_id
            with lock:
                results[text] = wamid

    threads = [threading.Thread(target=send_all, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    # Then every message got the wamid the Graph API gave to that very message
    accepted = {record["body"]["text"]["body"]: record["wamid"] for record in graph.standin.sent()}
    assert len(accepted) == 40
    assert results == accepted
