"""Quiet hours in the buyer's time zone: a notification due at night waits for the morning."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from wasl.messaging.quiet_hours import QuietHours, buyer_zone, next_allowed

QUIET = QuietHours(time(22), time(8))


def test_given_specs_when_parsed_then_hours_and_minutes_are_read_and_off_means_none() -> None:
    assert QuietHours.parse("22-8") == QUIET
    assert QuietHours.parse("21:30-07:15") == QuietHours(time(21, 30), time(7, 15))
    assert (QuietHours.parse(""), QuietHours.parse("off"), QuietHours.parse("8-8")) == (None, None, None)
    with pytest.raises(ValueError, match="22:00-08:00"):
        QuietHours.parse("late")


@pytest.mark.parametrize(
    ("phone", "zone"),
    [
        ("+966501234567", "Asia/Riyadh"),
        ("+212612345678", "Africa/Casablanca"),
        ("+971501234567", "Asia/Dubai"),
        ("+919812345678", "Asia/Kolkata"),
        ("+12125550100", "America/New_York"),
        ("", "Europe/Paris"),
    ],
)
def test_given_a_phone_when_its_zone_is_read_then_it_is_the_zone_of_its_country(
    phone: str, zone: str
) -> None:
    assert buyer_zone(phone, fallback="Europe/Paris") == ZoneInfo(zone)


def test_given_23h_in_riyadh_when_checked_then_held_until_8h_local_the_next_morning() -> None:
    riyadh = ZoneInfo("Asia/Riyadh")
    now = datetime(2026, 5, 4, 20, 0, tzinfo=UTC)  # 23:00 in Riyadh
    assert next_allowed(now, riyadh, QUIET) == datetime(2026, 5, 5, 8, 0, tzinfo=riyadh)


def test_given_3h_in_casablanca_when_checked_then_held_until_8h_the_same_day() -> None:
    casablanca = ZoneInfo("Africa/Casablanca")
    now = datetime(2026, 5, 4, 3, 0, tzinfo=casablanca)
    assert next_allowed(now, casablanca, QUIET) == datetime(2026, 5, 4, 8, 0, tzinfo=casablanca)


def test_given_daytime_or_no_quiet_hours_when_checked_then_it_may_go_now() -> None:
    riyadh = ZoneInfo("Asia/Riyadh")
    noon = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)  # 12:00 in Riyadh
    late = datetime(2026, 5, 4, 20, 0, tzinfo=UTC)
    assert (next_allowed(noon, riyadh, QUIET), next_allowed(late, riyadh, None)) == (None, None)


def test_given_a_daytime_quiet_window_when_checked_then_its_ends_are_half_open() -> None:
    siesta = QuietHours(time(13), time(15))
    assert (siesta.contains(time(12, 59)), siesta.contains(time(13)), siesta.contains(time(15))) == (
        False,
        True,
        False,
    )
