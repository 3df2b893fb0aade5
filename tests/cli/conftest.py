from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tests.cli.e2e import github, jira  # noqa: F401  (fixtures for the end-to-end tests)
from tracker.cli.app import _register, app

_register()


@pytest.fixture
def cli(tmp_path: Path, store_location: Path | str) -> Callable[..., Result]:
    """Run `tracker` in-process with a private store (on each backend) and config."""
    runner = CliRunner()
    db = store_location
    config = tmp_path / "config.toml"
    if not config.exists():
        config.write_text("", encoding="utf-8")

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, ["--db", str(db), "--config", str(config), *args], input=input)

    run.db = db  # type: ignore[attr-defined]
    run.config = config  # type: ignore[attr-defined]
    return run
