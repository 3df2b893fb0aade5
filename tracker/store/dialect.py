"""What the two store backends (SQLite, PostgreSQL) share: the connection shape the store's SQL
runs on, the few places their dialects differ, and the SQL written once for both.

The store's SQL is written in the common dialect: `?` parameters (the PostgreSQL connection turns
them into `%s`), `INSERT ... ON CONFLICT (...) DO UPDATE` upserts (`upsert`), `CASE WHEN` instead
of summing booleans, `TRUE`/`FALSE`, an alias on every sub-select in FROM, and the column types
TEXT, INTEGER and REAL (DOUBLE PRECISION on PostgreSQL). What cannot be said once is a `Dialect`
attribute (`dialect_of(conn)`); the connection and dialect shapes are in `shapes.py`. No psycopg
here: SQLite commands never import it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.errors import StoreError

if TYPE_CHECKING:
    from tracker.store.shapes import Connection, Rows

URL_SCHEMES = ("postgresql://", "postgres://")


@contextmanager
def streamed(conn: Connection, sql: str, parameters: Any = ()) -> Iterator[Rows]:
    """The rows of a long read, fetched a batch at a time: SQLite's cursor does so already; on
    PostgreSQL a server-side cursor (`PgConnection.streaming`), so memory stays flat."""
    streaming = getattr(conn, "streaming", None)
    if streaming is None:
        yield conn.execute(sql, parameters)
        return
    with streaming(sql, parameters) as rows:
        yield rows


class QueryRefused(StoreError):
    """The database refused one statement (a constraint, a bad value); the connection is fine."""


def upsert(table: str, columns: str, key: str) -> str:
    """`INSERT ... ON CONFLICT (key) DO UPDATE` of every column: a whole row written over, on both backends."""
    names = [c.strip() for c in columns.split(",")]
    keys = {k.strip() for k in key.split(",")}
    sets = ", ".join(f"{c} = excluded.{c}" for c in names if c not in keys)
    action = f"DO UPDATE SET {sets}" if sets else "DO NOTHING"
    slots = ", ".join("?" * len(names))
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({slots}) ON CONFLICT ({key}) {action}"


def is_url(location: Path | str) -> bool:
    """Whether the store named is a PostgreSQL URL (else it is an SQLite file)."""
    return isinstance(location, str) and location.startswith(URL_SCHEMES)


def url_password(url: str) -> str | None:
    """The password a URL carries, in its user part or as `?password=`."""
    from urllib.parse import parse_qsl, urlsplit  # (URLs only: SQLite commands never need it)

    try:
        parts = urlsplit(url)
        given = parts.password
    except ValueError:
        return None
    query = dict(parse_qsl(parts.query))
    return given or query.get("password") or None


def scrub(url: str) -> str:
    """The URL to show: without its password (user part or `password=` option)."""
    import re
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
        host = parts.netloc.rpartition("@")[2]
        user = parts.username
    except ValueError:
        return re.sub(r"//[^@/]*@", "//***@", url)
    netloc = f"{user}@{host}" if user else host
    query = urlencode([(k, "***" if k == "password" else v) for k, v in parse_qsl(parts.query)])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
