"""The Wasl worker: django_tasks_db's Worker plus heartbeats, leases, periodic jobs and a clean stop.

django_tasks_db marks a task RUNNING when a worker claims it; if that process dies, the row would stay
RUNNING forever. Here every worker touches a `WorkerHeartbeat` row every few seconds from a thread of its
own (so a long task does not silence it), and every worker, before claiming and then once per lease,
gives back to the queue the tasks RUNNING under a worker not seen for longer than the lease. Such a task
runs again from the start, which is why Wasl tasks must be idempotent.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from types import FrameType

from django.db import DatabaseError, close_old_connections, connection, connections
from django.db.utils import OperationalError
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskContext, TaskResultStatus, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from wasl.core.models import WorkerHeartbeat
from wasl.core.periodic import PeriodicSpec, discover_periodic_jobs, enqueue_due_jobs

logger = logging.getLogger(__name__)

# Heartbeat rows of workers dead this long are deleted; younger ones stay visible in the admin.
FORGET_DEAD_WORKERS_AFTER = timedelta(days=1)
PERIODIC_CHECK_S = 1.0
SCHEDULES_CHECK_S = 60.0


class ForcedStop(BaseException):
    """Raised inside the running task by a second SIGTERM/SIGINT: stop now, give the task back."""


def default_worker_id() -> str:
    """Unique across machines and restarts, and readable in the admin: host-pid-random."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"


class Heartbeat:
    """Keeps this worker's `WorkerHeartbeat` row fresh from a daemon thread with its own connection."""

    def __init__(self, worker_id: str, every_seconds: float) -> None:
        self.worker_id = worker_id
        self.every_seconds = every_seconds
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        # The first beat is written before the worker claims anything, so its tasks are never orphans.
        self._write_row()
        self._thread = threading.Thread(target=self._beat, name=f"heartbeat-{self.worker_id}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=self.every_seconds + 5)

    def forget(self) -> None:
        WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()

    def _beat(self) -> None:
        try:
            while not self._stopping.wait(self.every_seconds):
                self._touch()
        finally:
            connections.close_all()  # connections are per thread: this closes the heartbeat's own

    def _touch(self) -> None:
        try:
            touched = WorkerHeartbeat.objects.filter(worker_id=self.worker_id).update(
                last_seen_at=timezone.now()
            )
            # The row was deleted (by hand, or pruned after a long stall): write it again, unless stopping.
            if not touched and not self._stopping.is_set():
                self._write_row()
        except DatabaseError:
            # A missed beat is not fatal; enough of them in a row and our tasks are given back, which is safe.
            logger.warning("Heartbeat of worker %s could not be written", self.worker_id, exc_info=True)
            connections.close_all()

    def _write_row(self) -> None:
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": now,
                "last_seen_at": now,
            },
        )


def give_back_orphaned_tasks(
    *, lease: timedelta, backend_name: str | None = None, now: datetime | None = None
) -> list[str]:
    """Put back to READY the tasks RUNNING under a worker not seen for longer than `lease`.

    `run_after` is kept; `worker_ids` keeps the dead worker, so the task's attempt count shows the re-run.
    Returns the ids given back.
    """
    now = now or timezone.now()
    cutoff = now - lease
    alive = set(WorkerHeartbeat.objects.filter(last_seen_at__gte=cutoff).values_list("worker_id", flat=True))
    # A task claimed less than a lease ago is never taken, whatever the heartbeats say.
    candidates = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
    if backend_name is not None:
        candidates = candidates.filter(backend_name=backend_name)
    given_back: list[str] = []
    for row in candidates.only("id", "worker_ids", "started_at", "task_path"):
        owner = row.worker_ids[-1] if row.worker_ids else None
        if owner in alive:
            continue
        # Compare-and-set on started_at: if another worker gave it back and a third claimed it meanwhile,
        # started_at has changed and this update does nothing.
        if _release(row, expected_started_at=row.started_at):
            logger.warning(
                "Gave task id=%s path=%s back to the queue: its worker %s was last seen over %ss ago",
                row.id,
                row.task_path,
                owner,
                lease.total_seconds(),
            )
            given_back.append(str(row.id))
    WorkerHeartbeat.objects.filter(last_seen_at__lt=now - FORGET_DEAD_WORKERS_AFTER).delete()
    return given_back


def give_back_tasks_of(worker_id: str) -> list[str]:
    """Put back to READY the tasks RUNNING under `worker_id` (a stopping or restarted worker's own)."""
    given_back: list[str] = []
    for row in DBTaskResult.objects.running().only("id", "worker_ids", "started_at", "task_path"):
        if row.worker_ids and row.worker_ids[-1] == worker_id and _release(row, row.started_at):
            logger.warning("Gave task id=%s path=%s back to the queue", row.id, row.task_path)
            given_back.append(str(row.id))
    return given_back


def ready_task_exists(backend_name: str) -> bool:
    """Whether any task of this backend is ready to run now; one indexed statement, no ORM compilation."""
    table = connection.ops.quote_name(DBTaskResult._meta.db_table)
    # Parameters in the form the ORM stores them (SQLite keeps datetimes as text in its own format).
    never = connection.ops.adapt_datetimefield_value(get_date_max())
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 1 FROM {table} WHERE status = %s AND backend_name = %s"  # noqa: S608 - model metadata
            " AND (run_after = %s OR run_after <= %s) LIMIT 1",
            [TaskResultStatus.READY, backend_name, never, now],
        )
        return cursor.fetchone() is not None


def _release(row: DBTaskResult, expected_started_at: datetime | None) -> bool:
    released = DBTaskResult.objects.filter(
        id=row.id, status=TaskResultStatus.RUNNING, started_at=expected_started_at
    ).update(status=TaskResultStatus.READY)
    return released == 1


class LeasedWorker(Worker):
    """A django_tasks_db Worker that heartbeats, recovers orphaned tasks and enqueues periodic jobs."""

    def __init__(
        self,
        *,
        queue_names: list[str],
        interval: float,
        batch: bool,
        backend_name: str,
        max_tasks: int | None,
        worker_id: str,
        lease_seconds: float,
        excluded_queue_names: Sequence[str] = (),
        heartbeat_seconds: float | None = None,
        periodic_jobs: Sequence[PeriodicSpec] | None = None,
        parent_pid: int | None = None,
    ) -> None:
        super().__init__(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=False,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=list(excluded_queue_names),
        )
        if lease_seconds <= 0:
            raise ValueError("lease_seconds must be positive")
        self.lease = timedelta(seconds=lease_seconds)
        # Three beats per lease: one late or lost beat does not make a live worker look dead.
        self.heartbeat_seconds = heartbeat_seconds or max(lease_seconds / 3, 0.1)
        self.periodic_jobs = periodic_jobs  # None: those declared in the installed apps' tasks modules
        self.parent_pid = parent_pid
        self._wake = threading.Event()

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        if not self.running:
            logger.warning(
                "Received %s again - giving the current task back and stopping now", signal.strsignal(signum)
            )
            self.reset_signals()
            raise ForcedStop(signum)
        logger.warning(
            "Received %s - stopping after the current task (send it again to stop now)",
            signal.strsignal(signum),
        )
        self.running = False
        self._wake.set()

    def run(self) -> None:
        logger.info(
            "Starting worker worker_id=%s queues=%s lease=%ss",
            self.worker_id,
            ",".join(self.queue_names),
            self.lease.total_seconds(),
        )
        jobs = discover_periodic_jobs() if self.periodic_jobs is None else list(self.periodic_jobs)
        heartbeat = Heartbeat(self.worker_id, self.heartbeat_seconds)
        heartbeat.start()
        # A worker restarted under the same id cannot be running what its previous life claimed.
        give_back_tasks_of(self.worker_id)
        try:
            self._work(jobs)
        finally:
            heartbeat.stop()
            self._leave(heartbeat)

    def _work(self, jobs: list[PeriodicSpec]) -> None:
        next_lease_check = next_periodic_check = next_schedules_check = 0.0
        while self.running:
            close_old_connections()
            if self.parent_pid is not None and os.getppid() != self.parent_pid:
                logger.warning("Worker %s lost its parent process - stopping", self.worker_id)
                return
            now = time.monotonic()
            if now >= next_lease_check:
                self._housekeep(give_back_orphaned_tasks, lease=self.lease, backend_name=self.backend_name)
                next_lease_check = now + self.lease.total_seconds()
            # Periodic jobs are minutes apart: looking once a second is plenty, and looking on every loop
            # cost a busy worker a fifth of its time. Missing schedule rows are (re)created once a minute.
            if jobs and now >= next_periodic_check:
                ensure = now >= next_schedules_check
                self._housekeep(enqueue_due_jobs, jobs=jobs, ensure_schedules=ensure)
                next_periodic_check = now + PERIODIC_CHECK_S
                next_schedules_check = now + SCHEDULES_CHECK_S if ensure else next_schedules_check
            if not self._anything_ready():
                if self.batch:
                    logger.info("No more tasks to run for worker_id=%s - exiting", self.worker_id)
                    return
                self._wake.wait(self.interval)
                continue
            task_result, looked = self._claim_next()
            if task_result is not None:
                self.run_task(task_result)
            if self.batch and looked and task_result is None:
                logger.info("No more tasks to run for worker_id=%s - exiting", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Ran %d tasks on worker_id=%s - exiting", self._run_tasks, self.worker_id)
                return
            close_old_connections()
            if self.running and task_result is None:
                self._wake.wait(self.interval)

    def _housekeep(self, chore: Callable[..., object], **kwargs: object) -> None:
        # A failing chore (a busy database, a broken periodic task) is logged and tried again next loop;
        # it must not stop the worker from running the tasks already queued.
        try:
            chore(**kwargs)
        except Exception:
            logger.exception("Worker %s: %s failed", self.worker_id, getattr(chore, "__name__", chore))

    def _anything_ready(self) -> bool:
        """A cheap look before the locking claim: an idle worker polls often, and most polls find nothing."""
        if not self.process_all_queues or self.excluded_queue_names:
            return True  # the claim itself filters by queue
        try:
            return ready_task_exists(self.backend_name)
        except DatabaseError:
            return True  # let the claim meet (and report) the error

    def _claim_next(self) -> tuple[DBTaskResult | None, bool]:
        """The next ready task, claimed for this worker; the flag is False when the database was busy."""
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
        except OperationalError as error:
            if is_locked_database_exception(error):
                return None, False
            raise
        return task_result, True

    def run_task(self, db_task_result: DBTaskResult) -> None:
        # The same steps as django_tasks_db's run_task, except that a forced stop gives the task back
        # instead of recording it as FAILED.
        self.running_task = True
        try:
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend = task.get_backend()
            task_started.send(sender=type(backend), task_result=task_result)
            if task.takes_context:
                value = task.call(
                    TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs
                )
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
            db_task_result.set_successful(value)
            task_finished.send(sender=type(backend), task_result=db_task_result.task_result)
        except ForcedStop:
            try:
                _release(db_task_result, db_task_result.started_at)
            except DatabaseError:  # the interrupted query may have left the connection unusable
                logger.exception("Task id=%s stays RUNNING until the lease runs out", db_task_result.id)
            raise
        except BaseException as error:  # a task's failure must never kill the worker
            db_task_result.set_failed(error)
            try:
                sender = type(db_task_result.task.get_backend())
                finished = db_task_result.task_result
            except Exception:
                logger.exception("Task id=%s failed unexpectedly", db_task_result.id)
            else:
                task_finished.send(sender=sender, task_result=finished)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _leave(self, heartbeat: Heartbeat) -> None:
        try:
            close_old_connections()
            give_back_tasks_of(self.worker_id)
            heartbeat.forget()
        except DatabaseError:
            logger.exception("Worker %s could not sign off; its lease will run out instead", self.worker_id)
        logger.info("Worker %s stopped", self.worker_id)
