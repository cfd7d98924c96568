"""Tasks the background-work tests enqueue; importable by worker subprocesses (tests/core is on their path).

They write with raw SQL into probe tables the tests create and drop (see conftest), so the project's
schema carries nothing for tests.
"""

from __future__ import annotations

import os
import time

from django.db import connection, transaction
from django_tasks import TaskContext, task

from wasl.core.models import WorkerHeartbeat
from wasl.core.retry import TransientError, current_attempt, retrying

PROBE_TABLES = {
    "wasl_probe_run": "task_key VARCHAR(64) NOT NULL, pid INTEGER NOT NULL",
    "wasl_probe_effect": "task_key VARCHAR(64) NOT NULL, task_id VARCHAR(64) NOT NULL, pid INTEGER NOT NULL",
}


def _execute(sql: str, params: list[str | int]) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall()) if cursor.description else []


@task(takes_context=True)
def record_effect_once(context: TaskContext, key: str, pause_s: float) -> None:
    """Idempotent: notes every run, pauses (the window a test kills the worker in), writes its effect once."""
    _execute("INSERT INTO wasl_probe_run (task_key, pid) VALUES (%s, %s)", [key, os.getpid()])
    time.sleep(pause_s)
    with transaction.atomic():
        if not _execute("SELECT 1 FROM wasl_probe_effect WHERE task_key = %s", [key]):
            _execute(
                "INSERT INTO wasl_probe_effect (task_key, task_id, pid) VALUES (%s, %s, %s)",
                [key, str(context.task_result.id), os.getpid()],
            )


@task(takes_context=True)
def insert_row(context: TaskContext, key: str) -> None:
    """Deliberately not idempotent (no check, no unique key): a double run shows as a second row."""
    _execute(
        "INSERT INTO wasl_probe_effect (task_key, task_id, pid) VALUES (%s, %s, %s)",
        [key, str(context.task_result.id), os.getpid()],
    )


@task()
@retrying(max_attempts=3, base=2.0, cap=600.0)
def succeed_on_attempt(key: str, succeed_on: int) -> int:
    if current_attempt() < succeed_on:
        raise TransientError(f"{key}: not yet")
    return current_attempt()


@task()
@retrying(max_attempts=3, base=2.0, cap=600.0)
def fail_for_good(key: str) -> None:
    raise ValueError(f"{key}: not a transient error")


@task()
def tick() -> str:
    return "tick"


@task()
def list_live_workers() -> list[list[object]]:
    return [[beat.worker_id, beat.pid] for beat in WorkerHeartbeat.objects.all()]
