"""Opening the store a location names: an SQLite file, or a PostgreSQL database by its URL."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tracker.store import db
from tracker.store.dialect import is_url, scrub

if TYPE_CHECKING:
    from tracker.store.shapes import Connection


def open_connection(location: Path | str, password: str | None = None) -> Connection:
    """The store's connection, migrated forward (`password`: `[store] password_env`'s, PostgreSQL only)."""
    if is_url(location):
        from tracker.store.pg import open_pg  # psycopg is loaded for a PostgreSQL store only

        return open_pg(str(location), password)
    return db.open_db(Path(location))


def shown(location: Path | str) -> Path | str:
    """How messages name the store: its path, or its URL without the password."""
    return scrub(location) if isinstance(location, str) and is_url(location) else Path(location)
