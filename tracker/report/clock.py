"""The as-of date: "today" in the configured time zone, or the date given."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.errors import ConfigError


def zone(name: str) -> ZoneInfo:
    """The IANA zone; ConfigError naming the key when unknown."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"[report] timezone: unknown time zone {name!r} (use an IANA name)") from None


def resolve_as_of(explicit: date | None, timezone: str, now: datetime) -> date:
    """The date given, else the calendar date of `now` (an aware moment) in `timezone`."""
    return explicit or now.astimezone(zone(timezone)).date()
