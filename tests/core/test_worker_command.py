"""Argument checks of the `worker` command (the command itself runs in test_worker_processes)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_excluding_queues_needs_all_queues() -> None:
    with pytest.raises(CommandError, match="--exclude-queues can only be used with --queue-name='\\*'"):
        call_command("worker", "--queue-name", "messages", "--exclude-queues", "reports")


def test_with_concurrency_the_worker_id_prefix_must_leave_room_for_the_number() -> None:
    with pytest.raises(CommandError, match="must fit in 64 characters"):
        call_command("worker", "--concurrency", "2", "--worker-id", "w" * 63)


@pytest.mark.parametrize(
    ("option", "value"), [("--lease", "0"), ("--concurrency", "0"), ("--interval", "-1")]
)
def test_nonsense_numbers_are_refused(option: str, value: str) -> None:
    with pytest.raises(CommandError):
        call_command("worker", option, value)
