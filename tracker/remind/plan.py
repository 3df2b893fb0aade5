"""Who is reminded of what: a pure function of the flagged items, the people, and what was sent.

Decision table, per owner (as of their own day):
- a quiet day there (`skip_weekends` and a Saturday or Sunday) → nothing for them today;
- their items flagged overdue, due soon (within `before_days`) or stale → their message;
- an item they were reminded of on this channel less than `every_days` days ago, in the same
  state (status, due date, owner, text, flags: its fingerprint) → left out (no nagging);
- nothing left → no message;
- no address on any channel used (`[people]` has no email or slack for them, or does not know
  them) → *unreachable*: their items go to `ownerless_to`, under their name, never to a guess.
And one message to `ownerless_to`: items with no owner or an unassignable one, with their
postmortem, and the unreachable owners' items (same dedupe, same quiet days).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal
from zoneinfo import ZoneInfo

from tracker.remind.gather import Gathered
from tracker.report.build import ReportItem
from tracker.report.flags import DUE_SOON, OVERDUE, OWNERLESS, STALE, UNASSIGNABLE
from tracker.store.reader import LastSent

Channel = Literal["slack", "email"]
CHANNELS: tuple[Channel, ...] = ("slack", "email")
Kind = Literal["owner", "ownerless"]

#: The flags that put an item in its owner's reminder, and those that put it in the ownerless one.
OWNER_FLAGS = OVERDUE | DUE_SOON | STALE
OWNERLESS_FLAGS = OWNERLESS | UNASSIGNABLE
_STATE_FLAGS = OWNER_FLAGS | OWNERLESS_FLAGS


@dataclass(frozen=True, slots=True)
class Address:
    """Where a recipient is reached; `lookup`: `value` is an e-mail whose Slack user id is asked for."""

    channel: Channel
    value: str
    lookup: bool = False


@dataclass(frozen=True, slots=True)
class Recipient:
    name: str
    addresses: tuple[Address, ...]
    timezone: str


@dataclass(frozen=True, slots=True)
class Rules:
    every_days: int = 1
    skip_weekends: bool = False
    channels: tuple[Channel, ...] = CHANNELS


@dataclass(frozen=True, slots=True)
class Unreachable:
    owner: str
    items: tuple[ReportItem, ...]


@dataclass(frozen=True, slots=True)
class Reminder:
    """One message to one recipient on one channel."""

    recipient: str
    kind: Kind
    address: Address
    as_of: date
    timezone: str
    items: tuple[ReportItem, ...]
    unreachable: tuple[Unreachable, ...] = ()

    @property
    def every_item(self) -> tuple[ReportItem, ...]:
        return self.items + tuple(i for u in self.unreachable for i in u.items)


@dataclass(slots=True)
class Plan:
    reminders: list[Reminder] = field(default_factory=list)
    quiet: list[str] = field(default_factory=list)  # recipients on a quiet day
    up_to_date: list[str] = field(default_factory=list)  # everything they would get was sent lately
    unreachable: list[str] = field(default_factory=list)  # owners no channel reaches
    undelivered: int = 0  # ownerless items with no `ownerless_to` to send them to


Sent = Mapping[tuple[str, str, str], LastSent]


def fingerprint(item: ReportItem) -> str:
    """The item's state as a reminder sees it; a change in it reminds again."""
    row = item.row
    state = f"{row.status}\0{row.due}\0{row.owner}\0{row.text}\0{item.flags.mask & _STATE_FLAGS}"
    return hashlib.sha256(state.encode()).hexdigest()[:16]


def plan(
    found: Gathered,
    recipients: Mapping[str, Recipient],
    sent: Sent,
    rules: Rules,
    ownerless_to: Recipient | None,
) -> Plan:
    """`recipients`: `[people]` name -> how to reach them (on `rules.channels` only)."""
    out = Plan()
    unreachable: list[Unreachable] = []
    for owner in found.owners:
        items = tuple(i for i in owner.items if i.flags.mask & OWNER_FLAGS)
        if not items:
            continue
        person = recipients.get(owner.name) if owner.known else None
        if person is None or not person.addresses:
            unreachable.append(Unreachable(owner.name, items))
            out.unreachable.append(owner.name)
            continue
        _add(out, person, "owner", owner.as_of, items, (), sent, rules)
    listed = {i.row.num for u in unreachable for i in u.items}  # (named under their owner instead)
    lost = [i for o in found.owners for i in o.items if i.flags.mask & UNASSIGNABLE and i.row.num not in listed]
    lost = sorted(found.ownerless + lost, key=lambda i: i.row.num)
    if ownerless_to is None or not ownerless_to.addresses:
        out.undelivered = len(lost) + sum(len(u.items) for u in unreachable)
        return out
    day = found.days[ownerless_to.timezone] if ownerless_to.timezone in found.days else max(found.days.values())
    _add(out, ownerless_to, "ownerless", day, tuple(lost), tuple(unreachable), sent, rules)
    return out


def _add(
    out: Plan,
    who: Recipient,
    kind: Kind,
    day: date,
    items: tuple[ReportItem, ...],
    unreachable: tuple[Unreachable, ...],
    sent: Sent,
    rules: Rules,
) -> None:
    if rules.skip_weekends and day.weekday() >= 5:
        out.quiet.append(who.name)
        return
    before = len(out.reminders)
    for address in who.addresses:

        def fresh(item: ReportItem, channel: Channel = address.channel) -> bool:
            return _fresh(sent.get((who.name, channel, item.row.id)), item, day, who.timezone, rules.every_days)

        mine = tuple(i for i in items if fresh(i))
        theirs = tuple(Unreachable(u.owner, t) for u in unreachable if (t := tuple(i for i in u.items if fresh(i))))
        if mine or theirs:
            out.reminders.append(Reminder(who.name, kind, address, day, who.timezone, mine, theirs))
    if len(out.reminders) == before and (items or unreachable):
        out.up_to_date.append(who.name)


def _fresh(last: LastSent | None, item: ReportItem, day: date, timezone: str, every_days: int) -> bool:
    """Not sent before, changed since, or sent `every_days` or more days ago (in the recipient's zone)."""
    if last is None or last.fingerprint != fingerprint(item):
        return True
    return (day - last.sent_at.astimezone(ZoneInfo(timezone)).date()).days >= every_days


def addresses(
    email: str | None, slack: str | None, channels: tuple[Channel, ...], known_ids: Mapping[str, str]
) -> tuple[Address, ...]:
    """Where a person is reached on the channels used: Slack by their id, else by the id their e-mail
    was looked up to before, else by looking it up; e-mail by their address."""
    found: list[Address] = []
    known = slack or known_ids.get((email or "").lower())
    if "slack" in channels and (slack or email) and known != "":  # '': Slack knows nobody by that e-mail
        found.append(Address("slack", known) if known else Address("slack", email or "", lookup=True))
    if "email" in channels and email:
        found.append(Address("email", email))
    return tuple(found)


def ownerless_recipient(
    value: str, people: Mapping[str, Recipient], channels: tuple[Channel, ...], timezone: str
) -> Recipient:
    """`[remind] ownerless_to`: a `[people]` name, an e-mail address, or a Slack channel (`C…` id or `#name`)."""
    if value in people:
        return people[value]
    if "@" in value:
        return Recipient(value, (Address("email", value),) if "email" in channels else (), timezone)
    return Recipient(value, (Address("slack", value),) if "slack" in channels else (), timezone)
