"""The read commands start fast: once the config was validated, they import neither pydantic nor rich
(nor the GitHub and Jira clients), and `show` prints what it printed through rich."""

from __future__ import annotations

import json
import os
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
PROBE = """
import json, sys
sys.argv = ["tracker", *sys.argv[1:]]
from tracker.cli import main
try:
    main()
except SystemExit:
    pass
heavy = [m for m in ("pydantic", "rich", "github", "jira") if m in sys.modules]
sys.stderr.write("\\nMODULES " + json.dumps(heavy))
"""
COMMANDS = [
    ["status"],
    ["status", "alice"],
    ["list", "--owner", "alice"],
    ["list", "--status", "all", "--format", "json"],
    ["list", "--format", "csv"],
    ["show", "AI-1"],
    ["show", "2", "--format", "json"],
    ["report", "--format", "json"],
    ["report", "--format", "markdown"],
    ["export"],
]


@pytest.fixture
def where(tmp_path: Path) -> list[str]:
    config, db = tmp_path / "config.toml", tmp_path / "t.db"
    config.write_text('[people."Alice Chen"]\naliases = ["alice"]\n[report]\ndue_soon_days = 5\n')
    store = Store(db)
    add_postmortem(store, [new_item("Add canary deploys", 0, owner="Alice Chen", due=date(2026, 12, 1)),
                           new_item("Page on burn", 1, owner="bob")])  # fmt: skip
    store.close()
    return ["--config", str(config), "--db", str(db)]


def modules(args: list[str], cache: Path) -> list[str]:
    env = {**os.environ, "TRACKER_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env)
    found: list[str] = json.loads(done.stderr.rsplit("MODULES ", 1)[1])
    return found


def test_read_commands_import_neither_pydantic_nor_rich(where: list[str], tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert "pydantic" in modules([*where, "status"], cache)  # the first run validates the config
    heavy = {" ".join(args): modules([*where, *args], cache) for args in COMMANDS}
    assert heavy == {" ".join(args): [] for args in COMMANDS}


def test_show_prints_plain_lines_as_rich_did(cli: Cli) -> None:
    store = Store(cli.db)  # type: ignore[attr-defined]
    add_postmortem(store, [new_item("Fix [bold]this[/bold] :smile: \x07now", 0, owner="[red]x", due=date(2026, 12, 1))])
    store.close()
    lines = cli("show", "AI-1").stdout.splitlines()
    assert lines[:3] == ["       id  AI-1", "     text  Fix [bold]this[/bold] :smile: now", " category  -"]
    assert "    owner  [red]x" in lines and "      due  2026-12-01" in lines
    assert lines[-1] == "     from  Login outage (PM-1)"
