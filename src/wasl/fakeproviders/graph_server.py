"""Serving a WSGI stand-in on a local port with the standard library, one thread per request.

Threads matter: a stand-in told to answer late must not hold up the requests behind it.
"""

from __future__ import annotations

import socketserver
import threading
from dataclasses import dataclass
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

STOP_WAIT_S = 5.0


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """One line per request is noise in tests and in the demo."""


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    block_on_close = False  # a request still sleeping must not hold up the stop

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (its timeout) closes the socket under us: expected, not worth a trace."""
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@dataclass
class RunningServer:
    server: ThreadingWSGIServer
    thread: threading.Thread

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(STOP_WAIT_S)


def make_server(app: Any, *, host: str = "127.0.0.1", port: int = 0) -> ThreadingWSGIServer:
    server = ThreadingWSGIServer((host, port), _QuietHandler)
    server.set_app(app)
    return server


def serve_in_thread(app: Any, *, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Serve `app` on host:port (0: any free port) from a background thread; `.stop()` ends it."""
    server = make_server(app, host=host, port=port)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return RunningServer(server=server, thread=thread)
