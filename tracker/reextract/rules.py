"""Re-extraction, item by item: what a document's fresh values change in the item already stored.

Pure. The rules, in order:

- a field a person changed (`edited_fields`, by `tracker edit`, `tracker review` or a pull) keeps
  their value;
- an item rejected in review stays `wont_do`: it is never proposed again;
- a proposed item stays proposed (its text, owner, due date ... follow the document);
- a removed item that is back takes the document's status (proposed again if it was removed
  while still proposed);
- a status a sync set (in progress, won't do) is kept, and so is `done` when the document does not
  tick the item (closed there; not ticking it does not reopen it).

What the extractor says about an item (`confidence`, `reasons`) is refreshed without counting as a
change: it moves no `updated` time, so it neither makes an item look fresh nor wins a sync conflict.
"""

from __future__ import annotations

from collections.abc import Mapping

from tracker.model import ActionItem, Status, StatusReason

#: What the extractor says about an item, not what the item says.
EXTRACTOR_NOTES = ("confidence", "reasons")


def changes(old: ActionItem, fresh: Mapping[str, object]) -> dict[str, object]:
    """The fields of `old` that `fresh` (a document's values, by field name) changes."""
    keep = set(old.edited_fields)
    if "due" in keep:
        keep.add("due_derived")
    values = dict(fresh)
    if old.status_reason == StatusReason.REJECTED or old.status == Status.PROPOSED:
        keep.add("status")  # rejected stays rejected; proposed waits for `tracker review`
    elif old.status == Status.REMOVED and "status" not in keep:
        values.update(_coming_back(old, values["status"]))  # it came back
    elif "status" not in keep and old.status in (Status.IN_PROGRESS, Status.WONT_DO):
        keep.add("status")  # a status set by a sync is not undone by the document
    found = {k: v for k, v in values.items() if k not in keep and getattr(old, k) != v}
    if "status" in found and old.status == Status.DONE and values["status"] == Status.OPEN:
        del found["status"]  # closed remotely; the document not ticking it does not reopen it
    return found


def _coming_back(old: ActionItem, status: object) -> dict[str, object]:
    if old.status_reason == StatusReason.UNREVIEWED and isinstance(status, Status) and status.is_active:
        return {"status": Status.PROPOSED, "status_reason": None}  # it was never reviewed
    return {"status": status, "status_reason": None}


def notes(old: ActionItem, fresh: Mapping[str, object]) -> dict[str, object]:
    """The extractor's notes on `old` that `fresh` refreshes."""
    return {k: fresh[k] for k in EXTRACTOR_NOTES if k in fresh and getattr(old, k) != fresh[k]}


def vanished(old: ActionItem) -> dict[str, object] | None:
    """What becomes of a stored item the document no longer has; None: nothing."""
    if old.status == Status.REMOVED or old.status_reason == StatusReason.REJECTED:
        return None  # removed already; a rejected item stays rejected, whatever the document says
    if old.status == Status.PROPOSED:
        return {"status": Status.REMOVED, "status_reason": StatusReason.UNREVIEWED}
    return {"status": Status.REMOVED}
