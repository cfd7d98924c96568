"""Salla's dates: serialised PHP DateTime objects or plain ISO strings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from wasl.channels.salla.dates import optional_salla_datetime, salla_datetime
from wasl.shipping.types import AdapterError

RIYADH = ZoneInfo("Asia/Riyadh")


def test_given_a_named_zone_when_read_then_the_wall_clock_is_in_that_zone() -> None:
    value = {"date": "2023-04-10 14:21:01.000000", "timezone_type": 3, "timezone": "Asia/Riyadh"}

    moment = salla_datetime(value, "order.date")

    assert moment == datetime(2023, 4, 10, 14, 21, 1, tzinfo=RIYADH)
    assert moment.astimezone(UTC) == datetime(2023, 4, 10, 11, 21, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected_utc"),
    [
        (
            {"date": "2023-04-10 14:21:01.000000", "timezone_type": 1, "timezone": "+04:00"},
            datetime(2023, 4, 10, 10, 21, 1),
        ),
        ("2026-05-24T09:42:11.000000Z", datetime(2026, 5, 24, 9, 42, 11)),
        (
            {"date": "2026-05-24T09:42:11.000000Z", "timezone": "Asia/Riyadh"},
            datetime(2026, 5, 24, 9, 42, 11),
        ),
        ("2024-03-12 21:14:05", datetime(2024, 3, 12, 18, 14, 5)),  # no zone at all: Riyadh time
        ({"date": "2024-03-12 21:14:05.000000"}, datetime(2024, 3, 12, 18, 14, 5)),
    ],
)
def test_given_other_shapes_when_read_then_the_instant_is_right(value: Any, expected_utc: datetime) -> None:
    assert salla_datetime(value, "order.date").astimezone(UTC) == expected_utc.replace(tzinfo=UTC)


def test_given_an_offset_zone_when_read_then_the_offset_is_kept() -> None:
    value = {"date": "2023-04-10 14:21:01.000000", "timezone_type": 1, "timezone": "+04:00"}

    assert salla_datetime(value, "order.date").utcoffset() == timedelta(hours=4)


@pytest.mark.parametrize(
    ("value", "code", "message"),
    [
        ({"date": "", "timezone": "Asia/Riyadh"}, "missing_field", "order.date is missing"),
        (
            {"date": "10/04/2023", "timezone": "Asia/Riyadh"},
            "invalid_date",
            "order.date '10/04/2023' is not a date and time",
        ),
        (
            {"date": "2023-04-10 14:21:01", "timezone": "Mars/Olympus"},
            "invalid_date",
            "order.date timezone 'Mars/Olympus' is unknown",
        ),
        (
            {"date": "2023-04-10 14:21:01", "timezone": "+99"},
            "invalid_date",
            "order.date timezone '+99' is not an offset",
        ),
    ],
)
def test_given_an_unreadable_date_when_read_then_the_error_says_why(
    value: Any, code: str, message: str
) -> None:
    with pytest.raises(AdapterError) as raised:
        salla_datetime(value, "order.date")

    assert (raised.value.code, raised.value.message) == (code, message)


@pytest.mark.parametrize("value", [None, "", {"date": None, "timezone": "Asia/Riyadh"}])
def test_given_no_date_when_optional_then_none(value: Any) -> None:
    assert optional_salla_datetime(value, "order.updated_at") is None
