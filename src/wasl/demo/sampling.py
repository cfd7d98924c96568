"""Weighted draws with the weights summed once: the generator makes millions of them."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        items, weights = zip(*pairs, strict=True)
        self.items: tuple[T, ...] = tuple(items)
        self._cumulative = tuple(accumulate(weights))
        self._total = self._cumulative[-1]
        self._last = len(self.items) - 1

    def draw(self, rng: random.Random) -> T:
        return self.items[bisect_right(self._cumulative, rng.random() * self._total, 0, self._last)]
