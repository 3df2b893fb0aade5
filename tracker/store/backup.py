"""Export the whole store as JSON Lines, and import it back into an empty store, losslessly.

Each line is `{"table": NAME, "row": {column: value}}`; tables are written in dependency order.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from tracker.errors import InputError, StoreError
from tracker.store import rows
from tracker.store.db import SCHEMA_VERSION
from tracker.store.dialect import QueryRefused, upsert
from tracker.store.export import TABLES as TABLES
from tracker.store.export import export_rows

if TYPE_CHECKING:
    from tracker.store.store import Store


def export_lines(store: Store) -> Iterator[str]:
    return export_rows(store.conn)


#: Each table's primary key: a row given twice in an export is written over, as before.
KEYS = {
    "meta": "key",
    "postmortems": "id",
    "items": "id",
    "links": "item_id, target",
    "conflicts": "item_id, target, field",
    "cursors": "target",
    "reminders": "item_id, recipient, channel, sent_at",
    "slack_users": "email",
}

#: Reads a link's last-synced fields back, raising ValueError/TypeError/KeyError for a bad one.
#: Their encoding is the sync package's (`tracker.sync.status.fields_from_json`); the store, which
#: only persists them, checks no more than that they are JSON unless given that reader.
BaseCheck = Callable[[str], object]


def import_lines(store: Store, lines: Iterable[str], source: str, check_base: BaseCheck = json.loads) -> dict[str, int]:
    """Restore an export into this store, which must be empty; one transaction, all or nothing."""
    if store.conn.execute("SELECT count(*) FROM items").fetchone()[0] or store.postmortems():
        raise StoreError(f"{store.path}: import needs an empty store; pass a new --db")
    counts = dict.fromkeys(TABLES, 0)
    with store.transaction() as conn:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            table, row = _parse(line, number, source)
            if table == "_header":
                if int(row.get("schema_version", 0)) > SCHEMA_VERSION:  # type: ignore[call-overload]
                    raise InputError(f"{source}: written by a newer tracker (schema {row['schema_version']})")
                continue
            _check(table, row, f"{source}:{number}", check_base)
            try:
                conn.execute(upsert(table, ", ".join(row), KEYS[table]), list(row.values()))
            except (sqlite3.Error, QueryRefused) as exc:  # unknown column, missing value, wrong reference
                raise InputError(f"{source}:{number}: {table} row refused ({exc})") from None
            counts[table] += 1
    return counts


def _parse(line: str, number: int, source: str) -> tuple[str, dict[str, object]]:
    try:
        record = json.loads(line)
        table, row = record["table"], record["row"]
    except (ValueError, KeyError, TypeError):
        raise InputError(f"{source}:{number}: not a tracker export line") from None
    if (table != "_header" and table not in TABLES) or not isinstance(row, dict):
        raise InputError(f"{source}:{number}: unknown table {table!r}")
    if not all(isinstance(k, str) and k.isidentifier() for k in row):
        raise InputError(f"{source}:{number}: bad column names")
    return table, row


def _model(build: Callable[[Any], BaseModel | tuple[str, BaseModel]], columns: str) -> Callable[[dict[str, Any]], None]:
    """A check that reads an export row the way the store does, then validates it in full."""

    def check(row: dict[str, Any]) -> None:
        built = build(tuple(row.get(name) for name in columns.split(", ")))
        record = built[1] if isinstance(built, tuple) else built
        type(record).model_validate(record.model_dump())

    return check


def _link(row: dict[str, Any], check_base: BaseCheck) -> None:
    _model(rows.link_from_row, rows.LINK_COLUMNS)(row)
    if row.get("base"):
        check_base(row["base"])
    if row.get("pushing"):
        frozenset(json.loads(row["pushing"]))


def _stamp(row: dict[str, Any]) -> None:
    rows.to_datetime(row.get("last_sync") or row.get("detected"))


_CHECKS: dict[str, Callable[[dict[str, Any]], None]] = {
    "postmortems": _model(rows.postmortem_from_row, rows.POSTMORTEM_COLUMNS),
    "items": _model(rows.item_from_row, rows.ITEM_COLUMNS),
    "cursors": _stamp,
    "conflicts": _stamp,
}


def _check(table: str, row: dict[str, Any], where: str, check_base: BaseCheck) -> None:
    """Refuse a row the store could not read back (a bad date, status or JSON value), naming it."""
    check = (lambda r: _link(r, check_base)) if table == "links" else _CHECKS.get(table)
    if check is None:
        return
    name = f"{where}: {table} row {row.get('id') or row.get('item_id')!r}"
    try:
        check(row)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InputError(f"{name}: {'.'.join(str(p) for p in err['loc'])}: {err['msg']}") from None
    except (ValueError, TypeError, KeyError) as exc:
        raise InputError(f"{name}: bad value ({exc})") from None
