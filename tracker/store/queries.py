"""Lean read queries for `tracker report` and `tracker status`.

These skip the pydantic records on purpose: a store of 100,000 items must be reported on in well
under a second, so counts are aggregated in SQL and report rows are plain slotted dataclasses.
Every query only reads; none of them opens a transaction.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from tracker.store.db import dialect_of
from tracker.store.stamps import to_date, to_datetime
from tracker.store.views import POSTMORTEM_VIEW_COLUMNS, PostmortemView, postmortem_view

if TYPE_CHECKING:
    from tracker.store.shapes import Connection

_ACTIVE_SQL = "('open','in_progress')"
_REPORTED_SQL = "('open','in_progress','proposed')"  # the report lists proposed items as needing review


class LinkInfo(NamedTuple):  # (NamedTuples here: a dataclass costs a millisecond to define)
    """One item's link to a remote issue, as the report needs it."""

    target: str
    state: str
    key: str | None
    url: str | None
    remote_updated: datetime | None
    remote_assigned: bool | None


@dataclass(slots=True)
class ItemRow:
    """An active (or proposed) item with only the fields the report looks at."""

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
    targets: tuple[str, ...] | None = None  # its own targets (None: its postmortem's, or the defaults)


class OwnerCounts(NamedTuple):
    """Counts for one owner key (None: items without an owner)."""

    owner_key: str | None
    open: int
    overdue: int
    due_soon: int
    done_recent: int


class OpenItem(NamedTuple):
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
    return "(" + (" OR ".join(parts) or "FALSE") + ")", present


def owner_keys(conn: Connection) -> list[str]:
    """Every distinct owner key (normalised owner name); an index-only scan."""
    if dialect_of(conn).name == "postgresql":  # (no skip scan there: walk the index key by key)
        rows = conn.execute(f"{_PG_KEYS} SELECT v FROM k WHERE v IS NOT NULL")
    else:
        rows = conn.execute("SELECT DISTINCT owner_key FROM items WHERE owner_key IS NOT NULL ORDER BY 1")
    return [r[0] for r in rows]


#: PostgreSQL's distinct owner keys in order, one index probe each (a loose index scan): a DISTINCT
#: would read all 100,000 index entries, this reads one per owner.
_PG_KEYS = (
    "WITH RECURSIVE k(v) AS ((SELECT owner_key FROM items WHERE owner_key IS NOT NULL ORDER BY owner_key LIMIT 1) "
    "UNION ALL SELECT (SELECT owner_key FROM items WHERE owner_key > k.v ORDER BY owner_key LIMIT 1) "
    "FROM k WHERE k.v IS NOT NULL)"
)


def spellings(conn: Connection, keys: Iterable[str]) -> dict[str, str]:
    """One stored spelling per owner key: the first in index order, one probe per key.

    (`min(owner)` would read every item row; this reads one per owner and is as deterministic.)
    """
    sql = "SELECT owner FROM items WHERE owner_key = ? LIMIT 1"
    return {key: conn.execute(sql, (key,)).fetchone()[0] for key in sorted(set(keys))}


def owner_spellings(conn: Connection) -> dict[str, str]:
    """`spellings` of every owner key, in one query (the same probe per key, run by SQLite)."""
    probe = "(SELECT owner FROM items WHERE owner_key = {} LIMIT 1)"
    if dialect_of(conn).name == "postgresql":
        rows = conn.execute(f"{_PG_KEYS} SELECT v, {probe.format('v')} FROM k WHERE v IS NOT NULL")
    else:
        rows = conn.execute(
            f"SELECT k, {probe.format('k')} "
            "FROM (SELECT DISTINCT owner_key AS k FROM items WHERE owner_key IS NOT NULL) ORDER BY 1"
        )
    return dict(rows.fetchall())


def owner_counts(
    conn: Connection,
    as_of: date,
    due_soon_days: int,
    done_days: int = 30,
    keys: Collection[str | None] | None = None,
) -> list[OwnerCounts]:
    """Per owner key: open (open+in_progress), overdue, due within `due_soon_days`, done recently.

    Owner keys with nothing to count are left out. "Done recently" counts items now done whose
    last change (`updated`, compared as ISO text) falls in the `done_days` days up to `as_of`.
    """
    today = as_of.isoformat()
    soon = (as_of + timedelta(days=due_soon_days)).isoformat()
    since = (as_of - timedelta(days=done_days - 1)).isoformat()
    until = (as_of + timedelta(days=1)).isoformat()
    where, args = ("TRUE", []) if keys is None else _in("owner_key", keys)
    active = conn.execute(
        "SELECT owner_key, count(*), sum(CASE WHEN due < ? THEN 1 ELSE 0 END), "
        "sum(CASE WHEN due >= ? AND due <= ? THEN 1 ELSE 0 END) "
        f"FROM items WHERE status IN {_ACTIVE_SQL} AND {where} GROUP BY owner_key",
        [today, today, soon, *args],
    )
    counts: dict[str | None, list[int]] = {k: [n, o or 0, s or 0, 0] for k, n, o, s in active}
    # Unfiltered, the (status, updated, owner_key) index of migration 7 reads only the done items
    # of the window; filtered to a few owners, the owner index is as good.
    done = conn.execute(
        "SELECT owner_key, count(*) FROM items "
        f"WHERE status = 'done' AND updated >= ? AND updated < ? AND {where} GROUP BY owner_key",
        [since, until, *args],
    )
    for key, n in done:
        counts.setdefault(key, [0, 0, 0, 0])[3] = n
    return [OwnerCounts(k, *v) for k, v in counts.items()]


def proposed_count(conn: Connection) -> int:
    """How many items wait for `tracker review` (an index-only count)."""
    return int(conn.execute("SELECT count(*) FROM items WHERE status = 'proposed'").fetchone()[0])


def open_items(conn: Connection, keys: Collection[str | None]) -> list[OpenItem]:
    """The open and in-progress items of some owner keys, by due date (none last), then number."""
    where, args = _in("i.owner_key", keys)
    rows = conn.execute(
        "SELECT i.id, i.text, i.owner, i.status, i.due, i.due_derived, i.postmortem_id, p.title "
        "FROM items i LEFT JOIN postmortems p ON p.id = i.postmortem_id "
        f"WHERE i.status IN {_ACTIVE_SQL} AND {where} ORDER BY i.due IS NULL, i.due, i.num",
        args,
    )
    return [OpenItem(r[0], r[1], r[2], r[3], to_date(r[4]), bool(r[5]), r[6], r[7]) for r in rows]


def postmortems(conn: Connection) -> dict[str, PostmortemView]:
    """Every postmortem, as the report shows it."""
    rows = conn.execute(f"SELECT {POSTMORTEM_VIEW_COLUMNS} FROM postmortems")
    return {r[0]: postmortem_view(r) for r in rows}


def active_rows_query(
    no_index: str, keys: Collection[str | None] | None = None, postmortem_id: str | None = None
) -> tuple[str, list[str]]:
    """The SQL and arguments `active_rows` runs (`no_index`: the dialect's mark that keeps a column off
    its index; benchmarks/report_floor.py times this query alone). One pass in table order: each item
    once per link, or once when it has none."""
    # unfiltered, most items are active: scan the table (SQLite's `+` keeps it off the index)
    where = [f"{no_index}i.status IN {_REPORTED_SQL}"]
    args: list[str] = []
    if keys is not None:
        clause, more = _in("i.owner_key", keys)
        where.append(clause)
        args += more
    if postmortem_id is not None:
        where.append("i.postmortem_id = ?")
        args.append(postmortem_id)
    sql = (
        "SELECT i.num, i.id, i.postmortem_id, i.text, i.owner, i.due, i.due_derived, i.status, i.updated, "
        "i.targets, l.target, l.state, l.key, l.url, l.remote_updated, l.remote_assigned "
        f"FROM items i LEFT JOIN links l ON l.item_id = i.id WHERE {' AND '.join(where)}"
    )
    return sql, args


def active_rows(
    conn: Connection,
    *,
    keys: Collection[str | None] | None = None,
    postmortem_id: str | None = None,
) -> list[ItemRow]:
    """Open, in-progress and proposed items (optionally of some owner keys / one postmortem) with their links."""
    sql, args = active_rows_query(dialect_of(conn).no_index, keys, postmortem_id)
    moment = datetime.fromisoformat
    days: dict[str, date] = {}  # few distinct due dates: each parsed once
    rows: list[ItemRow] = []
    row: ItemRow | None = None
    # A LEFT JOIN scans items in the outer loop, so an item's link rows come one after another.
    # (Written out, not with stamps.moment and to_date: this runs once per item, 100,000 times.)
    for n, i, p, t, o, d, dd, s, u, own, target, state, key, url, ru, assigned in conn.execute(sql, args):
        if row is None or row.num != n:
            day = (days.get(d) or days.setdefault(d, date.fromisoformat(d))) if d else None
            updated = moment(u)
            if updated.tzinfo is None:
                updated = updated.replace(tzinfo=UTC)
            row = ItemRow(n, i, p, t, o, day, bool(dd), s, updated, (), tuple(json.loads(own)) if own else None)
            rows.append(row)
        if target is not None:
            link = LinkInfo(target, state, key, url, to_datetime(ru), _bool(assigned))
            row.links = tuple(sorted((*row.links, link), key=_target)) if row.links else (link,)
    return rows


def _target(link: LinkInfo) -> str:
    return link.target


def _bool(value: int | None) -> bool | None:
    return None if value is None else bool(value)
