"""The values records are made of: statuses, priorities, link states, how owners compare.

Apart from `tracker.model` (which re-exports them) so that the read commands (`status`, `list`,
`show`) can use them without importing pydantic, which costs more than the rest of such a command.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum


def owner_key(owner: str | None) -> str | None:
    """How owners compare: case-insensitive, without a leading @, whitespace folded."""
    return " ".join(owner.lower().lstrip("@").split()) if owner else None


def due_label(due: date | None, derived: bool) -> str:
    """How every listing writes a due date: `2026-11-01`, `2026-11-01 (derived)` for a deadline
    the `[policy]` set, `-` for none."""
    if due is None:
        return "-"
    return f"{due.isoformat()} (derived)" if derived else due.isoformat()


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
