"""Bad input on the command line: one line naming the problem, exit 2, the store as it was."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Cli = Callable[..., Result]

DOC = "# Outage\n\nIncident date: 2026-10-02\n\n## Action items\n\n- Add an alert (Owner: Alice)\n"


@pytest.fixture
def filled(cli: Cli, tmp_path: Path) -> Cli:
    (tmp_path / "pm.md").write_text(DOC)
    assert cli("extract", str(tmp_path / "pm.md")).exit_code == 0
    return cli


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["list", "--status", "bogus"], ["'open'", "'all'", "--status"]),
        (["edit", "AI-1", "--priority", "bogus"], ["'low'", "'critical'", "--priority"]),
        (["edit", "AI-1", "--status", "bogus"], ["'open'", "'done'", "--status"]),
        (["list", "--sort", "size"], ["'due'", "--sort"]),
        (["report", "--format", "pdf"], ["'markdown'", "--format"]),
        (["list", "--no-such-option"], ["--no-such-option"]),
        (["show"], ["ID"]),
        (["no-such-command"], ["no-such-command"]),
    ],
)
def test_usage_errors_are_one_line_naming_the_valid_values(filled: Cli, args: list[str], names: list[str]) -> None:
    before = filled("export").stdout
    result = filled(*args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert all(name in lines[0] for name in names), lines[0]
    assert "Usage:" not in result.output and "Traceback" not in result.output
    assert filled("export").stdout == before


def test_list_owner_nobody_says_what_status_and_report_say(filled: Cli) -> None:
    said = []
    for args in (["list", "--owner", "NOBODY"], ["status", "NOBODY"], ["report", "--owner", "NOBODY"]):
        result = filled(*args)
        assert result.exit_code == 2, (args, result.output)
        said.append(result.stderr.strip())
    assert len(set(said)) == 1 and "no owner matches 'NOBODY'" in said[0]
    assert len(json.loads(filled("list", "--owner", "alice", "--format", "json").stdout)) == 1


def test_sync_with_no_target_configured_is_a_config_error(filled: Cli) -> None:
    for args in (["sync"], ["sync", "--dry-run"], ["sync", "--adopt"]):
        result = filled(*args)
        assert result.exit_code == 2, (args, result.output)
        assert (
            result.stderr.strip() == "error: no target configured; see [targets] in the config "
            "(`tracker init` writes an example)"
        )
