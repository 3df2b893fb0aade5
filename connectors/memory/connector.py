"""An in-memory issue tracker and its connector.

A real connector (kind = "memory", optionally kept in a JSON file between runs) for trying the
sync out without any service, and the reference the contract suite holds GitHub and Jira to.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

from connectors.memory.config import MemoryTarget
from connectors.tickets import memory_issue_key
from tracker.config import Config
from tracker.connector import TWINS, CreateResult, Finding, IssueDraft, PostmortemRef, RemoteIssue
from tracker.errors import RemoteGoneError
from tracker.model import FieldValue, Priority, Status, SyncFields
from tracker.people import People


@dataclass(frozen=True)
class MemoryIssue:
    key: str
    item_id: str
    fields: SyncFields
    updated: datetime
    postmortem: PostmortemRef
    deleted: bool = False
    due_derived: bool = False
    twins: tuple[str, ...] = ()  # the other issues it names, as "label url"


class MemoryTracker:
    """The "server": issues by key, a clock, and a request counter."""

    def __init__(self, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.issues: dict[str, MemoryIssue] = {}
        self.clock = clock
        self.requests = 0

    def touch(self, key: str, deleted: bool | None = None, **changes: FieldValue) -> MemoryIssue:
        """An edit on the tracker's side: field changes, or the issue deleted (or back)."""
        return self.change(key, changes, deleted)

    def change(self, key: str, changes: Mapping[str, FieldValue], deleted: bool | None = None) -> MemoryIssue:
        issue = self.issues[key]
        fields = issue.fields.with_changes(changes)
        self.issues[key] = replace(
            issue,
            fields=fields,
            updated=self.clock(),
            deleted=issue.deleted if deleted is None else deleted,
            due_derived=issue.due_derived and "due" not in changes,
        )
        return self.issues[key]

    def save(self, path: Path) -> None:
        """Readable by the user only, and whole: a crash leaves the old file or the new one."""
        rows = [{**asdict(i), "updated": i.updated.isoformat()} for i in self.issues.values()]
        partial = path.with_name(f".{path.name}.partial")
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(rows, default=str, indent=1))
        os.replace(partial, path)

    def load(self, path: Path) -> None:
        for row in json.loads(path.read_text(encoding="utf-8")):
            f = row["fields"]
            fields = SyncFields(
                text=f["text"],
                owner=f["owner"],
                due=date.fromisoformat(f["due"]) if f["due"] else None,
                status=Status(f["status"]),
                priority=Priority(f["priority"]) if f["priority"] else None,
                labels=tuple(f["labels"]),
            )
            pm = row["postmortem"]
            incident = pm.get("incident_date")
            self.issues[row["key"]] = MemoryIssue(
                row["key"],
                row["item_id"],
                fields,
                datetime.fromisoformat(row["updated"]),
                PostmortemRef(pm["title"], date.fromisoformat(incident) if incident else None, pm["source"], pm["url"]),
                row["deleted"],
                row["due_derived"],
                tuple(row.get("twins", ())),
            )


class MemoryConnector:
    def __init__(
        self,
        name: str,
        target: MemoryTarget,
        config: Config,
        people: People,
        *,
        tracker: MemoryTracker | None = None,
    ) -> None:
        self.target = name
        self.path = target.path
        self.tracker = tracker or MemoryTracker()
        if tracker is None and self.path is not None and self.path.exists():
            self.tracker.load(self.path)

    def project(self, fields: SyncFields) -> SyncFields:
        return fields.with_changes({"status": Status.WONT_DO}) if fields.status == Status.REMOVED else fields

    def list_changed(self, since: datetime | None) -> list[RemoteIssue]:
        self.tracker.requests += 1
        return [
            self._snapshot(i)
            for i in self.tracker.issues.values()
            if not i.deleted and (since is None or i.updated >= since)
        ]

    def find_by_markers(self, item_ids: Sequence[str]) -> dict[str, RemoteIssue]:
        self.tracker.requests += 1
        wanted = set(item_ids)
        return {
            i.item_id: self._snapshot(i) for i in self.tracker.issues.values() if i.item_id in wanted and not i.deleted
        }

    def create(self, drafts: Sequence[IssueDraft]) -> list[CreateResult]:
        results = []
        for draft in drafts:
            self.tracker.requests += 1
            key = f"MEM-{len(self.tracker.issues) + 1}"
            issue = MemoryIssue(
                key,
                draft.item_id,
                draft.fields,
                self.tracker.clock(),
                draft.postmortem,
                due_derived=draft.due_derived,
                twins=_named(draft),
            )
            self.tracker.issues[key] = issue
            results.append(CreateResult(draft.item_id, issue=self._snapshot(issue)))
        self._persist()
        return results

    def update(self, key: str, draft: IssueDraft, changed: frozenset[str]) -> RemoteIssue:
        self.fetch(key)
        issue = self.tracker.change(key, {name: draft.fields.get(name) for name in changed if name != TWINS})
        twins = _named(draft) if TWINS in changed else issue.twins
        issue = self.tracker.issues[key] = replace(issue, due_derived=draft.due_derived, twins=twins)
        self._persist()
        return self._snapshot(issue)

    def fetch(self, key: str) -> RemoteIssue:
        self.tracker.requests += 1
        issue = self.tracker.issues.get(key)
        if issue is None or issue.deleted:
            raise RemoteGoneError(f"issue {key} was deleted", target=self.target)
        return self._snapshot(issue)

    def ticket_key(self, ticket: str) -> str | None:
        return memory_issue_key(ticket, self.target)

    def check(self) -> list[Finding]:
        return []

    def _snapshot(self, issue: MemoryIssue) -> RemoteIssue:
        return RemoteIssue(
            key=issue.key,
            url=f"memory://{self.target}/{issue.key}",
            updated=issue.updated,
            fields=issue.fields,
            item_id=issue.item_id,
            assigned=issue.fields.owner is not None,
            postmortem=issue.postmortem,
            due_derived=issue.due_derived and issue.fields.due is not None,
        )

    def _persist(self) -> None:
        if self.path is not None:
            self.tracker.save(self.path)


def _named(draft: IssueDraft) -> tuple[str, ...]:
    return tuple(f"{twin.label} {twin.url}" for twin in draft.twins)
