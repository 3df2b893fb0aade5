"""`sync --adopt`: rebuild the records a target's marked issues name and the store lacks."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.services.targets import Target
from tracker.services.workspace import Clock, Workspace


@dataclass(frozen=True, slots=True)
class Adopted:
    target: str
    item_ids: list[str]  # the items made from marked issues, in id order


def adopt_targets(ws: Workspace, targets: list[Target], clock: Clock) -> list[Adopted]:
    """Adopt from each target in turn, under the sync lock."""
    return [adopt_target(ws, target, clock) for target in targets]


def adopt_target(ws: Workspace, target: Target, clock: Clock) -> Adopted:
    from tracker.sync.adopt import adopt

    store = ws.store
    with store.sync_lock():
        return Adopted(target.name, adopt(store, target.name, target.connector.list_changed(None), clock()))
