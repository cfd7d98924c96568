"""Helpers shared by the background-work tests (tests/core is put on sys.path by its conftest)."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from django.db import connection


def probe_rows(sql: str) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())


def current_database_url() -> str:
    """DATABASE_URL of the database the tests run on (the test database, once it exists)."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    if connection.vendor == "postgresql":
        credentials = quote(config["USER"] or "")
        if config["PASSWORD"]:
            credentials += ":" + quote(config["PASSWORD"])
        host = config["HOST"] or "127.0.0.1"
        port = config["PORT"] or "5432"
        return f"postgres://{credentials}@{host}:{port}/{config['NAME']}"
    raise NotImplementedError(connection.vendor)


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str, poll: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(poll)


class WorkerProcess:
    """A `worker` command running in its own process group, with its output in a log file."""

    def __init__(self, popen: subprocess.Popen[bytes], log_path: Path) -> None:
        self.popen = popen
        self.log_path = log_path

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def signal(self, signum: int) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signum)

    def wait(self, timeout: float) -> int:
        return self.popen.wait(timeout=timeout)
