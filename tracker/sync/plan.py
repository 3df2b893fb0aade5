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
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal

from tracker.connector import SYNC_FIELDS, IssueDraft, PostmortemInfo, RemoteIssue, SyncFields
from tracker.model import LinkState, Status
from tracker.sync.actions import (
    Action,
    Conflict,
    CreateRemote,
    LinkFound,
    RecordBase,
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
    postmortem: PostmortemInfo
    due_derived: bool = False
    link: LinkState | None = None
    key: str | None = None
    base: SyncFields | None = None
    conflicted: frozenset[str] = frozenset()
    pushing: frozenset[str] = frozenset()  # fields an unconfirmed remote update was writing
    creatable: bool = True  # False for items done, dropped or removed before they were ever synced
    assigned: bool | None = None  # whether the issue had an assignee at the last sync


def plan(records: Sequence[LocalRecord], remote: Sequence[RemoteIssue], policy: Policy) -> list[Action]:
    by_key = {issue.key: issue for issue in remote}
    by_marker = {issue.item_id: issue for issue in remote if issue.item_id}
    actions: list[Action] = []
    for rec in records:
        if rec.fields.status == Status.PROPOSED:
            continue  # waiting for review: nothing about it reaches a tracker
        actions.extend(_plan_one(rec, by_key, by_marker, policy))
    return actions


def _plan_one(
    rec: LocalRecord, by_key: dict[str, RemoteIssue], by_marker: dict[str, RemoteIssue], policy: Policy
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
    elif rec.link == LinkState.PENDING or rec.creatable:  # never created, or the create did not land
        yield CreateRemote(rec.item_id, IssueDraft(rec.item_id, rec.fields, rec.postmortem, rec.due_derived))


def _merge(
    rec: LocalRecord, issue: RemoteIssue | None, base: SyncFields, key: str, policy: Policy
) -> Iterator[Action]:
    local = rec.fields
    there = issue.fields if issue is not None else base
    if local == base and there == base:  # nothing moved (the common case: keep it cheap)
        if issue is not None and rec.assigned is not None and issue.assigned != rec.assigned:
            yield RecordBase(rec.item_id, issue)  # but an assignee was added or removed there
        return
    push: dict[str, tuple[object, object]] = {}
    pull: dict[str, tuple[object, object]] = {}
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
    if push:
        merged = local.with_changes({name: new for name, (_, new) in pull.items()})
        derived = rec.due_derived and "due" not in pull  # a due date pulled from there was set by a person
        yield UpdateRemote(rec.item_id, key, IssueDraft(rec.item_id, merged, rec.postmortem, derived), push)


def _local_wins(policy: Policy, rec: LocalRecord, issue: RemoteIssue | None) -> bool:
    if policy == "local" or issue is None:
        return True
    if policy == "remote":
        return False
    return rec.updated > issue.updated  # newest
