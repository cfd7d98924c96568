"""Heartbeats and leases of the worker, in this process (wasl.core.worker)."""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta

import background_probe_tasks as probe
import pytest
from background_helpers import wait_until
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from wasl.core.models import WorkerHeartbeat
from wasl.core.worker import Heartbeat, LeasedWorker, give_back_orphaned_tasks

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
LEASE = timedelta(seconds=30)


def _running(worker_id: str, started_at: datetime) -> str:
    """A task claimed by `worker_id` at `started_at`; returns its id."""
    result = probe.tick.enqueue()
    DBTaskResult.objects.filter(id=result.id).update(
        status=TaskResultStatus.RUNNING, worker_ids=[worker_id], started_at=started_at
    )
    return str(result.id)


def _beat(worker_id: str, last_seen_at: datetime) -> None:
    WorkerHeartbeat.objects.create(
        worker_id=worker_id,
        hostname="box",
        pid=1,
        started_at=NOW - timedelta(hours=1),
        last_seen_at=last_seen_at,
    )


def _worker(worker_id: str) -> LeasedWorker:
    return LeasedWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        max_tasks=None,
        worker_id=worker_id,
        lease_seconds=30,
        periodic_jobs=[],
    )


@pytest.mark.django_db
def test_tasks_of_a_worker_silent_for_longer_than_the_lease_go_back_to_the_queue() -> None:
    # Given a worker last seen 31 s ago and one seen 5 s ago, each running a task for a minute
    _beat("dead", NOW - timedelta(seconds=31))
    _beat("alive", NOW - timedelta(seconds=5))
    orphan = _running("dead", NOW - timedelta(seconds=60))
    busy = _running("alive", NOW - timedelta(seconds=600))

    # When the leases are checked
    given_back = give_back_orphaned_tasks(lease=LEASE, now=NOW)

    # Then only the dead worker's task is READY again, its history kept; the live one is untouched
    assert given_back == [orphan]
    orphan_row = DBTaskResult.objects.get(id=orphan)
    assert (orphan_row.status, orphan_row.worker_ids) == (TaskResultStatus.READY, ["dead"])
    assert DBTaskResult.objects.get(id=busy).status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_a_worker_with_no_heartbeat_row_is_dead_but_a_task_claimed_within_the_lease_is_kept() -> None:
    # Given two tasks of workers that left no heartbeat: one claimed a minute ago, one 10 s ago
    vanished = _running("vanished", NOW - timedelta(seconds=60))
    just_claimed = _running("starting", NOW - timedelta(seconds=10))

    # When the leases are checked, then only the old claim is given back
    assert give_back_orphaned_tasks(lease=LEASE, now=NOW) == [vanished]
    assert DBTaskResult.objects.get(id=just_claimed).status == TaskResultStatus.RUNNING


@pytest.mark.django_db
def test_giving_back_keeps_run_after() -> None:
    # Given a deferred task that came due and was claimed by a worker that then died
    result = probe.tick.using(run_after=NOW - timedelta(hours=1)).enqueue()
    DBTaskResult.objects.filter(id=result.id).update(
        status=TaskResultStatus.RUNNING, worker_ids=["dead"], started_at=NOW - timedelta(minutes=5)
    )

    # When the leases are checked, then it is READY with its run_after unchanged
    give_back_orphaned_tasks(lease=LEASE, now=NOW)
    row = DBTaskResult.objects.get(id=result.id)
    assert (row.status, row.run_after) == (TaskResultStatus.READY, NOW - timedelta(hours=1))


@pytest.mark.django_db
def test_heartbeats_of_workers_dead_for_a_day_are_forgotten() -> None:
    _beat("dead-long-ago", NOW - timedelta(days=1, seconds=1))
    _beat("dead-recently", NOW - timedelta(hours=23))

    give_back_orphaned_tasks(lease=LEASE, now=NOW)

    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["dead-recently"]


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_keeps_the_row_fresh_and_rewrites_it_if_deleted() -> None:
    # Given a heartbeat every 50 ms
    heartbeat = Heartbeat("beat-test", every_seconds=0.05)
    heartbeat.start()
    try:
        first = WorkerHeartbeat.objects.get()
        assert (first.worker_id, first.hostname, first.pid) == (
            "beat-test",
            socket.gethostname(),
            os.getpid(),
        )

        # When time passes, then last_seen_at moves on
        wait_until(
            lambda: WorkerHeartbeat.objects.get().last_seen_at > first.last_seen_at,
            timeout=10,
            what="a second beat",
        )

        # When the row is deleted behind its back, then the next beat writes it again
        WorkerHeartbeat.objects.all().delete()
        wait_until(lambda: WorkerHeartbeat.objects.exists(), timeout=10, what="the row to come back")
    finally:
        heartbeat.stop()
    assert heartbeat._thread is not None and not heartbeat._thread.is_alive()
    heartbeat.forget()
    assert not WorkerHeartbeat.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_worker_is_listed_while_it_runs_and_signs_off_when_it_stops() -> None:
    # Given a task that reports the live workers
    result = probe.list_live_workers.enqueue()

    # When a worker runs it
    _worker("in-process-1").run()

    # Then the worker's heartbeat row existed during the task and is gone after a clean stop
    row = DBTaskResult.objects.get(id=result.id)
    assert (row.status, row.return_value) == (TaskResultStatus.SUCCESSFUL, [["in-process-1", os.getpid()]])
    assert not WorkerHeartbeat.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_worker_restarted_under_the_same_id_takes_back_what_it_had_claimed() -> None:
    # Given a task claimed a moment ago by worker "fixed-id", which then crashed and was restarted
    orphan = _running("fixed-id", datetime.now(tz=UTC))

    # When the restarted worker runs
    _worker("fixed-id").run()

    # Then it gave the task back to the queue at start and ran it again
    row = DBTaskResult.objects.get(id=orphan)
    assert (row.status, row.worker_ids) == (TaskResultStatus.SUCCESSFUL, ["fixed-id", "fixed-id"])
