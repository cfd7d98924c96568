"""The benchmark's lean WSGI server: keep-alive, pipelining, Content-Length bodies, 400 for the rest."""

from __future__ import annotations

import http.client
import json
import multiprocessing
import socket
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest

from wasl.bench.server import free_port
from wasl.bench.wsgi_loop import serve_forever


def _echo(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    body = environ["wsgi.input"].read()
    payload = json.dumps(
        {
            "method": environ["REQUEST_METHOD"],
            "path": environ["PATH_INFO"],
            "query": environ["QUERY_STRING"],
            "type": environ["CONTENT_TYPE"],
            "auth": environ.get("HTTP_AUTHORIZATION", ""),
            "body": body.decode(),
        }
    ).encode()
    start_response("201 Created", [("Content-Type", "application/json")])
    return [payload]


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    chosen = free_port()
    process = multiprocessing.get_context("fork").Process(
        target=serve_forever, args=(_echo, chosen), daemon=True
    )
    process.start()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", chosen), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield chosen
    process.terminate()
    process.join(5)


def test_requests_on_one_kept_alive_connection_each_get_their_own_answer(port: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    for n in range(3):
        connection.request(
            "POST",
            f"/v22.0/1/messages?n={n}",
            body=f'{{"n": {n}}}',
            headers={"Content-Type": "application/json", "Authorization": "Bearer T"},
        )
        answer = connection.getresponse()
        assert answer.status == 201
        assert json.loads(answer.read()) == {
            "method": "POST",
            "path": "/v22.0/1/messages",
            "query": f"n={n}",
            "type": "application/json",
            "auth": "Bearer T",
            "body": f'{{"n": {n}}}',
        }
    connection.close()


def test_pipelined_requests_are_answered_in_order(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        one = b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nA"
        two = b"GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        sock.sendall(one + two)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    first, second = received.split(b"HTTP/1.1 201 Created")[1:]
    assert b'"path": "/a"' in first and b'"body": "A"' in first
    assert b'"path": "/b"' in second and b"Connection: close" in second


def test_a_request_it_cannot_read_gets_400_and_the_connection_closes(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nA\r\n0\r\n\r\n")
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    assert received == b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
