"""list / show / edit / done / init / config errors, through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import Result

from tests.support import add_postmortem, new_item
from tracker.store import Store

pytestmark = pytest.mark.both_stores  # the CLI suite runs on both stores

Cli = Callable[..., Result]


def fill(cli: Cli) -> list[str]:
    store = Store(cli.db)  # type: ignore[attr-defined]
    ids = add_postmortem(
        store,
        [
            new_item("Add canary deploys", 0, owner="Alice Chen", due=date(2026, 12, 1)),
            new_item("Page on error budget burn", 1, owner="bob"),
            new_item("Document the failover", 2),
        ],
    ).ids
    store.close()
    return ids


def test_list_json_has_the_documented_keys(cli: Cli) -> None:
    ids = fill(cli)
    result = cli("list", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == ids
    expected = {
        "id",
        "text",
        "category",
        "section",
        "owner",
        "due",
        "status",
        "postmortem",
        "priority",
        "labels",
        "created",
        "updated",
    }
    assert expected <= set(rows[0])
    assert rows[0]["postmortem"]["title"] == "Login outage" and rows[0]["due"] == "2026-12-01"


def test_list_filters_by_owner_case_insensitively_and_by_status(cli: Cli) -> None:
    ids = fill(cli)
    assert [r["id"] for r in json.loads(cli("list", "--owner", "ALICE chen", "--format", "json").stdout)] == ids[:1]
    cli("done", ids[1])
    assert [r["id"] for r in json.loads(cli("list", "--format", "json").stdout)] == [ids[0], ids[2]]
    assert [r["id"] for r in json.loads(cli("list", "--status", "done", "--format", "json").stdout)] == [ids[1]]
    assert len(json.loads(cli("list", "--status", "all", "--format", "json").stdout)) == 3


def test_list_csv_parses_back(cli: Cli) -> None:
    import csv
    import io

    fill(cli)
    rows = list(csv.DictReader(io.StringIO(cli("list", "--format", "csv").stdout)))
    assert [r["owner"] for r in rows] == ["Alice Chen", "bob", ""]


def test_edit_changes_fields_and_show_reports_them(cli: Cli) -> None:
    ids = fill(cli)
    result = cli("edit", ids[2], "--owner", "Carol", "--due", "2027-01-31", "--priority", "high")
    assert result.exit_code == 0, result.output
    shown = json.loads(cli("show", ids[2], "--format", "json").stdout)
    assert (shown["owner"], shown["due"], shown["priority"]) == ("Carol", "2027-01-31", "high")
    assert "Carol" in cli("show", ids[2].lower()).stdout


def test_bad_input_is_one_line_exit_2_and_changes_nothing(cli: Cli) -> None:
    ids = fill(cli)
    before = cli("list", "--status", "all", "--format", "json").stdout
    for args in (
        ["edit", ids[0], "--due", "some tuesday"],
        ["show", "AI-999"],
        ["edit", ids[0]],
        ["list", "--status", "bogus"],
        ["edit", ids[0], "--text", "  "],
    ):
        result = cli(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
    assert cli("list", "--status", "all", "--format", "json").stdout == before


def test_config_errors_name_the_key_and_file(cli: Cli) -> None:
    cli.config.write_text('[sync]\nconflict = "sometimes"\n')  # type: ignore[attr-defined]
    result = cli("list")
    assert result.exit_code == 2
    assert "sync.conflict" in result.output and "config.toml" in result.output
    cli.config.write_text("[sync]\nbogus = 1\n")  # type: ignore[attr-defined]
    assert "unknown key 'sync.bogus'" in cli("list").output
    cli.config.write_text('[targets.gh]\nkind = "github"\nrepo = "a/b"\ntoken_env = "ghp_abc-123/xyz"\n')  # type: ignore[attr-defined]
    result = cli("list")
    assert result.exit_code == 2 and "token_env" in result.output and "ghp_abc-123/xyz" not in result.output


def test_init_writes_the_example_config_once(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "fresh" / "config.toml"
    runner_result = cli("--help")
    assert runner_result.exit_code == 0
    from typer.testing import CliRunner

    from tracker.cli.app import app

    first = CliRunner().invoke(app, ["--config", str(target), "init"])
    assert first.exit_code == 0 and target.exists()
    assert target.read_text() == (Path(__file__).parents[2] / "config.example.toml").read_text()
    second = CliRunner().invoke(app, ["--config", str(target), "init"])
    assert second.exit_code == 2 and "already exists" in second.output


def test_every_documented_setting_in_the_example_config_is_valid() -> None:
    import re
    import tomllib

    from tracker.config import parse_config

    text = (Path(__file__).parents[2] / "config.example.toml").read_text()
    uncommented = "\n".join(
        re.sub(r"^# ", "", line) if re.match(r"^# (\[|[a-z_]+ = )", line) else line for line in text.splitlines()
    )
    config = parse_config(tomllib.loads(uncommented))
    assert set(config.targets) == {"github", "gitlab", "jira", "demo"} and config.policy.due_days == 30
    assert config.people["Alice Chen"].aliases == ["Alice", "achen"]


def test_the_values_the_example_config_sets_are_the_defaults() -> None:
    """An uncommented value in the example documents the default: using the file changes nothing."""
    import tomllib

    from tracker.config import Config

    written = tomllib.loads((Path(__file__).parents[2] / "config.example.toml").read_text())
    defaults = Config().model_dump()
    pairs = [
        (f"{table}.{key}", value, defaults[table][key])
        for table, keys in written.items()
        for key, value in keys.items()
    ]
    assert len(pairs) >= 8
    assert [(name, value) for name, value, default in pairs if value != default] == []


def test_commands_that_do_not_sync_never_import_the_tracker_clients(tmp_path: Path) -> None:
    probe = (
        "import sys, runpy; sys.argv = ['tracker', '--db', sys.argv[1], 'list'];\n"
        "from tracker.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "bad = [m for m in ('github', 'jira') if m in sys.modules]\n"
        "print('IMPORTED', bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "x.db")], capture_output=True, text=True)
    assert "IMPORTED []" in out.stdout, out.stdout + out.stderr
