"""When a failed delivery is tried again: exponential backoff with full jitter, from `wasl.core.retry`.

The ceiling doubles after every failed attempt (5 min, 10, 20, 40, 80, 160, 320 min, capped at 12 h) and
the actual wait is drawn uniformly below it, so that deliveries that failed together during an outage of the
merchant's server do not all come back in the same second. With the default of 8 attempts the last one
comes at most about 10.5 hours after the first: long enough to ride out an evening's outage.
"""

from __future__ import annotations

import random
from datetime import timedelta

from wasl.core.retry import backoff_ceiling, backoff_delay

BASE_DELAY_S = 300.0
MAX_DELAY_S = 12 * 3600.0
# A server that has just refused is unlikely to accept a request sent a few milliseconds later.
MIN_DELAY_S = 1.0


def retry_ceiling_s(*, failed_attempts: int) -> float:
    """The longest wait after `failed_attempts` failures (1 or more)."""
    return backoff_ceiling(max(failed_attempts, 1) - 1, BASE_DELAY_S, MAX_DELAY_S)


def retry_delay(*, failed_attempts: int, rng: random.Random | None = None) -> timedelta:
    drawn = backoff_delay(max(failed_attempts, 1) - 1, BASE_DELAY_S, MAX_DELAY_S, rng)
    return timedelta(seconds=max(MIN_DELAY_S, drawn))
