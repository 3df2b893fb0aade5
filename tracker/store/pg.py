"""The PostgreSQL store: a psycopg 3 connection that runs the store's shared SQL, its forward
migrations, write transactions and the sync lock. Imported only for a `postgresql://` store, so
SQLite commands never load psycopg.

- Every write transaction first takes a transaction-scoped advisory lock: writers take turns, as on
  SQLite (`BEGIN IMMEDIATE`), so a sync's "was this item edited since I planned?" check and its write
  are one step that no `tracker edit` can come between. Readers never wait.
- The sync lock is a session advisory lock: one sync per store; a second one fails at once
  (LockedError, exit 2) as on SQLite, and a crashed one releases it with its connection.
- Migrations run in one transaction under their own advisory lock; the version lives in
  `tracker_schema`. Two processes starting at once: one migrates, the other waits, then finds the
  schema current.
- A lost connection is a one-line StoreError; the transaction it cut is rolled back by the server.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import psycopg

from tracker.errors import LockedError, StoreError
from tracker.store.db import MIGRATIONS, SCHEMA_VERSION, run_step
from tracker.store.dialect import QueryRefused, scrub, url_password
from tracker.store.export import TABLES

if TYPE_CHECKING:
    from tracker.store.shapes import Rows

_KEYS = 1953655666  # the advisory-lock namespace ("trkr"); the second key says which lock
_MIGRATE, _WRITE, _SYNC = 1, 2, 3
#: Oldest server supported (ON CONFLICT, to_regclass and the rest are older still).
MIN_SERVER = 120000
_CURSORS = itertools.count(1)
_TABLES = (*TABLES, "tracker_schema")  # every table this user must read and write


@lru_cache(maxsize=512)
def pg_sql(sql: str) -> str:
    """The store's `?` SQL in psycopg's `%s` style (`%` doubled; string literals left alone)."""

    def swap(match: re.Match[str]) -> str:
        token = match.group(0)
        return "%s" if token == "?" else token.replace("%", "%%")

    return re.sub(r"'(?:[^']|'')*'|\?|%", swap, sql)


def pg_ddl(statement: str) -> str:
    """A shared migration statement for PostgreSQL: REAL is single precision there, and text
    compares byte by byte (collation "C"), as SQLite's does, so every ORDER BY agrees."""
    statement = re.sub(r"\bREAL\b", "DOUBLE PRECISION", statement)
    return re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', statement)


class PgConnection:
    """A psycopg connection in autocommit mode (transactions are explicit), shaped like sqlite3's."""

    def __init__(self, raw: psycopg.Connection[Any], where: str, secret: str | None) -> None:
        self.raw = raw
        self.where = where  # the URL without its password
        self.secret = secret
        self.dialect = POSTGRESQL

    def execute(self, sql: str, parameters: Any = (), /) -> Rows:
        try:
            return self.raw.execute(pg_sql(sql), tuple(parameters))
        except psycopg.Error as exc:
            raise self.error(exc) from None

    def executemany(self, sql: str, parameters: Any, /) -> None:
        try:
            with self.raw.cursor() as cursor:
                cursor.executemany(pg_sql(sql), [tuple(p) for p in parameters])
        except psycopg.Error as exc:
            raise self.error(exc) from None

    def close(self) -> None:
        self.raw.close()

    @contextlib.contextmanager
    def streaming(self, sql: str, parameters: Any = ()) -> Iterator[Rows]:
        """A server-side cursor (in a read-only transaction of its own unless one is open): rows
        come `BATCH` at a time, never all at once."""
        own = self.raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        if own:
            self.execute("BEGIN READ ONLY")
        try:
            with self.raw.cursor(name=f"tracker_{next(_CURSORS)}") as cursor:
                cursor.itersize = 500
                cursor.execute(pg_sql(sql), tuple(parameters))
                yield cursor
        except psycopg.Error as exc:
            raise self.error(exc) from None
        finally:
            if own:
                self.rollback()  # (read only: nothing to keep)

    def error(self, exc: psycopg.Error) -> StoreError:
        """One line, no password: lost connection, busy store, or a refused statement."""
        text = self.shown(str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__)
        if self.raw.broken or self.raw.closed:
            return StoreError(
                f"{self.where}: lost the connection to the store ({text}); "
                "its unfinished write was not saved: run the command again"
            )
        if isinstance(exc, psycopg.errors.LockNotAvailable | psycopg.errors.QueryCanceled):
            return StoreError(f"{self.where}: store is busy ({text}); try again")
        return QueryRefused(f"{self.where}: {text}")

    def shown(self, text: str) -> str:
        return text.replace(self.secret, "***") if self.secret else text

    def rollback(self) -> None:
        with contextlib.suppress(psycopg.Error, StoreError):
            self.raw.execute("ROLLBACK")

    @contextlib.contextmanager
    def locked_transaction(self, lock: int) -> Iterator[PgConnection]:
        """BEGIN, the advisory lock `lock` for the transaction, COMMIT (ROLLBACK on any error)."""
        self.execute("BEGIN")
        try:
            self.execute("SELECT pg_advisory_xact_lock(?, ?)", (_KEYS, lock))
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.execute("COMMIT")
        except StoreError:
            self.rollback()
            raise


class PgDialect:
    """The PostgreSQL side of `tracker.store.dialect.Dialect`."""

    name = "postgresql"
    no_index = ""
    same = "IS NOT DISTINCT FROM"
    for_update = " FOR UPDATE"

    def transaction(self, conn: PgConnection, where: str) -> contextlib.AbstractContextManager[PgConnection]:
        return conn.locked_transaction(_WRITE)

    @contextlib.contextmanager
    def sync_lock(self, conn: PgConnection, where: str) -> Iterator[None]:
        if not conn.execute("SELECT pg_try_advisory_lock(?, ?)", (_KEYS, _SYNC)).fetchone()[0]:
            raise LockedError(f"another tracker sync is running on {where}; try again when it ends")
        try:
            yield
        finally:
            with contextlib.suppress(StoreError):
                conn.execute("SELECT pg_advisory_unlock(?, ?)", (_KEYS, _SYNC))

    def integrity_problems(self, conn: PgConnection) -> list[str]:
        """An old server, a table this user may not read and write, an invalid index or constraint."""
        problems: list[str] = []
        number = int(conn.execute("SHOW server_version_num").fetchone()[0])
        if number < MIN_SERVER:
            problems.append(f"PostgreSQL {self.server(conn)} is older than 12; upgrade the server")
        user = conn.execute("SELECT current_user").fetchone()[0]
        for (table,) in conn.execute(  # (has_table_privilege of a list is true when *any* of it is held)
            "SELECT t FROM unnest(?::text[]) AS t WHERE to_regclass(t) IS NULL OR NOT ("
            + " AND ".join(f"has_table_privilege(t, '{right}')" for right in ("SELECT", "INSERT", "UPDATE", "DELETE"))
            + ")",
            (list(_TABLES),),
        ):
            problems.append(f"user {user} may not read and write table {table} (GRANT SELECT, INSERT, UPDATE, DELETE)")
        for (name,) in conn.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND NOT i.indisvalid"
        ):
            problems.append(f"index {name} is invalid (REINDEX it)")
        for (name,) in conn.execute(
            "SELECT conname FROM pg_constraint WHERE connamespace = current_schema()::regnamespace AND NOT convalidated"
        ):
            problems.append(f"constraint {name} is not validated")
        return problems

    @contextlib.contextmanager
    def snapshot(self, conn: PgConnection) -> Iterator[None]:
        """One REPEATABLE READ, read-only transaction: every table as of the same moment, while others write."""
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield
        finally:
            conn.rollback()

    def schema_version(self, conn: PgConnection) -> int:
        return _version(conn)

    def server(self, conn: PgConnection) -> str | None:
        version = str(conn.execute("SHOW server_version").fetchone()[0]).split()[0]
        return f"PostgreSQL {version}"


POSTGRESQL = PgDialect()


def open_pg(url: str, password: str | None = None) -> PgConnection:
    """Connect (libpq reads PGPASSWORD and ~/.pgpass; `password` is `[store] password_env`'s) and
    migrate forward; StoreError, without the password, for anything unusable."""
    where = scrub(url)
    secret = password or url_password(url)
    extra: dict[str, Any] = {"password": password} if password else {}
    try:
        raw = psycopg.connect(url, autocommit=True, connect_timeout=10, application_name="tracker", **extra)
    except psycopg.Error as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[-1]
        shown = first.replace(secret, "***") if secret else first
        raise StoreError(f"{where}: cannot connect to the store ({shown})") from None
    conn = PgConnection(raw, where, secret)
    conn.execute("SET lock_timeout = '60s'")
    _migrate(conn)
    return conn


def _version(conn: PgConnection) -> int:
    if conn.execute("SELECT to_regclass('tracker_schema')").fetchone()[0] is None:
        return 0
    row = conn.execute("SELECT version FROM tracker_schema").fetchone()
    return int(row[0]) if row else 0


def _migrate(conn: PgConnection) -> None:
    version = _version(conn)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{conn.where}: store schema version {version} is newer than this tracker knows ({SCHEMA_VERSION}); "
            "upgrade tracker"
        )
    if version == SCHEMA_VERSION:
        return
    try:
        with conn.locked_transaction(_MIGRATE):
            conn.execute("CREATE TABLE IF NOT EXISTS tracker_schema (version INTEGER NOT NULL)")
            version = _version(conn)  # another process may have migrated while this one waited
            for number in range(version, SCHEMA_VERSION):
                run_step(conn, MIGRATIONS[number], "postgresql", pg_ddl)
            conn.execute("DELETE FROM tracker_schema")
            conn.execute("INSERT INTO tracker_schema (version) VALUES (?)", (SCHEMA_VERSION,))
    except QueryRefused as exc:
        raise StoreError(
            f"migration to schema {SCHEMA_VERSION} failed ({exc}); is this database another program's? "
            "pass another --db"
        ) from None
