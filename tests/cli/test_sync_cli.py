"""sync / conflicts / resolve / show / export / import / adopt through the CLI, on a memory target."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import Result

from tests.support import add_postmortem, new_item
from tracker.store import Store

pytestmark = pytest.mark.both_stores  # the CLI suite runs on both stores

Cli = Callable[..., Result]


@pytest.fixture
def demo(cli: Cli, tmp_path: Path) -> Cli:
    issues = tmp_path / "issues.json"
    cli.config.write_text(  # type: ignore[attr-defined]
        f'[sync]\ndefault_target = "demo"\nconflict = "manual"\n\n'
        f'[targets.demo]\nkind = "memory"\npath = "{issues}"\n\n[people."Alice Chen"]\naliases = ["alice"]\n'
    )
    store = Store(cli.db)  # type: ignore[attr-defined]
    cli.ids = add_postmortem(
        store,
        [  # type: ignore[attr-defined]
            new_item("Add canary deploys", 0, owner="Alice Chen", due=date(2026, 12, 1)),
            new_item("Page on error budget burn", 1),
        ],
    ).ids
    store.close()
    cli.issues = issues  # type: ignore[attr-defined]
    return cli


def test_dry_run_prints_the_plan_and_changes_nothing(demo: Cli) -> None:
    before = demo("export").stdout
    result = demo("sync", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "create issue for AI-1" in result.stdout and "owner='Alice Chen'" in result.stdout
    assert demo("export").stdout == before
    assert not demo.issues.exists()  # type: ignore[attr-defined]


def test_sync_creates_then_show_names_the_link(demo: Cli) -> None:
    result = demo("sync")
    assert result.exit_code == 0, result.output
    assert "demo: 2 created" in result.stdout
    issues = json.loads(demo.issues.read_text())  # type: ignore[attr-defined]
    assert sorted(i["item_id"] for i in issues) == demo.ids  # type: ignore[attr-defined]
    shown = demo("show", "AI-1")
    assert "memory://demo/MEM-1" in shown.stdout and "last synced" in shown.stdout
    again = demo("sync", "--format", "json")
    assert json.loads(again.stdout)[0]["created"] == []


def test_conflict_is_listed_and_resolved(demo: Cli) -> None:
    demo("sync")
    issues = json.loads(demo.issues.read_text())  # type: ignore[attr-defined]
    issues[0]["fields"]["due"] = "2027-05-05"
    issues[0]["updated"] = "2099-01-01T00:00:00+00:00"
    demo.issues.write_text(json.dumps(issues))  # type: ignore[attr-defined]
    demo("edit", "AI-1", "--due", "2027-04-04")
    result = demo("sync")
    assert "1 conflicts" in result.stdout
    listed = json.loads(demo("conflicts", "--format", "json").stdout)
    assert listed == [
        {
            "item": "AI-1",
            "field": "due",
            "here": "2027-04-04",
            "trackers": {"demo": "2027-05-05"},
            "conflicting": ["demo"],
        }
    ]
    assert demo("resolve", "AI-1", "--take", "remote").exit_code == 0
    assert json.loads(demo("show", "AI-1", "--format", "json").stdout)["due"] == "2027-05-05"
    assert demo("conflicts").stdout.strip() == "no conflicts"
    assert demo("resolve", "AI-1", "--take", "local").exit_code == 2


def test_a_second_sync_while_one_runs_refuses_with_exit_2(demo: Cli) -> None:
    holder = Store(demo.db)  # type: ignore[attr-defined]
    with holder.sync_lock():
        result = demo("sync")
    holder.close()
    assert result.exit_code == 2 and "another tracker sync is running" in result.output


def test_export_import_round_trip_is_lossless(demo: Cli, tmp_path: Path) -> None:
    demo("sync")
    demo("edit", "AI-2", "--owner", "bob")
    exported = demo("export").stdout
    from typer.testing import CliRunner

    from tracker.cli.app import app

    other = tmp_path / "restored.db"
    result = CliRunner().invoke(app, ["--db", str(other), "--config", str(demo.config), "import", "-"])  # type: ignore[attr-defined]
    assert result.exit_code == 2  # '-' is not a file: clear error
    dump = tmp_path / "dump.jsonl"
    dump.write_text(exported)
    result = CliRunner().invoke(app, ["--db", str(other), "--config", str(demo.config), "import", str(dump)])  # type: ignore[attr-defined]
    assert result.exit_code == 0, result.output
    again = CliRunner().invoke(app, ["--db", str(other), "--config", str(demo.config), "export"])  # type: ignore[attr-defined]
    assert again.stdout == exported
    refused = CliRunner().invoke(app, ["--db", str(other), "--config", str(demo.config), "import", str(dump)])  # type: ignore[attr-defined]
    assert refused.exit_code == 2 and "empty store" in refused.output


@pytest.mark.parametrize(
    ("table", "column", "value", "named"),
    [
        ("items", "due", "not-a-date", "bad value"),
        ("items", "status", "bogus", "bogus"),
        ("items", "labels", "{not json", "bad value"),
        ("items", "text", None, "text"),
        ("items", "colour", "red", "colour"),
        ("postmortems", "incident_date", "2026-13-45", "bad value"),
        ("links", "state", "half-linked", "half-linked"),
        ("links", "base", '{"text": 1}', "bad value"),
        ("cursors", "last_sync", "yesterday", "bad value"),
    ],
)
def test_an_import_with_a_bad_value_is_refused_naming_the_line_and_leaves_no_rows(
    demo: Cli, tmp_path: Path, table: str, column: str, value: object, named: str
) -> None:
    demo("sync")
    lines = demo("export").stdout.splitlines()
    number = next(n for n, line in enumerate(lines, 1) if json.loads(line)["table"] == table)
    record = json.loads(lines[number - 1])
    record["row"][column] = value
    lines[number - 1] = json.dumps(record)
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(lines) + "\n")
    from typer.testing import CliRunner

    from tracker.cli.app import app

    other = tmp_path / "restored.db"
    base = ["--db", str(other), "--config", str(demo.config)]  # type: ignore[attr-defined]
    result = CliRunner().invoke(app, [*base, "import", str(dump)])
    assert result.exit_code == 2, result.output
    assert f"dump.jsonl:{number}:" in result.output and named in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert CliRunner().invoke(app, [*base, "list", "--status", "all", "--format", "json"]).stdout.strip() == "[]"


def test_adopt_rebuilds_a_lost_store_from_marked_issues(demo: Cli) -> None:
    demo("sync")
    before = json.loads(demo("list", "--format", "json").stdout)
    for suffix in ("", "-wal", "-shm"):
        Path(str(demo.db) + suffix).unlink(missing_ok=True)  # type: ignore[attr-defined]
    result = demo("sync", "--adopt")
    assert result.exit_code == 0, result.output
    after = json.loads(demo("list", "--format", "json").stdout)
    keys = ("id", "text", "owner", "due", "status")
    assert [{k: r[k] for k in keys} for r in after] == [{k: r[k] for k in keys} for r in before]
    assert {r["postmortem"]["title"] for r in after} == {"Login outage"}
