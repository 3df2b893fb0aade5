"""An item's ticket in the store: imported, re-extracted, migrated, exported and imported back."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from tests.support import START, add_postmortem, new_item, open_store
from tracker.model import SyncFields
from tracker.store import Store
from tracker.store.backup import export_lines, import_lines
from tracker.store.db import MIGRATIONS, SCHEMA_VERSION
from tracker.sync.status import SyncState

pytestmark = pytest.mark.both_stores  # the store suite runs on both stores


def _link(store: Store, item_id: str, *, by_ticket: bool | None) -> None:
    with store.transaction():
        SyncState(store).save_link(
            item_id,
            "jira",
            key="PROJ-7",
            url="https://acme.atlassian.net/browse/PROJ-7",
            remote_updated=START,
            base=SyncFields(text="Fix it"),
            assigned=False,
            warning=None,
            now=START,
            by_ticket=by_ticket,
        )


def test_the_ticket_is_stored_and_follows_the_document(tmp_path: Path, store_location: Path | str) -> None:
    store = open_store(store_location)
    first = add_postmortem(store, [new_item("Add rate limiting", 0, ticket="PROJ-7"), new_item("Page on errors", 1)])
    assert [store.get_item(i).ticket for i in first.ids] == ["PROJ-7", None]
    again = add_postmortem(
        store,
        [new_item("Add rate limiting", 0, ticket="PROJ-8"), new_item("Page on errors", 1, ticket="b/289114")],
        now=START + timedelta(days=1),
    )
    assert again.ids == first.ids and set(again.updated) == set(first.ids)
    assert [store.get_item(i).ticket for i in again.ids] == ["PROJ-8", "b/289114"]


def test_a_link_made_through_a_ticket_stays_so_through_later_writes(tmp_path: Path, store_location: Path | str) -> None:
    store = open_store(store_location)
    (item_id,) = add_postmortem(store, [new_item("Add rate limiting", 0, ticket="PROJ-7")]).ids
    _link(store, item_id, by_ticket=True)
    _link(store, item_id, by_ticket=None)  # an update's write: what the link was made through is kept
    assert SyncState(store).links("jira")[item_id].by_ticket
    assert store.get_item(item_id).links["jira"].by_ticket


def test_export_then_import_keeps_the_ticket_and_how_the_link_was_made(
    tmp_path: Path, store_location: Path | str
) -> None:
    store = open_store(store_location)
    (item_id,) = add_postmortem(store, [new_item("Add rate limiting", 0, ticket="PROJ-7")]).ids
    _link(store, item_id, by_ticket=True)
    lines = list(export_lines(store))
    restored = Store(tmp_path / "restored.db")
    import_lines(restored, lines, "backup.jsonl")
    item = restored.get_item(item_id)
    assert item.ticket == "PROJ-7" and item.links["jira"].by_ticket and item.links["jira"].key == "PROJ-7"
    assert list(export_lines(restored)) == lines


def test_an_export_from_before_tickets_imports_without_them(tmp_path: Path, store_location: Path | str) -> None:
    store = open_store(store_location)
    (item_id,) = add_postmortem(store, [new_item("Add rate limiting", 0)]).ids
    _link(store, item_id, by_ticket=None)
    old = [line.replace(',"ticket":null', "").replace(',"by_ticket":0', "") for line in export_lines(store)]
    assert not any('"ticket"' in line or "by_ticket" in line for line in old)
    restored = Store(tmp_path / "restored.db")
    import_lines(restored, old, "old.jsonl")
    item = restored.get_item(item_id)
    assert item.ticket is None and not item.links["jira"].by_ticket


def test_a_schema_5_store_migrates_to_tickets(tmp_path: Path) -> None:
    db = tmp_path / "v5.db"
    conn = sqlite3.connect(db)
    for step in MIGRATIONS[:5]:
        if isinstance(step, str):
            conn.executescript(step)
    conn.execute("PRAGMA user_version = 5")
    conn.execute("INSERT INTO postmortems (id, title, source, content_hash) VALUES ('PM-1', 't', 'a.md', 'h')")
    conn.execute(
        "INSERT INTO items (id, num, postmortem_id, text, status, created, updated) "
        "VALUES ('AI-1', 1, 'PM-1', 'Fix it', 'open', ?, ?)",
        (START.isoformat(), START.isoformat()),
    )
    conn.execute("INSERT INTO links (item_id, target, state, key) VALUES ('AI-1', 'jira', 'linked', 'PROJ-1')")
    conn.commit()
    conn.close()
    store = Store(db)
    assert SCHEMA_VERSION >= 6 and store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    item = store.get_item("AI-1")
    assert item.ticket is None and not item.links["jira"].by_ticket
    assert (tmp_path / "v5.db.v5.bak").exists()
