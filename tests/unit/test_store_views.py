"""The lean views `list` and `show` read are the store's records, field for field, in the same order."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.support import add_postmortem, new_item
from tracker.errors import NotFoundError
from tracker.model import ActionItem, Priority, Status
from tracker.store import Store, views
from tracker.store.views import ITEM_ORDER, ItemView

pytestmark = pytest.mark.both_stores  # the store suite runs on both stores

FIELDS = (
    "id", "postmortem_id", "text", "category", "section", "owner", "due", "due_derived", "status", "priority",
    "labels", "created", "updated", "confidence", "reasons", "status_reason", "ticket",
)  # fmt: skip
LINK_FIELDS = ("target", "state", "key", "url", "synced_at", "warning", "by_ticket")


@pytest.fixture
def store(store_location: Path | str) -> Store:
    store = Store(store_location)
    owners = ["Alice Chen", "alice chen", "@Bob", None]
    dues = [date(2026, 12, 1), None, date(2026, 11, 2), date(2026, 12, 1)]
    for n in range(3):
        items = [
            new_item(
                f'Task {n}-{k} with "quotes" and é',
                k,
                owner=owners[(n + k) % 4],
                due=dues[(n * 3 + k) % 4],
                priority=[None, Priority.HIGH][k % 2],
                status=[Status.OPEN, Status.DONE, Status.IN_PROGRESS][(n + k) % 3],
                confidence=[None, 0.25, 0.9][k % 3],
                reasons=("rule_a", "rule_b")[: k % 3],
                ticket="PROJ-7" if k == 2 else None,
            )
            for k in range(5)
        ]
        add_postmortem(store, items, source=f"pm/{n}.md", title=f"Outage {n}")
    moment = datetime(2026, 11, 3, 4, 5, 6, tzinfo=UTC).isoformat()
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO links (item_id, target, state, key, url, synced_at, warning, by_ticket) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                ("AI-1", "gh", "linked", "12", "https://x/12", moment, None, 0),
                ("AI-1", "jira", "broken", "OPS-3", None, None, "gone", 1),
                ("AI-7", "gh", "pending", None, None, None, None, 0),
            ],
        )
        conn.execute("UPDATE items SET labels = '[\"a\", \"b\"]', status_reason = 'rejected' WHERE id = 'AI-4'")
    return store


def same(view: ItemView, record: ActionItem) -> None:
    assert {f: getattr(view, f) for f in FIELDS} == {f: getattr(record, f) for f in FIELDS}
    assert view.links.keys() == record.links.keys()
    for name, link in record.links.items():
        assert {f: getattr(view.links[name], f) for f in LINK_FIELDS} == {f: getattr(link, f) for f in LINK_FIELDS}


def test_items_match_the_store_for_every_filter_sort_and_limit(store: Store) -> None:
    filters: list[dict[str, object]] = [
        {},
        {"owners": {"alice chen"}},
        {"owners": {"bob", "alice chen"}, "statuses": {Status.OPEN}},
        {"statuses": {Status.DONE, Status.IN_PROGRESS}},
        {"postmortem_id": "PM-2"},
        {"due_before": date(2026, 11, 30)},
    ]
    for where, sort, limit in itertools.product(filters, list(ITEM_ORDER), [None, 1, 4]):
        found = list(views.items(store.conn, sort=sort, limit=limit, **where))  # type: ignore[arg-type]
        records = store.items(sort=sort, limit=limit, **where)  # type: ignore[arg-type]
        assert [v.id for v in found] == [r.id for r in records], (where, sort, limit)
        for view, record in zip(found, records, strict=True):
            same(view, record)
            pm = store.postmortems([record.postmortem_id])[record.postmortem_id]
            assert view.postmortem is not None
            assert (view.postmortem.id, view.postmortem.title, view.postmortem.source) == (pm.id, pm.title, pm.source)


def test_items_stream_in_batches(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "BATCH", 2)
    found = list(views.items(store.conn))
    assert [v.id for v in found] == [r.id for r in store.items()]
    assert found[0].links.keys() == {"gh", "jira"}


def test_get_item_reads_ids_as_people_write_them(store: Store) -> None:
    for ref in ("AI-1", "ai-1", " 1 "):
        same(views.get_item(store.conn, ref), store.get_item(ref))
    with pytest.raises(NotFoundError, match="no action item 'AI-99'"):
        views.get_item(store.conn, "AI-99")


def test_a_timestamp_stored_without_a_zone_reads_as_utc_on_every_read_path(store: Store) -> None:
    """An early version's store or a hand-edited export may hold naive timestamps: every reader
    (records, list/show views, the report's rows, the sync state) sees the same aware moment."""
    from tracker.store import queries

    naive, aware = "2026-11-03T04:05:06", datetime(2026, 11, 3, 4, 5, 6, tzinfo=UTC)
    with store.transaction() as conn:
        conn.execute("UPDATE items SET created = ?, updated = ? WHERE id = 'AI-1'", (naive, naive))
        conn.execute("UPDATE links SET synced_at = ?, remote_updated = ? WHERE item_id = 'AI-1'", (naive, naive))
    record = store.get_item("AI-1")
    view = views.get_item(store.conn, "AI-1")
    (row,) = [r for r in queries.active_rows(store.conn) if r.id == "AI-1"]
    assert record.created == record.updated == view.created == view.updated == row.updated == aware
    assert record.links["gh"].synced_at == view.links["gh"].synced_at == aware
    assert record.links["gh"].remote_updated == row.links[0].remote_updated == aware
