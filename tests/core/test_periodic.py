"""Periodic jobs declared in code (wasl.core.periodic)."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import background_probe_tasks as probe
import pytest
from django.db import connections
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from wasl.core import periodic as periodic_module
from wasl.core.models import PeriodicJob
from wasl.core.periodic import PeriodicSpec, enqueue_due_jobs, next_run_after, periodic, registered_jobs
from wasl.core.worker import LeasedWorker

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
EVERY = timedelta(minutes=5)
TICK = PeriodicSpec(name="probe.tick", task=probe.tick, every=EVERY)


def test_the_decorator_registers_the_task_under_its_path(monkeypatch: pytest.MonkeyPatch) -> None:
    # Given an empty registry, when a task is declared periodic
    monkeypatch.setattr(periodic_module, "_registry", {})
    declared = periodic(every=EVERY)(probe.tick)

    # Then the task itself is returned and the registry holds it under its dotted path
    assert declared is probe.tick
    assert registered_jobs() == [
        PeriodicSpec(name="background_probe_tasks.tick", task=probe.tick, every=EVERY)
    ]


def test_the_decorator_refuses_a_function_a_task_with_arguments_and_a_zero_period() -> None:
    with pytest.raises(TypeError, match="goes over @task"):
        periodic(every=EVERY)(probe.tick.func)  # type: ignore[type-var]
    with pytest.raises(TypeError, match=r"needs \['key'\]"):
        periodic(every=EVERY)(probe.fail_for_good)
    with pytest.raises(ValueError):
        periodic(every=timedelta(0))


@pytest.mark.parametrize(
    ("scheduled_at", "now", "expected"),
    [
        (NOW, NOW, NOW + EVERY),  # due right now: the next slot
        (NOW, NOW + timedelta(minutes=4), NOW + EVERY),
        (NOW, NOW + EVERY, NOW + 2 * EVERY),  # exactly on the next slot: that one is taken now
        (NOW, NOW + timedelta(minutes=17), NOW + timedelta(minutes=20)),  # missed slots are skipped
        (NOW + EVERY, NOW, NOW + EVERY),  # not due yet: unchanged
    ],
)
def test_next_run_stays_on_the_job_grid(scheduled_at: datetime, now: datetime, expected: datetime) -> None:
    assert next_run_after(scheduled_at, EVERY, now) == expected


@pytest.mark.django_db
def test_a_new_job_runs_at_once_and_is_scheduled_one_period_later() -> None:
    # Given a job never seen before, when due jobs are enqueued
    enqueued = enqueue_due_jobs(NOW, jobs=[TICK])

    # Then it is enqueued once and its schedule moves one period on
    assert enqueued == ["probe.tick"]
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.status) == ("background_probe_tasks.tick", TaskResultStatus.READY)
    job = PeriodicJob.objects.get()
    assert (job.name, job.next_run_at, job.last_enqueued_at, job.last_task_id) == (
        "probe.tick",
        NOW + EVERY,
        NOW,
        str(task.id),
    )


@pytest.mark.django_db
def test_a_job_is_not_enqueued_before_it_is_due_and_once_when_it_is() -> None:
    # Given a job that ran at NOW
    enqueue_due_jobs(NOW, jobs=[TICK])

    # When due jobs are enqueued again a second before and then at the next slot, twice
    too_early = enqueue_due_jobs(NOW + EVERY - timedelta(seconds=1), jobs=[TICK])
    on_time = enqueue_due_jobs(NOW + EVERY, jobs=[TICK])
    again = enqueue_due_jobs(NOW + EVERY + timedelta(seconds=1), jobs=[TICK])

    # Then only the call at the slot enqueued it
    assert (too_early, on_time, again) == ([], ["probe.tick"], [])
    assert DBTaskResult.objects.count() == 2
    assert PeriodicJob.objects.get().next_run_at == NOW + 2 * EVERY


@pytest.mark.django_db
def test_after_downtime_a_job_runs_once_not_once_per_missed_period() -> None:
    # Given a job that ran at NOW, then no worker for 17 minutes
    enqueue_due_jobs(NOW, jobs=[TICK])

    # When due jobs are enqueued
    enqueued = enqueue_due_jobs(NOW + timedelta(minutes=17), jobs=[TICK])

    # Then it is enqueued once and the schedule stays on its five-minute grid
    assert enqueued == ["probe.tick"]
    assert DBTaskResult.objects.count() == 2
    assert PeriodicJob.objects.get().next_run_at == NOW + timedelta(minutes=20)


@pytest.mark.django_db
def test_a_schedule_row_without_a_declared_job_is_left_alone() -> None:
    # Given a row for a job no longer in the code
    PeriodicJob.objects.create(name="gone.job", next_run_at=NOW)

    # When due jobs are enqueued, then only the declared job is, and the stray row is unchanged
    assert enqueue_due_jobs(NOW, jobs=[TICK]) == ["probe.tick"]
    assert PeriodicJob.objects.get(name="gone.job").last_enqueued_at is None
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_callers_enqueue_a_due_job_exactly_once() -> None:
    # Given a due job, and four callers (think four workers) at the very same moment, for five periods
    enqueue_due_jobs(NOW, jobs=[TICK])
    results: list[list[str]] = []
    for period in range(1, 6):
        now = NOW + period * EVERY
        barrier = threading.Barrier(4, timeout=30)

        def call(now: datetime = now, barrier: threading.Barrier = barrier) -> None:
            try:
                barrier.wait()
                results.append(enqueue_due_jobs(now, jobs=[TICK]))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=call) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not any(thread.is_alive() for thread in threads)

    # Then each period enqueued the job once: 1 + 5 tasks, and 5 of the 20 calls won
    assert sorted(results) == [[]] * 15 + [["probe.tick"]] * 5
    assert DBTaskResult.objects.count() == 6
    assert PeriodicJob.objects.get().next_run_at == NOW + 6 * EVERY


@pytest.mark.django_db(transaction=True)
def test_the_worker_enqueues_due_jobs_and_runs_them() -> None:
    # Given a periodic job never run
    worker = LeasedWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        max_tasks=None,
        worker_id="periodic-test-worker",
        lease_seconds=30,
        periodic_jobs=[TICK],
    )

    # When a worker runs through the queue
    worker.run()

    # Then the job was enqueued by the worker's loop and run by it
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.status, task.return_value) == (
        "background_probe_tasks.tick",
        TaskResultStatus.SUCCESSFUL,
        "tick",
    )
    assert PeriodicJob.objects.get().last_task_id == str(task.id)
