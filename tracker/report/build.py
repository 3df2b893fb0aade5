"""The report as data: flagged items grouped by owner, with a summary. Renderers only format it.

Ordering is stable, so the same store, config and as-of date give the same report:
- owner groups worst first (most overdue, then most flagged, then by name), then `no owner`,
  then `broken link` (an item with a broken link is listed there and in no other group), then
  `needs review` (the proposed items: not open yet, so counted in no owner's summary);
- items in a group by due date (so the most overdue first; no due date last), then by item number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

from tracker.errors import ConfigError
from tracker.people import People
from tracker.report.clock import resolve_as_of, zone
from tracker.report.flags import (
    BROKEN_LINK,
    COMBOS,
    FLAGS,
    NEEDS_REVIEW,
    OVERDUE,
    Flag,
    FlagSettings,
    ItemFlags,
    Targets,
    item_flags,
    mask_of,
    ordered,
)
from tracker.report.owners import Names, resolve_owner, stored_names
from tracker.store.reader import ItemRow, LinkInfo, PostmortemView, Reader

if TYPE_CHECKING:
    from tracker.config_view import ConfigView

GroupKind = Literal["owner", "no_owner", "broken_link", "needs_review"]
GROUP_NAMES: dict[GroupKind, str] = {
    "no_owner": "no owner",
    "broken_link": "broken link",
    "needs_review": "needs review",
}


@dataclass(frozen=True, slots=True)
class ReportOptions:
    as_of: date | None = None
    owner: str | None = None
    postmortem: str | None = None
    target: str | None = None
    only: frozenset[Flag] | None = None
    fail_on: frozenset[Flag] = frozenset()
    due_soon_days: int | None = None
    listed: frozenset[Flag] | None = None  # an item is listed when it has one of these; None: every flagged one


@dataclass(slots=True)
class ReportItem:
    row: ItemRow
    owner: str | None  # display name (the `[people]` name when known)
    postmortem: PostmortemView | None
    flags: ItemFlags

    @property
    def link(self) -> LinkInfo | None:
        """The link to show: the first live one by target name, else the first."""
        links = self.row.links
        for link in links:
            if link.state != "broken":
                return link
        return links[0] if links else None


@dataclass(frozen=True, slots=True)
class Group:
    kind: GroupKind
    name: str
    items: tuple[ReportItem, ...]
    show_owner: bool = False  # an owner column whatever the kind (a reminder's list of others' items)

    @property
    def mixed_owners(self) -> bool:
        """Whether the group's items have different owners (so renderers show an owner column)."""
        return self.show_owner or self.kind in ("broken_link", "needs_review")


@dataclass(slots=True)
class OwnerSummary:
    owner: str | None  # None: no owner
    open: int = 0  # active items in scope, flagged or not
    flagged: int = 0
    counts: dict[Flag, int] = field(default_factory=dict)
    unlisted: dict[Flag, int] = field(default_factory=dict)  # flags of items summed up, not listed


@dataclass(frozen=True, slots=True)
class Report:
    as_of: date
    timezone: str
    due_soon_days: int
    stale_days: int
    options: ReportOptions
    shown: tuple[Flag, ...]  # flags reported on (all unless --only)
    open: int
    counts: dict[Flag, int]  # flagged items per shown flag
    owners: tuple[OwnerSummary, ...]
    groups: tuple[Group, ...]
    failing: int  # items in scope with a --fail-on flag (whether shown or not)
    unlisted: int = 0  # flagged items summed up per owner instead of listed (see ReportOptions.listed)

    @property
    def flagged(self) -> int:
        """Items listed in the groups."""
        return sum(len(g.items) for g in self.groups)

    @property
    def needs_review(self) -> int:
        """Proposed items in scope (listed in the `needs review` group when that flag is shown)."""
        return self.counts.get(Flag.NEEDS_REVIEW, 0)

    @property
    def owner_flags(self) -> tuple[Flag, ...]:
        """The shown flags an owner's open items are counted by (needs_review is no open item's)."""
        return tuple(f for f in self.shown if f is not Flag.NEEDS_REVIEW)


def targets_for(config: ConfigView, people: People) -> Targets:
    return Targets(people, dict(config.targets), config.default_targets)


def make_report(
    reader: Reader,
    config: ConfigView,
    options: ReportOptions,
    now: datetime,
    postmortem_id: Callable[[str], str],
) -> Report:
    """Read the store and flag its active items; `postmortem_id` finds the postmortem a person
    names (`Store.get_postmortem`). Raises NotFoundError/ConfigError/AmbiguousOwnerError."""
    people = People(config.people)
    tz_name = config.timezone
    settings = FlagSettings(
        resolve_as_of(options.as_of, tz_name, now),
        config.due_soon_days if options.due_soon_days is None else options.due_soon_days,
        config.stale_days,
        zone(tz_name),
    )
    if options.target is not None and options.target not in config.targets:
        known = ", ".join(sorted(config.targets)) or "none configured"
        raise ConfigError(f"--target: unknown target {options.target!r} (known: {known})")
    keys = resolve_owner(reader, people, options.owner).keys if options.owner else None
    pm_id = postmortem_id(options.postmortem) if options.postmortem else None
    rows = reader.active_rows(keys=keys, postmortem_id=pm_id)
    pms = reader.postmortems()
    names = stored_names(reader, people)
    return assemble(rows, pms, settings, targets_for(config, people), names, options, tz_name)


def assemble(
    rows: Iterable[ItemRow],
    pms: dict[str, PostmortemView],
    settings: FlagSettings,
    targets: Targets,
    names: Names,
    options: ReportOptions,
    timezone: str = "UTC",
) -> Report:
    """Pure: flag the rows, then group and count them. (One pass; kept lean for 100k items.)"""
    shown = ordered(options.only) if options.only else FLAGS
    only = mask_of(options.only) if options.only is not None else None
    fail_on, target = mask_of(options.fail_on), options.target
    listed = mask_of(options.listed) if options.listed is not None else -1
    owners: dict[str | None, OwnerSummary] = {}
    combos: dict[str | None, dict[int, int]] = {}  # owner key -> flag mask -> items
    grouped: dict[tuple[GroupKind, str | None], list[ReportItem]] = {("broken_link", None): []}
    broken = grouped[("broken_link", None)]
    proposed = grouped[("needs_review", None)] = []
    slots: dict[str | None, _Slot] = {}  # per owner as written: one lookup per row
    failing = 0
    for row in rows:
        pm = pms.get(row.postmortem_id)
        pm_targets = pm.targets if pm else ()
        if target is not None and target not in targets.of(row, pm_targets):
            continue
        found = item_flags(row, settings, targets, pm_targets)
        if found.mask == NEEDS_REVIEW:  # a proposed item: not open, listed for review (or filtered out)
            failing += bool(found.mask & fail_on)
            if only is None or found.mask & only:
                proposed.append(ReportItem(row, names.of(row.owner)[1], pm, found))
            continue
        slot = slots.get(row.owner)
        if slot is None:
            slot = slots[row.owner] = _slot(row.owner, names, owners, combos, grouped)
        summary, mine, bucket, name = slot
        summary.open += 1
        if found.mask & fail_on:
            failing += 1
        if only is not None and found.mask & ~only:
            found = ItemFlags(found.mask & only, found.days_overdue, found.days_until_due, found.days_idle, found.notes)
        mask = found.mask
        if not mask:
            continue
        mine[mask] = mine.get(mask, 0) + 1
        if not mask & listed:
            for flag in COMBOS[mask]:
                summary.unlisted[flag] = summary.unlisted.get(flag, 0) + 1
            continue
        (broken if mask & BROKEN_LINK else bucket).append(ReportItem(row, name, pm, found))
    grouped = {k: v for k, v in grouped.items() if v}
    for key, mine in combos.items():
        summary = owners[key]
        for mask, n in mine.items():
            summary.flagged += n
            for flag in COMBOS[mask]:
                summary.counts[flag] = summary.counts.get(flag, 0) + n
    return _finish(settings, timezone, options, shown, owners, grouped, failing)


_Slot = tuple[OwnerSummary, dict[int, int], list[ReportItem], str | None]


def _slot(
    written: str | None,
    names: Names,
    owners: dict[str | None, OwnerSummary],
    combos: dict[str | None, dict[int, int]],
    grouped: dict[tuple[GroupKind, str | None], list[ReportItem]],
) -> _Slot:
    """The summary, flag counts and group an owner (as written) adds to: shared per person."""
    key, name = names.of(written)
    if key not in owners:
        owners[key] = OwnerSummary(name)
        combos[key] = {}
    group: tuple[GroupKind, str | None] = ("owner", key) if key is not None else ("no_owner", None)
    return owners[key], combos[key], grouped.setdefault(group, []), name


def _finish(
    settings: FlagSettings,
    timezone: str,
    options: ReportOptions,
    shown: tuple[Flag, ...],
    owners: dict[str | None, OwnerSummary],
    grouped: dict[tuple[GroupKind, str | None], list[ReportItem]],
    failing: int,
) -> Report:
    groups = [
        Group(kind, (owners[key].owner or "") if kind == "owner" else GROUP_NAMES[kind], _in_order(items))
        for (kind, key), items in grouped.items()
    ]
    groups.sort(key=_group_order)
    summaries = sorted(owners.values(), key=_owner_order)
    owner_flags = [flag for flag in shown if flag is not Flag.NEEDS_REVIEW]
    for s in summaries:
        s.counts = {flag: s.counts.get(flag, 0) for flag in owner_flags}
    reviewing = grouped.get(("needs_review", None), [])
    counts = {
        flag: len(reviewing) if flag is Flag.NEEDS_REVIEW else sum(s.counts[flag] for s in summaries) for flag in shown
    }
    unlisted = sum(s.flagged for s in summaries) + len(reviewing) - sum(len(g.items) for g in groups)
    return Report(
        as_of=settings.as_of,
        timezone=timezone,
        due_soon_days=settings.due_soon_days,
        stale_days=settings.stale_days,
        options=options,
        shown=shown,
        open=sum(s.open for s in summaries),
        counts=counts,
        owners=tuple(summaries),
        groups=tuple(groups),
        failing=failing,
        unlisted=unlisted,
    )


_LAST = date.max


_LAST_DAY = _LAST.toordinal()


def _in_order(items: list[ReportItem]) -> tuple[ReportItem, ...]:
    """By due date (none last), then item number: one int per key compares fastest."""
    items.sort(key=lambda i: ((i.row.due.toordinal() if i.row.due else _LAST_DAY) << 40) + i.row.num)
    return tuple(items)


def _group_order(group: Group) -> tuple[int, int, int, str, str]:
    rank = {"owner": 0, "no_owner": 1, "broken_link": 2, "needs_review": 3}[group.kind]
    overdue = sum(1 for i in group.items if i.flags.mask & OVERDUE)
    return rank, -overdue, -len(group.items), group.name.casefold(), group.name


def _owner_order(s: OwnerSummary) -> tuple[int, int, int, int, str, str]:
    name = s.owner or ""
    return -s.counts.get(Flag.OVERDUE, 0), -s.flagged, -s.open, int(s.owner is None), name.casefold(), name
