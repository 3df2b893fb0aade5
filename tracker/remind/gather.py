"""The items a reminder may name, flagged as the report flags them, each on its owner's own day.

The report's machinery does the flagging (`tracker.report.build.assemble`): the rows are read once
and split by their owner's time zone (`[people."X"] timezone`, else `[report] timezone`), and each
zone's share is flagged as of "today" there (or `--as-of` for everyone), with `[remind]
before_days` as the due-soon window. Proposed items are nobody's yet and are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from tracker.config_view import ConfigView
from tracker.people import People
from tracker.report.build import ReportItem, ReportOptions, assemble, targets_for
from tracker.report.clock import resolve_as_of, zone
from tracker.report.flags import FlagSettings
from tracker.report.owners import resolve_owner, stored_names
from tracker.store.reader import ItemRow, Reader


@dataclass(frozen=True, slots=True)
class OwnerItems:
    """One owner's flagged items, as of their own day."""

    name: str  # the `[people]` name, else the owner as stored
    known: bool  # `[people]` names them
    as_of: date
    timezone: str
    items: tuple[ReportItem, ...]


@dataclass(slots=True)
class Gathered:
    owners: list[OwnerItems] = field(default_factory=list)
    ownerless: list[ReportItem] = field(default_factory=list)  # no owner written
    days: dict[str, date] = field(default_factory=dict)  # time zone -> its as-of day


def gather(
    reader: Reader,
    view: ConfigView,
    zones: Mapping[str, str],
    before_days: int,
    now: datetime,
    *,
    as_of: date | None = None,
    owner: str | None = None,
) -> Gathered:
    """`zones`: `[people]` name -> time zone, for those who set one. AmbiguousOwnerError /
    NotFoundError for an `owner` naming nobody (as `report --owner`)."""
    people = People(view.people)
    keys = resolve_owner(reader, people, owner).keys if owner else None
    rows = reader.active_rows(keys=keys)
    names = stored_names(reader, people)
    by_zone: dict[str, list[ItemRow]] = {}
    zone_of: dict[str | None, str] = {}
    for row in rows:
        tz = zone_of.get(row.owner)
        if tz is None:
            tz = zone_of[row.owner] = zones.get(names.of(row.owner)[1] or "", view.timezone)
        by_zone.setdefault(tz, []).append(row)
    found = Gathered()
    options = ReportOptions(due_soon_days=before_days)
    targets, pms = targets_for(view, people), reader.postmortems()
    for tz in sorted(set(by_zone) | {view.timezone} | set(zones.values())):  # (every recipient's day)
        day = found.days[tz] = resolve_as_of(as_of, tz, now)
        settings = FlagSettings(day, before_days, view.stale_days, zone(tz))
        report = assemble(by_zone.get(tz, []), pms, settings, targets, names, options, tz)
        per_owner: dict[str | None, list[ReportItem]] = {}
        for group in report.groups:
            if group.kind in ("owner", "no_owner", "broken_link"):
                for item in group.items:
                    per_owner.setdefault(item.owner, []).append(item)
        found.ownerless += per_owner.pop(None, [])
        found.owners += [
            OwnerItems(name, name in view.people, day, tz, tuple(items)) for name, items in per_owner.items() if name
        ]
    found.owners.sort(key=lambda o: (o.name.casefold(), o.name))
    return found
