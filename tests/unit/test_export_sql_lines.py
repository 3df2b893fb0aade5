"""`export_rows` has SQLite write each line (`json_object`); every line reads back to its row exactly.

Rows SQLite cannot write losslessly (a float with more than 15 significant digits) are written by
Python, and a SQLite without JSON functions gets every line from Python: the same lines either way.
"""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path

import pytest

from tracker.errors import StoreError
from tracker.store import Store
from tracker.store import export as export_module
from tracker.store.db import SCHEMA_VERSION
from tracker.store.export import TABLES, export_rows


def _stored(conn: sqlite3.Connection) -> list[dict[str, object]]:
    found = []
    for table in TABLES:
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
        columns = [d[0] for d in cursor.description]
        found += [{"table": table, "row": dict(zip(columns, v, strict=True))} for v in cursor]
    return found


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    conn = Store(tmp_path / "s.db").conn
    conn.execute("INSERT INTO postmortems (id, title, source, content_hash) VALUES ('PM-1', ?, 'a.md', 'h')",
                 ('say "hi"\\ é\n\x01\u2028 \U0001f600',))  # fmt: skip
    odd_floats = ((0.1 + 0.2, 0), (None, 1.5), (1e-300, -(2**63)), (0.85, 2**63 - 1), (1.0, 0), (math.inf, 0))
    for num, (confidence, position) in enumerate(odd_floats, start=1):
        conn.execute(
            "INSERT INTO items (id, num, postmortem_id, text, status, position, confidence, created, updated) "
            "VALUES (?, ?, 'PM-1', 'x\ty', 'open', ?, ?, 'c', 'u')",
            (f"AI-{num}", num, position, confidence),
        )
    return conn


def test_every_line_reads_back_to_its_row(conn: sqlite3.Connection) -> None:
    lines = list(export_rows(conn))
    assert lines[0] == f'{{"table":"_header","row":{{"schema_version":{SCHEMA_VERSION}}}}}'
    back = [json.loads(line) for line in lines[1:]]
    assert back == _stored(conn)
    confidences = [r["row"]["confidence"] for r in back if r["table"] == "items"]
    assert confidences[0] == 0.1 + 0.2 and type(confidences[3]) is float and type(confidences[4]) is float
    assert sum(line.startswith('{"table":"items","row":{"id":"AI-') for line in lines) == len(confidences)


def test_without_json_functions_python_writes_the_same_lines(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_sql = list(export_rows(conn))
    monkeypatch.setattr(export_module, "has_json_functions", lambda conn: False)
    by_python = list(export_rows(conn))
    assert [json.loads(x) for x in by_python] == [json.loads(x) for x in in_sql]
    assert by_python[0] == in_sql[0]


@pytest.mark.parametrize("in_sql", [True, False])
def test_a_blob_stops_the_export_with_a_store_error(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch, in_sql: bool
) -> None:
    conn.execute("UPDATE items SET text = ? WHERE id = 'AI-2'", (b"\x00\xff",))
    monkeypatch.setattr(export_module, "has_json_functions", lambda conn: in_sql)
    with pytest.raises(StoreError, match=r"table items, .*binary data"):
        list(export_rows(conn))
