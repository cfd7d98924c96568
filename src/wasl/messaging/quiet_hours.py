"""Quiet hours in the buyer's own time zone, read from their phone number's country.

A notification that falls in the quiet hours (22:00-08:00 local by default) is held until they end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from phonenumbers import timezone as phone_timezones

from wasl.messaging.languages import country_of_phone

# phonenumbers' geodata is approximate for some of our markets (it gives Morocco the Canaries' zone);
# these are the zones the buyers of each market actually live in.
COUNTRY_ZONES = {
    "MA": "Africa/Casablanca",
    "DZ": "Africa/Algiers",
    "TN": "Africa/Tunis",
    "EG": "Africa/Cairo",
    "SA": "Asia/Riyadh",
    "AE": "Asia/Dubai",
    "KW": "Asia/Kuwait",
    "QA": "Asia/Qatar",
    "BH": "Asia/Bahrain",
    "OM": "Asia/Muscat",
    "JO": "Asia/Amman",
    "IN": "Asia/Kolkata",
    "FR": "Europe/Paris",
}


@dataclass(frozen=True, slots=True)
class QuietHours:
    start: time  # quiet from this local time...
    end: time  # ...until this one (may be the next day)

    @classmethod
    def parse(cls, spec: str) -> QuietHours | None:
        """ "22-8" or "22:00-08:00"; "" or "off" means none."""
        spec = spec.strip().lower()
        if not spec or spec in ("off", "none"):
            return None
        try:
            start_raw, end_raw = spec.split("-")
            start, end = _clock(start_raw), _clock(end_raw)
        except ValueError:
            raise ValueError(f"quiet hours must look like 22:00-08:00, not {spec!r}") from None
        return None if start == end else cls(start, end)

    def contains(self, local: time) -> bool:
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end


def _clock(raw: str) -> time:
    hours, _, minutes = raw.strip().partition(":")
    return time(int(hours), int(minutes or 0))


def buyer_zone(phone: str, fallback: str = "UTC") -> ZoneInfo:
    """The time zone of the phone's country, else the first phonenumbers knows, else `fallback`."""
    country = country_of_phone(phone)
    name = COUNTRY_ZONES.get(country, "")
    if not name and phone:
        try:
            zones = phone_timezones.time_zones_for_number(phonenumbers.parse(phone, None))
        except phonenumbers.NumberParseException:
            zones = ()
        name = next((z for z in zones if "/" in z), "")
    for candidate in (name, fallback, "UTC"):
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("UTC")


def next_allowed(now: datetime, zone: ZoneInfo, quiet: QuietHours | None) -> datetime | None:
    """None when `now` is fine for this buyer; else the end of their quiet hours (an aware datetime)."""
    if quiet is None:
        return None
    local = now.astimezone(zone)
    if not quiet.contains(local.time()):
        return None
    end = datetime.combine(local.date(), quiet.end, tzinfo=zone)
    if end <= local:
        end += timedelta(days=1)
    # Recombine the wall time in the zone: the day after may sit on the other side of a DST change.
    end = datetime.combine(end.date(), quiet.end).replace(tzinfo=zone)
    return end
