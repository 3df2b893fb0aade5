"""Which trackers an item lives on: `tracker edit ID --add-target NAME / --remove-target NAME`.

An item goes where its postmortem's items go (`extract --target A --target B`), else to the
default targets (`[sync] default_targets`); once a person routes one item, it has targets of its
own. An item removed from a target keeps its issue there, as it was, and is no longer synced with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from tracker.errors import InputError
from tracker.model import ActionItem
from tracker.services.workspace import Workspace


def reroute(ws: Workspace, item_id: str, add: Sequence[str], remove: Sequence[str], now: datetime) -> ActionItem:
    """The item, synced from now on with `add` too and no longer with `remove`."""
    for name in (*add, *remove):
        ws.config.target(name)  # an unknown target: a config error naming the known ones
    both = set(add) & set(remove)
    if both:
        raise InputError(f"--add-target and --remove-target both name {', '.join(sorted(both))}")
    item = ws.store.get_item(item_id)
    pm = ws.store.postmortems([item.postmortem_id]).get(item.postmortem_id)
    current = item.routed_to(pm, ws.config.default_target_names())
    wanted = [t for t in current if t not in remove] + [t for t in dict.fromkeys(add) if t not in current]
    return ws.store.edit_item(item.id, {"targets": wanted}, now)
