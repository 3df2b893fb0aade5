"""`tracker status`: who owes what, counted in SQL (fast on 100,000 items).

Counts per person: open (open + in progress), overdue (due before the as-of date), due soon (due
within `due_soon_days`, today included), and done in the last 30 days (items now done whose last
change falls in the 30 days up to the as-of date). Owners written differently for one `[people]`
person (alias, login, email) are counted together under the person's name. Proposed items (waiting
for `tracker review`) are no one's yet: the overview counts them apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from tracker.people import People
from tracker.report.owners import NO_OWNER, resolve_owner, stored_names
from tracker.store.reader import OpenItem, Reader

DONE_DAYS = 30


@dataclass(frozen=True, slots=True)
class Counts:  # a dataclass: a tuple's + would concatenate
    open: int = 0
    overdue: int = 0
    due_soon: int = 0
    done_recent: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.open + other.open,
            self.overdue + other.overdue,
            self.due_soon + other.due_soon,
            self.done_recent + other.done_recent,
        )


class OwnerRow(NamedTuple):
    owner: str | None  # None: items without an owner
    counts: Counts


class Overview(NamedTuple):
    as_of: date
    due_soon_days: int
    done_days: int
    rows: tuple[OwnerRow, ...]  # worst first: most overdue, then most open, then name
    totals: Counts
    needs_review: int = 0  # proposed items (no one's yet: `tracker review` decides)


class StatusItem(NamedTuple):
    id: str
    text: str
    status: str
    due: date | None
    due_derived: bool
    days_overdue: int | None
    due_soon: bool
    postmortem_id: str
    postmortem_title: str | None


class OwnerStatus(NamedTuple):
    query: str
    owner: str
    known: bool  # named in [people]
    as_of: date
    due_soon_days: int
    done_days: int
    counts: Counts
    items: tuple[StatusItem, ...]  # open items by due date, no due date last


def overview(reader: Reader, people: People, as_of: date, due_soon_days: int) -> Overview:
    """One row per person (and one for no owner), every owner in the store included."""
    names = stored_names(reader, people)
    counted = {c.owner_key: c for c in reader.owner_counts(as_of, due_soon_days, DONE_DAYS)}
    merged: dict[str | None, tuple[str | None, Counts]] = {}
    for key in [*names.spelled, *([None] if None in counted else [])]:
        c = counted.get(key)
        counts = Counts(c.open, c.overdue, c.due_soon, c.done_recent) if c else Counts()
        group, name = names.of(names.spelled[key]) if key is not None else (None, None)
        before = merged.get(group)
        merged[group] = (name, before[1] + counts if before else counts)
    rows = sorted((OwnerRow(n, c) for n, c in merged.values()), key=_worst_first)
    totals = sum((r.counts for r in rows), Counts())
    return Overview(as_of, due_soon_days, DONE_DAYS, tuple(rows), totals, reader.proposed_count())


def _worst_first(row: OwnerRow) -> tuple[int, int, int, int, str, str]:
    name = row.owner or NO_OWNER
    c = row.counts
    return -c.overdue, -c.open, -c.due_soon, -c.done_recent, name.casefold(), name


def owner_status(reader: Reader, people: People, query: str, as_of: date, due_soon_days: int) -> OwnerStatus:
    """One person's open items and counts. AmbiguousOwnerError / NotFoundError from the match."""
    match = resolve_owner(reader, people, query)
    found = reader.owner_counts(as_of, due_soon_days, DONE_DAYS, keys=match.keys) if match.keys else []
    counts = sum((Counts(c.open, c.overdue, c.due_soon, c.done_recent) for c in found), Counts())
    items = reader.open_items(match.keys) if match.keys else []
    return OwnerStatus(
        query,
        match.name,
        match.known,
        as_of,
        due_soon_days,
        DONE_DAYS,
        counts,
        tuple(_status_item(i, as_of, due_soon_days) for i in items),
    )


def _status_item(item: OpenItem, as_of: date, due_soon_days: int) -> StatusItem:
    delta = (item.due - as_of).days if item.due else None
    return StatusItem(
        item.id,
        item.text,
        item.status,
        item.due,
        item.due_derived,
        -delta if delta is not None and delta < 0 else None,
        delta is not None and 0 <= delta <= due_soon_days,
        item.postmortem_id,
        item.postmortem_title,
    )
