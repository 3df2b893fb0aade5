"""Lean read queries for `tracker report` and `tracker status`.

These skip the pydantic records on purpose: a store of 100,000 items must be reported on in well
under a second, so counts are aggregated in SQL and report rows are plain slotted dataclasses.
Every query only reads; none of them opens a transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

ACTIVE = ("open", "in_progress")
_ACTIVE_SQL = "('open','in_progress')"


@dataclass(frozen=True, slots=True)
class LinkInfo:
    """One item's link to a remote issue, as the report needs it."""

    target: str
    state: str
    key: str | None
    url: str | None
    remote_updated: datetime | None
    remote_assigned: bool | None


@dataclass(slots=True)
class ItemRow:
    """An active item with only the fields the report looks at."""

    num: int
    id: str
    postmortem_id: str
    text: str
    owner: str | None
    due: date | None
    due_derived: bool
    status: str
    updated: datetime
    links: tuple[LinkInfo, ...] = ()


@dataclass(frozen=True, slots=True)
class PostmortemInfo:
    id: str
    title: str
    incident_date: date | None
    target: str | None


@dataclass(frozen=True, slots=True)
class OwnerCounts:
    """Counts for one owner key (None: items without an owner)."""

    owner_key: str | None
    owner: str | None  # one spelling as stored
    open: int
    overdue: int
    due_soon: int
    done_recent: int


@dataclass(frozen=True, slots=True)
class OpenItem:
    """One row of `tracker status OWNER`."""

    id: str
    text: str
    owner: str | None
    status: str
    due: date | None
    due_derived: bool
    postmortem_id: str
    postmortem_title: str | None


def _in(column: str, values: Collection[str | None]) -> tuple[str, list[str]]:
    """`column IN (...)` (with `IS NULL` for a None member) and its arguments."""
    present = sorted(v for v in values if v is not None)
    parts = [f"{column} IN ({','.join('?' * len(present))})"] if present else []
    if None in values:
        parts.append(f"{column} IS NULL")
    return "(" + (" OR ".join(parts) or "0") + ")", present


def owner_keys(conn: sqlite3.Connection) -> list[str]:
    """Every distinct owner key (normalised owner name); an index-only scan."""
    rows = conn.execute("SELECT DISTINCT owner_key FROM items WHERE owner_key IS NOT NULL ORDER BY 1")
    return [r[0] for r in rows]


def spellings(conn: sqlite3.Connection, keys: Iterable[str]) -> dict[str, str]:
    """One stored spelling (the smallest) per owner key."""
    clause, args = _in("owner_key", set(keys))
    rows = conn.execute(f"SELECT owner_key, min(owner) FROM items WHERE {clause} GROUP BY owner_key", args)
    return {k: v for k, v in rows}


def owner_counts(
    conn: sqlite3.Connection,
    as_of: date,
    due_soon_days: int,
    done_days: int = 30,
    keys: Collection[str | None] | None = None,
) -> list[OwnerCounts]:
    """Per owner key: open (open+in_progress), overdue, due within `due_soon_days`, done recently.

    "Done recently" counts items now done whose last change (`updated`, compared as text, so in the
    zone it was written in) falls in the `done_days` days up to and including `as_of`.
    """
    soon = (as_of + timedelta(days=due_soon_days)).isoformat()
    since = (as_of - timedelta(days=done_days - 1)).isoformat()
    until = (as_of + timedelta(days=1)).isoformat()
    where, args = ("", []) if keys is None else _in("owner_key", keys)
    active = conn.execute(
        "SELECT owner_key, count(*), sum(due < :today), sum(due >= :today AND due <= :soon) "
        f"FROM items WHERE status IN {_ACTIVE_SQL} {'AND ' + where if where else ''} GROUP BY owner_key",
        {**dict(enumerate(args, 1)), "today": as_of.isoformat(), "soon": soon} if not args else None,
    ) if not args else conn.execute(
        "SELECT owner_key, count(*), sum(due < ?), sum(due >= ? AND due <= ?) "
        f"FROM items WHERE status IN {_ACTIVE_SQL} AND {where} GROUP BY owner_key",
        [as_of.isoformat(), as_of.isoformat(), soon, *args],
    )
    counts: dict[str | None, list[int]] = {k: [n, o or 0, s or 0, 0] for k, n, o, s in active}
    done = conn.execute(
        "SELECT owner_key, count(*) FROM items WHERE status = 'done' AND updated >= ? AND updated < ? "
        f"{'AND ' + where if where else ''} GROUP BY owner_key",
        [since, until, *args],
    )
    for key, n in done:
        counts.setdefault(key, [0, 0, 0, 0])[3] = n
    names = spellings(conn, [k for k in counts if k is not None])
    return [OwnerCounts(k, names.get(k) if k else None, *v) for k, v in counts.items()]
