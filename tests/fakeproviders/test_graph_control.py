"""Driving the Graph API stand-in from another process: control endpoints, and the stand-in as a process."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import httpx
import pytest

from wasl.fakeproviders.graph import GraphStandIn
from wasl.fakeproviders.graph_server import serve_in_thread
from wasl.messaging.channels.types import OutgoingMessage
from wasl.messaging.channels.whatsapp.client import WhatsAppChannel
from wasl.messaging.channels.whatsapp.webhook import parse, verify_signature

SEND = "/v22.0/42/messages"
TEXT = {"messaging_product": "whatsapp", "to": "212600000001", "type": "text", "text": {"body": "hi"}}
AUTH = {"Authorization": "Bearer t"}


@pytest.fixture
def control() -> Iterator[httpx.Client]:
    standin = GraphStandIn()
    running = serve_in_thread(standin)
    client = httpx.Client(base_url=running.url, timeout=10)
    try:
        yield client
    finally:
        client.close()
        standin.close()
        running.stop()


def test_fail_then_sent_then_reset(control: httpx.Client) -> None:
    # Given two 131047 failures scripted over HTTP
    scripted = control.post("/_control/graph/fail", json={"count": 2, "kind": "131047"})
    assert (scripted.status_code, scripted.json()) == (200, {"pending": ["131047", "131047"]})
    # When three sends are made
    codes = [control.post(SEND, json=TEXT, headers=AUTH).status_code for _ in range(3)]
    # Then two failed, and the accepted one is listed by GET sent
    assert codes == [400, 400, 200]
    sent = control.get("/_control/graph/sent").json()
    assert [(r["phone_number_id"], r["body"]) for r in sent] == [("42", TEXT)]
    # And reset forgets it
    assert control.post("/_control/graph/reset").json() == {"status": "reset"}
    assert control.get("/_control/graph/sent").json() == []


def test_fail_count_defaults_to_one(control: httpx.Client) -> None:
    assert control.post("/_control/graph/fail", json={"kind": "500"}).json() == {"pending": ["500"]}


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("POST", "fail", b"{nope", 400, "invalid_json"),
        ("POST", "fail", b"[1]", 400, "invalid_payload"),
        ("POST", "fail", b'{"kind": "418"}', 400, "invalid_arguments"),
        ("POST", "fail", b'{"kind": "500", "count": "two"}', 400, "invalid_arguments"),
        ("POST", "reply", b'{"text": "hi"}', 400, "invalid_arguments"),
        (
            "POST",
            "reply",
            b'{"webhook_url": "x", "app_secret": "s", "phone_number_id": "1", "from_phone": "2", "text": "hi", "extra": 1}',
            400,
            "invalid_arguments",
        ),
        ("POST", "statuses", b'{"wamid": "w"}', 400, "invalid_arguments"),
        ("GET", "fail", b"", 404, "unknown_control"),
        ("POST", "sent", b"", 404, "unknown_control"),
        ("POST", "shutdown", b"", 404, "unknown_control"),
    ],
)
def test_bad_control_requests_get_a_code_and_a_message(
    control: httpx.Client, method: str, path: str, body: bytes, status: int, code: str
) -> None:
    response = control.request(method, f"/_control/graph/{path}", content=body)
    assert (response.status_code, response.json()["code"]) == (status, code)
    assert response.json()["message"]


class Collector:
    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        ok = verify_signature(body, environ.get("HTTP_X_HUB_SIGNATURE_256", ""), "s3cret")
        self.bodies.append(body)
        start_response("200 OK" if ok else "401 Unauthorized", [("Content-Type", "text/plain")])
        return [b""]


def test_reply_and_statuses_over_http(control: httpx.Client) -> None:
    # Given a webhook receiver and a message the stand-in accepted
    collector = Collector()
    receiving = serve_in_thread(collector)
    try:
        wamid = control.post(SEND, json=TEXT, headers=AUTH).json()["messages"][0]["id"]
        target = {"webhook_url": receiving.url + "/hook", "app_secret": "s3cret"}
        # When a reply and a status sequence are asked for over HTTP
        reply = control.post(
            "/_control/graph/reply",
            json=target
            | {"phone_number_id": "42", "from_phone": "+212600000001", "text": "merci", "context_id": wamid},
        )
        statuses = control.post(
            "/_control/graph/statuses",
            json=target
            | {
                "wamid": wamid,
                "recipient": "+212600000001",
                "sequence": ["sent", "failed"],
                "error_code": 131047,
            },
        )
        # Then each answer says how the receiver answered, and the receiver got readable, signed webhooks
        assert reply.json() == {"webhook_status": 200}
        assert statuses.json() == {"webhook_statuses": [200, 200]}
        [message] = parse(collector.bodies[0]).messages
        assert (message.text, message.replied_to, message.to_id) == ("merci", wamid, "42")
        assert [(s.status, s.error_code) for s in parse(collector.bodies[2]).statuses] == [
            ("failed", "131047")
        ]
    finally:
        receiving.stop()


def test_unreachable_webhook_is_a_502_not_a_crash(control: httpx.Client) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    body = {
        "webhook_url": f"http://127.0.0.1:{port}/",
        "app_secret": "s",
        "phone_number_id": "1",
        "from_phone": "2",
        "text": "x",
    }
    response = control.post("/_control/graph/reply", json=body)
    assert (response.status_code, response.json()["code"]) == (502, "webhook_unreachable")


def test_stand_in_modules_do_not_load_django() -> None:
    code = "import sys, wasl.fakeproviders.graph, wasl.fakeproviders.graph_server; print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def first_line(process: subprocess.Popen[str], *, timeout_s: float) -> str:
    """The process's first line of output, without waiting forever for it."""
    lines: list[str] = []
    assert process.stdout is not None
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout_s)
    return lines[0].strip() if lines else ""


def test_runs_as_a_process_of_its_own() -> None:
    # Given the stand-in started as a plain process on a free port
    process = subprocess.Popen(
        [sys.executable, "-m", "wasl.fakeproviders.graph", "--port", "0", "--token", "tok"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        banner = first_line(process, timeout_s=30)
        url = banner.rsplit(" ", 1)[-1]
        assert banner.startswith("Graph API stand-in on http://127.0.0.1:")
        # When the channel sends through it, then the send is accepted and listed over HTTP
        channel = WhatsAppChannel(phone_number_id="42", token="tok", graph_url=url, timeout_s=5)
        result = channel.send(
            OutgoingMessage(idempotency_key="k", to="+212600000001", kind="text", text="hi")
        )
        channel.close()
        assert [r["wamid"] for r in httpx.get(url + "/_control/graph/sent", timeout=5).json()] == [
            result.provider_id
        ]
    finally:
        process.terminate()
        process.wait(timeout=10)
