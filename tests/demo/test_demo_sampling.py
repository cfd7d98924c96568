"""Weighted draws: proportional to the weights, never a zero-weight item, the same for the same seed."""

from __future__ import annotations

import random
from collections import Counter

from wasl.demo.sampling import Weighted


def test_given_weights_when_drawn_many_times_then_shares_follow_them() -> None:
    weighted = Weighted((("a", 0.6), ("b", 0.3), ("never", 0.0), ("c", 0.1)))
    rng = random.Random(1)
    counts = Counter(weighted.draw(rng) for _ in range(50_000))
    assert counts["never"] == 0
    assert abs(counts["a"] / 50_000 - 0.6) < 0.01
    assert abs(counts["b"] / 50_000 - 0.3) < 0.01
    assert abs(counts["c"] / 50_000 - 0.1) < 0.01


def test_given_the_same_seed_when_drawn_then_the_sequence_repeats() -> None:
    weighted = Weighted((number, 1.0 + number) for number in range(10))
    rng_a, rng_b = random.Random(8), random.Random(8)
    drawn = [weighted.draw(rng_a) for _ in range(100)]
    assert drawn == [weighted.draw(rng_b) for _ in range(100)]
    assert len(set(drawn)) == 10
