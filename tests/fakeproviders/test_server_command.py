"""`wasl fake-providers`: the command serves both stand-ins until interrupted, and refuses bad options clearly."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest
from django.core.management import CommandError, call_command

from wasl.fakeproviders.graph_server import ThreadingWSGIServer
from wasl.fakeproviders.management.commands.fake_providers import Command
from wasl.fakeproviders.server import serve

START_LIMIT_S = 20.0
# Runs the command by its class, so the test does not depend on the app being installed in settings.
RUN_COMMAND = (
    "import sys, django; django.setup();"
    "from django.core.management import call_command;"
    "from wasl.fakeproviders.management.commands.fake_providers import Command;"
    "call_command(Command(), *sys.argv[1:])"
)


def read_lines(stream: object, into: queue.Queue[str]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        into.put(line)


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_the_command_serves_both_stand_ins_until_interrupted(stop_signal: signal.Signals) -> None:
    # Given the command started on a free port
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "wasl.config.settings", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-c", RUN_COMMAND, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=read_lines, args=(process.stdout, lines), daemon=True).start()
    try:
        first = lines.get(timeout=START_LIMIT_S)
        match = re.fullmatch(r"Provider stand-ins listening on (http://127\.0\.0\.1:\d+)\n", first)
        assert match, first
        url = match[1]

        # When it is asked for its health, an SMS and the Graph API
        health = httpx.get(url + "/_control/health", timeout=5.0)
        sms = httpx.post(
            url + "/2010-04-01/Accounts/AC1/Messages.json",
            data={"To": "+966501234567", "From": "+15005550006", "Body": "hi"},
            auth=("AC1", "t"),
            timeout=5.0,
        )
        graph = httpx.get(url + "/_control/graph/sent", timeout=5.0)

        # Then each answers, and Ctrl-C (or SIGTERM) stops the command cleanly
        assert (health.status_code, health.json()) == (200, {"status": "ok"})
        assert (sms.status_code, sms.json()["status"]) == (201, "queued")
        assert graph.status_code == 200
        process.send_signal(stop_signal)
        assert process.wait(timeout=10) == 0
        rest = []
        while not lines.empty():
            rest.append(lines.get_nowait())
        assert rest[-1] == "Stopped.\n"
        assert f"sms.base_url={url}" in "".join(rest)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def test_serve_returns_when_its_server_is_shut_down() -> None:
    started: list[ThreadingWSGIServer] = []

    def stop_at_once(server: ThreadingWSGIServer) -> None:
        started.append(server)
        threading.Thread(target=server.shutdown, daemon=True).start()

    began = time.monotonic()
    serve("127.0.0.1", 0, on_ready=stop_at_once)

    assert len(started) == 1
    assert time.monotonic() - began < 10


def test_a_port_out_of_range_is_refused() -> None:
    with pytest.raises(CommandError, match="--port must be between 0 and 65535, not 70000"):
        call_command(Command(), "--port", "70000")


def test_a_port_already_taken_is_refused_with_the_reason_and_the_sigterm_handler_is_put_back() -> None:
    handler_before = signal.getsignal(signal.SIGTERM)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        with pytest.raises(CommandError, match=f"cannot listen on 127.0.0.1:{port}: Address already in use"):
            call_command(Command(), "--port", str(port))

    assert signal.getsignal(signal.SIGTERM) is handler_before
