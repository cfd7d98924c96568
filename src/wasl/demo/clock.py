"""When orders are placed: a growing shop, busier on some weekdays, with evening and late-night peaks."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import accumulate

# Share of a day's orders per local hour; Gulf and North-African buyers shop late into the night.
_HOURLY = (
    2.6, 1.8, 1.1, 0.6, 0.4, 0.4, 0.6, 1.1, 2.0, 3.0, 3.8, 4.4,
    4.8, 4.9, 4.6, 4.4, 4.5, 4.9, 5.3, 5.9, 6.6, 7.2, 7.0, 4.9,
)  # fmt: skip
_HOURLY_CUMULATIVE = tuple(accumulate(_HOURLY))
_WEEKDAY = (1.0, 0.97, 0.99, 1.08, 1.02, 0.9, 1.04)  # Monday first
_GROWTH = 0.4  # the last day sells this much more than the first


def today_utc() -> datetime:
    return datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def as_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def orders_per_day(rng: random.Random, *, orders: int, first_day: datetime, days: int) -> list[int]:
    """Split `orders` over `days`; exactly `orders` in total, in proportion to each day's pull."""
    weights = [
        (1.0 + _GROWTH * day / max(days - 1, 1))
        * _WEEKDAY[(first_day + timedelta(days=day)).weekday()]
        * rng.lognormvariate(0.0, 0.12)
        for day in range(days)
    ]
    total = sum(weights)
    counts: list[int] = []
    running, given = 0.0, 0
    for weight in weights:
        running += weight
        target = round(orders * running / total)
        counts.append(target - given)
        given = target
    return counts


def placement_times(
    rng: random.Random, *, orders: int, days: int, now: datetime, utc_offset_minutes: int
) -> Iterator[datetime]:
    """Every order's placement time, oldest first, in the `days` days before `now`."""
    start = now - timedelta(days=days)
    utc_hours = [(hour - utc_offset_minutes // 60) % 24 for hour in range(24)]
    for day, count in enumerate(orders_per_day(rng, orders=orders, first_day=start, days=days)):
        day_start = start + timedelta(days=day)
        hours = rng.choices(utc_hours, cum_weights=_HOURLY_CUMULATIVE, k=count)
        seconds = sorted(hour * 3600 + rng.randrange(3600) for hour in hours)
        for second in seconds:
            yield day_start + timedelta(seconds=second)
