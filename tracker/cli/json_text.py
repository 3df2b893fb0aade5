"""`list --format json` as a stream: a JSON list with one item per line, in flat memory.

Each line is the compact JSON of the item's `render.item_json` (what `show --format json` prints,
indented); the list is valid JSON as a whole, and a line per item keeps it fast to write, easy to
diff and to `grep`. SQLite writes the lines when it can (`tracker.store.json_items`); `item_line`
is the same line written by Python, for a SQLite without JSON functions.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable

from tracker.cli.render import OwnerName, _as_stored, _default, item_json
from tracker.store.reader import ItemView

_compact: Callable[[object], str] = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_default).encode


def print_items(lines: Iterable[str], batch: int = 500) -> None:
    """`lines` (each one item's JSON) as one JSON list, written a batch of lines at a time."""
    write = sys.stdout.write
    opening = "[\n  "
    pending: list[str] = []
    for line in lines:
        pending.append(line)
        if len(pending) == batch:
            write(opening + ",\n  ".join(pending))
            opening, pending = ",\n  ", []
    if pending:
        write(opening + ",\n  ".join(pending))
        opening = ",\n  "
    write("[]\n" if opening == "[\n  " else "\n]\n")


def item_line(item: ItemView, name: OwnerName = _as_stored) -> str:
    return _compact(item_json(item, item.postmortem, name))
