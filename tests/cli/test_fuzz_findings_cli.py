"""What the CLI fuzz (test_fuzz_cli.py) found, pinned through the CLI: each was a traceback or a
file written over where a one-line error and exit 2 belong."""

from __future__ import annotations

import json
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
def test_a_db_that_is_a_folder_is_one_line(
    run: Callable[..., Result], tmp_path: Path, args: list[str], db: str
) -> None:
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
def test_a_file_that_is_no_store_is_never_written_over(
    run: Callable[..., Result], tmp_path: Path, content: bytes
) -> None:
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
    [
        ["show", "\udcff"],
        ["done", "AI-\udcff"],
        ["list", "--owner", "caf\udce9"],
        ["extract", "caf\udce9.md"],
        ["review", "--accept", "AI-1\udcff"],
        ["--db", "\udcfe.db", "list"],
    ],
)
def test_an_argument_that_is_not_utf8_is_one_line(run: Callable[..., Result], tmp_path: Path, args: list[str]) -> None:
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
def test_report_sync_first_refuses_a_bad_scope_before_syncing(
    run: Callable[..., Result], tmp_path: Path, scope: list[str]
) -> None:
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


def test_report_refuses_an_unset_webhook_variable_before_syncing_or_writing(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`report --sync-first --output FILE --slack-webhook-env UNSET` synced and wrote FILE, then
    refused the variable with exit 2."""
    monkeypatch.delenv("FUZZ_UNSET_HOOK", raising=False)
    monkeypatch.setenv("FUZZ_NOT_A_URL", "not a url")
    (tmp_path / "pm.md").write_text(DOC)
    assert run("--db", "t.db", "extract", "pm.md").exit_code == 0
    before = run("--db", "t.db", "export").stdout
    for variable in ("FUZZ_UNSET_HOOK", "FUZZ_NOT_A_URL"):
        args = ["report", "--sync-first", "--output", "report.md", "--slack-webhook-env", variable]
        line = _one_error_line(run("--db", "t.db", *args))
        assert variable in line, line
        assert not (tmp_path / "report.md").exists() and not (tmp_path / "issues.json").exists()
    assert run("--db", "t.db", "export").stdout == before


@pytest.mark.parametrize(
    ("path", "content", "said"),
    [
        ("issues.json", b"{not json", "is no memory target's issues file (JSONDecodeError)"),
        ("issues.json", b"[1]", "is no memory target's issues file (TypeError)"),
        ("issues.json", b'[{"key": "MEM-1"}]', "is no memory target's issues file (KeyError)"),
        ("folder", None, "is a folder; name the issues file in it"),
        ("", None, "is a folder; name the issues file in it"),
        ("nodir/issues.json", None, "the folder of nodir/issues.json does not exist"),
    ],
)
@pytest.mark.parametrize("args", [["sync"], ["sync", "--dry-run"], ["report", "--sync-first"], ["doctor"]])
def test_a_memory_targets_file_that_cannot_be_used_is_a_config_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, content: bytes | None, said: str, args: list[str]
) -> None:
    """The memory connector read its issues file as it started (JSONDecodeError, IsADirectoryError,
    KeyError tracebacks) and wrote it mid-sync into a folder that did not exist (FileNotFoundError)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "folder").mkdir()
    if content is not None:
        (tmp_path / path).write_bytes(content)
    (tmp_path / "config.toml").write_text(f'[targets.mem]\nkind = "memory"\npath = "{path}"\n')
    (tmp_path / "pm.md").write_text(DOC)
    cli = CliRunner()
    assert cli.invoke(app, ["--config", "config.toml", "--db", "t.db", "extract", "pm.md"]).exit_code == 0
    before = cli.invoke(app, ["--db", "t.db", "export"]).stdout
    result = cli.invoke(app, ["--config", "config.toml", "--db", "t.db", *args])
    if args == ["doctor"]:  # one FAIL line per target, exit 1
        assert result.exit_code == 1 and "FAIL target mem: connection: targets.mem.path: " in result.stdout
        assert said in result.stdout, result.stdout
    else:
        line = _one_error_line(result)
        assert line.startswith("error: targets.mem.path: ") and said in line, line
    assert cli.invoke(app, ["--db", "t.db", "export"]).stdout == before
    assert content is None or (tmp_path / path).read_bytes() == content


@pytest.mark.parametrize("output", ["t.db", "./t.db", "link.db", "t.db-wal"])
@pytest.mark.parametrize("command", ["export", "report"])
def test_output_that_is_the_store_is_refused(
    run: Callable[..., Result], tmp_path: Path, output: str, command: str
) -> None:
    """`export --output t.db` truncated the store it was reading (sqlite3.DatabaseError: database
    disk image is malformed, the store lost); `report --output t.db` wrote the report over it."""
    (tmp_path / "pm.md").write_text(DOC)
    assert run("--db", "t.db", "extract", "pm.md").exit_code == 0
    (tmp_path / "link.db").symlink_to("t.db")
    before = run("--db", "t.db", "export").stdout
    line = _one_error_line(run("--db", "t.db", command, "--output", output))
    assert line.endswith("is the store; name another file"), line
    assert run("--db", "t.db", "export").stdout == before


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize("owner", [[], ["alice"]])
def test_status_as_of_the_calendars_ends_is_one_line(
    run: Callable[..., Result], tmp_path: Path, day: str, owner: list[str]
) -> None:
    """`status --as-of 0001-01-01` counted done items from 29 days before (OverflowError: date value
    out of range in the store's query); 9999-12-31 the due-soon days after."""
    (tmp_path / "pm.md").write_text(DOC)
    assert run("--db", "t.db", "extract", "pm.md").exit_code == 0
    line = _one_error_line(run("--db", "t.db", "status", *owner, "--as-of", day))
    assert line == f"error: --as-of: {day} is too near the first or the last day of the calendar", line
    assert run("--db", "t.db", "status", *owner, "--as-of", "0001-03-01").exit_code == 0


@pytest.mark.parametrize("args", [["sync"], ["sync", "--adopt"], ["report", "--sync-first"]])
def test_a_bad_second_target_stops_the_sync_before_the_first_is_synced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """Targets were synced one by one, each connector made in its turn: target `a` was synced (the
    store and a.json changed), then `b`'s setting (or missing token) was refused with exit 2."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    (tmp_path / "folder").mkdir()
    (tmp_path / "pm.md").write_text(DOC)
    cli = CliRunner()
    for second in ('{kind = "memory", path = "folder"}', '{kind = "github", repo = "acme/x"}'):
        (tmp_path / "config.toml").write_text(f'[targets]\na = {{kind = "memory", path = "a.json"}}\nb = {second}\n')
        assert cli.invoke(app, ["--config", "config.toml", "--db", "t.db", "extract", "pm.md"]).exit_code == 0
        before = cli.invoke(app, ["--db", "t.db", "export"]).stdout
        result = cli.invoke(app, ["--config", "config.toml", "--db", "t.db", *args])
        assert "[b]" in _one_error_line(result) or "targets.b.path" in result.stderr, result.stderr
        assert cli.invoke(app, ["--db", "t.db", "export"]).stdout == before
        assert not (tmp_path / "a.json").exists()


def test_due_dates_at_the_calendars_ends_are_kept(run: Callable[..., Result], tmp_path: Path) -> None:
    """A due date of 0001-01-01 in a document dated early in year 1 ended `extract` with
    OverflowError (the "due long before the incident" check subtracted 30 days from the incident)."""
    (tmp_path / "pm.md").write_text(
        "# Incident\n\nDate: 0001-01-05\n\n## Action items\n\n"
        "- Fix the thing — Alice Chen, due 0001-01-01\n- Do more — Bob, due 9999-12-31\n"
    )
    assert run("--db", "t.db", "extract", "pm.md").exit_code == 0
    items = json.loads(run("--db", "t.db", "list", "--format", "json").stdout)
    assert [item["due"] for item in items] == ["0001-01-01", "9999-12-31"]


def test_list_limit_beyond_64_bits_is_a_usage_error(run: Callable[..., Result], tmp_path: Path) -> None:
    """`list --limit 99999999999999999999` could not be bound by sqlite3 (OverflowError)."""
    (tmp_path / "pm.md").write_text(DOC)
    assert run("--db", "t.db", "extract", "pm.md").exit_code == 0
    result = run("--db", "t.db", "list", "--limit", str(2**64))
    assert result.exit_code == 2 and "--limit" in _one_error_line(result)
    assert run("--db", "t.db", "list", "--limit", str(2**63 - 1)).exit_code == 0


@pytest.mark.parametrize("output", ["folder", "nodir/report.md"])
def test_report_sync_first_refuses_an_output_it_cannot_write_before_syncing(
    run: Callable[..., Result], tmp_path: Path, output: str
) -> None:
    """`report --sync-first --output FOLDER` synced (store and remote changed), then could not
    write the report: exit 2 after the store had changed (found by the slow fuzz)."""
    (tmp_path / "folder").mkdir()
    (tmp_path / "pm.md").write_text(DOC)
    assert run("--db", "t.db", "extract", "pm.md").exit_code == 0
    before = run("--db", "t.db", "export").stdout
    line = _one_error_line(run("--db", "t.db", "report", "--sync-first", "--output", output))
    assert line.startswith(f"error: --output: cannot write {output} ("), line
    assert run("--db", "t.db", "export").stdout == before
    assert not (tmp_path / "issues.json").exists()
