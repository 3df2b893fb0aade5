"""The store of postmortems and action items: one class for both backends (SQLite, PostgreSQL)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.errors import InputError, NotFoundError, StoreError
from tracker.model import ActionItem, Postmortem, Status
from tracker.reextract.plan import Create, DocumentPlan
from tracker.store import db
from tracker.store.connect import open_connection, shown
from tracker.store.dialect import upsert
from tracker.store.reminders import ReminderTables
from tracker.store.rows import (
    ITEM_COLUMNS,
    LINK_COLUMNS,
    POSTMORTEM_COLUMNS,
    item_from_row,
    item_values,
    link_from_row,
    owner_key,
    postmortem_from_row,
    postmortem_values,
)
from tracker.store.sync_state import SyncTables
from tracker.store.views import ITEM_ORDER as ITEM_ORDER
from tracker.store.views import ItemSort as ItemSort
from tracker.store.views import item_filter, item_ref, not_found

#: Fields a person may change through the CLI; such edits survive re-extraction.
EDITABLE = ("text", "owner", "due", "status", "priority", "labels")


@dataclass
class ImportResult:
    postmortem: Postmortem
    ids: list[str] = field(default_factory=list)  # the document's items, in document order
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    proposed: list[str] = field(default_factory=list)  # the document's items now waiting for review


class Store:
    """All reads and writes of the store (an SQLite file, or a PostgreSQL database by its URL).
    Writes happen inside `transaction()`."""

    def __init__(self, location: Path | str, *, password: str | None = None) -> None:
        self.path = shown(location)  # (a URL without its password)
        self.conn = open_connection(location, password)
        self.dialect = db.dialect_of(self.conn)
        self.sync_state = SyncTables(self.conn)
        self.reminders = ReminderTables(self.conn)

    def close(self) -> None:
        self.conn.close()

    def sync_lock(self) -> contextlib.AbstractContextManager[None]:
        """The exclusive lock one sync holds (LockedError while another one does)."""
        return self.dialect.sync_lock(self.conn, str(self.path))

    def integrity_problems(self) -> list[str]:
        """What the backend's checks find (SQLite: integrity and foreign keys; PostgreSQL: server
        version, this user's rights on every table, invalid indexes); nothing: a sound store."""
        return self.dialect.integrity_problems(self.conn)

    @property
    def schema_version(self) -> int:
        return self.dialect.schema_version(self.conn)

    @property
    def server(self) -> str | None:
        """The database server and its version (None: SQLite, in this process)."""
        return self.dialect.server(self.conn)

    def restore(self, lines: Iterable[str], source: str, check_base: Callable[[str], object]) -> dict[str, int]:
        """Restore an export (its lines) into this empty store; rows restored per table.
        `check_base` reads a link's last-synced fields (ValueError for a bad one)."""
        from tracker.store.backup import import_lines

        return import_lines(self, lines, source, check_base)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        try:
            with self.dialect.transaction(self.conn, str(self.path)) as conn:
                yield conn
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {exc}; nothing was changed") from None

    # postmortems ------------------------------------------------------------------------------

    def postmortems(self, ids: Iterable[str] | None = None) -> dict[str, Postmortem]:
        """Every postmortem, or only those with these ids."""
        if ids is None:
            rows = self.conn.execute(f"SELECT {POSTMORTEM_COLUMNS} FROM postmortems ORDER BY id")
        else:
            wanted = sorted(set(ids))
            if not wanted:
                return {}
            marks = ",".join("?" * len(wanted)) if len(wanted) <= 500 else None
            rows = self.conn.execute(
                f"SELECT {POSTMORTEM_COLUMNS} FROM postmortems" + (f" WHERE id IN ({marks})" if marks else ""),
                wanted if marks else (),
            )
            if marks is None:  # many: one scan, kept to those wanted
                chosen = set(wanted)
                return {pm.id: pm for pm in map(postmortem_from_row, rows) if pm.id in chosen}
        return {pm.id: pm for pm in map(postmortem_from_row, rows)}

    def get_postmortem(self, ref: str) -> Postmortem:
        """The postmortem a person names: its id (`PM-3`, or `3`), its source path, or its title
        (case and spacing aside; a unique part of it will do). NotFoundError or an ambiguity message
        naming the candidates otherwise."""
        wanted = ref.strip()
        pm_id = f"PM-{wanted}" if wanted.isdigit() else wanted
        row = self.conn.execute(
            f"SELECT {POSTMORTEM_COLUMNS} FROM postmortems WHERE lower(id) = lower(?) OR source = ?",
            (pm_id, wanted.removeprefix("./")),
        ).fetchone()
        if row is not None:
            return postmortem_from_row(row)
        everything = list(self.postmortems().values())
        key = _title_key(wanted)
        for matches in (
            [pm for pm in everything if _title_key(pm.title) == key],
            [pm for pm in everything if key and key in _title_key(pm.title)],
        ):
            if len(matches) == 1:
                return matches[0]
            if matches:
                names = ", ".join(f"{pm.id} ({pm.title})" for pm in matches)
                raise NotFoundError(f"{ref!r} names several postmortems: {names}; give the id")
        raise NotFoundError(f"no postmortem {ref!r}; `tracker postmortems` lists them")

    def postmortem_by_source(self, source: str) -> Postmortem | None:
        row = self.conn.execute(f"SELECT {POSTMORTEM_COLUMNS} FROM postmortems WHERE source = ?", (source,)).fetchone()
        return postmortem_from_row(row) if row else None

    def postmortems_titled(self, title: str, incident_date: date | None) -> list[Postmortem]:
        """The postmortems with this title (case and spacing aside) and incident date."""
        rows = self.conn.execute(
            f"SELECT {POSTMORTEM_COLUMNS} FROM postmortems WHERE incident_date {self.dialect.same} ? ORDER BY id",
            (incident_date.isoformat() if incident_date else None,),
        )
        wanted = _title_key(title)
        return [pm for pm in map(postmortem_from_row, rows) if _title_key(pm.title) == wanted]

    def item_counts(self) -> dict[str, tuple[int, int]]:
        """Per postmortem id: (open or in progress items, all items)."""
        rows = self.conn.execute(
            "SELECT postmortem_id, sum(CASE WHEN status IN ('open', 'in_progress') THEN 1 ELSE 0 END), count(*) "
            "FROM items GROUP BY postmortem_id"
        )
        return {pm_id: (open_, total) for pm_id, open_, total in rows}

    def put_postmortem(self, pm: Postmortem) -> None:
        self.conn.execute(
            _PUT_POSTMORTEM,
            postmortem_values(pm),
        )

    def next_postmortem_id(self) -> str:
        return f"PM-{self._bump('next_postmortem')}"

    def next_item_id(self) -> str:
        return f"AI-{self._bump('next_item')}"

    def raise_item_counter(self, at_least: int) -> None:
        """The next item id is above `at_least` (call inside a transaction)."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'next_item'").fetchone()
        if row is None or int(row[0]) < at_least:
            self.conn.execute(_PUT_META, ("next_item", str(at_least)))

    # items ------------------------------------------------------------------------------------

    def get_item(self, item_id: str) -> ActionItem:
        """The item `AI-12` (or `ai-12`, or `12`); NotFoundError otherwise."""
        row = self.conn.execute(f"SELECT {ITEM_COLUMNS} FROM items WHERE id = ?", (item_ref(item_id),)).fetchone()
        if row is None:
            raise not_found(item_id)
        return self._with_links([item_from_row(row)])[0]

    def items(
        self,
        *,
        owners: Iterable[str] | None = None,
        statuses: Iterable[Status] | None = None,
        postmortem_id: str | None = None,
        due_before: date | None = None,
        sort: ItemSort = "id",
        limit: int | None = None,
        with_links: bool = True,
    ) -> list[ActionItem]:
        """Items matching every filter given, in `sort` order (undated last), at most `limit`."""
        clause, args = item_filter(
            owners=owners, statuses=statuses, postmortem_id=postmortem_id, due_before=due_before, sort=sort, limit=limit
        )
        rows = self.conn.execute(f"SELECT {ITEM_COLUMNS} FROM items {clause}", args)
        found = [item_from_row(r) for r in rows]
        return self._with_links(found) if with_links else found

    def owners(self) -> list[str]:
        """Every owner name as stored (one spelling per person key)."""
        rows = self.conn.execute("SELECT min(owner) FROM items WHERE owner IS NOT NULL GROUP BY owner_key")
        return sorted(r[0] for r in rows)

    def put_item(self, item: ActionItem) -> None:
        """Insert or replace one item row (call inside a transaction)."""
        num = int(item.id.split("-", 1)[1])
        self.conn.execute(_PUT_ITEM, (*item_values(item), num, owner_key(item.owner)))

    def edit_item(self, item_id: str, changes: dict[str, object], now: datetime) -> ActionItem:
        """A person's edit: applied, marked as edited so re-extraction keeps it. Read and written in
        one transaction: a sync's pull committed meanwhile is not written over with stale fields."""
        with self.transaction():
            item = self.get_item(item_id)
            if changes.get("status") == Status.PROPOSED and item.status != Status.PROPOSED:
                raise InputError(f"{item.id} is {item.status.value}: an item never goes back to proposed")
            edited = sorted(set(item.edited_fields) | {k for k in changes if k in EDITABLE})
            if "status" in changes:
                changes = {**changes, "status_reason": None}  # a person's status needs no other reason
            updated = item.model_copy(update={**changes, "edited_fields": edited, "updated": now})
            self.put_item(updated)
        return updated

    def apply_document(self, pm: Postmortem, plan: DocumentPlan, now: datetime) -> ImportResult:
        """Store a (re-)extracted document as `tracker.reextract.plan_document` planned it, in one
        transaction; a postmortem without an id gets the next one."""
        with self.transaction():
            if not pm.id:
                pm = pm.model_copy(update={"id": self.next_postmortem_id()})
            result = ImportResult(pm)
            self.put_postmortem(pm)
            for step in plan.items:
                if isinstance(step, Create):
                    self._create(pm, step, now, result)
                    continue
                old = step.old
                result.ids.append(old.id)
                if step.changes or step.notes:
                    moved = {"updated": now} if step.changes else {}
                    self.put_item(old.model_copy(update={**step.changes, **step.notes, **moved}))
                (result.updated if step.changes else result.unchanged).append(old.id)
                if step.proposed:
                    result.proposed.append(old.id)
            for gone in plan.removals:
                self.put_item(gone.old.model_copy(update={**gone.changes, "updated": now}))
                result.removed.append(gone.old.id)
        return result

    def _create(self, pm: Postmortem, step: Create, now: datetime, result: ImportResult) -> None:
        item_id = self.next_item_id()
        item = ActionItem.model_validate(
            {**step.values, "id": item_id, "postmortem_id": pm.id, "created": now, "updated": now}
        )
        self.put_item(item)
        result.created.append(item_id)
        result.ids.append(item_id)
        if item.status == Status.PROPOSED:
            result.proposed.append(item_id)

    def _bump(self, counter: str) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (counter,)).fetchone()
        value = int(row[0]) + 1 if row else 1
        self.conn.execute(_PUT_META, (counter, str(value)))
        return value

    def _with_links(self, items: list[ActionItem]) -> list[ActionItem]:
        if not items:
            return items
        by_id = {i.id: i for i in items}
        rows: Iterable[tuple[object, ...]]
        if len(items) <= 500:
            rows = self.conn.execute(
                f"SELECT {LINK_COLUMNS} FROM links WHERE item_id IN ({','.join('?' * len(items))})",
                list(by_id),
            )
        else:
            rows = self.conn.execute(f"SELECT {LINK_COLUMNS} FROM links")
        for row in rows:
            item_id, link = link_from_row(row)
            if item_id in by_id:
                by_id[item_id].links[link.target] = link
        return items


_PUT_POSTMORTEM = upsert("postmortems", POSTMORTEM_COLUMNS, "id")
_PUT_ITEM = upsert("items", f"{ITEM_COLUMNS}, num, owner_key", "id")
_PUT_META = upsert("meta", "key, value", "key")


def _title_key(title: str) -> str:
    return " ".join(title.lower().split())


if TYPE_CHECKING:
    from tracker.store.protocol import StoreFacade
    from tracker.store.shapes import Connection

    def _implements_the_facade(store: Store) -> StoreFacade:
        return store  # mypy checks here that `Store` has every method of the façade
