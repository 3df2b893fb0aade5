"""The closed set of things a sync can do. The planner returns them; `apply` carries them out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tracker.connector import IssueDraft, RemoteIssue
from tracker.model import FieldValue


@dataclass(frozen=True, slots=True)
class CreateRemote:
    """No issue yet: create one from the draft."""

    item_id: str
    draft: IssueDraft


@dataclass(frozen=True, slots=True)
class LinkFound:
    """An issue carrying the item's marker exists (a crashed create, or a lost store): link it."""

    item_id: str
    issue: RemoteIssue


@dataclass(frozen=True, slots=True)
class LinkTicket:
    """The document names the issue where the item's work is tracked already (its ticket): link it
    instead of creating one. The link has no marker of ours: the engine reads that issue by key."""

    item_id: str
    ticket: str  # as the document wrote it ("PROJ-7", "https://github.com/octo/tracker/issues/12")
    issue: RemoteIssue


@dataclass(frozen=True, slots=True)
class SkipTicket:
    """The item's ticket names an issue of this target that cannot be linked (`problem` says why):
    nothing is created for it; the next sync looks again."""

    item_id: str
    ticket: str
    problem: str  # "not found", "already linked to AI-2", ...


@dataclass(frozen=True, slots=True)
class UpdateRemote:
    """Push local values of `changes` (field -> (remote value, local value)) to issue `key`;
    `twins`: and the twins the draft names (the issue names others, or none yet)."""

    item_id: str
    key: str
    draft: IssueDraft
    changes: dict[str, tuple[FieldValue, FieldValue]]
    twins: bool = False
    route: tuple[str, ...] = ()  # a status move's way through the workflow, when known (`--dry-run`)


@dataclass(frozen=True, slots=True)
class UpdateLocal:
    """Pull remote values of `changes` (field -> (local value, remote value)) into the item.

    `seen` is the item's update time the plan saw: an item edited since (a `tracker edit` or an
    extract while the sync runs) is not pulled into; the next sync weighs both edits.
    `pushing`: the fields of an earlier, unconfirmed update that this plan still pushes."""

    item_id: str
    key: str
    changes: dict[str, tuple[FieldValue, FieldValue]]
    issue: RemoteIssue
    seen: datetime | None = None
    pushing: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class RecordBase:
    """Both sides already agree (or only our own write came back): remember the remote snapshot."""

    item_id: str
    issue: RemoteIssue


@dataclass(frozen=True, slots=True)
class Conflict:
    """The same field changed on both sides under the `manual` policy: record it, touch neither side."""

    item_id: str
    key: str
    field: str
    local: FieldValue
    remote: FieldValue


Action = CreateRemote | LinkFound | LinkTicket | SkipTicket | UpdateRemote | UpdateLocal | RecordBase | Conflict
