"""Shared rendering: JSON for machines, plain tables for people."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.values import due_label

if TYPE_CHECKING:
    from tracker.store.reader import ItemView, PostmortemView


def console(stderr: bool = False) -> Any:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def bold(text: str) -> str:
    return f"\x1b[1m{text}\x1b[0m"


#: What rich removes from printed text (bell, backspace, vertical tab, form feed, carriage return):
#: the plain printers (no rich: it costs start-up time) remove the same.
_CONTROL = re.compile("[\x07\x08\x0b\x0c\x0d]")


def printable(text: str) -> str:
    return _CONTROL.sub("", text)  # (a regular expression: `str.translate` is slow on long texts)


def _default(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"cannot serialise {type(value).__name__}")


def print_json(data: object) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=_default) + "\n")


#: How an owner is shown: `People.canonical` (the `[people]` name), or as stored.
OwnerName = Callable[[str | None], str | None]


def _as_stored(owner: str | None) -> str | None:
    return owner


def item_json(item: ItemView, postmortem: PostmortemView | None, name: OwnerName = _as_stored) -> dict[str, object]:
    """The item as `list`/`show` print it (the `extract` keys plus postmortem, priority, labels, times)."""
    return {
        "id": item.id,
        "text": item.text,
        "category": item.category,
        "section": item.section,
        "owner": name(item.owner),
        "due": item.due,
        "due_derived": item.due_derived,
        "status": item.status,
        "status_reason": item.status_reason,
        "confidence": item.confidence,
        "reasons": list(item.reasons),
        "ticket": item.ticket,
        "postmortem": {
            "id": item.postmortem_id,
            "title": postmortem.title if postmortem else None,
            "source": postmortem.source if postmortem else None,
        },
        "priority": item.priority,
        "labels": list(item.labels),
        "created": item.created,
        "updated": item.updated,
        "links": {
            name: {
                "state": link.state,
                "key": link.key,
                "url": link.url,
                "synced_at": link.synced_at,
                "by_ticket": link.by_ticket,
            }
            for name, link in sorted(item.links.items())
        },
    }


def output_width() -> int | None:
    """The terminal's width for tables; None (nothing cut) when stdout is piped, unless $COLUMNS says."""
    import os
    import shutil

    if sys.stdout.isatty() or os.environ.get("COLUMNS", "").isdigit():
        return shutil.get_terminal_size((120, 24)).columns
    return None


ITEM_HEADERS = ("id", "text", "owner", "due", "status", "postmortem")
#: The columns that share what the terminal leaves (the widest gives way first), with their floors.
ITEM_SHRINK = {1: 30, 2: 12, 5: 16}


def items_table(
    items: Sequence[ItemView],
    postmortems: dict[str, PostmortemView],
    name: OwnerName = _as_stored,
    *,
    width: int | None = None,
) -> str:
    from tracker.report import plain

    rows = []
    for item in items:
        pm = postmortems.get(item.postmortem_id)
        due = due_label(item.due, item.due_derived)
        rows.append(
            [
                item.id,
                item.text,
                name(item.owner) or "-",
                due,
                item.status.value,
                pm.title if pm else item.postmortem_id,
            ]
        )
    limit = width if width is not None else sys.maxsize
    return plain.table(ITEM_HEADERS, rows, width=limit, shrink=tuple(ITEM_SHRINK), floors=ITEM_SHRINK).rstrip("\n")


#: `list --format csv`: its columns, and those people wrote (defused for spreadsheets).
CSV_COLUMNS = ("id", "text", "category", "section", "owner", "due", "status", "priority", "postmortem")
CSV_FREE_TEXT = frozenset({1, 2, 3, 4, 8})


def csv_rows(items: Iterable[ItemView], postmortems: dict[str, PostmortemView], name: OwnerName = _as_stored) -> str:
    """`list --format csv`, written like `report --format csv` (`tracker.report.plain.csv_text`)."""
    from tracker.report.plain import csv_text

    rows = (
        (
            i.id,
            i.text,
            i.category,
            i.section,
            name(i.owner),
            i.due or "",
            i.status.value,
            i.priority.value if i.priority else "",
            pm.title if (pm := postmortems.get(i.postmortem_id)) else i.postmortem_id,
        )
        for i in items
    )
    return csv_text(CSV_COLUMNS, rows, free_text=CSV_FREE_TEXT)


def check_output(output: Path | None) -> None:
    """InputError, before any work, when `output` cannot be written: a folder, a missing folder, no
    permission (`report --sync-first --output FOLDER` must not sync and then fail to write)."""
    import os

    from tracker.errors import InputError

    if output is None:
        return
    folder = output.parent if str(output.parent) else Path(".")
    if output.is_dir():
        reason = "Is a directory"
    elif not folder.is_dir():
        reason = "No such file or directory"
    elif not os.access(output if output.exists() else folder, os.W_OK):
        reason = "Permission denied"
    else:
        return
    raise InputError(f"--output: cannot write {output} ({reason})")


def write_output(pieces: Iterable[str], output: Path | None, *, private: bool = False) -> None:
    """Write to the file (UTF-8, as is; mode 0600 when `private`) or to stdout. A path that cannot
    be written (a missing folder, a folder, no permission) is an InputError naming it."""
    import os

    from tracker.errors import InputError

    if output is None:
        for piece in pieces:
            sys.stdout.write(piece)
        sys.stdout.flush()
        return
    try:
        fd = os.open(output, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600 if private else 0o666)
        if private:
            os.fchmod(fd, 0o600)  # a file that was there before keeps its mode otherwise
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.writelines(pieces)
    except OSError as exc:
        raise InputError(f"--output: cannot write {output} ({exc.strerror or exc})") from None
