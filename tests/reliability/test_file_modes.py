"""Files the tool writes hold the user's data: readable by the user only (0600), whatever the umask.

The store, its -wal and -shm files and the sync lock, an export (new, or written over an older
file), a restored store, the migration backup and the memory target's JSON.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.reliability.scenario import write_doc
from tests.support import add_postmortem, new_item
from tracker.cli.app import _register, app
from tracker.store import Store
from tracker.store.db import MIGRATIONS

PRIVATE = 0o600


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def permissive_umask() -> Iterator[None]:
    old = os.umask(0o022)  # the usual default: without care, files come out 0644
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def cli(tmp_path: Path) -> Callable[..., Result]:
    _register()
    (tmp_path / "config.toml").write_text(
        f'[sync]\ndefault_target = "demo"\n[targets.demo]\nkind = "memory"\npath = "{tmp_path / "issues.json"}"\n'
    )

    def run(*args: str, db: Path = tmp_path / "t.db") -> Result:
        return CliRunner().invoke(app, ["--db", str(db), "--config", str(tmp_path / "config.toml"), *args])

    return run


def test_the_store_its_journal_and_the_lock_are_private(cli: Callable[..., Result], tmp_path: Path) -> None:
    write_doc(tmp_path / "pm.md", 3)
    assert cli("extract", str(tmp_path / "pm.md")).exit_code == 0
    assert cli("sync").exit_code == 0
    store = Store(tmp_path / "t.db")  # held open: the -wal and -shm files exist while it is
    add_postmortem(store, [new_item("Rotate the keys", 0)], source="/pm/other.md")
    made = {p.name: mode(p) for p in tmp_path.iterdir() if p.name.startswith("t.db")}
    store.close()
    assert {"t.db", "t.db-wal", "t.db-shm", "t.db.lock"} <= set(made)
    assert made == dict.fromkeys(made, PRIVATE)


def test_exports_and_restored_stores_are_private(cli: Callable[..., Result], tmp_path: Path) -> None:
    write_doc(tmp_path / "pm.md", 3)
    cli("extract", str(tmp_path / "pm.md"))
    fresh, older = tmp_path / "backup.jsonl", tmp_path / "old-backup.jsonl"
    older.write_text("")
    older.chmod(0o644)  # a file from before: the export written over it must not stay readable by all
    for path in (fresh, older):
        assert cli("export", "--output", str(path)).exit_code == 0
        assert mode(path) == PRIVATE, path.name
    restored = tmp_path / "restored.db"
    assert cli("import", str(fresh), db=restored).exit_code == 0
    assert mode(restored) == PRIVATE


def test_the_memory_target_file_is_private(cli: Callable[..., Result], tmp_path: Path) -> None:
    write_doc(tmp_path / "pm.md", 3)
    cli("extract", str(tmp_path / "pm.md"))
    assert cli("sync").exit_code == 0
    assert mode(tmp_path / "issues.json") == PRIVATE
    (tmp_path / "issues.json").chmod(0o644)
    cli("edit", "AI-1", "--owner", "Bob")
    assert cli("sync").exit_code == 0
    assert mode(tmp_path / "issues.json") == PRIVATE


def test_the_migration_backup_is_as_private_as_the_store(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    fd = os.open(db, os.O_CREAT | os.O_WRONLY, PRIVATE)
    os.close(fd)
    conn = sqlite3.connect(db)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    Store(db).close()
    assert mode(tmp_path / "old.db.v1.bak") == PRIVATE
