"""Per-sender send slots shared by every worker process on one database (GCRA without a burst).

Each sender (a WhatsApp phone number id, an SMS account) has one `SendRate` row holding the theoretical
arrival time (TAT) of its next free slot. Taking a slot is one statement::

    UPDATE ... SET tat = max(tat, now) + interval RETURNING tat

so two workers can never get the same slot, whichever machine they run on. The worker then sleeps until
its slot begins and sends. On PostgreSQL `now` is the database's clock, so workers on several machines
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

from django.db import connection

from wasl.messaging.models import SendRate

logger = logging.getLogger(__name__)

LATE_AFTER_S = 0.02
MAX_RETAKES = 20

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


def _take(sender: str, interval_us: int) -> tuple[int, int] | None:
    """(slot start, database now) in microseconds, or None when the sender has no row yet."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_TAKE, [interval_us, sender])
            row = cursor.fetchone()
            return None if row is None else (int(row[0]) - interval_us, int(row[1]))
        now_us = time.time_ns() // 1000
        cursor.execute(_SQLITE_TAKE, [now_us, interval_us, sender])
        row = cursor.fetchone()
        return None if row is None else (int(row[0]) - interval_us, now_us)


def take_slot(sender: str, interval_us: int) -> float:
    """Reserve the sender's next slot; returns how many seconds from now it begins (0 or more)."""
    taken = _take(sender, interval_us)
    if taken is None:
        SendRate.objects.bulk_create([SendRate(sender=sender, tat_us=0)], ignore_conflicts=True)
        taken = _take(sender, interval_us)
        if taken is None:
            raise RuntimeError(f"no send rate row for {sender!r}")
    slot_us, now_us = taken
    return max(0.0, (slot_us - now_us) / 1_000_000)


def wait_for_slot(sender: str, *, limit_per_s: float, jitter_s: float) -> int:
    """Block until this process holds a slot of `sender` that has just begun; returns slots taken."""
    interval_us = max(1, round(slot_interval_s(limit_per_s, jitter_s) * 1_000_000))
    for taken in range(1, MAX_RETAKES + 1):
        wait = take_slot(sender, interval_us)
        due = time.monotonic() + wait
        if wait > 0:
            time.sleep(wait)
        if time.monotonic() - due <= LATE_AFTER_S:
            return taken
    # Never reached in practice (a machine too busy to wake within 20 ms twenty times running); send
    # anyway rather than hold the message, and say so.
    logger.warning("Sender %s: could not wake up on time for %d slots in a row", sender, MAX_RETAKES)
    return MAX_RETAKES
