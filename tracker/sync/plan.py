"""Sync planning: a pure function from (local records, remote snapshots, last-synced state) to actions.

Per item and field, three values meet: L (here), R (there) and B (the last-synced value).
The decision table:

    L == R                  -> nothing to copy (remember R as B when both moved the same way)
    L != B, R == B          -> changed here only: push
    L == B, R != B          -> changed there only: pull
    L != B, R != B, L != R  -> changed both ways: the conflict policy decides, unless our own
                               update of that field was cut short (a crash): finish it, push

An issue absent from the incremental listing did not change there: R = B. Our own writes come back
with R == B, so they never bounce (no echo loops).

A proposed item (extracted, not yet accepted in `tracker review`) is no part of the plan at all: no
create, no link, no update. Once accepted it is open, and the next plan creates its issue.

An item on several targets has an issue on each: its twins. Each issue names the others (a
create names those that exist already); when the twins an issue names are not its item's
linked issues elsewhere (a twin was created since, or broke), an update writes them.

An item whose ticket (where the document says its work is tracked already) names an issue of this
target is linked to that issue instead of created, and the issue's values win at that moment: it is
where the work is tracked. Such an issue carries no marker of ours, so no listing shows it: the
engine reads it by key (`ticket_to_read`) and passes what it read in as `tickets`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from tracker.connector import IssueDraft, PostmortemRef, RemoteIssue, Twin
from tracker.model import SYNC_FIELDS, FieldValue, LinkState, Status, SyncFields
from tracker.sync.actions import (
    Action,
    Conflict,
    CreateRemote,
    LinkFound,
    LinkTicket,
    RecordBase,
    SkipTicket,
    UpdateLocal,
    UpdateRemote,
)

Policy = Literal["newest", "local", "remote", "manual"]


@dataclass(frozen=True, slots=True)
class LocalRecord:
    """One item as the planner sees it, for one target. `fields` are already projected."""

    item_id: str
    fields: SyncFields
    updated: datetime
    postmortem: PostmortemRef
    due_derived: bool = False
    link: LinkState | None = None
    key: str | None = None
    base: SyncFields | None = None
    conflicted: frozenset[str] = frozenset()
    pushing: frozenset[str] = frozenset()  # fields an unconfirmed remote update was writing
    creatable: bool = True  # False for items done, dropped or removed before they were ever synced
    assigned: bool | None = None  # whether the issue had an assignee at the last sync
    ticket: str | None = None  # where the document says the work is tracked, as written
    ticket_key: str | None = None  # the issue of this target the ticket names (`Connector.ticket_key`)
    by_ticket: bool = False  # linked through its ticket: the issue is read by key, never listed
    twins: tuple[Twin, ...] = ()  # its issues on the other targets
    twins_named: frozenset[str] = frozenset()  # the twins its issue here names, by `Twin.ref`

    def draft(self, fields: SyncFields | None = None, due_derived: bool | None = None) -> IssueDraft:
        """What to write to its issue: `fields` (default: the record's own), its postmortem, its
        twins (none in an issue of a person's making, its ticket: that one is not ours to annotate)."""
        return IssueDraft(
            self.item_id,
            self.fields if fields is None else fields,
            self.postmortem,
            self.due_derived if due_derived is None else due_derived,
            () if self.by_ticket else self.twins,
        )

    @property
    def twins_stale(self) -> bool:
        """The twins its issue names are not (all) its issues on the other targets."""
        if self.by_ticket or not (self.twins or self.twins_named):
            return False  # (the common case, once per record per plan: no set built)
        return {twin.ref for twin in self.twins} != self.twins_named


@dataclass(frozen=True, slots=True)
class TicketRead:
    """What reading an issue by key gave: the issue, or why there is none."""

    issue: RemoteIssue | None = None
    problem: str = "not found"


def ticket_to_read(rec: LocalRecord) -> str | None:
    """The key of the issue this record needs read by key before planning (None: none)."""
    if rec.link == LinkState.LINKED and rec.by_ticket:
        return rec.key
    return rec.ticket_key if _links_ticket(rec) else None


def _links_ticket(rec: LocalRecord) -> bool:
    """Where a create would be planned, an item with a ticket on this target is linked to it instead."""
    if rec.ticket_key is None or rec.fields.status == Status.PROPOSED:
        return False
    return rec.link == LinkState.PENDING or (rec.link is None and rec.creatable)


def plan(
    records: Sequence[LocalRecord],
    remote: Sequence[RemoteIssue],
    policy: Policy,
    tickets: Mapping[str, TicketRead] | None = None,
) -> list[Action]:
    """`tickets`: the issues read by key (`ticket_to_read`), by the key asked for."""
    read = dict(tickets or {})
    by_key = {issue.key: issue for issue in remote}
    by_key.update({key: got.issue for key, got in read.items() if got.issue is not None})
    by_marker = {issue.item_id: issue for issue in remote if issue.item_id}
    taken = {r.key: r.item_id for r in records if r.key and r.link in (LinkState.LINKED, LinkState.BROKEN)}
    linking = _Tickets(read, taken)
    actions: list[Action] = []
    for rec in records:
        if rec.fields.status == Status.PROPOSED:
            continue  # waiting for review: nothing about it reaches a tracker
        actions.extend(_plan_one(rec, by_key, by_marker, policy, linking))
    return actions


@dataclass(frozen=True, slots=True)
class _Tickets:
    read: dict[str, TicketRead]  # what reading issues by key gave
    taken: dict[str, str]  # issue key -> the item linked to it (grows as the plan links tickets)


def _plan_one(
    rec: LocalRecord,
    by_key: dict[str, RemoteIssue],
    by_marker: dict[str, RemoteIssue],
    policy: Policy,
    tickets: _Tickets,
) -> Iterator[Action]:
    if rec.link == LinkState.BROKEN:
        return  # remote deleted or moved: reported, never recreated
    if rec.link == LinkState.LINKED and rec.key is not None and rec.base is not None:
        yield from _merge(rec, by_key.get(rec.key), rec.base, rec.key, policy)
        return
    found = by_marker.get(rec.item_id)
    if found is not None:  # a marked issue exists: a crashed create or a lost store
        yield LinkFound(rec.item_id, found)  # which records its assignee too
        yield from _merge(replace(rec, assigned=found.assigned), found, found.fields, found.key, policy)
    elif _links_ticket(rec) and rec.ticket_key is not None:  # tracked there already: link, never create
        yield from _link_ticket(rec, by_key.get(rec.ticket_key), tickets, policy)
    elif rec.link == LinkState.PENDING or rec.creatable:  # never created, or the create did not land
        yield CreateRemote(rec.item_id, rec.draft())


def _link_ticket(rec: LocalRecord, issue: RemoteIssue | None, tickets: _Tickets, policy: Policy) -> Iterator[Action]:
    ticket = rec.ticket or rec.ticket_key or ""
    if issue is None:  # no such issue (or unreadable): nothing is created either; the next sync looks again
        got = tickets.read.get(rec.ticket_key or "")
        yield SkipTicket(rec.item_id, ticket, got.problem if got else "not found")
        return
    marked = issue.item_id if issue.item_id and issue.item_id != rec.item_id else None
    holder = tickets.taken.get(issue.key) or marked
    if holder:  # another item's issue already: one issue, one item
        yield SkipTicket(rec.item_id, ticket, f"is linked to {holder} already")
        return
    tickets.taken[issue.key] = rec.item_id
    yield LinkTicket(rec.item_id, ticket, issue)
    # the issue is where the work is tracked: where it differs from the item, its values are pulled
    yield from _merge(replace(rec, assigned=issue.assigned, by_ticket=True), issue, rec.fields, issue.key, policy)


def _merge(rec: LocalRecord, issue: RemoteIssue | None, base: SyncFields, key: str, policy: Policy) -> Iterator[Action]:
    local = rec.fields
    there = issue.fields if issue is not None else base
    twins = rec.twins_stale
    if local == base and there == base:  # nothing moved (the common case: keep it cheap)
        if issue is not None and rec.assigned is not None and issue.assigned != rec.assigned:
            yield RecordBase(rec.item_id, issue)  # but an assignee was added or removed there
        if twins:
            yield UpdateRemote(rec.item_id, key, rec.draft(), {}, twins=True)
        return
    push: dict[str, tuple[FieldValue, FieldValue]] = {}
    pull: dict[str, tuple[FieldValue, FieldValue]] = {}
    agreed = False
    for name in SYNC_FIELDS:
        if name in rec.conflicted:
            continue  # waiting for `tracker resolve`
        mine, theirs, last = local.get(name), there.get(name), base.get(name)
        if mine == theirs:
            agreed = agreed or mine != last  # both moved the same way
        elif theirs == last:  # changed here only
            push[name] = (theirs, mine)
        elif mine == last:  # changed there only
            pull[name] = (mine, theirs)
        elif name in rec.pushing:  # changed both ways, there by our own half-done update: finish it
            push[name] = (theirs, mine)
        elif policy == "manual":  # changed both ways, left for a person
            yield Conflict(rec.item_id, key, name, mine, theirs)
        elif _local_wins(policy, rec, issue):  # changed both ways, settled by the policy
            push[name] = (theirs, mine)
        else:
            pull[name] = (mine, theirs)
    if issue is not None and pull:
        yield UpdateLocal(rec.item_id, key, pull, issue, rec.updated, rec.pushing.intersection(push))
    elif issue is not None and not push and (agreed or rec.assigned not in (None, issue.assigned)):
        yield RecordBase(rec.item_id, issue)
    if push or twins:
        merged = local.with_changes({name: new for name, (_, new) in pull.items()})
        derived = rec.due_derived and "due" not in pull  # a due date pulled from there was set by a person
        yield UpdateRemote(rec.item_id, key, rec.draft(merged, derived), push, twins=twins)


def _local_wins(policy: Policy, rec: LocalRecord, issue: RemoteIssue | None) -> bool:
    if policy == "local" or issue is None:
        return True
    if policy == "remote":
        return False
    return rec.updated > issue.updated  # newest
