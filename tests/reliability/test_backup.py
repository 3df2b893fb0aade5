"""`tracker export` -> `tracker import` after real syncs with GitHub and Jira loses nothing.

The store is exported mid-flight: items synced both ways, a conflict waiting (policy manual),
a create that landed but lost its answer (a pending link) and an update that did not land (an
unconfirmed push). The restored store equals the original table by table (links, last-synced
state, cursors, counters, conflicts), exports again byte for byte, and carries on where the
original would have: the next sync links the pending issue instead of creating it again,
finishes the push, keeps the conflict, and both sides agree.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.reliability.checks import problems
from tests.reliability.cli import config_text, tracker
from tests.reliability.faults import FAULTS, injected
from tests.reliability.scenario import NEW_ITEM, Row, document, rows
from tests.reliability.world import World, world
from tests.support import Clock
from tracker.store.backup import TABLES

CREATE = {"github": "POST /issues", "jira-cloud": "POST /issue/bulk", "jira-server": "POST /issue/bulk"}
UPDATE = {"github": "PATCH /issues/{n}", "jira-cloud": "PUT /issue/{n}", "jira-server": "PUT /issue/{n}"}


def fault(name: str) -> object:
    return next(f for f in FAULTS if f.name == name)


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in TABLES}
        tables["user_version"] = conn.execute("PRAGMA user_version").fetchall()
        return tables
    finally:
        conn.close()


@pytest.fixture(params=["github", "jira-cloud", "jira-server"])
def mid_flight(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    with world(request.param, tmp_path, Clock(datetime.now(UTC))) as w:  # the CLI's cursor is wall time
        (tmp_path / "config.toml").write_text(config_text(w, conflict="manual"), encoding="utf-8")
        (tmp_path / "pm.md").write_text(document(rows(6)), encoding="utf-8")
        assert tracker(w, "extract", str(tmp_path / "pm.md")).code == 0
        assert tracker(w, "sync").code == 0
        w.fake.close(w.key_of("AI-1"), "completed")
        w.fake.set_due(w.key_of("AI-3"), date(2027, 5, 5))
        tracker(w, "edit", "AI-3", "--due", "2027-04-04")
        tracker(w, "edit", "AI-2", "--owner", "Alice")
        assert "1 conflicts" in tracker(w, "sync").stdout
        (tmp_path / "pm.md").write_text(document([*rows(6), Row(NEW_ITEM, "Bob", None, None)]), encoding="utf-8")
        tracker(w, "extract", str(tmp_path / "pm.md"))
        tracker(w, "edit", "AI-4", "--owner", "Bob")
        landed_unanswered = injected(w, fault("truncated body"), CREATE[w.kind], "once")  # type: ignore[arg-type]
        not_landed = injected(w, fault("malformed JSON"), UPDATE[w.kind])  # type: ignore[arg-type]
        with landed_unanswered, not_landed:
            assert tracker(w, "sync").code == 3
        yield w


def test_export_then_import_is_lossless_and_carries_on(mid_flight: World, tmp_path: Path) -> None:
    w = mid_flight
    backup = tmp_path / "backup.jsonl"
    assert tracker(w, "export", "--output", str(backup)).code == 0
    states = {json.loads(line)["row"].get("state") for line in backup.read_text().splitlines()}
    pushing = [json.loads(line)["row"].get("pushing") for line in backup.read_text().splitlines()]
    assert {"linked", "pending"} <= states and any(pushing)  # mid-flight indeed

    restored = World(w.kind, tmp_path / "restored", w.clock, w.fake)
    restored.root.mkdir()
    (restored.root / "config.toml").write_text((tmp_path / "config.toml").read_text(), encoding="utf-8")
    assert tracker(restored, "import", str(backup)).code == 0
    assert dump(restored.db) == dump(w.db)
    again = restored.root / "again.jsonl"
    assert tracker(restored, "export", "--output", str(again)).code == 0
    assert again.read_bytes() == backup.read_bytes()

    before = len(w.issues())
    synced = tracker(restored, "sync", "--format", "json")
    assert synced.code == 0, synced
    report = json.loads(synced.stdout)[0]
    assert report["created"] == [] and report["linked"] == ["AI-7"] and "AI-4" in report["updated_remote"]
    assert len(w.issues()) == before  # the pending create was found by its marker, not repeated
    conflicts = json.loads(tracker(restored, "conflicts", "--format", "json").stdout)
    assert [(c["item"], c["field"]) for c in conflicts] == [("AI-3", "due")]
    assert tracker(restored, "resolve", "AI-3", "--take", "local").code == 0
    assert tracker(restored, "sync").code == 0
    assert (
        problems(restored, {("AI-2", "owner"): "Alice", ("AI-4", "owner"): "Bob", ("AI-3", "due"): date(2027, 4, 4)})
        == []
    )
