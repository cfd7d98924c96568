"""`wasl worker`: run background tasks, with leases, periodic jobs and optionally several processes."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from argparse import SUPPRESS, ArgumentParser, ArgumentTypeError, BooleanOptionalAction
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import (
    valid_backend_name,
    valid_interval,
    valid_max_tasks,
    validate_worker_id,
)

from wasl.core.worker import ForcedStop, LeasedWorker, default_worker_id

logger = logging.getLogger("wasl.core.worker")

# How long a supervisor waits before starting again a child that crashed, so a broken setup does not spin.
RESTART_PAUSE_S = 1.0


def positive_float(raw: str) -> float:
    value = valid_interval(raw)
    if value == 0:
        raise ArgumentTypeError("Must be greater than zero")
    return value


class Command(BaseCommand):
    help = (
        "Run background tasks. Tasks whose worker died are given back to the queue after --lease seconds; "
        "due periodic jobs are enqueued. SIGTERM/SIGINT finish the current task, a second one stops at once."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--queue-name",
            default="*",
            help="Queues to process, comma separated; '*' for all queues (default: %(default)r)",
        )
        parser.add_argument(
            "--exclude-queues", default="", help="Queues to leave alone, comma separated (only with '*')"
        )
        parser.add_argument(
            "--interval",
            type=valid_interval,
            default=1.0,
            help="Seconds to wait when the queue is empty (default: %(default)r)",
        )
        parser.add_argument("--batch", action="store_true", help="Run the tasks ready now, then exit")
        parser.add_argument(
            "--max-tasks", type=valid_max_tasks, default=None, help="Exit after running this many tasks"
        )
        parser.add_argument(
            "--worker-id",
            type=validate_worker_id,
            default=None,
            help="Unique id across all workers (default: host-pid-random); with --concurrency, a prefix",
        )
        parser.add_argument(
            "--lease",
            type=positive_float,
            default=settings.WASL_WORKER_LEASE_S,
            help="Seconds without a heartbeat after which a worker's running tasks are given back "
            "(default: WASL_WORKER_LEASE_S, %(default)r); use the same value on every worker",
        )
        parser.add_argument(
            "--periodic",
            action=BooleanOptionalAction,
            default=True,
            help="Enqueue due periodic jobs (default: on)",
        )
        parser.add_argument(
            "--concurrency",
            type=valid_max_tasks,
            default=1,
            help="Number of worker processes to run under this one (default: %(default)r)",
        )
        parser.add_argument(
            "--backend",
            dest="backend_name",
            type=valid_backend_name,
            default=DEFAULT_TASK_BACKEND_ALIAS,
            help="Task backend to serve (default: %(default)r)",
        )
        parser.add_argument("--parent-pid", type=int, default=None, help=SUPPRESS)  # set by the supervisor

    def handle(self, *args: Any, **options: Any) -> None:
        queue_names = options["queue_name"].split(",")
        excluded = [name for name in options["exclude_queues"].split(",") if name]
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name='*'")
        if options["concurrency"] > 1:
            prefix = options["worker_id"] or ""
            if len(f"{prefix}-{options['concurrency']}") > 64:
                raise CommandError('with --concurrency, --worker-id plus "-N" must fit in 64 characters')
            sys.exit(supervise(options["concurrency"], self._child_argv(options)))
        worker = LeasedWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"] or default_worker_id(),
            lease_seconds=options["lease"],
            periodic_jobs=None if options["periodic"] else [],
            parent_pid=options["parent_pid"],
        )
        worker.configure_signals()
        try:
            worker.run()
        except ForcedStop:
            sys.exit(1)

    def _child_argv(self, options: dict[str, Any]) -> list[str]:
        argv = [
            "--queue-name",
            options["queue_name"],
            "--interval",
            str(options["interval"]),
            "--lease",
            str(options["lease"]),
            "--backend",
            options["backend_name"],
            "--periodic" if options["periodic"] else "--no-periodic",
            "--parent-pid",
            str(os.getpid()),
        ]
        if options["exclude_queues"]:
            argv += ["--exclude-queues", options["exclude_queues"]]
        if options["batch"]:
            argv.append("--batch")
        if options["max_tasks"] is not None:
            argv += ["--max-tasks", str(options["max_tasks"])]
        if options["worker_id"]:
            argv += ["--worker-id", options["worker_id"]]  # a prefix; each child appends its number
        return argv


def supervise(concurrency: int, child_argv: list[str]) -> int:
    """Run `concurrency` worker processes; forward SIGTERM/SIGINT once; start again those that crash.

    Children run in their own process group so a terminal's Ctrl+C reaches them once, through us, and
    is not taken for the second signal that means "stop now".
    """
    stopping = False

    def forward(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signum)

    def start(number: int) -> subprocess.Popen[bytes]:
        argv = [sys.executable, "-m", "django", "worker", *child_argv]
        if "--worker-id" in argv:
            argv[argv.index("--worker-id") + 1] += f"-{number}"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
        return subprocess.Popen(argv, env=env, process_group=0)  # noqa: S603 - our own interpreter and args

    children: dict[int, subprocess.Popen[bytes]] = {}
    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    for number in range(1, concurrency + 1):
        children[number] = start(number)
    exit_codes: dict[int, int] = {}
    while len(exit_codes) < len(children):
        time.sleep(0.2)
        for number, child in list(children.items()):
            code = child.poll()
            if code is None or number in exit_codes:
                continue
            if code != 0 and not stopping:
                logger.warning("Worker process %d exited with %d - starting it again", number, code)
                time.sleep(RESTART_PAUSE_S)
                if not stopping:
                    children[number] = start(number)
                    continue
            # A child that was still starting when we forwarded the stop signal dies of it: that is a clean stop.
            stopped_by_us = stopping and -code in (signal.SIGTERM, signal.SIGINT)
            exit_codes[number] = 0 if stopped_by_us else code
    return 0 if all(code == 0 for code in exit_codes.values()) else 1
