"""The SQLite file: opening it, its schema and forward migrations, transactions, the sync lock.

`MIGRATIONS` is the one list both backends migrate forward from (PostgreSQL: `tracker.store.pg`).
A step is SQL in the common dialect (`tracker.store.dialect`), a `{"sqlite": ..., "postgresql":
...}` dict where the dialects differ, or a function of the connection that writes through `?`
statements. Each step runs inside the migration's one transaction.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, TypeAlias

from tracker.errors import LockedError, StoreError

if TYPE_CHECKING:
    from tracker.store.shapes import Connection, Dialect

#: One schema step: shared SQL, SQL per dialect name, or a function of the connection.
Migration: TypeAlias = "str | dict[str, str] | Callable[[Connection], None]"


def _relative_sources(conn: Connection) -> None:
    """Postmortems were keyed by absolute path; name each by its path relative to its root instead.

    The root is the git work tree holding the file when it is still there, else the folder it
    lies in (what `tracker extract FOLDER` names it by); a clash keeps one more parent folder.
    """
    from tracker.sources import git_root

    rows = conn.execute("SELECT id, source FROM postmortems ORDER BY id").fetchall()
    taken = {source for _, source in rows}
    for pm_id, source in rows:
        path = PurePath(source)
        if not path.is_absolute():
            continue
        root = git_root(Path(path.parent)) if Path(path.parent).is_dir() else None
        parts = path.relative_to(root).parts if root is not None else path.parts[-1:]
        depth = len(parts)
        relative = PurePath(*parts).as_posix()
        while relative in taken and depth < len(path.parts) - 1:
            depth += 1
            relative = PurePath(*path.parts[-depth:]).as_posix()
        if relative in taken:
            continue  # nothing shorter is free: keep the old name
        taken.discard(source)
        taken.add(relative)
        conn.execute("UPDATE postmortems SET source = ? WHERE id = ?", (relative, pm_id))


MIGRATIONS: list[Migration] = [
    # 1: the first schema
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE postmortems (
        id TEXT PRIMARY KEY, title TEXT NOT NULL, source TEXT NOT NULL, content_hash TEXT NOT NULL,
        incident_date TEXT, review_date TEXT, services TEXT NOT NULL DEFAULT '[]', impact TEXT,
        url TEXT, target TEXT, imported TEXT
    );
    CREATE UNIQUE INDEX postmortems_source ON postmortems(source);
    CREATE TABLE items (
        id TEXT PRIMARY KEY, num INTEGER NOT NULL UNIQUE,
        postmortem_id TEXT NOT NULL REFERENCES postmortems(id),
        text TEXT NOT NULL, category TEXT, section TEXT, owner TEXT, owner_key TEXT,
        due TEXT, due_derived INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL, priority TEXT,
        labels TEXT NOT NULL DEFAULT '[]', position INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL, updated TEXT NOT NULL, edited_fields TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX items_owner ON items(owner_key, status, due);
    CREATE INDEX items_status ON items(status, due);
    CREATE INDEX items_postmortem ON items(postmortem_id, position);
    CREATE TABLE links (
        item_id TEXT NOT NULL REFERENCES items(id), target TEXT NOT NULL, state TEXT NOT NULL,
        key TEXT, url TEXT, remote_updated TEXT, synced_at TEXT, remote_assigned INTEGER,
        warning TEXT, base TEXT,
        PRIMARY KEY (item_id, target)
    );
    CREATE INDEX links_target ON links(target, state);
    CREATE TABLE cursors (target TEXT PRIMARY KEY, last_sync TEXT NOT NULL);
    CREATE TABLE conflicts (
        item_id TEXT NOT NULL REFERENCES items(id), target TEXT NOT NULL, field TEXT NOT NULL,
        local TEXT, remote TEXT, detected TEXT NOT NULL,
        PRIMARY KEY (item_id, target, field)
    );
    """,
    # 2: find a link by its remote key (adopt, broken-link reports)
    """
    CREATE INDEX links_key ON links(target, key);
    """,
    # 3: the fields a remote update is pushing, until it is confirmed (a crash mid-update is finished)
    """
    ALTER TABLE links ADD COLUMN pushing TEXT;
    """,
    # 4: a postmortem is known by its path relative to a root, not where the file lay
    _relative_sources,
    # 5: the review step: how sure the extractor was and why, and why an item was rejected
    """
    ALTER TABLE items ADD COLUMN confidence REAL;
    ALTER TABLE items ADD COLUMN reasons TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE items ADD COLUMN status_reason TEXT;
    """,
    # 6: where the document says an item's work is tracked already, and the links made through it
    """
    ALTER TABLE items ADD COLUMN ticket TEXT;
    ALTER TABLE links ADD COLUMN by_ticket INTEGER NOT NULL DEFAULT 0;
    """,
    # 7: `tracker status` counts the items done lately per owner from the index alone
    """
    CREATE INDEX items_status_updated ON items(status, updated, owner_key);
    """,
    # 8: one record on several trackers: a postmortem's targets (a JSON list; `target` keeps the
    # first, as before), and an item's own (NULL: its postmortem's)
    """
    ALTER TABLE postmortems ADD COLUMN targets TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE items ADD COLUMN targets TEXT;
    """,
    # 9: the twins an issue names (its item's issues on the other targets), as last written there
    """
    ALTER TABLE links ADD COLUMN twins TEXT;
    """,
    # 10: reminders: what was sent to whom, when, by which channel, and the item's state then
    # (`fingerprint`: a changed item is reminded of again); Slack user ids looked up by email
    """
    CREATE TABLE reminders (
        item_id TEXT NOT NULL REFERENCES items(id), recipient TEXT NOT NULL, channel TEXT NOT NULL,
        address TEXT NOT NULL, sent_at TEXT NOT NULL, fingerprint TEXT NOT NULL,
        PRIMARY KEY (item_id, recipient, channel, sent_at)
    );
    CREATE INDEX reminders_sent ON reminders(sent_at);
    CREATE TABLE slack_users (email TEXT PRIMARY KEY, user_id TEXT NOT NULL, looked_up TEXT NOT NULL);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def run_step(conn: Connection, step: Migration, dialect: str, adapt: Callable[[str], str] = str) -> None:
    """One migration step on `conn`, in the SQL of `dialect` (`adapt` rewrites each statement)."""
    if callable(step):
        step(conn)
        return
    sql = step if isinstance(step, str) else step[dialect]
    for statement in sql.split(";"):
        if statement.strip():
            conn.execute(adapt(statement))


def open_db(path: Path) -> sqlite3.Connection:
    """Open (creating when absent) and migrate the store; StoreError for anything unusable."""
    new = not path.exists()
    if new:
        _create_private(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=10.0, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a tracker store ({exc}); move it aside or pass another --db") from None
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreError(
            f"{path}: store schema version {version} is newer than this tracker knows ({SCHEMA_VERSION}); "
            "upgrade tracker"
        )
    if version < SCHEMA_VERSION:
        _migrate(conn, path, version, backup=not new and version > 0)
    return conn


def _create_private(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the store ({exc.strerror})") from None


def _migrate(conn: sqlite3.Connection, path: Path, version: int, *, backup: bool) -> None:
    if backup:
        aside = path.with_name(f"{path.name}.v{version}.bak")
        shutil.copy2(path, aside)
    try:
        conn.execute("BEGIN IMMEDIATE")
        for number in range(version, SCHEMA_VERSION):
            run_step(conn, MIGRATIONS[number], "sqlite")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        conn.execute("ROLLBACK")
        raise StoreError(f"{path}: migration to schema {SCHEMA_VERSION} failed ({exc})") from None


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """One write transaction: everything inside commits together or not at all."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise StoreError(f"{path}: store is busy or read-only ({exc}); try again") from None
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        conn.execute("ROLLBACK")
        raise StoreError(f"{path}: could not save ({exc}); nothing was changed") from None


@contextlib.contextmanager
def sync_lock(path: Path) -> Iterator[None]:
    """An exclusive, non-blocking lock beside the store; LockedError when another sync holds it."""
    import fcntl

    lock_path = path.with_name(path.name + ".lock")
    fd = os.open(lock_path, os.O_CREAT | os.O_RDWR, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockedError(f"another tracker sync is running on {path}; try again when it ends") from None
        yield
    finally:
        os.close(fd)


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("PRAGMA integrity_check").fetchall()
    problems = [r[0] for r in rows if r[0] != "ok"]
    problems += [f"foreign key: {r}" for r in conn.execute("PRAGMA foreign_key_check").fetchall()]
    return problems


class SqliteDialect:
    """The SQLite side of `tracker.store.dialect.Dialect`."""

    name = "sqlite"
    no_index = "+"
    same = "IS"
    for_update = ""  # BEGIN IMMEDIATE holds the whole file's write lock already

    def transaction(self, conn: Any, where: str) -> contextlib.AbstractContextManager[Any]:
        return transaction(conn, Path(where))

    def sync_lock(self, conn: Any, where: str) -> contextlib.AbstractContextManager[None]:
        return sync_lock(Path(where))

    def integrity_problems(self, conn: Any) -> list[str]:
        return integrity_problems(conn)

    def snapshot(self, conn: Any) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()  # (as before: each table read as it stands)

    def schema_version(self, conn: Any) -> int:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def server(self, conn: Any) -> str | None:
        return None


SQLITE = SqliteDialect()


def dialect_of(conn: Connection) -> Dialect:
    """The dialect of a store connection (a PostgreSQL one names its own)."""
    found: Dialect = getattr(conn, "dialect", SQLITE)
    return found
