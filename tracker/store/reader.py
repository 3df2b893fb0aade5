"""The store's door for the lean read commands (`list`, `show`, `status`, `export`, `report`).

`Store` (the records, pydantic) is what writes and what the sync reads; these commands read plain
rows instead and must start fast, so they come in here: a `Reader` over the store's connection,
with the view types they print. Nothing here writes, and nothing imports pydantic.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from tracker.errors import StoreError
from tracker.store import db, queries, views
from tracker.store.dialect import is_url as is_url
from tracker.store.dialect import url_password as url_password
from tracker.store.queries import ItemRow as ItemRow
from tracker.store.queries import LinkInfo as LinkInfo
from tracker.store.queries import OpenItem as OpenItem
from tracker.store.queries import OwnerCounts as OwnerCounts
from tracker.store.reminders import LastSent as LastSent
from tracker.store.reminders import SentReminder as SentReminder
from tracker.store.views import ItemFilters as ItemFilters
from tracker.store.views import ItemSort as ItemSort
from tracker.store.views import ItemView as ItemView
from tracker.store.views import LinkView as LinkView
from tracker.store.views import PostmortemView as PostmortemView

if TYPE_CHECKING:
    import sqlite3

    from tracker.store.shapes import Connection


class Reader:
    """Read-only queries over one store connection (the `Store`'s own when that is open)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    @classmethod
    def open(cls, location: Path | str, password: str | None = None) -> Reader:
        """The store at `location`, a file or a PostgreSQL URL (created and migrated when absent);
        StoreError when unusable."""
        from tracker.store.connect import open_connection

        return cls(open_connection(location, password))

    def close(self) -> None:
        self.conn.close()

    def items(self, filters: ItemFilters) -> Iterator[ItemView]:
        """The items the filters select, in their order, read in batches (flat memory)."""
        return views.items(self.conn, **filters._asdict())

    def item(self, item_id: str) -> ItemView:
        """One item by its id (`AI-12`, `ai-12`, `12`); NotFoundError naming it."""
        return views.get_item(self.conn, item_id)

    def reminders(self, item_id: str) -> list[SentReminder]:
        """The reminders the item (`AI-12`, `ai-12`, `12`) was in, oldest first."""
        from tracker.store.reminders import for_item

        return for_item(self.conn, views.item_ref(item_id))

    def item_lines(self, filters: ItemFilters, names: Mapping[str, str]) -> Iterator[str] | None:
        """Each selected item as one line of JSON, written by SQLite (owners named through
        `names`: owner key -> `[people]` name); None when this SQLite has no JSON functions, and
        on PostgreSQL (whose JSON text differs: the items are encoded in Python)."""
        if db.dialect_of(self.conn).name != "sqlite":
            return None
        from tracker.store.json_items import has_json_functions, json_items

        lite = cast("sqlite3.Connection", self.conn)
        return json_items(lite, filters, names) if has_json_functions(lite) else None

    def owner_keys(self) -> list[str]:
        """Every distinct owner key (normalised owner name) in the store."""
        return queries.owner_keys(self.conn)

    def spellings(self, keys: Iterable[str]) -> dict[str, str]:
        """One stored spelling of each owner key."""
        return queries.spellings(self.conn, keys)

    def owner_spellings(self) -> dict[str, str]:
        """One stored spelling of every owner key."""
        return queries.owner_spellings(self.conn)

    # what `status` and `report` count and list (`tracker.store.queries`) --------------------

    def owner_counts(
        self, as_of: date, due_soon_days: int, done_days: int, keys: Collection[str | None] | None = None
    ) -> list[OwnerCounts]:
        return queries.owner_counts(self.conn, as_of, due_soon_days, done_days, keys=keys)

    def proposed_count(self) -> int:
        return queries.proposed_count(self.conn)

    def open_items(self, keys: Collection[str | None]) -> list[OpenItem]:
        return queries.open_items(self.conn, keys)

    def active_rows(
        self, keys: Collection[str | None] | None = None, postmortem_id: str | None = None
    ) -> list[ItemRow]:
        return queries.active_rows(self.conn, keys=keys, postmortem_id=postmortem_id)

    def postmortems(self) -> dict[str, PostmortemView]:
        return queries.postmortems(self.conn)

    def export_lines(self) -> Iterator[str]:
        """Every row of the store as one JSON line, in dependency order (what `import` reads)."""
        from tracker.store.export import export_rows

        return export_rows(self.conn)


_SQLITE_HEADER = b"SQLite format 3\x00"


def check_store_file(path: Path, source: str) -> Path:
    """The store file `source` names, or StoreError, before anything opens it: a folder (`--db ''`
    is the current one: nothing could open it, and the sync lock beside it has no name), or a file
    that is no SQLite database (SQLite takes a file shorter than its header, like a 1-byte text
    file, for an empty database and writes a store over it). An empty file is an empty store."""
    if path.is_dir():
        raise StoreError(f"{source}: {path} is a folder; name the store file in it (e.g. {path / 'tracker.db'})")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return path  # created on first use
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the store ({exc.strerror})") from None
    if head and head != _SQLITE_HEADER:
        raise StoreError(f"{path}: not a tracker store (file is not a database); move it aside or pass another --db")
    return path
