"""What the CLI fuzz (test_fuzz_cli.py) found, pinned through the CLI: each was a traceback or a
file written over where a one-line error and exit 2 belong."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from tracker.cli.app import app

Cli = Callable[..., Result]
DOC = "# Outage\n\nIncident date: 2026-10-02\n\n## Action items\n\n- Add an alert (Owner: Alice)\n"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """`tracker --config CONFIG ARGS...` in-process (the store is whatever ARGS' --db names), from
    tmp_path, with a memory target."""
    config = tmp_path / "config.toml"
    config.write_text(f'[targets.mem]\nkind = "memory"\npath = "{tmp_path / "issues.json"}"\n')
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(app, ["--config", str(config), *args])

    return invoke


def _one_error_line(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


@pytest.mark.parametrize("args", [["sync"], ["sync", "--adopt"], ["report", "--sync-first"], ["list"]])
@pytest.mark.parametrize("db", ["", ".", "folder"])
def test_a_db_that_is_a_folder_is_one_line(run: Callable[..., Result], tmp_path: Path, args: list[str],
                                           db: str) -> None:
    """`--db ''` is the current folder: the sync lock beside it had no name (ValueError)."""
    (tmp_path / "folder").mkdir()
    line = _one_error_line(run("--db", db, *args))
    assert "is a folder; name the store file in it" in line, line


def test_sync_on_a_fresh_machine_makes_the_store_folder(run: Callable[..., Result], tmp_path: Path) -> None:
    """No store yet, nor its folder (the user data dir on a new machine): the lock beside the store
    could not be created (FileNotFoundError); `sync --adopt` is what the README runs there."""
    for args in (["sync"], ["sync", "--adopt"], ["report", "--sync-first"]):
        db = tmp_path / "new" / "-".join(args) / "t.db"
        result = run("--db", str(db), *args)
        assert result.exit_code == 0, (args, result.output, result.exception)
        assert db.exists()


@pytest.mark.parametrize("content", [b"\n", b"x", b"hello\n", b"# notes\n" * 100])
def test_a_file_that_is_no_store_is_never_written_over(run: Callable[..., Result], tmp_path: Path,
                                                      content: bytes) -> None:
    """SQLite took a 1-byte file for an empty database and wrote a store over it (exit 0 for
    `list`; exit 2 for `status NOBODY`, the file replaced all the same)."""
    notes = tmp_path / "notes.txt"
    notes.write_bytes(content)
    for args in (["list"], ["status", "NOBODY"], ["sync"], ["done", "AI-1"]):
        line = _one_error_line(run("--db", str(notes), *args))
        assert "not a tracker store" in line, (args, line)
        assert notes.read_bytes() == content, args


def test_an_empty_file_is_still_an_empty_store(run: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "empty.db").write_bytes(b"")
    result = run("--db", "empty.db", "list")
    assert result.exit_code == 0, result.output
    assert "0 action items" in result.stdout


@pytest.mark.parametrize(
    "args",
    [["show", "\udcff"], ["done", "AI-\udcff"], ["list", "--owner", "caf\udce9"], ["extract", "caf\udce9.md"],
     ["review", "--accept", "AI-1\udcff"], ["--db", "\udcfe.db", "list"]],
)
def test_an_argument_that_is_not_utf8_is_one_line(run: Callable[..., Result], tmp_path: Path,
                                                  args: list[str]) -> None:
    """Bytes that are not UTF-8 in argv reach Python as lone surrogates: sqlite3 could not encode
    them (UnicodeEncodeError in `show`, `done`, ...), nor a UTF-8 stdout print them."""
    (tmp_path / "pm.md").write_text(DOC)
    assert run("--db", "t.db", "extract", "pm.md").exit_code == 0
    before = run("--db", "t.db", "export").stdout
    if args[0] != "--db":
        args = ["--db", "t.db", *args]
    line = _one_error_line(run(*args))
    assert "is not UTF-8 text" in line and "\\x" in line, line
    assert run("--db", "t.db", "export").stdout == before


def test_an_argument_that_is_not_utf8_from_a_real_argv(tmp_path: Path) -> None:
    env = {**os.environ, "TRACKER_DB": str(tmp_path / "t.db"), "TRACKER_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("TRACKER_CONFIG", None)
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "show", b"AI-\xff"], capture_output=True, env=env, timeout=60
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr == b"error: 'AI-\\xff' is not UTF-8 text; give ids, names and paths in UTF-8\n"
    assert not (tmp_path / "t.db").exists()


@pytest.mark.parametrize("scope", [["--postmortem", "PM-0"], ["--owner", "NOBODY"]])
def test_report_sync_first_refuses_a_bad_scope_before_syncing(run: Callable[..., Result], tmp_path: Path,
                                                              scope: list[str]) -> None:
    """`report --sync-first --postmortem PM-0` synced (the store and the remote changed), then
    refused the postmortem with exit 2."""
    (tmp_path / "pm.md").write_text(DOC)
    assert run("--db", "t.db", "extract", "pm.md").exit_code == 0
    before = run("--db", "t.db", "export").stdout
    line = _one_error_line(run("--db", "t.db", "report", "--sync-first", *scope))
    assert "PM-0" in line or "NOBODY" in line, line
    assert run("--db", "t.db", "export").stdout == before
    assert not (tmp_path / "issues.json").exists()  # nothing was filed
    assert run("--db", "t.db", "report", "--sync-first").exit_code == 0
    assert (tmp_path / "issues.json").exists()
