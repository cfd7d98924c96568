"""wasl run: migrate, then serve the site (gunicorn) and run a task worker until interrupted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


def server_command(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "wasl.config.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        "4",
        "--access-logfile",
        "-",
        "--graceful-timeout",
        "10",
    ]


def worker_command() -> list[str]:
    return [sys.executable, "-m", "wasl", "worker"]


class Command(BaseCommand):
    help = "Migrate the database, then run the web server and a task worker together."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default=os.environ.get("WASL_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("WASL_PORT", "8000")))
        parser.add_argument("--web-workers", type=int, default=int(os.environ.get("WASL_WEB_WORKERS", "2")))
        parser.add_argument("--no-worker", action="store_true", help="serve only; run workers elsewhere")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        serve(options["host"], options["port"], options["web_workers"], with_worker=not options["no_worker"])


def serve(host: str, port: int, web_workers: int, *, with_worker: bool = True) -> None:
    """Run the children until one dies or we are told to stop; then stop the others cleanly."""
    children = [subprocess.Popen(server_command(host, port, web_workers))]  # noqa: S603
    if with_worker:
        children.append(subprocess.Popen(worker_command()))  # noqa: S603
    print(f"Wasl is running on http://{host}:{port}/  (admin at /admin/, API at /api/v1/docs)", flush=True)
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.5)
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + 15
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
