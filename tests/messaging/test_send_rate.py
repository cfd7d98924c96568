"""Per-sender send slots: one UPDATE per slot, shared by every thread and process on the database."""

from __future__ import annotations

import random
import threading
import time
from bisect import bisect_right

import pytest
from django.db import connection

from wasl.messaging.models import SendRate
from wasl.messaging.ratelimit import slot_interval_s, take_slot, wait_for_slot


def max_in_any_second(times: list[float]) -> int:
    ordered = sorted(times)
    return max((bisect_right(ordered, t + 1.0) - i for i, t in enumerate(ordered)), default=0)


@pytest.mark.parametrize(("limit", "jitter", "expected"), [(80, 0.05, 1.05 / 79), (1000, 0.05, 1.05 / 999)])
def test_given_a_limit_when_slots_are_spaced_then_the_jitter_allowance_is_built_in(
    limit: int, jitter: float, expected: float
) -> None:
    assert slot_interval_s(limit, jitter) == pytest.approx(expected)


def test_given_a_limit_below_two_when_spaced_then_receipts_stay_more_than_a_second_apart() -> None:
    assert slot_interval_s(1, 0.05) == pytest.approx(1.05 * 1.001)
    assert slot_interval_s(0.5, 0.05) == pytest.approx(2.0 * 1.001)
    with pytest.raises(ValueError, match="positive"):
        slot_interval_s(0, 0.05)


@pytest.mark.parametrize("limit", [2, 7, 80, 1000])
def test_given_receipts_late_by_up_to_the_allowance_when_counted_then_no_second_holds_more_than_the_limit(
    limit: int,
) -> None:
    # Given slots spaced for the limit, each receipt arriving anywhere up to the allowance after its slot
    rng = random.Random(limit)
    interval = slot_interval_s(limit, 0.05)
    receipts = [n * interval + rng.choice([0.0, 0.05, rng.uniform(0, 0.05)]) for n in range(limit * 5)]
    # Then no sliding one-second window holds more than the limit
    assert max_in_any_second(receipts) <= limit


@pytest.mark.django_db
def test_given_a_new_sender_when_slots_are_taken_then_its_row_is_made_and_slots_follow_each_other() -> None:
    waits = [take_slot("whatsapp:1", 100_000) for _ in range(3)]  # 0.1 s apart
    assert waits[0] == 0.0
    assert waits[1] == pytest.approx(0.1, abs=0.02)
    assert waits[2] == pytest.approx(0.2, abs=0.02)
    assert list(SendRate.objects.values_list("sender", flat=True)) == ["whatsapp:1"]


@pytest.mark.django_db(transaction=True)
def test_given_four_threads_sharing_a_sender_when_each_takes_slots_then_no_second_holds_more_than_the_limit() -> (
    None
):
    # Given four threads, each with its own database connection, sending as fast as the limit lets them
    limit, times, lock = 100, [], threading.Lock()

    def send_many() -> None:
        try:
            for _ in range(40):
                wait_for_slot("whatsapp:shared", limit_per_s=limit, jitter_s=0.05)
                with lock:
                    times.append(time.monotonic())
        finally:
            connection.close()

    threads = [threading.Thread(target=send_many) for _ in range(4)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # Then all 160 went out in about 160 slots' time, never more than the limit in any one second
    elapsed = time.monotonic() - started
    assert len(times) == 160
    assert max_in_any_second(times) <= limit
    assert elapsed >= 159 * slot_interval_s(limit, 0.05) - 0.05
