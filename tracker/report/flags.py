"""Which flags an action item has on a given day. Pure: no store, no clock, no I/O.

Only active items (open or in progress) get the flags below; done, won't-do and removed items never
do. A proposed item (extracted, waiting for `tracker review`) has one flag only, needs_review.

- overdue: due before the as-of date (due today is not overdue; due yesterday is, by 1 day).
- due_soon: not overdue, due within `due_soon_days` days (due today counts, as 0 days).
- stale: no change here (`updated`) nor remotely (`remote_updated`) for `stale_days` days or more,
  days counted between dates in the report's time zone.
- no_due_date: no due date at all.
- ownerless: no owner written.
- unassignable: an owner is written, but `[people]` maps them to no account on a target the item goes
  to (its links' targets, and those it is routed to: its own, else its postmortem's, else the
  default targets), or a synced remote issue has no assignee; the notes name each such target.
  Memory targets have no accounts and are never checked.
- broken_link: a link to a remote issue that was deleted or moved (such items get their own group).
- needs_review: a proposed item: nothing is filed for it until it is accepted (its own group too).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo
from enum import StrEnum

from tracker.errors import InputError
from tracker.people import AccountKind, People
from tracker.store.reader import ItemRow, LinkInfo

ACTIVE = frozenset({"open", "in_progress"})
PROPOSED = "proposed"
_ACCOUNT_KINDS: dict[str, AccountKind] = {"github": "github", "jira": "jira", "gitlab": "gitlab"}  # memory: none


class Flag(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    STALE = "stale"
    NO_DUE_DATE = "no_due_date"
    OWNERLESS = "ownerless"
    UNASSIGNABLE = "unassignable"
    BROKEN_LINK = "broken_link"
    NEEDS_REVIEW = "needs_review"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


FLAGS: tuple[Flag, ...] = tuple(Flag)
#: Flags that alone do not ask anyone to act today: the readable reports sum such items up per
#: owner instead of listing them (`--all` or `--only` lists them; JSON and CSV always do).
BACKGROUND: frozenset[Flag] = frozenset({Flag.NO_DUE_DATE, Flag.UNASSIGNABLE})
_NAMES = frozenset(f.value for f in FLAGS)
_ALIASES = {"no_due": "no_due_date", "broken": "broken_link", "review": "needs_review", "proposed": "needs_review"}

# Flag sets are bit masks internally (bit i = FLAGS[i]): one int per item hashes and compares fast.
BIT: dict[Flag, int] = {flag: 1 << i for i, flag in enumerate(FLAGS)}
OVERDUE, DUE_SOON, STALE, NO_DUE_DATE, OWNERLESS, UNASSIGNABLE, BROKEN_LINK, NEEDS_REVIEW = (BIT[f] for f in FLAGS)
COMBOS: tuple[tuple[Flag, ...], ...] = tuple(
    tuple(f for f in FLAGS if mask & BIT[f]) for mask in range(1 << len(FLAGS))
)


def mask_of(flags: Iterable[Flag]) -> int:
    mask = 0
    for flag in flags:
        mask |= BIT[flag]
    return mask


def parse_flags(value: str | None, option: str) -> frozenset[Flag] | None:
    """Comma-separated flag names (`due-soon` and `due_soon` both work); InputError naming the option."""
    if value is None:
        return None
    names = [n.strip().lower().replace("-", "_").replace(" ", "_") for n in value.split(",")]
    names = [_ALIASES.get(n, n) for n in names]
    unknown = [n for n in names if n and n not in _NAMES]
    if unknown or not any(names):
        known = ", ".join(f.value for f in FLAGS)
        raise InputError(f"{option}: unknown flag {(unknown or [value])[0]!r} (known: {known})")
    return frozenset(Flag(n) for n in names if n)


@dataclass(frozen=True, slots=True)
class FlagSettings:
    as_of: date
    due_soon_days: int = 7
    stale_days: int = 30
    tz: tzinfo = UTC


@dataclass(slots=True)
class ItemFlags:
    mask: int  # see BIT
    days_overdue: int | None = None
    days_until_due: int | None = None
    days_idle: int = 0
    notes: tuple[str, ...] = ()

    @property
    def flags(self) -> tuple[Flag, ...]:
        """The flags, in FLAGS order."""
        return COMBOS[self.mask]


@dataclass
class Targets:
    """Which tracker each item goes to, and whether its owner has an account there."""

    people: People
    kinds: Mapping[str, str] = field(default_factory=dict)  # target name -> "github" | "jira" | "memory"
    defaults: tuple[str, ...] = ()  # where items go whose postmortem names no target
    _cache: dict[tuple[str, tuple[str | None, ...]], tuple[str, ...]] = field(default_factory=dict, repr=False)

    def routed(self, row: ItemRow, pm_targets: tuple[str, ...]) -> tuple[str, ...]:
        """The targets an item goes to: its own, else its postmortem's, else the defaults."""
        if row.targets is not None:
            return row.targets
        return pm_targets or self.defaults

    def of(self, row: ItemRow, pm_targets: tuple[str, ...]) -> tuple[str, ...]:
        """The target names an item is (or would be) synced to: where it is linked, and where it goes."""
        routed = self.routed(row, pm_targets)
        if not row.links:
            return routed
        return tuple(dict.fromkeys([*(link.target for link in row.links), *routed]))

    def problems(self, row: ItemRow, pm_targets: tuple[str, ...]) -> tuple[str, ...]:
        """Why the item's owner cannot be (or is not) assigned remotely, per target; empty when fine."""
        owner = row.owner
        if not owner:
            return ()
        links = row.links
        routed = self.routed(row, pm_targets)
        if not links:  # (the common shapes spelled out: this runs once per item)
            names: tuple[str, ...] = routed
        elif len(links) == 1:
            link = links[0]
            names = () if link.state == "linked" and link.remote_assigned else (link.target,)
            if routed and routed != (link.target,):  # routed elsewhere too, not linked there yet
                names += tuple(t for t in routed if t != link.target)
        else:
            assigned = {link.target for link in links if link.state == "linked" and link.remote_assigned}
            linked = {link.target for link in links}
            names = tuple(link.target for link in links if link.target not in assigned)
            names += tuple(t for t in routed if t not in linked)
        notes = self._cache.get((owner, names))
        if notes is None:
            notes = self._cache[(owner, names)] = self._missing_accounts(owner, names)
        for link in links:
            if link.remote_assigned is False and link.state == "linked":
                notes += (f"{_ref(link)} has no assignee",)
        return notes

    def _missing_accounts(self, owner: str, names: tuple[str, ...]) -> tuple[str, ...]:
        notes = []
        for name in names:
            kind = _ACCOUNT_KINDS.get(self.kinds.get(name, ""))
            if kind and self.people.account(owner, kind) is None:
                notes.append(f"no {kind} account for {owner!r} in [people] (target {name})")
        return tuple(notes)


def _ref(link: LinkInfo) -> str:
    return f"{link.target} issue {link.key}" if link.key else f"{link.target} issue"


def last_change(row: ItemRow) -> datetime:
    """The later of the item's last change here and its remote issues' (all zone-aware)."""
    last = row.updated
    for link in row.links:
        moment = link.remote_updated
        if moment is not None and moment > last:
            last = moment
    return last


def item_flags(row: ItemRow, settings: FlagSettings, targets: Targets, pm_targets: tuple[str, ...]) -> ItemFlags:
    """Every flag an item has on `settings.as_of`, with the day counts and notes that explain them.

    (Written as plain loops: this runs once per item, 100,000 times for a large store.)
    """
    status = row.status
    if status not in ACTIVE:
        return ItemFlags(NEEDS_REVIEW if status == PROPOSED else 0)
    as_of = settings.as_of
    days_overdue = days_until = None
    due = row.due
    if due is None:
        mask = NO_DUE_DATE
    else:
        delta = due.toordinal() - as_of.toordinal()
        if delta < 0:
            mask = OVERDUE
            days_overdue = -delta
        else:
            days_until = delta
            mask = DUE_SOON if delta <= settings.due_soon_days else 0
    links = row.links
    last = last_change(row) if links else row.updated
    idle = as_of.toordinal() - last.astimezone(settings.tz).toordinal()
    if idle < 0:
        idle = 0  # --as-of may be past
    if idle >= settings.stale_days:
        mask |= STALE
    notes = targets.problems(row, pm_targets)
    if not row.owner:
        mask |= OWNERLESS
    elif notes:
        mask |= UNASSIGNABLE
    for link in links:
        if link.state == "broken":
            notes += (f"{_ref(link)} link is broken (deleted or moved)",)
            mask |= BROKEN_LINK
    return ItemFlags(mask, days_overdue, days_until, idle, notes)


def ordered(flags: Iterable[Flag]) -> tuple[Flag, ...]:
    chosen = set(flags)
    return tuple(f for f in FLAGS if f in chosen)
