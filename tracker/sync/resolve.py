"""Settling conflicts recorded under the `manual` policy.

Taking `local` makes the remote value the last-synced one, so the next sync sees "changed here
only" and pushes; taking `remote` writes the remote value into the item and the last-synced state.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from tracker.store.protocol import StoreFacade
from tracker.sync.status import SyncState


def resolve_conflicts(
    store: StoreFacade, item_id: str, take: Literal["local", "remote"], only: str | None, now: datetime
) -> list[str]:
    state = SyncState(store)
    rows = [r for r in state.conflicts(item_id) if only is None or r.field == only]
    with store.transaction():
        for row in rows:
            base = state.base(row.item_id, row.target)
            if base is None:
                continue
            if take == "remote":
                state.set_item_fields(row.item_id, {row.field: row.remote}, now)
            state.save_base(row.item_id, row.target, base.with_changes({row.field: row.remote}), now)
            state.drop_conflict(row.item_id, row.target, row.field)
    return sorted({r.field for r in rows})
