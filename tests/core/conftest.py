"""Fixtures for the background-work tests: probe tables and worker subprocesses.

This folder goes on sys.path so that the probe tasks have one importable name, the same in this process
and in the worker subprocesses the tests start.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import background_probe_tasks  # noqa: E402
from background_helpers import WorkerProcess, current_database_url  # noqa: E402


@pytest.fixture
def probe_tables(transactional_db: None) -> Iterator[None]:
    """Tables the probe tasks write into, created for one test and dropped after it."""
    with connection.cursor() as cursor:
        for table, columns in background_probe_tasks.PROBE_TABLES.items():
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(f"CREATE TABLE {table} ({columns})")
    yield
    with connection.cursor() as cursor:
        for table in background_probe_tasks.PROBE_TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Callable[..., WorkerProcess]]:
    """Start `python -m django worker ARGS...` against the test database; all are killed at teardown."""
    started: list[WorkerProcess] = []

    def start(*args: str) -> WorkerProcess:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "wasl.config.settings",
            "DATABASE_URL": current_database_url(),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])),
            "PYTHONUNBUFFERED": "1",
            "WASL_LOG_LEVEL": "INFO",
        }
        log_path = tmp_path / f"worker-{len(started)}.log"
        with log_path.open("wb") as log:
            popen = subprocess.Popen(
                [sys.executable, "-m", "django", "worker", "--skip-checks", "--no-periodic", *args],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killpg reaches a supervisor's children too
            )
        process = WorkerProcess(popen, log_path)
        started.append(process)
        return process

    try:
        yield start
    finally:
        for process in started:
            process.signal(signal.SIGKILL)
        for process in started:
            process.popen.wait(timeout=10)
