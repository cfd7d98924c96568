"""Start the real web server on a free 127.0.0.1 port for a benchmark, and stop it afterwards."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from wasl.core.management.commands.run import server_command


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(*, web_workers: int = 2, timeout_s: float = 30.0) -> Iterator[str]:
    port = free_port()
    command = [*server_command("127.0.0.1", port, web_workers)]
    command[command.index("--access-logfile") + 1] = "/dev/null"
    process = subprocess.Popen(command, env=dict(os.environ), stdout=subprocess.DEVNULL)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, process, timeout_s)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_ready(base: str, process: subprocess.Popen[bytes], timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {timeout_s} s")
