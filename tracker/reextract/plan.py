"""One document's re-extraction as steps: create, keep (with changes), remove. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from tracker.model import ActionItem, Priority, Status
from tracker.reextract import rules
from tracker.reextract.matching import pair_items


@dataclass(frozen=True, slots=True)
class NewItem:
    """An item as a document gives it, before it has an id."""

    text: str
    category: str | None
    section: str | None
    owner: str | None
    due: date | None
    due_derived: bool
    status: Status
    priority: Priority | None
    position: int
    confidence: float | None = None  # how sure the extractor is (0-1)
    reasons: tuple[str, ...] = ()  # the extractor's rules that made it an action item
    review: bool = False  # when new and open, it is stored `proposed`: it waits for `tracker review`
    ticket: str | None = None  # where the document says the work is tracked already


@dataclass(frozen=True, slots=True)
class Create:
    """A new item: its fields, without the id, postmortem and times the store gives it."""

    values: dict[str, object]


@dataclass(frozen=True, slots=True)
class Keep:
    """A stored item the document still has, with what the document changes in it."""

    old: ActionItem
    changes: dict[str, object]  # moves its `updated` time
    notes: dict[str, object]  # the extractor's confidence and reasons: no change of the item's own

    @property
    def proposed(self) -> bool:
        return self.changes.get("status", self.old.status) == Status.PROPOSED


@dataclass(frozen=True, slots=True)
class Remove:
    """A stored item the document no longer has."""

    old: ActionItem
    changes: dict[str, object]


@dataclass(frozen=True, slots=True)
class DocumentPlan:
    items: list[Create | Keep]  # the document's items, in document order
    removals: list[Remove]


def plan_document(existing: Sequence[ActionItem], new: Sequence[NewItem]) -> DocumentPlan:
    """What storing `new` (a document's items) does to `existing` (its items stored before)."""
    pairs = pair_items([(i.text, i.position) for i in existing], [(n.text, n.position) for n in new])
    steps: list[Create | Keep] = []
    for index, fresh in enumerate(new):
        values, notes = _values(fresh), {"confidence": fresh.confidence, "reasons": list(fresh.reasons)}
        if index in pairs:
            old = existing[pairs[index]]
            steps.append(Keep(old, rules.changes(old, values), rules.notes(old, notes)))
        else:
            if fresh.review and fresh.status.is_active:
                values["status"] = Status.PROPOSED  # a done item needs no review: nothing is filed for it
            steps.append(Create({**values, **notes}))
    matched = set(pairs.values())
    removals = [
        Remove(old, gone)
        for index, old in enumerate(existing)
        if index not in matched and (gone := rules.vanished(old)) is not None
    ]
    return DocumentPlan(steps, removals)


def _values(fresh: NewItem) -> dict[str, object]:
    """The item's own fields as the document gives them."""
    return {
        "text": fresh.text,
        "category": fresh.category,
        "section": fresh.section,
        "owner": fresh.owner,
        "due": fresh.due,
        "due_derived": fresh.due_derived,
        "status": fresh.status,
        "priority": fresh.priority,
        "position": fresh.position,
        "ticket": fresh.ticket,
    }
