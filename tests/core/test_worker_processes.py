"""Worker processes on the test database: a killed worker loses nothing, many workers run each task once."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable

import background_probe_tasks as probe
import pytest
from background_helpers import WorkerProcess, probe_rows, wait_until
from django.db import connection, transaction
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from wasl.core.models import WorkerHeartbeat

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("probe_tables"),
]

StartWorker = Callable[..., WorkerProcess]


def _statuses() -> dict[str, str]:
    return {str(row_id): status for row_id, status in DBTaskResult.objects.values_list("id", "status")}


def _all_successful(expected: int) -> Callable[[], bool]:
    def check() -> bool:
        statuses = list(DBTaskResult.objects.values_list("status", flat=True))
        return len(statuses) == expected and set(statuses) == {TaskResultStatus.SUCCESSFUL}

    return check


def test_a_task_running_on_a_killed_worker_is_run_again_by_another_and_takes_effect_once(
    start_worker: StartWorker,
) -> None:
    # Given four idempotent tasks, each pausing a second before its effect
    ids = [probe.record_effect_once.enqueue(f"parcel-{n}", pause_s=1.0).id for n in range(4)]

    # When a worker starts one and is killed (SIGKILL, no chance to clean up) in the middle of it
    doomed = start_worker("--worker-id", "doomed", "--lease", "2", "--interval", "0.1")
    wait_until(
        lambda: bool(probe_rows("SELECT task_key FROM wasl_probe_run")), timeout=60, what="a task to start"
    )
    doomed.signal(signal.SIGKILL)
    assert doomed.wait(timeout=10) == -signal.SIGKILL
    [(killed_key,)] = probe_rows("SELECT task_key FROM wasl_probe_run")
    killed_id = ids[int(str(killed_key).removeprefix("parcel-"))]
    assert _statuses()[killed_id] == TaskResultStatus.RUNNING

    # And a second worker with a two-second lease takes over until the queue is done, then gets SIGTERM
    rescuer = start_worker("--worker-id", "rescuer", "--lease", "2", "--interval", "0.1")
    wait_until(_all_successful(4), timeout=60, what="all four tasks to succeed", poll=0.2)
    rescuer.signal(signal.SIGTERM)
    assert rescuer.wait(timeout=30) == 0

    # Then every task took effect exactly once, and the killed one was run twice, the second time by rescuer
    effects = probe_rows(
        "SELECT task_key, COUNT(*) FROM wasl_probe_effect GROUP BY task_key ORDER BY task_key"
    )
    assert effects == [(f"parcel-{n}", 1) for n in range(4)]
    runs = {
        key: count
        for key, count in probe_rows("SELECT task_key, COUNT(*) FROM wasl_probe_run GROUP BY task_key")
    }
    assert runs == {f"parcel-{n}": 2 if f"parcel-{n}" == killed_key else 1 for n in range(4)}
    assert DBTaskResult.objects.get(id=killed_id).worker_ids == ["doomed", "rescuer"]
    assert f"Gave task id={killed_id} path=background_probe_tasks.record_effect_once back" in rescuer.log
    # The killed worker's heartbeat stays (it could not sign off); the rescuer's went with its clean stop
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["doomed"]


def test_sigterm_lets_the_running_task_finish_and_a_second_one_gives_it_back(
    start_worker: StartWorker,
) -> None:
    # Given two slow tasks and a worker busy with the first
    first = probe.record_effect_once.enqueue("first", pause_s=1.5)
    second = probe.record_effect_once.enqueue("second", pause_s=3.0)
    worker = start_worker("--worker-id", "polite", "--interval", "0.1")
    wait_until(lambda: bool(probe_rows("SELECT 1 FROM wasl_probe_run")), timeout=60, what="the first task")

    # When it gets SIGTERM, then it finishes the task, takes no other and exits with 0
    worker.signal(signal.SIGTERM)
    assert worker.wait(timeout=30) == 0
    assert _statuses() == {first.id: TaskResultStatus.SUCCESSFUL, second.id: TaskResultStatus.READY}

    # Given a new worker busy with the second task
    worker = start_worker("--worker-id", "hurried", "--interval", "0.1")
    wait_until(
        lambda: len(probe_rows("SELECT 1 FROM wasl_probe_run")) == 2, timeout=60, what="the second task"
    )

    # When it gets SIGTERM twice, then it stops at once, exits with 1, and the task is READY again
    worker.signal(signal.SIGTERM)
    wait_until(lambda: "stopping after the current task" in worker.log, timeout=30, what="the first signal")
    worker.signal(signal.SIGTERM)
    assert worker.wait(timeout=30) == 1
    assert _statuses() == {first.id: TaskResultStatus.SUCCESSFUL, second.id: TaskResultStatus.READY}
    assert probe_rows("SELECT task_key FROM wasl_probe_effect") == [("first",)]
    assert not WorkerHeartbeat.objects.exists()


def test_concurrency_runs_several_processes_that_share_the_queue(start_worker: StartWorker) -> None:
    # Given 30 tasks
    ids = {probe.insert_row.enqueue(f"row-{n}").id for n in range(30)}

    # When one command runs two worker processes until the queue is empty
    pool = start_worker("--concurrency", "2", "--worker-id", "pool", "--batch")
    assert pool.wait(timeout=90) == 0, pool.log

    # Then each task ran once, on one of the two processes
    assert sorted(probe_rows("SELECT task_id FROM wasl_probe_effect")) == sorted(
        (task_id,) for task_id in ids
    )
    rows = DBTaskResult.objects.values_list("status", "worker_ids")
    assert {status for status, _ in rows} == {TaskResultStatus.SUCCESSFUL}
    assert {worker for _, worker_ids in rows for worker in worker_ids} <= {"pool-1", "pool-2"}


@pytest.mark.postgres
def test_three_workers_run_a_thousand_tasks_each_exactly_once(start_worker: StartWorker) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("three workers on one SQLite file only measure its write lock; this runs on PostgreSQL")
    # Given 1,000 tasks that each insert one row, with nothing to stop a second run from inserting another
    with transaction.atomic():
        ids = {probe.insert_row.enqueue(f"row-{n}").id for n in range(1000)}

    # When three worker processes run until the queue is empty (bounded: two minutes in all)
    workers = [start_worker("--worker-id", f"crowd-{n}", "--batch") for n in range(3)]
    deadline = time.monotonic() + 120
    for worker in workers:
        assert worker.wait(timeout=max(1.0, deadline - time.monotonic())) == 0, worker.log

    # Then there are exactly 1,000 rows, one per task id, and every result is SUCCESSFUL
    rows = probe_rows("SELECT task_id, COUNT(*) FROM wasl_probe_effect GROUP BY task_id")
    assert len(rows) == 1000
    assert {task_id for task_id, _ in rows} == ids
    assert {count for _, count in rows} == {1}
    assert probe_rows("SELECT COUNT(*) FROM wasl_probe_effect") == [(1000,)]
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1000
    assert DBTaskResult.objects.count() == 1000
