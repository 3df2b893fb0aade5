"""What the sync remembers per (item, target): links, last-synced values, conflicts, cursors.

The sync package owns these types and their encoding; the store persists the encoded values
through its façade (`StoreFacade.sync_state`), never knowing what `SyncFields` are.
Every method that writes runs inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tracker.connector import Twin
from tracker.model import FieldValue, LinkState, Priority, Status, SyncFields
from tracker.store.protocol import StoreFacade
from tracker.store.sync_state import StoredLink


def fields_to_json(fields: SyncFields) -> str:
    return json.dumps(
        {
            "text": fields.text,
            "owner": fields.owner,
            "due": fields.due.isoformat() if fields.due else None,
            "status": fields.status.value,
            "priority": fields.priority.value if fields.priority else None,
            "labels": list(fields.labels),
        }
    )


def fields_from_json(raw: str) -> SyncFields:
    data = json.loads(raw)
    return SyncFields(
        text=data["text"],
        owner=data["owner"],
        due=date.fromisoformat(data["due"]) if data["due"] else None,
        status=Status(data["status"]),
        priority=Priority(data["priority"]) if data["priority"] else None,
        labels=tuple(data["labels"]),
    )


def value_to_json(name: str, value: FieldValue) -> str:
    if isinstance(value, date):
        return json.dumps(value.isoformat())
    if isinstance(value, tuple):
        return json.dumps(list(value))
    return json.dumps(value)


def value_from_json(name: str, raw: str | None) -> FieldValue:
    value = json.loads(raw) if raw is not None else None
    if value is None:
        return None
    converters: dict[str, Callable[[Any], FieldValue]] = {
        "due": date.fromisoformat,
        "status": Status,
        "priority": Priority,
        "labels": tuple,
    }
    convert = converters.get(name)
    return convert(value) if convert else value


@dataclass(frozen=True, slots=True)
class LinkRow:
    item_id: str
    state: LinkState
    key: str | None
    base: SyncFields | None
    pushing: frozenset[str] = frozenset()  # fields of a remote update not confirmed yet
    assigned: bool | None = None  # whether the issue had an assignee at the last sync
    by_ticket: bool = False  # linked through the item's ticket: an issue without our marker, read by key
    twins: frozenset[str] = frozenset()  # the twins the issue names, by `Twin.ref`


@dataclass(frozen=True, slots=True)
class ConflictRow:
    item_id: str
    target: str
    field: str
    local: FieldValue
    remote: FieldValue
    detected: datetime


def _link(row: StoredLink) -> LinkRow:
    base = fields_from_json(row.base) if row.base else None
    return LinkRow(
        row.item_id, LinkState(row.state), row.key, base, row.pushing, row.assigned, row.by_ticket, row.twins
    )


class SyncState:
    """Sync bookkeeping on top of a store: the sync's types in, encoded values to the store."""

    def __init__(self, store: StoreFacade) -> None:
        self.store = store
        self.records = store.sync_state

    def links(self, target: str) -> dict[str, LinkRow]:
        return {item_id: _link(row) for item_id, row in self.records.links(target).items()}

    def twins(self, target: str) -> dict[str, tuple[Twin, ...]]:
        """Per item, its issues on the other targets: the twins its issue on `target` should name."""
        out: dict[str, list[Twin]] = {}
        for row in self.records.twins(target):
            out.setdefault(row.item_id, []).append(Twin(row.target, row.key, row.url))
        return {item_id: tuple(twins) for item_id, twins in out.items()}

    def save_twins(self, item_id: str, target: str, twins: Iterable[Twin]) -> None:
        self.records.save_twins(item_id, target, (twin.ref for twin in twins))

    def base(self, item_id: str, target: str) -> SyncFields | None:
        raw = self.records.base(item_id, target)
        return fields_from_json(raw) if raw else None

    def item_updated(self, item_id: str) -> datetime | None:
        return self.records.item_updated(item_id)

    def conflicted_fields(self, target: str) -> dict[str, frozenset[str]]:
        return self.records.conflicted_fields(target)

    def mark_pending(self, item_ids: Iterable[str], target: str) -> None:
        self.records.mark_pending(item_ids, target)

    def mark_pushing(self, item_id: str, target: str, names: Iterable[str]) -> None:
        """Before a remote update: the fields it pushes (none: confirmed). `save_link` clears it too."""
        self.records.mark_pushing(item_id, target, names)

    def save_link(
        self,
        item_id: str,
        target: str,
        *,
        key: str,
        url: str,
        remote_updated: datetime,
        base: SyncFields,
        assigned: bool,
        warning: str | None,
        now: datetime,
        by_ticket: bool | None = None,
    ) -> None:
        """Link the item to issue `key`; `by_ticket` None keeps what the link was made through."""
        self.records.save_link(
            item_id,
            target,
            key=key,
            url=url,
            remote_updated=remote_updated,
            base=fields_to_json(base),
            assigned=assigned,
            warning=warning,
            now=now,
            by_ticket=by_ticket,
        )

    def save_base(
        self, item_id: str, target: str, base: SyncFields, now: datetime, *, assigned: bool | None = None
    ) -> None:
        """The last-synced state after a pull; `assigned`, when given, is whether the issue has an assignee now."""
        self.records.save_base(item_id, target, fields_to_json(base), now, assigned=assigned)

    def mark_broken(self, item_id: str, target: str, reason: str) -> None:
        self.records.mark_broken(item_id, target, reason)

    def set_item_fields(self, item_id: str, changes: dict[str, object], now: datetime) -> None:
        """A pull: the remote's values land in the item (and in its `edited_fields`, status aside)."""
        self.records.set_item_fields(item_id, changes, now)

    def save_conflict(
        self, item_id: str, target: str, name: str, local: FieldValue, remote: FieldValue, now: datetime
    ) -> None:
        self.records.save_conflict(item_id, target, name, value_to_json(name, local), value_to_json(name, remote), now)

    def conflicts(self, item_id: str | None = None) -> list[ConflictRow]:
        return [
            ConflictRow(
                r.item_id,
                r.target,
                r.field,
                value_from_json(r.field, r.local),
                value_from_json(r.field, r.remote),
                r.detected or datetime.min,
            )
            for r in self.records.conflicts(item_id)
        ]

    def drop_conflict(self, item_id: str, target: str, name: str) -> None:
        self.records.drop_conflict(item_id, target, name)

    def cursor(self, target: str) -> datetime | None:
        return self.records.cursor(target)

    def set_cursor(self, target: str, when: datetime) -> None:
        self.records.set_cursor(target, when)
