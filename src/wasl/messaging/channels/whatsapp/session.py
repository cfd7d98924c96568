"""A lean HTTP/1.1 session for pywa: keep-alive connections from the standard library, httpx's types outside.

pywa builds every Graph API request and hands it to an `httpx.Client`-like session: it sets `base_url` and
`headers` and calls `request(method=..., url=..., json=..., params=...)`. httpx's client machinery (request
models, auth and redirect handling, the connection pool) costs about 0.8 ms of CPU per request, three times
the request itself; a worker sending hundreds of messages a second spends most of its time there. This
session does the same on `http.client` connections, one per thread, kept alive, and answers with real
`httpx.Response` objects and raises real httpx exceptions, so pywa and our error mapping see no difference.
Requests it does not handle (file uploads, form bodies) go to a plain `httpx.Client`.

Like httpcore, a kept-alive connection that the server has closed (the socket reads as ready while idle)
is replaced before it is used; a request that fails on the wire is never retried here, because a message
may have left: the engine decides (see sending.py).
"""

from __future__ import annotations

import http.client
import json
import select
import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

import httpx

IDLE_LIMIT_S = 30.0  # below the idle timeouts servers commonly use, so we close first
_TRANSPORT_FAILURES = (OSError, http.client.HTTPException)


class _Connection:
    def __init__(self, conn: http.client.HTTPConnection) -> None:
        self.conn = conn
        self.last_used = time.monotonic()

    def stale(self) -> bool:
        """Closed by the server while idle (its socket reads as ready: EOF), or idle long enough to be."""
        if time.monotonic() - self.last_used > IDLE_LIMIT_S:
            return True
        sock = self.conn.sock
        if sock is None:
            return False
        try:
            readable, _, _ = select.select([sock], [], [], 0)
        except (OSError, ValueError):
            return True
        return bool(readable)


class GraphSession:
    """Enough of `httpx.Client` for pywa's JSON requests; thread-safe (a connection per thread)."""

    def __init__(
        self,
        *,
        timeout_s: float,
        tls_context: ssl.SSLContext,
        on_response: Callable[[httpx.Response], None] | None = None,
    ) -> None:
        self.headers = httpx.Headers()
        self.timeout_s = timeout_s
        self._tls = tls_context
        self._on_response = on_response
        self._local = threading.local()
        self._all: list[_Connection] = []
        self._lock = threading.Lock()
        self._fallback: httpx.Client | None = None
        self.base_url = "https://graph.facebook.com"

    @property
    def base_url(self) -> httpx.URL:
        return httpx.URL(f"{self._base}/")  # with the trailing slash, as httpx.Client shows it

    @base_url.setter
    def base_url(self, value: str | httpx.URL) -> None:
        self._base = httpx.URL(str(value).rstrip("/"))
        # Read once here: every request only joins a path to these.
        self._scheme, self._host, self._port = self._base.scheme, self._base.host, self._base.port
        self._base_path = self._base.raw_path.decode("ascii").rstrip("/")
        self._origin = str(self._base.copy_with(raw_path=b"/")).rstrip("/")
        self.close()  # connections to the old host are no use

    def request(
        self,
        method: str,
        url: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        **others: Any,
    ) -> httpx.Response:
        if "://" in url or any(value is not None for value in others.values()):
            return self._fallback_client().request(
                method, url, json=json, params=params, headers=headers, **others
            )
        path = self._path(url, params)
        body = _json_body(json)
        sent_headers = dict(self.headers)
        if headers:
            sent_headers.update(headers)
        if body is not None:
            sent_headers["Content-Type"] = "application/json"
        sent_headers["Content-Length"] = str(len(body or b""))
        status, answer_headers, content = self._exchange(method, path, body, sent_headers)
        response = httpx.Response(status, headers=answer_headers, content=content)
        if status >= 400:  # only a refusal is read closely enough to want its request (it is rare)
            response.request = httpx.Request(method, f"{self._origin}{path}")
        if self._on_response is not None:
            self._on_response(response)
        return response

    def close(self) -> None:
        with self._lock:
            connections, self._all = self._all, []
        for connection in connections:
            connection.conn.close()
        self._local = threading.local()
        if self._fallback is not None:
            self._fallback.close()
            self._fallback = None

    # --- the wire ---

    def _path(self, url: str, params: Mapping[str, Any] | None) -> str:
        path = f"{self._base_path}{url if url.startswith('/') else '/' + url}"
        if params:
            query = urlencode({k: v for k, v in params.items() if v is not None}, doseq=True)
            path = f"{path}{'&' if '?' in path else '?'}{query}"
        return path

    def _exchange(
        self, method: str, path: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        connection = self._connection()
        try:
            connection.conn.request(method, path, body=body, headers=headers)
            answer = connection.conn.getresponse()
            content = answer.read()
        except TimeoutError as exc:
            self._drop(connection)
            raise httpx.ReadTimeout(f"no answer within {self.timeout_s} s") from exc
        except _TRANSPORT_FAILURES as exc:
            self._drop(connection)
            raise httpx.ReadError(f"{type(exc).__name__}: {exc}") from exc
        connection.last_used = time.monotonic()
        if answer.will_close:
            self._drop(connection)
        return answer.status, answer.getheaders(), content

    def _connection(self) -> _Connection:
        current: _Connection | None = getattr(self._local, "connection", None)
        if current is not None and not current.stale():
            return current
        if current is not None:
            self._drop(current)
        conn = self._open()
        try:
            conn.connect()
        except TimeoutError as exc:
            conn.close()
            raise httpx.ConnectTimeout(f"could not connect within {self.timeout_s} s") from exc
        except OSError as exc:
            conn.close()
            raise httpx.ConnectError(str(exc)) from exc
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        fresh = _Connection(conn)
        self._local.connection = fresh
        with self._lock:
            self._all.append(fresh)
        return fresh

    def _open(self) -> http.client.HTTPConnection:
        if self._scheme == "https":
            return http.client.HTTPSConnection(
                self._host, self._port or 443, timeout=self.timeout_s, context=self._tls
            )
        return http.client.HTTPConnection(self._host, self._port or 80, timeout=self.timeout_s)

    def _drop(self, connection: _Connection) -> None:
        connection.conn.close()
        if getattr(self._local, "connection", None) is connection:
            self._local.connection = None
        with self._lock:
            if connection in self._all:
                self._all.remove(connection)

    def _fallback_client(self) -> httpx.Client:
        if self._fallback is None:
            hooks = {"response": [self._on_response]} if self._on_response else {}
            self._fallback = httpx.Client(
                base_url=self.base_url,
                headers=self.headers,
                timeout=self.timeout_s,
                verify=self._tls,
                event_hooks=hooks,
            )
        return self._fallback


def _json_body(payload: Any) -> bytes | None:
    if payload is None:
        return None
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
