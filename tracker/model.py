"""The canonical records: postmortems and their action items."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

# The values are defined apart (no pydantic there, for the fast read commands); re-exported here.
from tracker.values import LinkState, Priority, Status, StatusReason, owner_key, utcnow

__all__ = [
    "ActionItem",
    "LinkState",
    "Postmortem",
    "Priority",
    "RemoteLink",
    "Status",
    "StatusReason",
    "owner_key",
    "utcnow",
]


class _Record(BaseModel):
    # Schemas are built on first validation, not at import: commands that only read stay fast.
    model_config = ConfigDict(defer_build=True)


class Postmortem(_Record):
    id: str
    title: str
    source: str
    content_hash: str
    incident_date: date | None = None
    review_date: date | None = None
    services: list[str] = Field(default_factory=list)
    impact: str | None = None
    url: str | None = None
    targets: list[str] = Field(default_factory=list)  # where its items are synced; none: the default targets
    imported: datetime | None = None

    @property
    def target(self) -> str | None:
        """The first of `targets` (what a single-target reader, like the report, shows)."""
        return self.targets[0] if self.targets else None


class RemoteLink(_Record):
    target: str
    state: LinkState
    key: str | None = None
    url: str | None = None
    remote_updated: datetime | None = None
    synced_at: datetime | None = None
    remote_assigned: bool | None = None  # None: not known yet
    warning: str | None = None  # last per-item remark from the remote (e.g. unassignable owner)
    by_ticket: bool = False  # linked through the item's ticket: the issue has no marker, it is read by key


class ActionItem(_Record):
    id: str
    postmortem_id: str
    text: str
    category: str | None = None
    section: str | None = None
    owner: str | None = None
    due: date | None = None
    due_derived: bool = False
    status: Status = Status.OPEN
    priority: Priority | None = None
    labels: list[str] = Field(default_factory=list)
    position: int = 0
    created: datetime
    updated: datetime
    edited_fields: list[str] = Field(default_factory=list)
    links: dict[str, RemoteLink] = Field(default_factory=dict)
    confidence: float | None = None  # 0-1, as the extractor gave it; None: not extracted (adopted)
    reasons: list[str] = Field(default_factory=list)  # the extractor's rules that made it an action item
    status_reason: StatusReason | None = None
    ticket: str | None = None  # where the document says the work is tracked already, as written ("PROJ-7", "b/289114")
    targets: list[str] | None = None  # where this item is synced; None: where its postmortem's items are

    def routed_to(self, pm: Postmortem | None, defaults: Sequence[str]) -> list[str]:
        """The targets this item is synced with: its own, else its postmortem's, else the defaults."""
        if self.targets is not None:
            return list(self.targets)
        return list(pm.targets) if pm is not None and pm.targets else list(defaults)


#: The fields the engine keeps equal on both sides, in a fixed order.
SYNC_FIELDS = ("text", "owner", "due", "status", "priority", "labels")


#: The value of one synced field (`SyncFields.get(name)`).
FieldValue = str | date | Status | Priority | tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class SyncFields:
    """One side's value of every synced field, in the local vocabulary.

    `owner` is the person as the store knows them (a `[people]` name, or the name as written);
    connectors translate to and from logins/account ids. `labels` excludes the target's own
    labels, priority labels and marker labels.
    """

    text: str
    owner: str | None = None
    due: date | None = None
    status: Status = Status.OPEN
    priority: Priority | None = None
    labels: tuple[str, ...] = ()

    def get(self, name: str) -> FieldValue:
        value: FieldValue = getattr(self, name)
        return value

    def with_changes(self, changes: Mapping[str, FieldValue]) -> SyncFields:
        return replace(self, **changes)  # type: ignore[arg-type]

    def diff(self, other: SyncFields) -> dict[str, FieldValue]:
        """Fields whose value in `other` differs from ours, with `other`'s value."""
        return {n: other.get(n) for n in SYNC_FIELDS if self.get(n) != other.get(n)}
