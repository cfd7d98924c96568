"""Retries for background tasks: exponential backoff with full jitter, and a decorator that re-enqueues.

Usage (the decorator goes *under* `@task()`, so the task wraps the retrying function)::

    @task()
    @retrying(max_attempts=8, base=2.0, cap=600.0, retry_on=(TransientError, httpx.TransportError))
    def send_whatsapp_message(message_id: int) -> None: ...

When the function raises one of `retry_on`, the same task is enqueued again with the same arguments,
the same queue and priority, `run_after = now + backoff_delay(...)`, and the attempt number carried in the
reserved keyword argument `ATTEMPT_KWARG`, which the decorator removes before calling the function (so the
function's signature stays about the business). The attempt that failed ends SUCCESSFUL with a small
`{"retry": {...}}` return value saying where the work went; after `max_attempts` the error is logged and
re-raised, so the last task result shows FAILED.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, ParamSpec, TypeVar

from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResult
from django_tasks.base import Task
from django_tasks.signals import task_started
from django_tasks.utils import get_module_path

logger = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

ATTEMPT_KWARG = "_wasl_attempt"
"""Reserved keyword argument that carries the attempt number (1 for the first run) between enqueues."""

# Far beyond any sensible cap; keeps `base * 2**attempt` from overflowing a float.
_MAX_EXPONENT = 60

_default_rng = random.Random()
_running_task: contextvars.ContextVar[TaskResult[Any] | None] = contextvars.ContextVar(
    "wasl_running_task", default=None
)
_current_attempt: contextvars.ContextVar[int] = contextvars.ContextVar("wasl_current_attempt", default=1)


class TransientError(Exception):
    """Raise it when the same call may well succeed later (a timeout, a 429, a 503): the task retries."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int
    base: float
    cap: float
    retry_on: tuple[type[BaseException], ...]


def backoff_ceiling(attempt: int, base: float, cap: float) -> float:
    """The longest wait before retry number `attempt` (0 for the first retry): min(cap, base * 2**attempt)."""
    if attempt < 0:
        raise ValueError("attempt must be zero or more")
    if base <= 0 or cap < 0:
        raise ValueError("base must be positive and cap zero or more")
    return min(cap, base * 2.0 ** min(attempt, _MAX_EXPONENT))


def backoff_delay(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Seconds to wait before retry number `attempt`, drawn uniformly from [0, backoff_ceiling(...)].

    Full jitter spreads the retries of many tasks that failed together (an API outage) over the window
    instead of sending them back in one burst.
    """
    return (rng or _default_rng).uniform(0.0, backoff_ceiling(attempt, base, cap))


def current_attempt() -> int:
    """The attempt number of the retrying task running in this context (1 on the first run)."""
    return _current_attempt.get()


def retrying(
    *,
    max_attempts: int = 8,
    base: float = 2.0,
    cap: float = 600.0,
    retry_on: tuple[type[BaseException], ...] = (TransientError,),
    rng: random.Random | None = None,
) -> Callable[[Callable[P, T]], Callable[P, T | dict[str, Any]]]:
    """Make a task function re-enqueue itself with backoff when it raises one of `retry_on`."""
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    backoff_ceiling(0, base, cap)  # validates base and cap at declaration time
    policy = RetryPolicy(max_attempts=max_attempts, base=base, cap=cap, retry_on=retry_on)

    def decorate(function: Callable[P, T]) -> Callable[P, T | dict[str, Any]]:
        if inspect.iscoroutinefunction(function):
            raise TypeError("@retrying wraps synchronous task functions only")

        @functools.wraps(function)
        def run_with_retries(*args: P.args, **kwargs: P.kwargs) -> T | dict[str, Any]:
            attempt = int(kwargs.pop(ATTEMPT_KWARG, 1))  # type: ignore[call-overload]
            token = _current_attempt.set(attempt)
            try:
                return function(*args, **kwargs)
            except policy.retry_on as error:
                if attempt >= policy.max_attempts:
                    logger.error(
                        "Task %s gave up after %d attempts: %r",
                        get_module_path(function),
                        attempt,
                        error,
                    )
                    raise
                task = _task_for(run_with_retries)
                return _enqueue_retry(task, policy, attempt, error, list(args), dict(kwargs), rng)
            finally:
                _current_attempt.reset(token)

        run_with_retries.retry_policy = policy  # type: ignore[attr-defined]
        return run_with_retries

    return decorate


def _task_for(function: Callable[..., Any]) -> Task[Any, Any]:
    """The Task to enqueue again: the running one (it keeps queue and priority), else the declared one."""
    running = _running_task.get()
    if running is not None and running.task.func is function:
        return running.task
    declared = import_string(get_module_path(function))
    if not isinstance(declared, Task):
        raise TypeError(f"{get_module_path(function)} is not a task: put @retrying under @task()")
    return declared


def _enqueue_retry(
    task: Task[Any, Any],
    policy: RetryPolicy,
    attempt: int,
    error: BaseException,
    args: list[Any],
    kwargs: dict[str, Any],
    rng: random.Random | None,
) -> dict[str, Any]:
    delay = backoff_delay(attempt - 1, policy.base, policy.cap, rng)
    run_after = timezone.now() + timedelta(seconds=delay)
    retry = task.using(run_after=run_after).enqueue(*args, **kwargs, **{ATTEMPT_KWARG: attempt + 1})
    logger.warning(
        "Task %s attempt %d/%d failed with %r; retrying in %.1fs as task id=%s",
        task.module_path,
        attempt,
        policy.max_attempts,
        error,
        delay,
        retry.id,
    )
    return {
        "retry": {
            "attempt": attempt + 1,
            "task_id": str(retry.id),
            "run_after": run_after.isoformat(),
            "error": repr(error),
        }
    }


def _remember_running_task(sender: object, task_result: TaskResult[Any], **kwargs: object) -> None:
    # Backends announce each task just before calling it, in the same thread: this is how a retry learns
    # the queue, priority and backend the task was enqueued with.
    _running_task.set(task_result)


task_started.connect(_remember_running_task, dispatch_uid="wasl.core.retry.remember_running_task")
