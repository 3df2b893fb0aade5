"""A damaged, foreign, read-only, locked or newer store: a clear message, exit 2, no damage."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support import START, add_postmortem, new_item
from tracker.cli.app import _register, app
from tracker.errors import StoreError
from tracker.store import Store
from tracker.store.db import MIGRATIONS, SCHEMA_VERSION, integrity_problems

_register()


def run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--db", str(db), *args])
    return result.exit_code, result.output


def filled(tmp_path: Path) -> Path:
    db = tmp_path / "t.db"
    store = Store(db)
    add_postmortem(store, [new_item("Rotate the keys", 0, owner="Alice", due=date(2026, 12, 1))])
    store.close()
    return db


def test_a_file_that_is_not_a_store_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_text("these are my notes, not a database\n" * 100)
    before = db.read_bytes()
    code, out = run(db, "list")
    assert code == 2 and "not a tracker store" in out and "Traceback" not in out
    assert db.read_bytes() == before


def test_a_truncated_store_is_refused_untouched(tmp_path: Path) -> None:
    db = filled(tmp_path)
    data = db.read_bytes()
    db.write_bytes(data[: len(data) // 3 + 7])
    before = db.read_bytes()
    code, out = run(db, "list", "--status", "all")
    assert code == 2 and str(db) in out and "Traceback" not in out
    assert db.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files anyway")
def test_a_read_only_store_can_be_read_but_not_written(tmp_path: Path) -> None:
    db = filled(tmp_path)
    db.chmod(stat.S_IRUSR)
    assert run(db, "list")[0] == 0
    code, out = run(db, "done", "AI-1")
    assert code == 2 and "read-only" in out


def test_a_read_only_directory_store_reports_instead_of_crashing(tmp_path: Path) -> None:
    db = filled(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA query_only = ON")  # stands in for a read-only medium, even as root
    conn.close()
    store = Store(db)
    store.conn.execute("PRAGMA query_only = ON")
    with pytest.raises(StoreError, match=r"nothing was changed|read-only"):
        store.edit_item("AI-1", {"owner": "Bob"}, START)
    assert Store(db).get_item("AI-1").owner == "Alice"


def test_a_store_locked_by_another_writer_gets_a_clear_message(tmp_path: Path) -> None:
    db = filled(tmp_path)
    other = sqlite3.connect(db, isolation_level=None, timeout=0)
    other.execute("BEGIN EXCLUSIVE")
    store = Store(db)
    store.conn.execute("PRAGMA busy_timeout = 50")
    with pytest.raises(StoreError, match="busy"):
        store.edit_item("AI-1", {"owner": "Bob"}, START)
    other.execute("ROLLBACK")
    assert Store(db).get_item("AI-1").owner == "Alice"


def test_a_store_from_a_newer_tracker_is_refused(tmp_path: Path) -> None:
    db = filled(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    code, out = run(db, "list")
    assert code == 2 and "newer" in out and "upgrade tracker" in out


def test_old_stores_migrate_forward_after_a_copy_is_set_aside(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO meta (key, value) VALUES ('next_item', '0')")
    conn.commit()
    conn.close()
    store = Store(db)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    indexes = {r[1] for r in store.conn.execute("PRAGMA index_list('links')")}
    assert "links_key" in indexes
    aside = tmp_path / "old.db.v1.bak"
    assert aside.exists() and sqlite3.connect(aside).execute("PRAGMA user_version").fetchone()[0] == 1
    assert integrity_problems(store.conn) == []


def test_disk_full_during_a_write_leaves_the_store_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = filled(tmp_path)
    store = Store(db)
    real_put: Callable[..., None] = store.put_item
    calls = {"n": 0}

    def full(item: object) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise sqlite3.OperationalError("database or disk is full")
        real_put(item)

    monkeypatch.setattr(store, "put_item", full)
    with pytest.raises(StoreError, match="disk is full"):
        add_postmortem(store, [new_item("Rotate the keys", 0), new_item("Add alerts", 1), new_item("Drill", 2)])
    assert [i.text for i in Store(db).items(statuses=None)] == ["Rotate the keys"]


def test_the_store_file_is_private(tmp_path: Path) -> None:
    db = filled(tmp_path)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
