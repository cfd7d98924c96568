"""WhatsAppChannel against answers the stand-in never gives: proxies, odd bodies, a wamid without the rest."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from wasl.fakeproviders.graph_server import serve_in_thread
from wasl.messaging.channels.types import OUTSIDE_WINDOW, PERMANENT, TEMPORARY, OutgoingMessage, ProviderError
from wasl.messaging.channels.whatsapp.client import WhatsAppChannel

Answer = tuple[str, str, bytes]  # status line, content type, body


class ScriptedGraph:
    """A WSGI app that gives the scripted answer to every request and counts them."""

    def __init__(self) -> None:
        self.answer: Answer = ("200 OK", "application/json", b"{}")
        self.requests = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        self.requests += 1
        status, content_type, body = self.answer
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
        return [body]


@pytest.fixture
def scripted() -> Iterator[tuple[ScriptedGraph, WhatsAppChannel]]:
    app = ScriptedGraph()
    running = serve_in_thread(app)
    channel = WhatsAppChannel(phone_number_id="1", token="t", graph_url=running.url, timeout_s=5)
    try:
        yield app, channel
    finally:
        channel.close()
        running.stop()


def graph_error(error: dict[str, Any]) -> bytes:
    return json.dumps({"error": error}).encode()


TEXT = OutgoingMessage(idempotency_key="k", to="+212600000001", kind="text", text="Salam")


@pytest.mark.parametrize(
    ("answer", "kind", "code"),
    [
        (("502 Bad Gateway", "text/html", b"<html>upstream down</html>"), TEMPORARY, "http_502"),
        (("503 Service Unavailable", "text/plain", b""), TEMPORARY, "http_503"),
        (
            ("400 Bad Request", "application/json", graph_error({"message": "no code here"})),
            PERMANENT,
            "http_400",
        ),
        (
            ("400 Bad Request", "application/json", graph_error({"code": "131047", "message": "quoted"})),
            OUTSIDE_WINDOW,
            "131047",
        ),
        (
            (
                "400 Bad Request",
                "application/json",
                graph_error({"code": 131000, "message": "x", "is_transient": True}),
            ),
            TEMPORARY,
            "131000",
        ),
        (
            ("500 Internal Server Error", "application/json", graph_error({"code": 131026, "message": "x"})),
            "not_on_channel",
            "131026",
        ),
        (("302 Found", "text/plain", b""), PERMANENT, "http_302"),
        (("200 OK", "application/json", b'{"messaging_product": "whatsapp"}'), PERMANENT, "bad_response"),
        (("200 OK", "text/html", b"<html>captive portal</html>"), PERMANENT, "bad_response"),
    ],
)
def test_odd_answers_map_to_a_kind(
    scripted: tuple[ScriptedGraph, WhatsAppChannel], answer: Answer, kind: str, code: str
) -> None:
    app, channel = scripted
    app.answer = answer
    with pytest.raises(ProviderError) as raised:
        channel.send(TEXT)
    assert (raised.value.kind, raised.value.code) == (kind, code)
    assert app.requests == 1


def test_an_accepted_send_whose_answer_pywa_cannot_read_still_succeeds(
    scripted: tuple[ScriptedGraph, WhatsAppChannel],
) -> None:
    # Given an answer with the wamid but without the contacts array pywa reads
    app, channel = scripted
    app.answer = ("200 OK", "application/json", b'{"messages": [{"id": "wamid.KEPT"}]}')
    # When sent, then the send counts as done: reporting it failed would make a retry message the buyer twice
    assert channel.send(TEXT).provider_id == "wamid.KEPT"
