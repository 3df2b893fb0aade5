"""What must hold after any crash and one clean sync. Each check returns problems (empty: it holds)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from tests.connectors.conftest import ACCOUNTS
from tests.reliability.world import World
from tracker.model import ActionItem, LinkState, Status
from tracker.sync.engine import preview, to_fields
from tracker.sync.status import SyncState

Oracle = Mapping[tuple[str, str], object]
CLOSED = {Status.DONE, Status.WONT_DO, Status.REMOVED}


def problems(world: World, oracle: Oracle) -> list[str]:
    """The store's checks once, the tracker's for each tracker the world syncs with (its sides)."""
    with world.store() as store:
        items = store.items()
        found = store.integrity_problems()
        found += [f"{c.item_id}: conflict on {c.field} left behind" for c in SyncState(store).conflicts()]
        found += edits_kept(items, oracle)
        for side in world.sides:
            named = "" if side is world else f"{side.target}: "
            there = one_issue_per_item(side, items) + sides_agree(side, items)
            there += [f"a further sync would still {a}" for a in preview(store, side.connector(), side.options())]
            found += [named + p for p in there]
        return found


def one_issue_per_item(world: World, items: list[ActionItem]) -> list[str]:
    markers = Counter(v.marker for v in world.issues())
    found = [f"{m}: {n} issues carry its marker" for m, n in sorted(markers.items(), key=str) if n > 1]
    known = {i.id for i in items}
    found += [f"{m}: an issue for an item the store does not have" for m in markers if m not in known]
    for item in items:
        link = item.links.get(world.target)
        if link is not None and link.state != LinkState.LINKED:
            found.append(f"{item.id}: link left {link.state}")
        if (link is not None or item.status.is_active) and markers[item.id] != 1:
            found.append(f"{item.id}: {markers[item.id]} issues, want 1")
    return found


def sides_agree(world: World, items: list[ActionItem]) -> list[str]:
    """Field by field, through the connector's reading and through the fake's own (independent) view."""
    connector = world.connector()
    remote = {i.item_id: i for i in connector.list_changed(None)}
    views = {v.marker: v for v in world.issues()}
    found = []
    for item in items:
        link = item.links.get(world.target)
        if link is None or link.state != LinkState.LINKED or item.id not in remote:
            continue
        here, there = connector.project(to_fields(item)), remote[item.id].fields
        found += [
            f"{item.id}: {name} here {here.get(name)!r}, there {value!r}" for name, value in here.diff(there).items()
        ]
        view, account = views[item.id], ACCOUNTS[world.kind].get(item.owner or "")
        seen = (view.assignee, view.due, view.closed, link.key)
        wanted = (account, item.due, item.status in CLOSED, view.key)
        if seen != wanted:
            found.append(f"{item.id}: the tracker shows {seen}, want {wanted}")
    return found


def edits_kept(items: list[ActionItem], oracle: Oracle) -> list[str]:
    by_id = {i.id: i for i in items}
    found = []
    for (item_id, name), value in sorted(oracle.items(), key=lambda kv: kv[0]):
        item = by_id.get(item_id)
        if item is None:
            found.append(f"{item_id}: missing (its {name} should be {value!r})")
        elif getattr(item, name) != value:
            found.append(f"{item_id}: {name} is {getattr(item, name)!r}, want {value!r} (an edit was lost)")
    return found
