"""The services' results, through a real store in tmp_path and the in-memory connector."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support import add_postmortem, new_item
from tracker.cli.context import Context
from tracker.errors import ConfigError
from tracker.services.backup import restore
from tracker.services.conflicts import list_conflicts
from tracker.services.doctor import doctor
from tracker.services.sync import SyncRequest, sync

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def clock() -> datetime:
    return NOW


@pytest.fixture
def ws(tmp_path: Path) -> Context:
    config = tmp_path / "config.toml"
    config.write_text(f'[targets.mem]\nkind = "memory"\npath = "{tmp_path / "issues.json"}"\n')
    workspace = Context(config_path=config, db_path=tmp_path / "t.db")
    add_postmortem(workspace.store, [new_item("Add canary deploys", 0), new_item("Page on burn rate", 1)])
    return workspace


def test_a_dry_run_plans_and_changes_nothing(ws: Context) -> None:
    outcome = sync(ws, SyncRequest(dry_run=True), clock)
    assert outcome.plans is not None and len(outcome.plans["mem"]) == 2
    assert outcome.reports == [] and not ws.store.sync_state.links("mem")


def test_a_sync_creates_issues_and_a_second_has_nothing_to_do(ws: Context) -> None:
    first = sync(ws, SyncRequest(), clock)
    assert [r.target for r in first.reports] == ["mem"] and len(first.reports[0].created) == 2
    assert not first.failed and len(ws.store.sync_state.links("mem")) == 2
    again = sync(ws, SyncRequest(dry_run=True), clock)
    assert again.plans == {"mem": []}


def test_an_unknown_target_is_a_config_error(ws: Context) -> None:
    with pytest.raises(ConfigError, match="unknown target"):
        sync(ws, SyncRequest(target="nope"), clock)


def test_doctor_checks_config_store_and_target(ws: Context) -> None:
    report = doctor(ws)
    assert [c.scope for c in report.checks][:2] == ["config", "store"]
    assert not report.failed and all(c.scope == "target mem" for c in report.checks[2:])


def test_no_conflicts_after_a_clean_sync(ws: Context) -> None:
    sync(ws, SyncRequest(), clock)
    assert list_conflicts(ws) == []


def test_restore_counts_the_rows_of_an_export(ws: Context, tmp_path: Path) -> None:
    from tracker.store.export import export_rows

    sync(ws, SyncRequest(), clock)
    backup = tmp_path / "backup.jsonl"
    backup.write_text("\n".join(export_rows(ws.store.conn)) + "\n")
    fresh = Context(config_path=ws.config_path, db_path=tmp_path / "restored.db")
    counts = restore(fresh, backup).counts
    assert counts["items"] == 2 and counts["links"] == 2 and counts["postmortems"] == 1


def test_adopt_rebuilds_a_lost_stores_items_from_the_marked_issues(ws: Context, tmp_path: Path) -> None:
    from tracker.services.adopt import adopt_targets
    from tracker.services.targets import targets_for

    sync(ws, SyncRequest(), clock)
    fresh = Context(config_path=ws.config_path, db_path=tmp_path / "lost.db")
    (adopted,) = adopt_targets(fresh, targets_for(fresh.config, fresh.people, ["mem"], clock), clock)
    assert adopted.target == "mem" and adopted.item_ids == ["AI-1", "AI-2"]
    assert [i.text for i in fresh.store.items()] == ["Add canary deploys", "Page on burn rate"]
    again = adopt_targets(fresh, targets_for(fresh.config, fresh.people, ["mem"], clock), clock)
    assert again[0].item_ids == []  # nothing is adopted twice
