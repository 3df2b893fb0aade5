"""Export the whole store as JSON Lines, and import it back into an empty store, losslessly.

Each line is `{"table": NAME, "row": {column: value}}`; tables are written in dependency order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from tracker.errors import InputError, StoreError
from tracker.store.db import SCHEMA_VERSION
from tracker.store.store import Store

TABLES = ("meta", "postmortems", "items", "links", "conflicts", "cursors")


def export_lines(store: Store) -> Iterator[str]:
    yield json.dumps({"table": "_header", "row": {"schema_version": SCHEMA_VERSION}})
    for table in TABLES:
        cursor = store.conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
        columns = [d[0] for d in cursor.description]
        for values in cursor:
            yield json.dumps(
                {"table": table, "row": dict(zip(columns, values, strict=True))}, ensure_ascii=False
            )


def import_lines(store: Store, lines: Iterable[str], source: str) -> dict[str, int]:
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
            names = ", ".join(row)
            conn.execute(
                f"INSERT OR REPLACE INTO {table} ({names}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()),
            )
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
