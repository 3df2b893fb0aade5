"""`tracker status` as a plain text table or JSON.

JSON, `tracker status` (schema_version 1)::

    {"schema_version": 1, "as_of": "YYYY-MM-DD", "due_soon_days": int, "done_days": int,
     "owners": [{"owner": str|null, "open": int, "overdue": int, "due_soon": int, "done_recent": int}],
     "totals": {"open": int, "overdue": int, "due_soon": int, "done_recent": int},
     "needs_review": int}                    # proposed items, waiting for `tracker review`

JSON, `tracker status OWNER`::

    {"schema_version": 1, "as_of": ..., "due_soon_days": int, "done_days": int,
     "query": str, "owner": str, "known": bool,
     "counts": {"open": int, "overdue": int, "due_soon": int, "done_recent": int},
     "items": [{"id": str, "text": str, "status": str, "due": "YYYY-MM-DD"|null, "due_derived": bool,
                "days_overdue": int|null, "due_soon": bool,
                "postmortem": {"id": str, "title": str|null}}]}
"""

from __future__ import annotations

import json
from typing import Any

from tracker.report.owners import NO_OWNER
from tracker.report.plain import RED, YELLOW, table
from tracker.report.status import Counts, Overview, OwnerStatus, StatusItem
from tracker.values import due_label

SCHEMA_VERSION = 1


def _counts(c: Counts) -> dict[str, int]:
    return {"open": c.open, "overdue": c.overdue, "due_soon": c.due_soon, "done_recent": c.done_recent}


def overview_json(view: Overview) -> str:
    data = {
        "schema_version": SCHEMA_VERSION,
        "as_of": view.as_of.isoformat(),
        "due_soon_days": view.due_soon_days,
        "done_days": view.done_days,
        "owners": [{"owner": r.owner, **_counts(r.counts)} for r in view.rows],
        "totals": _counts(view.totals),
        "needs_review": view.needs_review,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def owner_json(view: OwnerStatus) -> str:
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "as_of": view.as_of.isoformat(),
        "due_soon_days": view.due_soon_days,
        "done_days": view.done_days,
        "query": view.query,
        "owner": view.owner,
        "known": view.known,
        "counts": _counts(view.counts),
        "items": [_item_json(i) for i in view.items],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _item_json(item: StatusItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "text": item.text,
        "status": item.status,
        "due": item.due.isoformat() if item.due else None,
        "due_derived": item.due_derived,
        "days_overdue": item.days_overdue,
        "due_soon": item.due_soon,
        "postmortem": {"id": item.postmortem_id, "title": item.postmortem_title},
    }


def overview_table(view: Overview, *, width: int = 100, color: bool = False) -> str:
    heads = ["Owner", "Open", "Overdue", f"Due <={view.due_soon_days}d", f"Done {view.done_days}d"]
    rows = [[r.owner or NO_OWNER, *_numbers(r.counts)] for r in view.rows]
    colours = [RED if color and r.counts.overdue else None for r in view.rows]
    rows.append(["total", *_numbers(view.totals)])
    colours.append(None)
    title = f"Action items by owner, as of {view.as_of.isoformat()}\n"
    text = title + table(heads, rows, right=frozenset({1, 2, 3, 4}), colours=colours, width=width, shrink=(0,))
    if view.needs_review:
        text += f"{view.needs_review} proposed, not counted above until accepted: tracker review\n"
    return text


def _numbers(c: Counts) -> list[str]:
    return [str(c.open), str(c.overdue), str(c.due_soon), str(c.done_recent)]


def owner_table(view: OwnerStatus, *, width: int = 100, color: bool = False) -> str:
    c = view.counts
    head = (
        f"{view.owner}: {c.open} open, {c.overdue} overdue, {c.due_soon} due within "
        f"{view.due_soon_days}d, {c.done_recent} done in the last {view.done_days}d "
        f"(as of {view.as_of.isoformat()})\n"
    )
    if not view.items:
        return head
    rows, colours = [], []
    for item in view.items:
        due = due_label(item.due, item.due_derived)
        late = f"{item.days_overdue}d" if item.days_overdue else ("soon" if item.due_soon else "")
        rows.append([item.id, due, late, item.status, item.text, item.postmortem_title or item.postmortem_id])
        colours.append((RED if item.days_overdue else YELLOW if item.due_soon else None) if color else None)
    heads = ["ID", "Due", "Overdue", "Status", "Item", "Postmortem"]
    return head + table(heads, rows, right=frozenset({2}), colours=colours, width=width, shrink=(4, 5))
