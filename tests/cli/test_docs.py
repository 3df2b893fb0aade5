"""The docs are tested: every command has help with an example and appears in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracker.cli.app import _register, app

_register()
README = (Path(__file__).parents[2] / "README.md").read_text()
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands if c.callback)  # type: ignore[union-attr]


def test_the_app_has_the_commands_the_issues_ask_for() -> None:
    expected = {
        "extract",
        "list",
        "show",
        "edit",
        "done",
        "status",
        "report",
        "sync",
        "conflicts",
        "resolve",
        "export",
        "import",
        "doctor",
        "init",
    }
    assert expected <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example_and_is_in_the_readme(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert "Example: tracker" in result.output
    assert f"`tracker {name}" in README


def test_the_readme_quick_start_has_exactly_two_commands() -> None:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = section.split("```sh")[1:]
    assert len(blocks) == 2
    assert all(len([ln for ln in b.split("```")[0].splitlines() if ln.strip()]) == 1 for b in blocks)
    assert "python -m pytest" in blocks[1]
    ci = (Path(__file__).parents[2] / ".ci" / "run").read_text()
    assert "python -m pytest\n" in ci


def test_the_readme_command_reference_is_what_help_prints() -> None:
    from tracker.cli import reference

    generated = reference.replace_section(README, reference.reference())
    assert generated == README, "the README's command reference is stale: python -m tracker.cli.reference README.md"
    assert "#### `tracker extract [OPTIONS] {paths}...`" in generated and "| `--dry-run` |" in generated
