"""Settling conflicts recorded under the `manual` policy.

A conflict is one field of one item changed both here and on a tracker. The side taken gives the
value: `local` keeps the item's; a target's name (or `remote`, when one tracker alone is in
conflict) takes that tracker's, written into the item. Every conflicting tracker's value then
becomes its last-synced one, so the next sync sees "changed here only" and pushes the winner to
each tracker that differs from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from tracker.errors import InputError
from tracker.model import FieldValue
from tracker.store.protocol import StoreFacade
from tracker.sync.status import ConflictRow, SyncState


def resolve_conflicts(store: StoreFacade, item_id: str, take: str, only: str | None, now: datetime) -> list[str]:
    """The fields settled (none: no conflicts); InputError when `take` names no side in conflict."""
    state = SyncState(store)
    rows = [r for r in state.conflicts(item_id) if only is None or r.field == only]
    winners = {name: _winner(take, group) for name, group in _by_field(rows)}
    with store.transaction():
        for name, value in winners.items():
            if value is not _KEEP:
                state.set_item_fields(item_id, {name: value}, now)
        for row in rows:
            base = state.base(row.item_id, row.target)
            if base is not None:
                state.save_base(row.item_id, row.target, base.with_changes({row.field: row.remote}), now)
            state.drop_conflict(row.item_id, row.target, row.field)
    return sorted(winners)


_KEEP = object()  # the item's own value wins


def _by_field(rows: list[ConflictRow]) -> Iterator[tuple[str, list[ConflictRow]]]:
    for name in sorted({r.field for r in rows}):
        yield name, [r for r in rows if r.field == name]


def _winner(take: str, rows: list[ConflictRow]) -> FieldValue | object:
    if take == "local":
        return _KEEP
    targets = sorted(r.target for r in rows)
    if take == "remote":
        if len({repr(r.remote) for r in rows}) > 1:
            raise InputError(
                f"{rows[0].item_id} {rows[0].field} differs on {' and '.join(targets)}: "
                f"--take {' or --take '.join(targets)}"
            )
        return rows[0].remote
    chosen = [r for r in rows if r.target == take]
    if not chosen:
        raise InputError(
            f"--take {take}: {rows[0].item_id} {rows[0].field} is in conflict on {', '.join(targets)} only; "
            "take local, remote or one of those"
        )
    return chosen[0].remote
