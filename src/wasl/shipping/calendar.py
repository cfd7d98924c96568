"""A store's working days: which weekdays carriers deliver, minus its holidays, in the store's own time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Weekdays (Monday=0) carriers usually do not deliver on, by country; others rest on Sunday.
WEEKLY_OFF: dict[str, frozenset[int]] = {
    "SA": frozenset({4}),  # Friday
    "EG": frozenset({4}),
    "KW": frozenset({4}),
    "QA": frozenset({4}),
    "OM": frozenset({4}),
    "BH": frozenset({4}),
    "JO": frozenset({4}),
    "AE": frozenset({6}),
    "MA": frozenset({6}),
    "DZ": frozenset({4}),
    "TN": frozenset({6}),
    "IN": frozenset({6}),
}
DEFAULT_WEEKLY_OFF = frozenset({6})
# Adding days never loops for ever, even for a calendar whose holidays cover years.
_MAX_SCAN_DAYS = 3660


def usual_working_days(country: str) -> str:
    off = WEEKLY_OFF.get(country.upper(), DEFAULT_WEEKLY_OFF)
    return "".join(str(day) for day in range(7) if day not in off)


def store_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


@dataclass(frozen=True)
class WorkCalendar:
    weekdays: frozenset[int]
    holidays: frozenset[date]
    zone: ZoneInfo

    @classmethod
    def build(cls, *, working_days: str, holidays: list[str], zone: str) -> WorkCalendar:
        weekdays = frozenset(int(c) for c in working_days if c.isdigit() and int(c) < 7) or frozenset(
            range(7)
        )
        parsed = set()
        for text in holidays:
            try:
                parsed.add(date.fromisoformat(str(text)))
            except ValueError:
                continue  # validated on the way in; an old bad entry must not stop promises
        return cls(weekdays, frozenset(parsed), store_zone(zone))

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def is_working(self, day: date) -> bool:
        return day.weekday() in self.weekdays and day not in self.holidays

    def add(self, start: date, days: int) -> date:
        """The day `days` working days after `start`; with 0, `start` itself or the next working day."""
        current, counted = start, 0
        for _ in range(_MAX_SCAN_DAYS):
            if counted >= days and self.is_working(current):
                return current
            current += timedelta(days=1)
            if self.is_working(current):
                counted += 1
        return start + timedelta(days=days)

    def between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`: Monday to Wednesday is 2."""
        if end <= start:
            return 0
        if (end - start).days > _MAX_SCAN_DAYS:
            return (end - start).days
        return sum(
            1 for offset in range(1, (end - start).days + 1) if self.is_working(start + timedelta(offset))
        )
