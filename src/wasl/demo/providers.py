"""The provider stand-ins (`wasl.fakeproviders.server.serve`) running inside the demo, in a thread of its own.

The demo store's WhatsApp and SMS channels point at them, so the demo's notifications go through the real
clients (pywa, the Twilio-compatible SMS client) without anything leaving 127.0.0.1.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass

from wasl.fakeproviders.graph_server import ThreadingWSGIServer
from wasl.fakeproviders.server import serve

DEFAULT_PORT = 8900  # the same as `wasl fake-providers`
READY_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class RunningProviders:
    server: ThreadingWSGIServer
    thread: threading.Thread

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def stop(self) -> None:
        """End `serve` (it closes its stand-ins and the socket on the way out) and wait for its thread."""
        self.server.shutdown()
        self.thread.join(timeout=READY_TIMEOUT_S)


def providers_start(host: str = "127.0.0.1", port: int = DEFAULT_PORT) -> RunningProviders:
    """Serve the stand-ins on host:port; when that port is taken, on a free one (port 0 asks for one)."""
    try:
        return _start(host, port)
    except OSError:
        if port == 0:
            raise
        return _start(host, 0)


def _start(host: str, port: int) -> RunningProviders:
    ready: queue.Queue[ThreadingWSGIServer | BaseException] = queue.Queue()

    def run() -> None:
        try:
            serve(host, port, on_ready=ready.put)
        except BaseException as error:  # a port already taken, mostly: the caller decides
            ready.put(error)

    thread = threading.Thread(target=run, name="wasl-demo-providers", daemon=True)
    thread.start()
    try:
        started = ready.get(timeout=READY_TIMEOUT_S)
    except queue.Empty:
        raise OSError(f"the provider stand-ins did not start on {host}:{port}") from None
    if isinstance(started, BaseException):
        thread.join(timeout=READY_TIMEOUT_S)
        raise started
    return RunningProviders(server=started, thread=thread)
