"""Periodic jobs: tasks declared in code to run every so often, enqueued by whichever worker sees them due.

Usage (the decorator goes *over* `@task()`; the task takes no arguments)::

    @periodic(every=timedelta(minutes=5))
    @task()
    def poll_carriers() -> None: ...

The schedule lives in `PeriodicJob` rows (one per job, created on first sight with `next_run_at = now`,
so a new job runs at once). Every worker calls `enqueue_due_jobs()` on each loop; the row lock makes sure a
due job is enqueued exactly once per period however many workers call it at the same moment. Missed
periods (all workers down for an hour) are not caught up: the job runs once and its schedule moves on.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.db import OperationalError
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks.base import Task
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from wasl.core.models import PeriodicJob

logger = logging.getLogger(__name__)

TaskT = TypeVar("TaskT", bound=Task[Any, Any])


@dataclass(frozen=True, slots=True)
class PeriodicSpec:
    name: str
    task: Task[Any, Any]
    every: timedelta


_registry: dict[str, PeriodicSpec] = {}


def periodic(*, every: timedelta, name: str | None = None) -> Callable[[TaskT], TaskT]:
    """Declare a task as periodic; `name` defaults to the task's dotted path."""
    if every <= timedelta(0):
        raise ValueError("every must be a positive duration")

    def register(declared: TaskT) -> TaskT:
        if not isinstance(declared, Task):
            raise TypeError("@periodic goes over @task(): it schedules a task, not a function")
        required = [
            parameter.name
            for parameter in inspect.signature(declared.func).parameters.values()
            if parameter.default is inspect.Parameter.empty
            and parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD)
        ]
        if required:
            raise TypeError(f"a periodic task is called without arguments; {declared.name} needs {required}")
        spec = PeriodicSpec(name=name or declared.module_path, task=declared, every=every)
        _registry[spec.name] = spec
        return declared

    return register


def registered_jobs() -> list[PeriodicSpec]:
    return list(_registry.values())


def discover_periodic_jobs() -> list[PeriodicSpec]:
    """Import every installed app's `tasks` module, where periodic jobs are declared."""
    autodiscover_modules("tasks")
    return registered_jobs()


def next_run_after(scheduled_at: datetime, every: timedelta, now: datetime) -> datetime:
    """The first slot of the job's grid (scheduled_at + k * every) strictly after `now`."""
    if scheduled_at > now:
        return scheduled_at
    periods_elapsed = (now - scheduled_at) // every
    return scheduled_at + (periods_elapsed + 1) * every


def enqueue_due_jobs(
    now: datetime | None = None, *, jobs: Iterable[PeriodicSpec] | None = None, ensure_schedules: bool = True
) -> list[str]:
    """Enqueue every due job once and move its schedule on; returns the names enqueued by this call.

    `ensure_schedules=False` skips creating the schedule rows of jobs that have none yet (a worker does
    that now and then, not on every look)."""
    now = now or timezone.now()
    specs = {spec.name: spec for spec in (registered_jobs() if jobs is None else jobs)}
    if not specs:
        return []
    if ensure_schedules:
        _create_missing_schedules(specs, now)
    due = PeriodicJob.objects.filter(name__in=specs, next_run_at__lte=now)
    # A plain read first: most loops find nothing due and should not take a write lock for it.
    if not due.exists():
        return []
    enqueued: list[str] = []
    try:
        with exclusive_transaction(due.db):
            # On PostgreSQL a second worker skips the rows the first has locked, then finds them no
            # longer due; on SQLite the exclusive transaction serialises callers the same way.
            for job in due.select_for_update(skip_locked=True).order_by("next_run_at"):
                spec = specs[job.name]
                result = spec.task.enqueue()
                job.last_enqueued_at = now
                job.last_task_id = str(result.id)
                job.next_run_at = next_run_after(job.next_run_at, spec.every, now)
                job.save(update_fields=["last_enqueued_at", "last_task_id", "next_run_at"])
                enqueued.append(job.name)
    except OperationalError as error:
        if not is_locked_database_exception(error):
            raise
        return []  # another worker holds the lock and is doing this very work
    for name in enqueued:
        logger.info("Periodic job %s enqueued", name)
    return enqueued


def _create_missing_schedules(specs: dict[str, PeriodicSpec], now: datetime) -> None:
    existing = set(PeriodicJob.objects.filter(name__in=specs).values_list("name", flat=True))
    missing = [PeriodicJob(name=name, next_run_at=now) for name in specs if name not in existing]
    if missing:
        # Two workers may create the same row at once; the unique name keeps one.
        PeriodicJob.objects.bulk_create(missing, ignore_conflicts=True)
