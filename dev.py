#!/usr/bin/env python3
"""Developer entry point that needs nothing but python3.

    python3 dev.py demo        seed a demo shop on SQLite, then serve it with a worker
    python3 dev.py test        run the whole test suite (DATABASE_URL picks the database)
    python3 dev.py lint        ruff (format check + lint) and mypy
    python3 dev.py wasl ...    any `wasl` subcommand inside the project's environment

The first call creates `.venv/` and installs the project with its development extras; later calls
reinstall only when pyproject.toml changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".wasl-installed"


def _pyproject_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> None:
    if not (BIN / "python").exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = _pyproject_digest()
    if STAMP.exists() and STAMP.read_text() == digest:
        return
    print("Installing Wasl and its dependencies into .venv ...", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "install", "-e", f"{ROOT}[dev]"], check=True)
    STAMP.write_text(digest)


def run(argv: list[str]) -> int:
    """Become the command, so that Ctrl-C and service managers' signals reach it directly."""
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    os.chdir(ROOT)
    if os.name == "nt":
        return subprocess.call(argv)
    os.execv(argv[0], argv)
    return 0  # not reached


def main(args: list[str]) -> int:
    if not args or args[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    ensure_environment()
    command, rest = args[0], args[1:]
    if command == "demo":
        return run([str(BIN / "wasl"), "demo", *rest])
    if command == "test":
        workers = os.environ.get("WASL_TEST_WORKERS", "2")
        return run([str(BIN / "pytest"), "-n", workers, "-q", *rest])
    if command == "lint":
        checks = [
            ["ruff", "format", "--check", "src", "tests", "dev.py"],
            ["ruff", "check", "src", "tests", "dev.py"],
        ]
        checks.append(["mypy"])
        return max(subprocess.call([str(BIN / tool), *rest], cwd=ROOT) for tool, *rest in checks)
    if command == "wasl":
        return run([str(BIN / "wasl"), *rest])
    print(f"unknown command {command!r}\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
