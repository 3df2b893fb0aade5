"""`tracker export`: every table as JSON Lines, streamed row by row from SQLite.

Each line is `{"table":NAME,"row":{column:value}}` (compact JSON, UTF-8 as is); tables come in
dependency order (what `tracker.store.backup.import_lines` reads back). No records are built and
pydantic is not imported: 100,000 items export in flat memory.

SQLite writes the lines: `json_object` of a row is the JSON of its values, so each row comes out of
the query as its finished line (five times faster than `json.dumps` of a dict in Python). Python
encodes only the rows SQLite cannot write losslessly, a float whose 15 significant digits (all
SQLite's JSON writes) do not give the same float back (found by a quick first query over the
columns that can hold floats), and every row when this SQLite has no JSON functions. Either way
each line reads back (`json.loads`) to the row as stored. A blob (which no tracker writes, and
JSON cannot hold) stops the export with a StoreError.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from tracker.errors import StoreError
from tracker.store.db import SCHEMA_VERSION, dialect_of
from tracker.store.dialect import streamed

if TYPE_CHECKING:
    from tracker.store.shapes import Connection

TABLES = ("meta", "postmortems", "items", "links", "conflicts", "cursors", "reminders", "slack_users")

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def export_rows(conn: Connection) -> Iterator[str]:
    yield _encode({"table": "_header", "row": {"schema_version": SCHEMA_VERSION}})
    dialect = dialect_of(conn)
    if dialect.name != "sqlite":  # PostgreSQL: rows in key order, encoded in Python, one snapshot
        with dialect.snapshot(conn):
            for table in TABLES:
                yield from _python_lines(conn, table, "1, 2" if table in ("links", "conflicts") else "1")
        return
    lite = cast(sqlite3.Connection, conn)
    in_sql = has_json_functions(lite)
    for table in TABLES:
        if in_sql:
            yield from _sql_lines(lite, table)
        else:
            yield from _python_lines(lite, table)


def has_json_functions(conn: sqlite3.Connection) -> bool:
    """Whether this SQLite was built with its JSON functions (it is by default since 3.38)."""
    try:
        conn.execute("SELECT json_object('a', 1)").fetchone()
    except sqlite3.Error:
        return False
    return True


def _sql_lines(conn: sqlite3.Connection, table: str) -> Iterator[str]:
    """The table's lines as SQLite writes them, but for the rows Python must write (see above)."""
    info = conn.execute(f"PRAGMA table_info({_ident(table)})").fetchall()
    columns = [row[1] for row in info]
    lossy = _lossy_rows(conn, table, [row[1] for row in info if not _text_affinity(row[2])])
    pairs = ", ".join(f"{_literal(c)}, {_ident(c)}" for c in columns)
    line = f"json_object('table', {_literal(table)}, 'row', json_object({pairs}))"
    sql = f"SELECT rowid, {line} FROM {table} ORDER BY rowid"
    last = 0
    try:
        for rowid, line in conn.execute(sql):
            yield line if rowid not in lossy else _python_line(conn, table, columns, rowid)
            last = rowid
    except sqlite3.OperationalError as exc:
        if "BLOB" not in str(exc):
            raise
        raise _binary(table, f"after row {last}") from None


def _lossy_rows(conn: sqlite3.Connection, table: str, numeric: list[str]) -> set[int]:
    """Rows holding a float that SQLite's JSON would round (a column of text affinity holds none)."""
    if not numeric:
        return set()
    where = " OR ".join(
        f"(typeof({_ident(c)}) = 'real' AND CAST(json_quote({_ident(c)}) AS REAL) IS NOT {_ident(c)})" for c in numeric
    )
    return {rowid for (rowid,) in conn.execute(f"SELECT rowid FROM {table} WHERE {where}")}


def _text_affinity(declared: str) -> bool:
    """SQLite's affinity rule 2: a declared type naming CHAR, CLOB or TEXT (and not INT) stores numbers as text."""
    kind = declared.upper()
    return "INT" not in kind and any(word in kind for word in ("CHAR", "CLOB", "TEXT"))


def _python_lines(conn: Connection, table: str, order: str = "rowid") -> Iterator[str]:
    with streamed(conn, f"SELECT * FROM {table} ORDER BY {order}") as cursor:
        columns = [d[0] for d in cursor.description]
        for values in cursor:
            yield _line(table, columns, values)


def _line(table: str, columns: list[str], values: tuple[object, ...]) -> str:
    try:
        return _encode({"table": table, "row": dict(zip(columns, values, strict=True))})
    except TypeError:  # bytes
        raise _binary(table, f"row {values[0]!r}") from None


def _binary(table: str, where: str) -> StoreError:
    return StoreError(f"cannot export: table {table}, {where}, holds binary data (no tracker writes any)")


def _python_line(conn: sqlite3.Connection, table: str, columns: list[str], rowid: int) -> str:
    values = conn.execute(f"SELECT * FROM {table} WHERE rowid = ?", (rowid,)).fetchone()
    return _line(table, columns, values)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
