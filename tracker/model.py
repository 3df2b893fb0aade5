"""The canonical records: postmortems and their action items."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


def owner_key(owner: str | None) -> str | None:
    """How owners compare: case-insensitive, without a leading @, whitespace folded."""
    return " ".join(owner.lower().lstrip("@").split()) if owner else None



def utcnow() -> datetime:
    """Now, as the store records times (aware, UTC)."""
    return datetime.now(UTC)

class Status(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    WONT_DO = "wont_do"
    REMOVED = "removed"
    PROPOSED = "proposed"  # extracted, waiting for `tracker review`: never synced, not counted as open

    @property
    def is_active(self) -> bool:
        return self in (Status.OPEN, Status.IN_PROGRESS)


class StatusReason(StrEnum):
    """Why an item has its status, where the status alone does not say."""

    REJECTED = "rejected"  # wont_do: rejected in `tracker review`; re-extraction never proposes it again
    UNREVIEWED = "unreviewed"  # removed while still proposed: it is proposed again if it comes back


class Priority(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class LinkState(StrEnum):
    PENDING = "pending"  # create intent written, remote call not confirmed
    LINKED = "linked"
    BROKEN = "broken"  # remote issue deleted or moved


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
    target: str | None = None
    imported: datetime | None = None


class RemoteLink(_Record):
    target: str
    state: LinkState
    key: str | None = None
    url: str | None = None
    remote_updated: datetime | None = None
    synced_at: datetime | None = None
    remote_assigned: bool | None = None  # None: not known yet
    warning: str | None = None  # last per-item remark from the remote (e.g. unassignable owner)


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
