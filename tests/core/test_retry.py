"""Backoff math and self-retrying tasks (wasl.core.retry)."""

from __future__ import annotations

import logging
import random
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import background_probe_tasks as probe
import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from wasl.core import retry
from wasl.core.retry import ATTEMPT_KWARG, backoff_ceiling, backoff_delay, retrying
from wasl.core.worker import LeasedWorker

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def test_ceiling_doubles_from_base_until_the_cap() -> None:
    # Given base 2 s and a 600 s cap, when the ceilings of the first retries are computed
    ceilings = [backoff_ceiling(attempt, base=2.0, cap=600.0) for attempt in range(11)]

    # Then they double from the base and stop at the cap
    assert ceilings == [2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 600.0, 600.0]


def test_ceiling_never_decreases_and_never_overflows() -> None:
    # Given many attempts, far past any real retry count
    ceilings = [backoff_ceiling(attempt, base=0.5, cap=3600.0) for attempt in range(0, 5000, 7)]

    # Then the sequence is monotone and capped, with no float overflow on huge attempt numbers
    assert ceilings == sorted(ceilings)
    assert max(ceilings) == 3600.0
    assert backoff_ceiling(10**6, base=2.0, cap=600.0) == 600.0


def test_delay_is_full_jitter_within_zero_and_the_ceiling() -> None:
    # Given a seeded RNG, when 200 delays are drawn for each attempt
    rng = random.Random(20250301)
    for attempt in range(12):
        ceiling = min(600.0, 2.0 * 2**attempt)
        delays = [backoff_delay(attempt, 2.0, 600.0, rng) for _ in range(200)]

        # Then every delay lies in [0, min(cap, base * 2**attempt)] and they spread over the window
        assert all(0.0 <= delay <= ceiling for delay in delays)
        assert min(delays) < ceiling * 0.1
        assert max(delays) > ceiling * 0.9


def test_delay_is_the_seeded_uniform_draw() -> None:
    # Given two RNGs with the same seed, then the delay is exactly uniform(0, ceiling) of that RNG
    assert backoff_delay(3, 2.0, 600.0, random.Random(7)) == random.Random(7).uniform(0.0, 16.0)


@pytest.mark.parametrize(
    ("attempt", "base", "cap"),
    [(-1, 2.0, 600.0), (0, 0.0, 600.0), (0, -1.0, 600.0), (0, 2.0, -1.0)],
)
def test_nonsense_backoff_arguments_are_refused(attempt: int, base: float, cap: float) -> None:
    with pytest.raises(ValueError):
        backoff_ceiling(attempt, base, cap)


def test_retrying_refuses_fewer_than_one_attempt_and_async_functions() -> None:
    with pytest.raises(ValueError):
        retrying(max_attempts=0)

    async def fetch() -> None: ...

    with pytest.raises(TypeError, match="synchronous"):
        retrying()(fetch)


@pytest.fixture
def frozen_retry_clock(monkeypatch: pytest.MonkeyPatch) -> random.Random:
    """Retries computed at NOW with a seeded RNG; returns a twin RNG to predict the delays."""
    monkeypatch.setattr(retry, "timezone", SimpleNamespace(now=lambda: NOW))
    monkeypatch.setattr(retry, "_default_rng", random.Random(99))
    return random.Random(99)


@pytest.mark.django_db
def test_transient_failure_enqueues_the_same_task_with_backoff_and_next_attempt(
    frozen_retry_clock: random.Random,
) -> None:
    # Given a task that fails transiently on its first attempt
    expected_delay = timedelta(seconds=frozen_retry_clock.uniform(0.0, 2.0))

    # When it runs
    outcome = probe.succeed_on_attempt.call("order-17", succeed_on=2)

    # Then the same task is enqueued once more, same arguments, attempt 2, run_after = now + jittered delay
    retried = DBTaskResult.objects.get()
    assert retried.task_path == "background_probe_tasks.succeed_on_attempt"
    assert retried.args_kwargs == {"args": ["order-17"], "kwargs": {"succeed_on": 2, ATTEMPT_KWARG: 2}}
    assert retried.status == TaskResultStatus.READY
    assert retried.run_after == NOW + expected_delay
    assert outcome == {
        "retry": {
            "attempt": 2,
            "task_id": str(retried.id),
            "run_after": (NOW + expected_delay).isoformat(),
            "error": "TransientError('order-17: not yet')",
        }
    }


@pytest.mark.django_db
def test_the_attempt_number_is_stripped_before_the_function_sees_it(
    frozen_retry_clock: random.Random,
) -> None:
    # Given the second attempt of a task that succeeds on its second attempt
    # When it runs, then the function ran without the reserved argument and knew its attempt number
    assert probe.succeed_on_attempt.call("order-17", succeed_on=2, **{ATTEMPT_KWARG: 2}) == 2
    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db
def test_the_later_attempts_wait_longer(frozen_retry_clock: random.Random) -> None:
    # Given the second attempt fails transiently
    expected_delay = timedelta(seconds=frozen_retry_clock.uniform(0.0, 4.0))

    # When it runs
    probe.succeed_on_attempt.call("order-17", succeed_on=3, **{ATTEMPT_KWARG: 2})

    # Then attempt 3 is enqueued with a delay drawn from [0, base * 2]
    retried = DBTaskResult.objects.get()
    assert retried.args_kwargs["kwargs"][ATTEMPT_KWARG] == 3
    assert retried.run_after == NOW + expected_delay


@pytest.mark.django_db
def test_after_max_attempts_the_error_is_logged_and_raised(
    frozen_retry_clock: random.Random, caplog: pytest.LogCaptureFixture
) -> None:
    # Given the last allowed attempt (3 of 3) fails transiently
    # When it runs, then the error propagates, nothing is enqueued, and the give-up is logged
    with caplog.at_level(logging.ERROR, logger="wasl.core.retry"), pytest.raises(retry.TransientError):
        probe.succeed_on_attempt.call("order-17", succeed_on=9, **{ATTEMPT_KWARG: 3})
    assert DBTaskResult.objects.count() == 0
    assert [record.getMessage() for record in caplog.records] == [
        "Task background_probe_tasks.succeed_on_attempt gave up after 3 attempts: "
        "TransientError('order-17: not yet')"
    ]


@pytest.mark.django_db
def test_an_error_not_listed_as_retryable_fails_at_once() -> None:
    with pytest.raises(ValueError, match="order-17: not a transient error"):
        probe.fail_for_good.call("order-17")
    assert DBTaskResult.objects.count() == 0


def _run_ready_tasks() -> None:
    LeasedWorker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        max_tasks=None,
        worker_id="retry-test-worker",
        lease_seconds=30,
        periodic_jobs=[],
    ).run()


@pytest.mark.django_db(transaction=True)
def test_through_the_worker_a_task_retries_until_it_succeeds_keeping_its_priority() -> None:
    # Given a task enqueued with priority 7 that succeeds on its third attempt
    first = probe.succeed_on_attempt.using(priority=7).enqueue("order-17", succeed_on=3)

    # When the worker runs it, and each retry once its run_after has come
    for _ in range(3):
        _run_ready_tasks()
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=NOW)

    # Then three results chain: two handed over to a retry, the third successful with the attempt number
    chain = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [row.status for row in chain] == [TaskResultStatus.SUCCESSFUL] * 3
    assert str(chain[0].id) == first.id
    assert [row.priority for row in chain] == [7, 7, 7]
    assert [row.args_kwargs["kwargs"].get(ATTEMPT_KWARG) for row in chain] == [None, 2, 3]
    handed_over_to = [(row.return_value or {})["retry"]["task_id"] for row in chain[:2]]
    assert handed_over_to == [str(chain[1].id), str(chain[2].id)]
    assert chain[2].return_value == 3


@pytest.mark.django_db(transaction=True)
def test_through_the_worker_the_last_attempt_shows_failed() -> None:
    # Given a task that never succeeds within its 3 attempts
    probe.succeed_on_attempt.enqueue("order-17", succeed_on=9)

    # When the worker runs it and its retries
    for _ in range(4):
        _run_ready_tasks()
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).update(run_after=NOW)

    # Then there are exactly three results and the last one is FAILED with the transient error
    chain = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [row.status for row in chain] == [
        TaskResultStatus.SUCCESSFUL,
        TaskResultStatus.SUCCESSFUL,
        TaskResultStatus.FAILED,
    ]
    assert chain[2].exception_class_path == "wasl.core.retry.TransientError"
