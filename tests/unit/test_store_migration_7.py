"""Migration 7: the (status, updated, owner_key) index `tracker status` counts recent work from."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.support import START
from tracker.store import Store, queries
from tracker.store.db import MIGRATIONS, SCHEMA_VERSION


def _schema_6_store(db: Path) -> None:
    conn = sqlite3.connect(db)
    for step in MIGRATIONS[:6]:
        if isinstance(step, str):
            conn.executescript(step)
    conn.execute("PRAGMA user_version = 6")
    conn.execute("INSERT INTO postmortems (id, title, source, content_hash) VALUES ('PM-1', 't', 'a.md', 'h')")
    for num, status in enumerate(("open", "done", "done"), start=1):
        conn.execute(
            "INSERT INTO items (id, num, postmortem_id, text, owner, owner_key, status, created, updated) "
            "VALUES (?, ?, 'PM-1', 'Fix it', 'Ann', 'ann', ?, ?, ?)",
            (f"AI-{num}", num, status, START.isoformat(), START.isoformat()),
        )
    conn.commit()
    conn.close()


def _indexes(conn: sqlite3.Connection) -> dict[str, list[str]]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'items'")]
    return {name: [r[2] for r in conn.execute(f"PRAGMA index_info({name})")] for name in names}


def test_a_schema_6_store_gains_the_status_updated_index(tmp_path: Path) -> None:
    db = tmp_path / "v6.db"
    _schema_6_store(db)
    store = Store(db)
    assert SCHEMA_VERSION >= 7 and store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert _indexes(store.conn)["items_status_updated"] == ["status", "updated", "owner_key"]
    assert (tmp_path / "v6.db.v6.bak").exists()
    assert [i.id for i in store.items()] == ["AI-1", "AI-2", "AI-3"]  # the items as they were


def test_a_new_store_has_the_index(tmp_path: Path) -> None:
    store = Store(tmp_path / "new.db")
    assert "items_status_updated" in _indexes(store.conn)


def test_done_lately_is_counted_from_the_index(tmp_path: Path) -> None:
    db = tmp_path / "v6.db"
    _schema_6_store(db)
    conn = Store(db).conn
    plan = " ".join(
        r[3]
        for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT owner_key, count(*) FROM items "
            "WHERE status = 'done' AND updated >= ? AND updated < ? AND 1 GROUP BY owner_key",
            ["a", "b"],
        )
    )
    assert "items_status_updated" in plan
    as_of = START.date()
    (counts,) = queries.owner_counts(conn, as_of, 7)
    assert counts == queries.OwnerCounts("ann", 1, 0, 0, 2)
