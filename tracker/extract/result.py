"""What extraction returns: a document's fields and its items, as frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tracker.model import Priority, Status

__all__ = ["ExtractedDocument", "ExtractedItem", "Priority", "RejectedLine", "Status"]


@dataclass(frozen=True, slots=True)
class ExtractedItem:
    text: str
    category: str | None
    section: str | None
    owner: str | None  # as written; a Markdown link gives its text, "@alice" gives "alice"
    due: date | None
    due_relative: bool  # True when due was resolved from a relative deadline
    status: Status  # open, in_progress, done or wont_do, as the item is marked ("Blocked" is open)
    priority: Priority | None
    position: int  # 0-based index among the document's items
    confidence: float = 1.0  # 0-1: how sure the rules are that this is an action item
    reasons: tuple[str, ...] = ()  # the rules that made it one, e.g. "section:Action Items", "marker:checkbox"
    ticket: str | None = None  # where the work is tracked already, as written: "JIRA-12", "b/289114", a URL


@dataclass(frozen=True, slots=True)
class RejectedLine:
    """Text weighed as an item and refused (`tracker extract --explain --all`)."""

    text: str
    section: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    source: str
    title: str
    incident_date: date | None
    review_date: date | None
    services: tuple[str, ...]
    impact: str | None
    items: tuple[ExtractedItem, ...]
    warnings: tuple[str, ...]
    rejected: tuple[RejectedLine, ...] = ()
