"""The sync bookkeeping tables (links, last-synced values, conflicts, cursors), as plain values.

What the values mean belongs to the sync package (`tracker.sync.status` encodes its
`SyncFields` and conflict values to the JSON text kept here); the store only persists them.
Every method that writes runs inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tracker.store.db import dialect_of
from tracker.store.dialect import upsert
from tracker.store.rows import owner_key
from tracker.store.stamps import iso, to_datetime

if TYPE_CHECKING:
    from tracker.store.shapes import Connection


@dataclass(frozen=True, slots=True)
class StoredLink:
    item_id: str
    state: str  # a `LinkState` value
    key: str | None
    base: str | None  # the last-synced fields, as the sync package encoded them
    pushing: frozenset[str]  # fields of a remote update not confirmed yet
    assigned: bool | None  # whether the issue had an assignee at the last sync
    by_ticket: bool  # linked through the item's ticket
    twins: frozenset[str] = frozenset()  # the twins the issue names, as "target:key" (see `save_twins`)


@dataclass(frozen=True, slots=True)
class StoredTwin:
    """An item's issue on some target: what the item's issues on the other targets name."""

    item_id: str
    target: str
    key: str
    url: str


@dataclass(frozen=True, slots=True)
class StoredConflict:
    item_id: str
    target: str
    field: str
    local: str | None  # each side's value, as the sync package encoded it
    remote: str | None
    detected: datetime | None


class SyncTables:
    """The store's side of `tracker.store.protocol.SyncRecords` (the same SQL on both backends)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def links(self, target: str) -> dict[str, StoredLink]:
        rows = self.conn.execute(
            "SELECT item_id, state, key, base, pushing, remote_assigned, by_ticket, twins FROM links WHERE target = ?",
            (target,),
        )
        return {
            r[0]: StoredLink(
                r[0],
                r[1],
                r[2],
                r[3] or None,
                frozenset(json.loads(r[4])) if r[4] else frozenset(),
                None if r[5] is None else bool(r[5]),
                bool(r[6]),
                frozenset(json.loads(r[7])) if r[7] else frozenset(),
            )
            for r in rows
        }

    def twins(self, target: str) -> list[StoredTwin]:
        """The linked issues on every other target, of the items that have any."""
        rows = self.conn.execute(
            "SELECT item_id, target, key, coalesce(url, '') FROM links "
            "WHERE target != ? AND state = 'linked' AND key IS NOT NULL ORDER BY item_id, target",
            (target,),
        )
        return [StoredTwin(*row) for row in rows]

    def base(self, item_id: str, target: str) -> str | None:
        row = self.conn.execute("SELECT base FROM links WHERE item_id = ? AND target = ?", (item_id, target)).fetchone()
        return row[0] if row and row[0] else None

    def item_updated(self, item_id: str) -> datetime | None:
        """When the item last changed; on PostgreSQL its row is locked until the transaction ends
        (`SELECT ... FOR UPDATE`), so what the caller writes after checking it is never stale."""
        sql = f"SELECT updated FROM items WHERE id = ?{dialect_of(self.conn).for_update}"
        row = self.conn.execute(sql, (item_id,)).fetchone()
        return to_datetime(row[0]) if row else None

    def conflicted_fields(self, target: str) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {}
        for item_id, name in self.conn.execute("SELECT item_id, field FROM conflicts WHERE target = ?", (target,)):
            out.setdefault(item_id, set()).add(name)
        return {k: frozenset(v) for k, v in out.items()}

    def mark_pending(self, item_ids: Iterable[str], target: str) -> None:
        self.conn.executemany(
            "INSERT INTO links (item_id, target, state) VALUES (?, ?, 'pending') "
            "ON CONFLICT (item_id, target) DO UPDATE SET state = 'pending'",
            [(i, target) for i in item_ids],
        )

    def mark_pushing(self, item_id: str, target: str, names: Iterable[str]) -> None:
        """Before a remote update: the fields it pushes (none: confirmed). `save_link` clears it too."""
        names = sorted(names)
        self.conn.execute(
            "UPDATE links SET pushing = ? WHERE item_id = ? AND target = ?",
            (json.dumps(names) if names else None, item_id, target),
        )

    def save_link(
        self,
        item_id: str,
        target: str,
        *,
        key: str,
        url: str,
        remote_updated: datetime,
        base: str,
        assigned: bool,
        warning: str | None,
        now: datetime,
        by_ticket: bool | None = None,
    ) -> None:
        """Link the item to issue `key`; `by_ticket` None keeps what the link was made through.
        `pushing` is cleared (the write it guarded is confirmed); the twins named stay, unless the
        link now goes to another issue."""
        ticket = None if by_ticket is None else int(by_ticket)
        self.conn.execute(
            "INSERT INTO links (item_id, target, state, key, url, remote_updated, synced_at, remote_assigned, "
            "warning, base, by_ticket) VALUES (?, ?, 'linked', ?, ?, ?, ?, ?, ?, ?, coalesce(?, 0)) "
            "ON CONFLICT (item_id, target) DO UPDATE SET state = 'linked', key = excluded.key, url = excluded.url, "
            "remote_updated = excluded.remote_updated, synced_at = excluded.synced_at, "
            "remote_assigned = excluded.remote_assigned, warning = excluded.warning, base = excluded.base, "
            "by_ticket = coalesce(?, links.by_ticket), pushing = NULL, "
            "twins = CASE WHEN links.key = excluded.key THEN links.twins END",
            (item_id, target, key, url, iso(remote_updated), iso(now), int(assigned), warning, base, ticket, ticket),
        )

    def save_twins(self, item_id: str, target: str, twins: Iterable[str]) -> None:
        """The twins the item's issue on `target` names now (as "target:key")."""
        self.conn.execute(
            "UPDATE links SET twins = ? WHERE item_id = ? AND target = ?",
            (json.dumps(sorted(twins)), item_id, target),
        )

    def save_base(self, item_id: str, target: str, base: str, now: datetime, *, assigned: bool | None = None) -> None:
        """The last-synced state after a pull; `assigned`, when given, is whether the issue has an assignee now."""
        self.conn.execute(
            "UPDATE links SET base = ?, synced_at = ?, remote_assigned = coalesce(?, remote_assigned) "
            "WHERE item_id = ? AND target = ?",
            (base, iso(now), None if assigned is None else int(assigned), item_id, target),
        )

    def mark_broken(self, item_id: str, target: str, reason: str) -> None:
        self.conn.execute(
            "UPDATE links SET state = 'broken', warning = ? WHERE item_id = ? AND target = ?",
            (reason, item_id, target),
        )

    def set_item_fields(self, item_id: str, changes: dict[str, object], now: datetime) -> None:
        """A pull: the remote's values land in the item.

        A person made them in the tracker, so, like a `tracker edit`, re-extracting the document
        must not undo them: they join `edited_fields`. Status is left out: re-extraction already
        keeps a status the sync set (and a removed item must still be able to come back)."""
        columns: dict[str, Callable[[Any], object]] = {
            "due": iso,
            "status": lambda v: v.value,
            "priority": lambda v: v.value if v else None,
            "labels": lambda v: json.dumps(list(v)),
        }
        sets: list[str] = []
        args: list[object] = []
        for name, value in changes.items():
            convert = columns.get(name)
            sets.append(f"{name} = ?")
            args.append(convert(value) if convert else value)
            if name == "owner":
                sets.append("owner_key = ?")
                args.append(owner_key(value))  # type: ignore[arg-type]
            if name == "due":
                sets.append("due_derived = 0")
        pulled = {name for name in changes if name != "status"}
        if pulled:
            row = self.conn.execute("SELECT edited_fields FROM items WHERE id = ?", (item_id,)).fetchone()
            sets.append("edited_fields = ?")
            args.append(json.dumps(sorted(set(json.loads(row[0]) if row else []) | pulled)))
        sets.append("updated = ?")
        self.conn.execute(f"UPDATE items SET {', '.join(sets)} WHERE id = ?", (*args, iso(now), item_id))

    def save_conflict(self, item_id: str, target: str, name: str, local: str, remote: str, now: datetime) -> None:
        self.conn.execute(_PUT_CONFLICT, (item_id, target, name, local, remote, iso(now)))

    def conflicts(self, item_id: str | None = None) -> list[StoredConflict]:
        query = "SELECT item_id, target, field, local, remote, detected FROM conflicts"
        rows = self.conn.execute(
            query + (" WHERE item_id = ?" if item_id else "") + " ORDER BY item_id, field",
            (item_id,) if item_id else (),
        )
        return [StoredConflict(r[0], r[1], r[2], r[3], r[4], to_datetime(r[5])) for r in rows]

    def drop_conflict(self, item_id: str, target: str, name: str) -> None:
        self.conn.execute(
            "DELETE FROM conflicts WHERE item_id = ? AND target = ? AND field = ?", (item_id, target, name)
        )

    def cursor(self, target: str) -> datetime | None:
        row = self.conn.execute("SELECT last_sync FROM cursors WHERE target = ?", (target,)).fetchone()
        return to_datetime(row[0]) if row else None

    def set_cursor(self, target: str, when: datetime) -> None:
        self.conn.execute(_PUT_CURSOR, (target, iso(when)))


_PUT_CONFLICT = upsert("conflicts", "item_id, target, field, local, remote, detected", "item_id, target, field")
_PUT_CURSOR = upsert("cursors", "target, last_sync", "target")
