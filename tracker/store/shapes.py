"""The shapes the store's code is typed against (for mypy only: imported under TYPE_CHECKING, so
defining these Protocols costs the read commands nothing at start-up)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any, Protocol


class Rows(Protocol):
    """A query's result (sqlite3's cursor and psycopg's alike)."""

    @property
    def description(self) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def fetchmany(self, size: int = ..., /) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """What the store's SQL runs on: a `sqlite3.Connection`, or `tracker.store.pg.PgConnection`."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Rows: ...

    def executemany(self, sql: str, parameters: Any, /) -> Any: ...

    def close(self) -> None: ...


class Dialect(Protocol):
    """Where the backends differ; every other statement is shared."""

    name: str  # "sqlite" or "postgresql"
    no_index: str  # put before a column so the planner does not pick its index (SQLite's unary +)
    same: str  # null-safe equality (`IS` on SQLite)
    for_update: str  # what locks the rows a SELECT reads until the transaction ends (SQLite: its write lock does)

    def transaction(self, conn: Any, where: str) -> AbstractContextManager[Any]: ...

    def sync_lock(self, conn: Any, where: str) -> AbstractContextManager[None]: ...

    def integrity_problems(self, conn: Any) -> list[str]: ...

    def snapshot(self, conn: Any) -> AbstractContextManager[None]:
        """Reads inside see one moment of the store (what `export` writes)."""
        ...

    def schema_version(self, conn: Any) -> int: ...

    def server(self, conn: Any) -> str | None: ...
