"""How the store writes dates and timestamps, and the one way they are read back.

Both are ISO 8601 text. Every timestamp this tool writes carries its zone (UTC); one without a
zone (a store from an early version, a hand-edited export) was written in UTC and is read as such,
so every timestamp read from the store is zone-aware and compares with any other.
"""

from __future__ import annotations

from datetime import UTC, date, datetime


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def to_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def moment(value: str) -> datetime:
    """A stored timestamp, zone-aware."""
    found = datetime.fromisoformat(value)
    return found if found.tzinfo is not None else found.replace(tzinfo=UTC)


def to_datetime(value: str | None) -> datetime | None:
    """A stored timestamp or NULL, zone-aware."""
    return moment(value) if value else None
