"""A small HTTP/1.1 server for the benchmark's stand-ins: one asyncio loop, keep-alive, WSGI apps run inline.

The stand-in plays Meta: its own CPU is not Wasl's, but on a small machine it shares the cores with what is
measured. gunicorn's threaded worker spends most of a millisecond per request on itself; this loop spends
a fraction of that. It serves what our clients send (Content-Length bodies, no chunked uploads) and
answers anything else with 400. Apps must answer at once: nothing here waits for a slow app.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import sys
from collections.abc import Callable, Iterable
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
MAX_HEAD = 64 * 1024


class _Connection(asyncio.Protocol):
    def __init__(self, app: WSGIApp, port: int) -> None:
        self.app, self.port = app, port
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self.transport is not None and not self.transport.is_closing():
            request = self._next_request()
            if request is None:
                if len(self.buffer) > MAX_HEAD and b"\r\n\r\n" not in self.buffer:
                    self._fail()
                return
            self._answer(*request)

    def _next_request(self) -> tuple[str, str, dict[str, str], bytes] | None:
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = bytes(self.buffer[:end]).decode("latin-1").split("\r\n")
        try:
            method, target, _version = head[0].split(" ", 2)
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in head[1:])}
            length = int(headers.get("content-length", "0"))
        except ValueError:
            self._fail()
            return None
        if "chunked" in headers.get("transfer-encoding", "") or length < 0:
            self._fail()
            return None
        if len(self.buffer) < end + 4 + length:
            return None
        body = bytes(self.buffer[end + 4 : end + 4 + length])
        del self.buffer[: end + 4 + length]
        return method, target, headers, body

    def _answer(self, method: str, target: str, headers: dict[str, str], body: bytes) -> None:
        path, _, query = target.partition("?")
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": str(self.port),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": headers.get("content-type", ""),
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        for name, value in headers.items():
            if name not in ("content-type", "content-length"):
                environ["HTTP_" + name.upper().replace("-", "_")] = value
        started: list[Any] = []

        def start_response(
            status: str, response_headers: list[tuple[str, str]], exc_info: Any = None
        ) -> None:
            started[:] = [status, response_headers]

        chunks = b"".join(self.app(environ, start_response))
        status, response_headers = started
        names = {name.lower() for name, _ in response_headers}
        lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in response_headers)]
        if "content-length" not in names:
            lines.append(f"Content-Length: {len(chunks)}")
        closing = headers.get("connection", "").lower() == "close"
        if closing:
            lines.append("Connection: close")
        assert self.transport is not None
        self.transport.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + chunks)
        if closing:
            self.transport.close()

    def _fail(self) -> None:
        if self.transport is not None:
            self.transport.write(
                b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            self.transport.close()


def serve_forever(app: WSGIApp, port: int, host: str = "127.0.0.1") -> None:
    """Serve `app` until the process is stopped (SIGTERM/SIGINT)."""

    async def main() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(lambda: _Connection(app, port), host, port)
        async with server:
            await server.serve_forever()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
