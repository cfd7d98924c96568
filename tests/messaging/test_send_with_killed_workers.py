"""Exactly once through real worker processes killed at random moments (slow).

The whole notification path runs: parcels go out for delivery, `wasl worker` processes against the test
database create the messages and send them through the WhatsApp client to the Graph stand-in (its own
process on 127.0.0.1), which plays Meta's "sent" statuses back to the site (the live test server). A
worker is killed with SIGKILL five times at random moments and started again each time.

The count is WASL_KILL_TEST_MESSAGES: 10,000 by default, the count the proof asks for; set it lower for a
quick local run.
"""

from __future__ import annotations

import os

import pytest

from wasl.bench.notify import run_notify_benchmark

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
MESSAGES = int(os.environ.get("WASL_KILL_TEST_MESSAGES", "10000"))


def test_given_workers_killed_five_times_when_notifying_then_no_message_is_lost_or_sent_twice(
    live_server,
) -> None:
    result = run_notify_benchmark(
        messages=MESSAGES,
        limit=1000,
        workers=3,
        kills=5,
        seed=11,
        timeout_s=900,
        webhook_base=live_server.url,
        reconcile_after_s=5,
    )
    assert (result["kills"], result["lost"], result["duplicated"]) == (5, 0, 0), result
    assert result["max_1s_rate"] <= 1000, result
