"""`tracker conflicts` and `tracker resolve`: the fields changed on both sides (policy `manual`)."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.errors import NotFoundError
from tracker.model import FieldValue
from tracker.services.workspace import Clock, Workspace
from tracker.sync.status import SyncState


@dataclass(frozen=True, slots=True)
class ConflictView:
    """One field of one item changed both here and on some tracker(s), with every side's value:
    `here` the item's, `sides` each tracker's it is linked on (the value there at its last sync
    where that tracker is not in conflict)."""

    item_id: str
    field: str
    here: FieldValue
    sides: dict[str, FieldValue]
    conflicting: tuple[str, ...]  # the trackers whose value clashes with the item's, by name


def list_conflicts(ws: Workspace) -> list[ConflictView]:
    from tracker.sync.engine import to_fields

    state = SyncState(ws.store)
    rows = state.conflicts()
    views = []
    for item_id, name in sorted({(r.item_id, r.field) for r in rows}):
        item = ws.store.get_item(item_id)
        clashing = {r.target: r.remote for r in rows if r.item_id == item_id and r.field == name}
        sides: dict[str, FieldValue] = {}
        for target in sorted(item.links):
            if target in clashing:
                sides[target] = clashing[target]
            elif (base := state.base(item_id, target)) is not None:
                sides[target] = base.get(name)
        views.append(ConflictView(item_id, name, to_fields(item).get(name), sides, tuple(sorted(clashing))))
    return views


@dataclass(frozen=True, slots=True)
class Resolved:
    item_id: str
    take: str
    fields: list[str]  # the fields settled, sorted


def resolve(ws: Workspace, item_id: str, take: str, field: str | None, clock: Clock) -> Resolved:
    """`take`: local, remote, or a target's name. NotFoundError when the item has no conflicts (on `field`)."""
    from tracker.sync.resolve import resolve_conflicts

    store = ws.store
    settled = resolve_conflicts(store, store.get_item(item_id).id, take, field, clock())
    if not settled:
        raise NotFoundError(f"{item_id} has no conflicts" + (f" on {field}" if field else ""))
    return Resolved(item_id, take, settled)
