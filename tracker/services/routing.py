"""Which trackers an item lives on: `tracker edit ID --add-target NAME / --remove-target NAME`.

An item goes where its postmortem's items go (`extract --target A --target B`), else to the
default targets (`[sync] default_targets`); once a person routes one item, it has targets of its
own. An item removed from a target keeps its issue there, as it was, and is no longer synced with it.
"""

from __future__ import annotations

from collections.abc import Sequence

from tracker.errors import InputError
from tracker.services.workspace import Workspace


def targets_after(ws: Workspace, item_id: str, add: Sequence[str], remove: Sequence[str]) -> list[str]:
    """The targets the item would have with `add` and without `remove` (nothing is written):
    for `Store.edit_item(id, {"targets": ...})`, in the same edit as any other change."""
    for option, names in (("--add-target", add), ("--remove-target", remove)):
        for name in names:
            if not name.strip():
                raise InputError(f"{option}: give a target name")
            ws.config.target(name)  # an unknown target: a config error naming the known ones
    both = set(add) & set(remove)
    if both:
        raise InputError(f"--add-target and --remove-target both name {', '.join(sorted(both))}")
    item = ws.store.get_item(item_id)
    pm = ws.store.postmortems([item.postmortem_id]).get(item.postmortem_id)
    current = item.routed_to(pm, ws.config.default_target_names())
    return [t for t in current if t not in remove] + [t for t in dict.fromkeys(add) if t not in current]
