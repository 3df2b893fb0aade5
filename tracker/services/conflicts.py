"""`tracker conflicts` and `tracker resolve`: the fields changed on both sides (policy `manual`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tracker.errors import NotFoundError
from tracker.services.workspace import Clock, Workspace
from tracker.sync.status import ConflictRow, SyncState


def list_conflicts(ws: Workspace) -> list[ConflictRow]:
    return SyncState(ws.store).conflicts()


@dataclass(frozen=True, slots=True)
class Resolved:
    item_id: str
    take: Literal["local", "remote"]
    fields: list[str]  # the fields settled, sorted


def resolve(ws: Workspace, item_id: str, take: Literal["local", "remote"], field: str | None, clock: Clock) -> Resolved:
    """NotFoundError when the item has no conflicts (on `field`)."""
    from tracker.sync.resolve import resolve_conflicts

    store = ws.store
    settled = resolve_conflicts(store, store.get_item(item_id).id, take, field, clock())
    if not settled:
        raise NotFoundError(f"{item_id} has no conflicts" + (f" on {field}" if field else ""))
    return Resolved(item_id, take, settled)
