"""Shared rendering: JSON for machines, rich tables for people."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

from tracker.model import ActionItem, Postmortem


def console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _default(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot serialise {type(value).__name__}")


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=_default) + "\n")


def item_json(item: ActionItem, postmortem: Postmortem | None) -> dict[str, object]:
    """The item as `list`/`show` print it (the `extract` keys plus postmortem, priority, labels, times)."""
    return {
        "id": item.id,
        "text": item.text,
        "category": item.category,
        "section": item.section,
        "owner": item.owner,
        "due": item.due,
        "due_derived": item.due_derived,
        "status": item.status,
        "postmortem": {"id": item.postmortem_id, "title": postmortem.title if postmortem else None},
        "priority": item.priority,
        "labels": list(item.labels),
        "created": item.created,
        "updated": item.updated,
        "links": {
            name: {"state": link.state, "key": link.key, "url": link.url, "synced_at": link.synced_at}
            for name, link in sorted(item.links.items())
        },
    }


def plain_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, width: int | None = None) -> str:
    """Aligned columns without rich's per-cell layout cost (lists can be long); the widest column
    that does not fit is cut with an ellipsis."""
    import shutil

    width = width or shutil.get_terminal_size((120, 24)).columns
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    overflow = sum(widths) + 2 * (len(widths) - 1) - width
    if overflow > 0:
        widest = widths.index(max(widths))
        widths[widest] = max(len(headers[widest]), widths[widest] - overflow)

    def line(cells: Sequence[str]) -> str:
        out = [_fit(c, w) for c, w in zip(cells, widths, strict=True)]
        return "  ".join(out).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)])


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else text[: max(width - 1, 0)] + "…"


def items_table(items: Sequence[ActionItem], postmortems: dict[str, Postmortem]) -> str:
    rows = []
    for item in items:
        pm = postmortems.get(item.postmortem_id)
        due = f"{item.due}{' (derived)' if item.due_derived else ''}" if item.due else "-"
        rows.append(
            [
                item.id,
                item.text,
                item.owner or "-",
                due,
                item.status.value,
                pm.title if pm else item.postmortem_id,
            ]
        )
    return plain_table(["id", "text", "owner", "due", "status", "postmortem"], rows)


def csv_rows(items: Iterable[ActionItem], postmortems: dict[str, Postmortem]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "text", "category", "section", "owner", "due", "status", "priority", "postmortem"])
    for i in items:
        pm = postmortems.get(i.postmortem_id)
        writer.writerow(
            [
                i.id,
                i.text,
                i.category or "",
                i.section or "",
                i.owner or "",
                i.due or "",
                i.status.value,
                i.priority.value if i.priority else "",
                pm.title if pm else i.postmortem_id,
            ]
        )
    return out.getvalue()
