"""Carry out a plan: remote writes through the connector, local writes in the store.

The last-synced snapshot of an item is written only after its action succeeded, in the same
transaction as the link. A create first writes its intent (a pending link), so a crash between
the remote create and the local commit is recovered through the issue's marker, never duplicated.
An update first writes the fields it pushes: an update cut short may leave the issue in a state of
our own making (GitHub and Jira reopen an issue to change why it was closed), which the next plan
must not take for a person's edit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from tracker.connector import TWINS, Connector, CreateResult, RemoteIssue, Twin
from tracker.errors import AuthError, RateLimitedError, RemoteError, RemoteGoneError, TransitionMissingError
from tracker.model import SyncFields
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
from tracker.sync.status import SyncState

CREATE_BATCH = 50


@dataclass(frozen=True, slots=True)
class CreatedIssue:
    """An issue this sync created for an item (or, in `ticket_links`, linked it to): where to find it."""

    item_id: str
    key: str
    url: str


@dataclass
class SyncReport:
    target: str
    created_issues: list[CreatedIssue] = field(default_factory=list)
    ticket_links: list[CreatedIssue] = field(default_factory=list)  # linked to the issue their ticket names
    linked: list[str] = field(default_factory=list)
    updated_remote: list[str] = field(default_factory=list)
    updated_local: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stopped: str | None = None

    @property
    def created(self) -> list[str]:
        """The ids of the items an issue was created for."""
        return [c.item_id for c in self.created_issues]

    @property
    def writes(self) -> int:
        return len(self.created_issues) + len(self.updated_remote)


class Applier:
    """Runs actions for one target, recording outcomes in a SyncReport.

    `progress(n)` is told each time n more actions are done (whatever their outcome)."""

    def __init__(
        self,
        connector: Connector,
        state: SyncState,
        report: SyncReport,
        clock: Callable[[], datetime],
        progress: Callable[[int], None] = lambda n: None,
    ) -> None:
        self.connector = connector
        self.state = state
        self.report = report
        self.clock = clock
        self.progress = progress
        self.target = connector.target

    def run(self, actions: Sequence[Action]) -> None:
        creates = [a for a in actions if isinstance(a, CreateRemote)]
        for action in actions:
            if not isinstance(action, CreateRemote):
                self._guarded(action.item_id, lambda a=action: self._one(a))  # type: ignore[misc]
                self.progress(1)
        for start in range(0, len(creates), CREATE_BATCH):
            self._create(creates[start : start + CREATE_BATCH])
            self.progress(len(creates[start : start + CREATE_BATCH]))

    def _guarded(self, item_id: str, step: Callable[[], None]) -> None:
        try:
            step()
        except (AuthError, RateLimitedError):
            raise  # stops the whole sync
        except RemoteGoneError as exc:
            with self.state.store.transaction():
                self.state.mark_broken(item_id, self.target, str(exc))
            self.report.broken.append(item_id)
            self.report.errors.append(f"{item_id}: remote issue is gone ({_cause(exc)}); link marked broken")
        except RemoteError as exc:
            self.report.errors.append(f"{item_id}: {_cause(exc)}")

    def _one(self, action: Action) -> None:
        now = self.clock()
        if isinstance(action, LinkFound):
            self._save_link(action.item_id, action.issue, now)
            self.report.linked.append(action.item_id)
        elif isinstance(action, LinkTicket):
            self._save_link(action.item_id, action.issue, now, by_ticket=True)
            self.report.ticket_links.append(CreatedIssue(action.item_id, action.issue.key, action.issue.url))
        elif isinstance(action, SkipTicket):
            warning = (
                f"{action.item_id}: ticket {action.ticket} {action.problem} on {self.target}; "
                "no issue created (the next sync looks again)"
            )
            if warning not in self.report.warnings:  # a catch-up pass plans it again
                self.report.warnings.append(warning)
        elif isinstance(action, RecordBase):
            with self.state.store.transaction():
                self.state.save_base(
                    action.item_id,
                    self.target,
                    self._base(action.item_id, action.issue),
                    now,
                    assigned=action.issue.assigned,
                )
                self.state.mark_pushing(action.item_id, self.target, ())  # both sides agree: nothing in flight
        elif isinstance(action, UpdateLocal):
            with self.state.store.transaction():
                if action.seen is not None and self.state.item_updated(action.item_id) != action.seen:
                    self.report.warnings.append(
                        f"{action.item_id}: edited here during the sync, so its changes there "
                        f"({', '.join(action.changes)}) were not written over that edit; the next sync weighs both"
                    )
                    return
                # dated when it was made there (not now): across trackers, `newest` compares edit times
                made = max(action.seen, action.issue.updated) if action.seen is not None else action.issue.updated
                self.state.set_item_fields(action.item_id, {k: v for k, (_, v) in action.changes.items()}, made)
                self.state.save_base(
                    action.item_id,
                    self.target,
                    self._base(action.item_id, action.issue),
                    now,
                    assigned=action.issue.assigned,  # reassigned there: no longer unassignable
                )
                self.state.mark_pushing(action.item_id, self.target, action.pushing)  # the rest is settled
            self.report.updated_local.append(action.item_id)
        elif isinstance(action, UpdateRemote):
            self._update_remote(action, now)
        elif isinstance(action, Conflict):
            with self.state.store.transaction():
                self.state.save_conflict(action.item_id, self.target, action.field, action.local, action.remote, now)
            self.report.conflicts.append(action)

    def _update_remote(self, action: UpdateRemote, now: datetime) -> None:
        changed = frozenset(action.changes)
        with self.state.store.transaction():
            self.state.mark_pushing(action.item_id, self.target, changed)
        try:
            issue = self.connector.update(action.key, action.draft, changed | {TWINS} if action.twins else changed)
        except TransitionMissingError as exc:
            # everything but the status was written; remember that much and report the rest
            written = {k: v for k, (_, v) in action.changes.items() if k != "status"}
            base = self._current_base(action.item_id)
            if base is not None and written:
                with self.state.store.transaction():
                    self.state.save_base(action.item_id, self.target, base.with_changes(written), now)
            raise exc
        # Only the pushed fields are known to be in sync now: a field someone else changed there
        # meanwhile stays "changed there" against the old last-synced value, so it is pulled next.
        before = self._current_base(action.item_id) or issue.fields
        base = before.with_changes({name: issue.fields.get(name) for name in action.changes})
        self._save_link(action.item_id, issue, now, base=base, twins=action.draft.twins if action.twins else None)
        self.report.updated_remote.append(action.item_id)

    def _create(self, batch: Sequence[CreateRemote]) -> None:
        with self.state.store.transaction():
            self.state.mark_pending([a.item_id for a in batch], self.target)
        drafts = {a.item_id: a.draft for a in batch}
        results: list[CreateResult] = self.connector.create(list(drafts.values()))
        for result in results:
            if result.issue is not None:
                twins = drafts[result.item_id].twins or None  # the twins it was created naming
                self._save_link(result.item_id, result.issue, self.clock(), twins=twins)
                self.report.created_issues.append(CreatedIssue(result.item_id, result.issue.key, result.issue.url))
            elif isinstance(result.error, AuthError | RateLimitedError):
                raise result.error
            else:
                self.report.errors.append(f"{result.item_id}: {_cause(result.error)}")

    def _save_link(
        self,
        item_id: str,
        issue: RemoteIssue,
        now: datetime,
        base: SyncFields | None = None,
        *,
        by_ticket: bool | None = None,
        twins: tuple[Twin, ...] | None = None,
    ) -> None:
        """`twins`: the twins the issue names now (None: as before)."""
        with self.state.store.transaction():
            self.state.save_link(
                item_id,
                self.target,
                key=issue.key,
                url=issue.url,
                remote_updated=issue.updated,
                base=base or self._base(item_id, issue),
                assigned=issue.assigned,
                warning="; ".join(issue.warnings) or None,
                now=now,
                by_ticket=by_ticket,
            )
            if twins is not None:
                self.state.save_twins(item_id, self.target, twins)
        self.report.warnings.extend(f"{item_id}: {w}" for w in issue.warnings)

    def _base(self, item_id: str, issue: RemoteIssue) -> SyncFields:
        """The remote snapshot becomes the last-synced state, except fields waiting in a conflict."""
        held = self.state.conflicted_fields(self.target).get(item_id, frozenset())
        old = self._current_base(item_id) if held else None
        if old is None:
            return issue.fields
        return issue.fields.with_changes({name: old.get(name) for name in held})

    def _current_base(self, item_id: str) -> SyncFields | None:
        return self.state.base(item_id, self.target)


def _cause(exc: BaseException | None) -> str:
    if isinstance(exc, RemoteError):
        return exc.message if exc.item_id else str(exc)  # the caller names the item
    return f"{type(exc).__name__}: {exc}" if exc else "unknown error"
