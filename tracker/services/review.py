"""The review step between extraction and sync: a person accepts, rejects or edits proposed items.

An item is proposed when extraction was less sure of it than `[extract] min_confidence`, or when
`[sync] require_review` asks for every new item to be looked at. A proposed item is never synced.

- accepted: it becomes `open`, and the next sync files it;
- rejected: it becomes `wont_do` with the reason `rejected`, and re-extracting the document never
  proposes it again (the store keeps matching the document's item to it);
- edited: text, owner and due date are changed like `tracker edit` changes them (they survive
  re-extraction); it stays proposed until accepted or rejected.

Each call checks every id it is given before changing anything, in one transaction: an unknown id,
an item that is not proposed, or one of another postmortem than the one under review changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from tracker.errors import InputError
from tracker.model import ActionItem, Status, StatusReason
from tracker.store import Store

#: What `decide` does with the proposed items it was not given by id.
Rest = Literal["accept", "reject"] | None
#: What a review edit may change.
REVIEW_FIELDS = ("text", "owner", "due")


@dataclass(frozen=True, slots=True)
class Decisions:
    """What one `decide` call did, by item id, in the order given (the rest by id)."""

    accepted: tuple[str, ...] = ()
    rejected: tuple[str, ...] = ()


def proposed(store: Store, postmortem_id: str | None = None) -> list[ActionItem]:
    """The items waiting for review (of one postmortem, or all), in document order per postmortem."""
    return store.items(statuses={Status.PROPOSED}, postmortem_id=postmortem_id, sort="postmortem")


def decide(
    store: Store,
    now: datetime,
    *,
    accept: Iterable[str] = (),
    reject: Iterable[str] = (),
    rest: Rest = None,
    postmortem_id: str | None = None,
) -> Decisions:
    """Accept and reject items by id (`AI-4`, `ai-4`, `4`), and `rest` the other proposed ones.

    InputError / NotFoundError before anything is written when an id is unknown, not proposed,
    of another postmortem than `postmortem_id`, or both accepted and rejected."""
    with store.transaction():
        accepted = _under_review(store, accept, postmortem_id)
        rejected = _under_review(store, reject, postmortem_id)
        both = accepted.keys() & rejected.keys()
        if both:
            raise InputError(f"{min(both)} is both accepted and rejected; give it once")
        if rest is not None:
            named = accepted.keys() | rejected.keys()
            others = {i.id: i for i in proposed(store, postmortem_id) if i.id not in named}
            (accepted if rest == "accept" else rejected).update(others)
        for item in accepted.values():
            store.put_item(item.model_copy(update={"status": Status.OPEN, "status_reason": None, "updated": now}))
        for item in rejected.values():
            change = {"status": Status.WONT_DO, "status_reason": StatusReason.REJECTED, "updated": now}
            store.put_item(item.model_copy(update=change))
    return Decisions(tuple(accepted), tuple(rejected))


def edit(
    store: Store, item_id: str, changes: dict[str, object], now: datetime, *, postmortem_id: str | None = None
) -> ActionItem:
    """Change a proposed item's text, owner or due date (as `tracker edit` does); it stays proposed."""
    unknown = sorted(set(changes) - {*REVIEW_FIELDS, "due_derived"})
    if unknown:
        raise InputError(f"a review edit changes {', '.join(REVIEW_FIELDS)}, not {', '.join(unknown)}")
    text = changes.get("text")
    if text is not None and not str(text).strip():
        raise InputError("the text cannot be empty")
    item = _under_review(store, [item_id], postmortem_id)
    if not changes:
        return next(iter(item.values()))
    return store.edit_item(item_id, changes, now)


def _under_review(store: Store, refs: Iterable[str], postmortem_id: str | None) -> dict[str, ActionItem]:
    """The items these ids name, by id (once each); each must be proposed, and of `postmortem_id`."""
    found: dict[str, ActionItem] = {}
    for ref in refs:
        item = store.get_item(ref)
        if item.status != Status.PROPOSED:
            status = item.status.value
            raise InputError(f"{item.id} is not proposed (it is {status}); `tracker review` lists those that are")
        if postmortem_id is not None and item.postmortem_id != postmortem_id:
            raise InputError(f"{item.id} belongs to {item.postmortem_id}, not {postmortem_id}")
        found.setdefault(item.id, item)
    return found
