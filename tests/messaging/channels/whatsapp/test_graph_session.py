"""GraphSession: httpx's interface for pywa on keep-alive standard-library connections."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from wasl.messaging.channels.whatsapp.client import _tls_context
from wasl.messaging.channels.whatsapp.session import GraphSession


class _Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict[str, object]] = []
        self.connections = 0
        self.close_after_answer = False
        self.delay_s = 0.0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Recorder

    def setup(self) -> None:
        super().setup()
        self.server.connections += 1

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self._answer(body)

    def do_GET(self) -> None:
        self._answer(b"")

    def _answer(self, body: bytes) -> None:
        self.server.requests.append(
            {
                "method": self.command,
                "path": self.path,
                "body": body,
                "headers": {k.lower(): v for k, v in self.headers.items()},
            }
        )
        time.sleep(self.server.delay_s)
        payload = json.dumps({"messages": [{"id": f"wamid.{len(self.server.requests)}"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        if self.server.close_after_answer:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)
        if self.server.close_after_answer:
            self.close_connection = True


@pytest.fixture
def server() -> Iterator[_Recorder]:
    recorder = _Recorder()
    thread = threading.Thread(target=recorder.serve_forever, daemon=True)
    thread.start()
    yield recorder
    recorder.shutdown()
    recorder.server_close()


def _session(server: _Recorder, **kwargs: object) -> GraphSession:
    session = GraphSession(timeout_s=kwargs.pop("timeout_s", 5.0), tls_context=_tls_context(), **kwargs)  # type: ignore[arg-type]
    session.base_url = f"http://127.0.0.1:{server.server_address[1]}/v22.0"
    session.headers.update({"Authorization": "Bearer T"})
    return session


def test_sends_json_with_the_session_headers_and_answers_an_httpx_response(server: _Recorder) -> None:
    session = _session(server)
    response = session.request("POST", "/123/messages", json={"to": "+966501234567", "text": "مرحبا"})
    assert isinstance(response, httpx.Response)
    assert response.status_code == 200
    assert response.json() == {"messages": [{"id": "wamid.1"}]}
    sent = server.requests[0]
    assert sent["path"] == "/v22.0/123/messages"
    assert json.loads(sent["body"]) == {"to": "+966501234567", "text": "مرحبا"}  # type: ignore[arg-type]
    headers = sent["headers"]
    assert headers["authorization"] == "Bearer T"  # type: ignore[index]
    assert headers["content-type"] == "application/json"  # type: ignore[index]
    assert str(session.base_url) == f"http://127.0.0.1:{server.server_address[1]}/v22.0/"


def test_query_parameters_are_encoded_and_none_values_left_out(server: _Recorder) -> None:
    session = _session(server)
    session.request("GET", "/123", params={"fields": "a,b", "after": None})
    assert server.requests[0]["path"] == "/v22.0/123?fields=a%2Cb"


def test_one_connection_is_kept_alive_across_requests(server: _Recorder) -> None:
    session = _session(server)
    for _ in range(5):
        session.request("POST", "/123/messages", json={})
    assert len(server.requests) == 5
    assert server.connections == 1


def test_a_connection_the_server_closed_is_replaced_before_it_is_used(server: _Recorder) -> None:
    server.close_after_answer = True
    session = _session(server)
    session.request("POST", "/123/messages", json={})
    time.sleep(0.05)
    second = session.request("POST", "/123/messages", json={})
    assert second.json() == {"messages": [{"id": "wamid.2"}]}
    assert server.connections == 2


def test_every_answer_passes_the_response_hook_first(server: _Recorder) -> None:
    seen: list[int] = []
    session = _session(server, on_response=lambda response: seen.append(response.status_code))
    session.request("POST", "/123/messages", json={})
    assert seen == [200]


def test_a_refused_connection_is_an_httpx_connect_error_that_says_so() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    session = GraphSession(timeout_s=2.0, tls_context=_tls_context())
    session.base_url = f"http://127.0.0.1:{port}/v22.0"
    with pytest.raises(httpx.ConnectError, match="refused"):
        session.request("POST", "/123/messages", json={})


def test_no_answer_in_time_is_an_httpx_read_timeout(server: _Recorder) -> None:
    server.delay_s = 1.0
    session = _session(server, timeout_s=0.2)
    with pytest.raises(httpx.ReadTimeout):
        session.request("POST", "/123/messages", json={})


def test_uploads_go_through_a_plain_httpx_client(server: _Recorder) -> None:
    session = _session(server)
    response = session.request("POST", "/123/media", files={"file": ("a.txt", b"hello", "text/plain")})
    assert response.status_code == 200
    assert b"hello" in server.requests[0]["body"]  # type: ignore[operator]
    assert server.requests[0]["headers"]["authorization"] == "Bearer T"  # type: ignore[index]
    session.close()
