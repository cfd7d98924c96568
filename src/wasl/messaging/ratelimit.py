"""Per-sender send slots shared by every worker process on one database (GCRA without a burst).

Each sender (a WhatsApp phone number id, an SMS account) has one `SendRate` row holding the theoretical
arrival time (TAT) of its next free slot. Taking a slot is one statement::

    UPDATE ... SET tat = max(tat, now) + interval RETURNING tat

so two workers can never get the same slot, whichever machine they run on (adding n intervals takes n
consecutive slots, which a worker that sends fast enough uses for a run of messages: see `Pacer`). The
worker then sleeps until its slot begins and sends. On PostgreSQL `now` is the database's clock, so workers on several machines
share one clock; SQLite only ever serves one machine.

Why the interval is not simply 1/limit: the provider counts *receipts*, and a receipt comes a little after
its slot (the sleep overshoots, the request takes time). If every message reaches the provider no later
than `jitter_s` after its slot, the receipts in any one-second window come from slots in a window of
1 + jitter_s seconds, of which there are at most floor((1 + jitter_s) / interval) + 1. Choosing
interval = (1 + jitter_s) / (limit - 1) keeps that at `limit`. A worker that wakes up later than
`LATE_AFTER_S` past its slot does not use it and takes a new one, which keeps its own lateness inside the
allowance; the rest of the allowance covers the request itself on its way to the provider.
"""

from __future__ import annotations

import logging
import math
import time
from collections import deque

from django.db import connection

from wasl.messaging.models import SendRate

logger = logging.getLogger(__name__)

LATE_AFTER_S = 0.02
MAX_RETAKES = 20
MAX_RUN = 10  # slots taken at once at most

_PG_TAKE = """
UPDATE messaging_sendrate AS r
SET tat_us = GREATEST(r.tat_us, c.now_us) + %s
FROM (SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::bigint AS now_us) AS c
WHERE r.sender = %s
RETURNING r.tat_us, c.now_us
"""
_SQLITE_TAKE = (
    "UPDATE messaging_sendrate SET tat_us = MAX(tat_us, %s) + %s WHERE sender = %s RETURNING tat_us"
)


def slot_interval_s(limit_per_s: float, jitter_s: float) -> float:
    """Seconds between slots so that no one-second window of receipts holds more than `limit_per_s`."""
    if limit_per_s <= 0:
        raise ValueError("the limit must be positive")
    whole = math.floor(limit_per_s)
    if whole >= 2:
        return (1.0 + jitter_s) / (whole - 1)
    # One message per window at most: consecutive receipts must be more than a second apart.
    return max(1.0 / limit_per_s, 1.0 + jitter_s) * 1.001


def _take(sender: str, span_us: int) -> tuple[int, int] | None:
    """(start of the span, database now) in microseconds, or None when the sender has no row yet."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_TAKE, [span_us, sender])
            row = cursor.fetchone()
            return None if row is None else (int(row[0]) - span_us, int(row[1]))
        now_us = time.time_ns() // 1000
        cursor.execute(_SQLITE_TAKE, [now_us, span_us, sender])
        row = cursor.fetchone()
        return None if row is None else (int(row[0]) - span_us, now_us)


def take_slots(sender: str, interval_us: int, count: int = 1) -> float:
    """Reserve the sender's next `count` consecutive slots; returns in how many seconds the first begins."""
    taken = _take(sender, interval_us * count)
    if taken is None:
        SendRate.objects.bulk_create([SendRate(sender=sender, tat_us=0)], ignore_conflicts=True)
        taken = _take(sender, interval_us * count)
        if taken is None:
            raise RuntimeError(f"no send rate row for {sender!r}")
    slot_us, now_us = taken
    return max(0.0, (slot_us - now_us) / 1_000_000)


def take_slot(sender: str, interval_us: int) -> float:
    return take_slots(sender, interval_us, 1)


class Pacer:
    """One worker's slots for one sender. It takes several consecutive slots at once when it can use them
    all in time: with slots `interval` apart and `per_send` seconds of work per message, the j-th slot of a
    run is reached (j - 1) * (per_send - interval) late, which must stay within LATE_AFTER_S. A slot
    reached later than that is not used: the rest of the run is dropped and new slots are taken.
    """

    def __init__(self, sender: str, *, limit_per_s: float, jitter_s: float) -> None:
        self.sender = sender
        self.interval_s = slot_interval_s(limit_per_s, jitter_s)
        self.interval_us = max(1, round(self.interval_s * 1_000_000))
        self.slots: deque[float] = deque()  # when each reserved slot begins, on time.monotonic()
        self.per_send_s: float | None = None
        self.last_return: float | None = None
        self.taken = 0  # slot-taking statements issued

    def _run_length(self, remaining: int) -> int:
        if self.per_send_s is None:
            return 1
        behind = self.per_send_s - self.interval_s
        fits = MAX_RUN if behind <= 0 else 1 + int(LATE_AFTER_S / behind)
        return max(1, min(fits, MAX_RUN, remaining))

    def wait(self, remaining: int = 1) -> None:
        """Block until a slot of ours begins; `remaining` messages (this one included) will follow."""
        now = time.monotonic()
        if self.last_return is not None:
            spent = now - self.last_return
            self.per_send_s = spent if self.per_send_s is None else 0.8 * self.per_send_s + 0.2 * spent
        for _ in range(MAX_RETAKES):
            if not self.slots:
                count = self._run_length(remaining)
                first = time.monotonic() + take_slots(self.sender, self.interval_us, count)
                self.taken += 1
                self.slots.extend(first + n * self.interval_s for n in range(count))
            due = self.slots.popleft()
            wait = due - time.monotonic()  # read once: read twice, the second can be past `due` already
            if wait > 0:
                time.sleep(wait)
            if time.monotonic() - due <= LATE_AFTER_S:
                self.last_return = time.monotonic()
                return
            self.slots.clear()  # behind schedule: the rest of this run would be late too
        # Never reached in practice (a machine too busy to wake within 20 ms twenty times running); send
        # anyway rather than hold the message, and say so.
        logger.warning("Sender %s: could not wake up on time for %d slots in a row", self.sender, MAX_RETAKES)
        self.last_return = time.monotonic()


def wait_for_slot(sender: str, *, limit_per_s: float, jitter_s: float) -> None:
    """Block until this process holds a slot of `sender` that has just begun (one message alone)."""
    Pacer(sender, limit_per_s=limit_per_s, jitter_s=jitter_s).wait()
