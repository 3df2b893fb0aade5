"""The review step through the CLI: proposed items stored, listed, shown, reviewed (by flag and at a
real pseudo-terminal), reported, and never synced until accepted.

The extractor's confidences are still being tuned, so these tests propose items with
`[sync] require_review = true`; tests/unit/test_review.py covers `min_confidence` directly.
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from tests.cli.e2e import DOC, tracker
from tests.fakes.github_fake import FakeGitHub

pytestmark = pytest.mark.both_stores  # the CLI suite runs on both stores

Cli = Callable[..., Result]
REVIEW = "[sync]\nrequire_review = true\n"
TEXTS = [
    "Add a canary stage to the payments deploy",
    "Alert on checkout error rate above 2%",
    "Write the failover runbook",
]


def _extract(cli: Cli, tmp_path: Path, doc: str = DOC, name: str = "pm.md") -> Result:
    cli.config.write_text(REVIEW)  # type: ignore[attr-defined]
    (tmp_path / name).write_text(doc)
    result = cli("extract", str(tmp_path / name))
    assert result.exit_code == 0, result.output
    return result


def _items(cli: Cli) -> dict[str, dict[str, object]]:
    result = cli("list", "--status", "all", "--format", "json")
    assert result.exit_code == 0, result.output
    return {row["id"]: row for row in json.loads(result.stdout)}


def _statuses(cli: Cli) -> dict[str, object]:
    return {item_id: row["status"] for item_id, row in _items(cli).items()}


# stored, listed, shown ------------------------------------------------------------------------


def test_new_items_are_stored_proposed_and_extract_says_so(cli: Cli, tmp_path: Path) -> None:
    result = _extract(cli, tmp_path)
    assert "PM-1: 3 proposed, not synced until accepted: tracker review PM-1" in result.stdout
    assert _statuses(cli) == {"AI-1": "proposed", "AI-2": "proposed", "AI-3": "proposed"}
    stored = json.loads(cli("extract", "--format", "json", str(tmp_path / "pm.md")).stdout)[0]["items"]
    assert [i["status"] for i in stored] == ["proposed"] * 3  # re-extracted: still proposed


def test_min_confidence_is_read_from_the_config_and_checked(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "pm.md").write_text(DOC)
    cli.config.write_text("[extract]\nmin_confidence = 0\n")  # type: ignore[attr-defined]
    assert cli("extract", str(tmp_path / "pm.md")).exit_code == 0
    assert set(_statuses(cli).values()) == {"open"}  # nothing is less sure than 0
    cli.config.write_text("[extract]\nmin_confidence = 1.5\n")  # type: ignore[attr-defined]
    result = cli("list")
    assert result.exit_code == 2 and "extract.min_confidence" in result.stderr and result.stderr.count("\n") == 1


def test_default_list_hides_proposed_items_and_status_proposed_shows_them(cli: Cli, tmp_path: Path) -> None:
    _extract(cli, tmp_path)
    assert cli("list").stdout.strip().endswith("0 action items")
    assert json.loads(cli("list", "--format", "json").stdout) == []
    shown = json.loads(cli("list", "--status", "proposed", "--format", "json").stdout)
    assert [row["text"] for row in shown] == TEXTS
    assert "3 action items" in cli("list", "--status", "proposed").stdout


def test_show_gives_confidence_and_reasons(cli: Cli, tmp_path: Path) -> None:
    _extract(cli, tmp_path)
    data = json.loads(cli("show", "AI-1", "--format", "json").stdout)
    assert data["status"] == "proposed" and data["status_reason"] is None
    assert isinstance(data["confidence"], float) and 0 <= data["confidence"] <= 1
    assert isinstance(data["reasons"], list) and all(isinstance(r, str) for r in data["reasons"])
    listed = json.loads(cli("list", "--status", "proposed", "--format", "json").stdout)[0]
    assert (listed["confidence"], listed["reasons"]) == (data["confidence"], data["reasons"])
    text = cli("show", "1").stdout
    assert "proposed" in text and f"confidence {data['confidence']:.2f}; rules: " in text


# deciding by flag -----------------------------------------------------------------------------


def test_review_accepts_and_rejects_by_flag(cli: Cli, tmp_path: Path) -> None:
    _extract(cli, tmp_path)
    result = cli("review", "PM-1", "--accept", "AI-1,ai-3", "--reject", "2")
    assert result.exit_code == 0, result.output
    assert "accepted AI-1, AI-3: the next sync files them" in result.stdout
    assert "rejected AI-2: won't do, never proposed again" in result.stdout
    assert _statuses(cli) == {"AI-1": "open", "AI-2": "wont_do", "AI-3": "open"}
    assert json.loads(cli("show", "AI-2", "--format", "json").stdout)["status_reason"] == "rejected"
    assert "wont_do (rejected)" in cli("show", "AI-2").stdout
    assert [row["id"] for row in json.loads(cli("list", "--format", "json").stdout)] == ["AI-1", "AI-3"]


def test_accept_all_and_reject_all_take_the_rest(cli: Cli, tmp_path: Path) -> None:
    _extract(cli, tmp_path)
    assert cli("review", "--reject", "AI-2", "--accept-all").exit_code == 0
    assert _statuses(cli) == {"AI-1": "open", "AI-2": "wont_do", "AI-3": "open"}
    _extract(cli, tmp_path, DOC.replace("Checkout outage", "Search outage"), "b.md")  # PM-2: AI-4..6
    assert cli("review", "PM-2", "--reject-all").exit_code == 0
    assert [s for i, s in _statuses(cli).items() if i in ("AI-4", "AI-5", "AI-6")] == ["wont_do"] * 3
    assert cli("review").stdout.strip() == "nothing to review"


def test_bad_ids_are_one_line_exit_2_and_change_nothing(cli: Cli, tmp_path: Path) -> None:
    _extract(cli, tmp_path)
    _extract(cli, tmp_path, DOC.replace("Checkout outage", "Search outage"), "other.md")  # PM-2: AI-4..6
    assert cli("review", "PM-2", "--accept", "AI-6").exit_code == 0
    before = _items(cli)
    for args, message in [
        (["PM-1", "--accept", "AI-1,AI-99"], "no action item 'AI-99'"),
        (["PM-1", "--accept", "AI-1", "--reject", "ai-1"], "AI-1 is both accepted and rejected"),
        (["--accept", "AI-1,AI-6"], "AI-6 is not proposed (it is open)"),
        (["PM-1", "--accept", "AI-1", "--reject", "AI-4"], "AI-4 belongs to PM-2, not PM-1"),
        (["PM-1", "--accept-all", "--reject-all"], "contradict each other"),
        (["PM-1", "--accept", "AI-1,"], "give item ids separated by commas"),
        (["PM-9", "--accept-all"], "no postmortem 'PM-9'"),
    ]:
        result = cli("review", *args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr.count("\n") == 1 and message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output
    assert _items(cli) == before


def test_without_a_terminal_or_a_flag_review_lists_and_exits_0(cli: Cli, tmp_path: Path) -> None:
    _extract(cli, tmp_path)
    result = cli("review", "PM-1", input="a\na\na\n")  # input that is not a terminal is never read
    assert result.exit_code == 0, result.output
    for text in TEXTS:
        assert text in result.stdout
    assert "3 proposed items, not synced until accepted" in result.stdout
    assert "tracker review PM-1 --accept AI-1" in result.stdout
    assert set(_statuses(cli).values()) == {"proposed"}


# re-extraction --------------------------------------------------------------------------------


def test_a_rejected_item_is_never_proposed_again(cli: Cli, tmp_path: Path) -> None:
    _extract(cli, tmp_path)
    assert cli("review", "PM-1", "--reject", "AI-2", "--accept", "AI-1").exit_code == 0
    _extract(cli, tmp_path)  # the same document again
    assert _statuses(cli) == {"AI-1": "open", "AI-2": "wont_do", "AI-3": "proposed"}
    edited = DOC.replace("above 2%", "above 2 percent") + "| Load-test checkout monthly | Dana | |\n"
    _extract(cli, tmp_path, edited)  # reworded, and an item added
    assert _statuses(cli) == {"AI-1": "open", "AI-2": "wont_do", "AI-3": "proposed", "AI-4": "proposed"}
    assert json.loads(cli("show", "AI-2", "--format", "json").stdout)["status_reason"] == "rejected"
    _extract(cli, tmp_path, DOC.split("| Alert on")[0])  # it vanishes from the document, then returns
    _extract(cli, tmp_path)
    assert _statuses(cli)["AI-2"] == "wont_do" and _statuses(cli)["AI-3"] == "proposed"


def test_export_and_import_keep_proposed_and_rejected_items(cli: Cli, tmp_path: Path) -> None:
    _extract(cli, tmp_path)
    assert cli("review", "PM-1", "--reject", "AI-2").exit_code == 0
    assert cli("export", "--output", str(tmp_path / "backup.jsonl")).exit_code == 0
    from typer.testing import CliRunner

    from tracker.cli.app import app

    where = ["--db", str(tmp_path / "restored.db"), "--config", str(cli.config)]  # type: ignore[attr-defined]
    runner = CliRunner()
    assert runner.invoke(app, [*where, "import", str(tmp_path / "backup.jsonl")]).exit_code == 0
    again = runner.invoke(app, [*where, "list", "--status", "all", "--format", "json"])
    assert json.loads(again.stdout) == list(_items(cli).values())


# report and status ----------------------------------------------------------------------------


def test_report_lists_proposed_items_as_needing_review_and_status_counts_them(cli: Cli, tmp_path: Path) -> None:
    _extract(cli, tmp_path)
    assert cli("review", "PM-1", "--accept", "AI-1").exit_code == 0
    doc = json.loads(cli("report", "--as-of", "2026-11-01", "--format", "json").stdout)
    last = doc["groups"][-1]
    assert (last["kind"], [i["id"] for i in last["items"]]) == ("needs_review", ["AI-2", "AI-3"])
    assert doc["summary"]["flags"]["needs_review"] == 2 and doc["summary"]["open"] == 1
    table = cli("report", "--as-of", "2026-11-01").stdout
    assert "needs review (2)" in table and "2 proposed items need review" in table.replace("\n", " ")
    assert cli("report", "--as-of", "2026-11-01", "--fail-on", "needs_review").exit_code == 1
    assert "needs review" in cli("report", "--as-of", "2026-11-01", "--format", "markdown").stdout
    assert "2 proposed, not counted above until accepted: tracker review" in cli("status").stdout
    assert json.loads(cli("status", "--format", "json").stdout)["needs_review"] == 2


# at a terminal --------------------------------------------------------------------------------

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")


class Terminal:
    """`tracker` on a pseudo-terminal: keystrokes in, output read with a deadline (never hangs)."""

    def __init__(self, tmp_path: Path, db: Path | str, *args: str) -> None:
        import fcntl
        import struct
        import termios

        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))  # no wrapping
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        env.update(TRACKER_CONFIG=str(tmp_path / "config.toml"), TRACKER_DB=str(db), NO_COLOR="1", TERM="xterm")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tracker", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.seen = ""
        self.pos = 0

    def _read(self, deadline: float) -> bool:
        """Read what is there before the deadline; False at the end of the output."""
        ready, _, _ = select.select([self.master], [], [], max(deadline - time.monotonic(), 0))
        if not ready:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: the child closed the terminal
            data = b""
        self.seen += _ANSI.sub("", data.decode("utf-8", "replace"))
        return bool(data)

    def expect(self, needle: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.seen[self.pos :]:
            if time.monotonic() > deadline or not self._read(deadline):
                self.kill()
                raise AssertionError(f"never saw {needle!r}; the terminal showed:\n{self.seen[-3000:]}")
        self.pos = self.seen.index(needle, self.pos) + len(needle)

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def finish(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self._read(deadline):
            pass
        try:
            return self.proc.wait(timeout=max(deadline - time.monotonic(), 1))
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"tracker did not end; the terminal showed:\n{self.seen[-3000:]}") from None
        finally:
            os.close(self.master)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


def test_interactive_review_at_a_terminal(cli: Cli, tmp_path: Path) -> None:
    _extract(cli, tmp_path)
    term = Terminal(tmp_path, cli.db, "review", "PM-1")
    try:
        term.expect("AI-1 (1 of 3) from Checkout outage (PM-1)")
        for shown in (TEXTS[0], "section  Action items", "owner  Alice", "due  2026-12-01", "confidence  ", "reasons"):
            term.expect(shown)
        term.expect("[q]uit")
        term.send("x\n")  # not a choice: asked again
        term.expect("[q]uit")
        term.send("A\n")
        term.expect("AI-1 accepted")
        term.expect("AI-2 (2 of 3)")
        term.expect("[q]uit")
        term.send("e\n")
        term.expect("text (")
        term.send("Alert when checkout errors pass 2%\n")
        term.expect("owner (- for none)")
        term.send("\n")  # Enter keeps Bob
        term.expect("due (- for none")
        term.send("someday maybe\n")
        term.expect("'someday maybe' is not a date")
        term.expect("due (- for none")
        term.send("2027-02-01\n")
        term.expect("AI-2 updated: text, due")
        term.expect("AI-2 (2 of 3)")  # shown again, edited
        term.expect("Alert when checkout errors pass 2%")
        term.expect("[q]uit")
        term.send("s\n")
        term.expect("AI-3 (3 of 3)")
        term.expect("[q]uit")
        term.send("reject\n")
        term.expect("AI-3 rejected")
        term.expect("accepted AI-1")
        term.expect("rejected AI-3")
        term.expect("1 still proposed: tracker review PM-1")
    finally:
        code = term.finish()
    assert code == 0, term.seen
    items = _items(cli)
    assert {i: row["status"] for i, row in items.items()} == {"AI-1": "open", "AI-2": "proposed", "AI-3": "wont_do"}
    assert (items["AI-2"]["text"], items["AI-2"]["owner"], items["AI-2"]["due"]) == (
        "Alert when checkout errors pass 2%",
        "Bob",
        "2027-02-01",
    )


def test_interactive_review_quits_on_q_or_end_of_input_and_keeps_what_was_decided(cli: Cli, tmp_path: Path) -> None:
    _extract(cli, tmp_path)
    term = Terminal(tmp_path, cli.db, "review")
    try:
        term.expect("[q]uit")
        term.send("r\n")
        term.expect("AI-1 rejected")
        term.expect("[q]uit")
        term.send("q\n")
        term.expect("2 still proposed: tracker review")
    finally:
        assert term.finish() == 0, term.seen
    term = Terminal(tmp_path, cli.db, "review")
    try:
        term.expect("AI-2 (1 of 2)")
        term.expect("[q]uit")
        term.send("\x04")  # Ctrl-D: end of input
        term.expect("nothing decided")
    finally:
        assert term.finish() == 0, term.seen
    assert _statuses(cli) == {"AI-1": "wont_do", "AI-2": "proposed", "AI-3": "proposed"}


# sync -----------------------------------------------------------------------------------------


def test_sync_files_no_proposed_item_until_it_is_accepted(
    github: tuple[FakeGitHub, dict[str, str]], tmp_path: Path
) -> None:
    fake, env = github
    config = tmp_path / "config.toml"
    config.write_text(config.read_text().replace("[sync]\n", "[sync]\nrequire_review = true\n", 1))
    (tmp_path / "pm.md").write_text(DOC)
    assert tracker(tmp_path, env, "extract", str(tmp_path / "pm.md")).returncode == 0
    dry = tracker(tmp_path, env, "sync", "--dry-run", "--format", "json")
    assert dry.returncode == 0 and json.loads(dry.stdout) == {"gh": []}, dry.stdout + dry.stderr
    first = tracker(tmp_path, env, "sync")
    assert first.returncode == 0, first.stdout + first.stderr
    assert list(fake.issues()) == []
    accepted = tracker(tmp_path, env, "review", "PM-1", "--accept", "AI-2")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    second = tracker(tmp_path, env, "sync", "--format", "json")
    assert second.returncode == 0, second.stdout + second.stderr
    assert json.loads(second.stdout)[0]["created"] == ["AI-2"]
    assert [v.marker for v in fake.issues()] == ["AI-2"]
    assert tracker(tmp_path, env, "review", "--reject", "AI-1", "--accept-all").returncode == 0
    assert tracker(tmp_path, env, "sync").returncode == 0
    assert sorted(v.marker or "" for v in fake.issues()) == ["AI-2", "AI-3"]  # the rejected one never
