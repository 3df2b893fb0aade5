"""`tracker export`: every table as JSON Lines, streamed row by row from SQLite.

Each line is `{"table": NAME, "row": {column: value}}`; tables come in dependency order (what
`tracker.store.backup.import_lines` reads back). No records are built and pydantic is not imported:
100,000 items export in flat memory.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator

from tracker.store.db import SCHEMA_VERSION

TABLES = ("meta", "postmortems", "items", "links", "conflicts", "cursors")


def export_rows(conn: sqlite3.Connection) -> Iterator[str]:
    yield json.dumps({"table": "_header", "row": {"schema_version": SCHEMA_VERSION}})
    encode = _encoder()
    for table in TABLES:
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
        columns = [d[0] for d in cursor.description]
        for values in cursor:
            yield encode({"table": table, "row": dict(zip(columns, values, strict=True))})


def _encoder() -> Callable[[dict[str, object]], str]:
    """`json.dumps(row, ensure_ascii=False)`, made once: json.dumps builds its (C) encoder anew for
    every call, a third of the time of exporting 100,000 rows."""
    plain = json.JSONEncoder(ensure_ascii=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator: the same encoder in Python
        return plain.encode
    fast = make(None, plain.default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)

    def encode(row: dict[str, object]) -> str:
        return "".join(fast(row, 0))

    return encode
