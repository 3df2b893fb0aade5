"""The sync progress: the engine tells the plan's size, the bar shows count, rate and time left."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from tests.connectors.memory_env import make_memory
from tests.support import Clock, add_postmortem, new_item, open_store
from tracker.cli.progress import bar_callback, progress_wanted, sync_progress_bar
from tracker.config import Config
from tracker.sync.engine import SyncOptions, run_sync

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Ticks:
    """A clock for rich that moves only when told."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_run_sync_tells_the_callback_the_plans_total_before_the_first_action(tmp_path: Path) -> None:
    calls = _sync_three_items_recording_progress(tmp_path)
    assert calls[0] == (0, 3)  # planned, nothing done yet
    assert calls[-1] == (3, 3)
    assert all(total == 3 for _, total in calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)  # never goes back


def test_the_bar_shows_count_percentage_rate_and_time_left() -> None:
    out = io.StringIO()
    ticks = Ticks()
    bar = sync_progress_bar(Console(file=out, force_terminal=True, width=100), get_time=ticks)
    task = bar.add_task("syncing gh", total=None)
    report = bar_callback(bar, task)
    report(0, 10)
    ticks.now = 1.0
    report(1, 10)
    ticks.now = 2.0
    report(3, 10)  # 2 more in the last second: 2.0 items/s; 7 left: 3.5 s, shown rounded up
    bar.console.print(bar.get_renderable())
    text = ANSI.sub("", out.getvalue())
    assert "syncing gh" in text and "3/10" in text and "30%" in text
    assert "2.0 items/s" in text and "0:00:04" in text


def test_the_bar_says_the_rate_is_unknown_before_it_can_tell() -> None:
    out = io.StringIO()
    bar = sync_progress_bar(Console(file=out, force_terminal=True, width=100), get_time=Ticks())
    bar_callback(bar, bar.add_task("syncing gh", total=None))(0, 5)
    bar.console.print(bar.get_renderable())
    text = ANSI.sub("", out.getvalue())
    assert "0/5" in text and "? items/s" in text


@pytest.mark.parametrize(
    ("is_terminal", "quiet", "ci", "wanted"),
    [
        (True, False, None, True),
        (False, False, None, False),  # a pipe or a file
        (True, True, None, False),  # report --sync-first
        (True, False, "true", False),
    ],
)
def test_the_bar_is_only_for_a_terminal_outside_ci(
    monkeypatch: pytest.MonkeyPatch, is_terminal: bool, quiet: bool, ci: str | None, wanted: bool
) -> None:
    monkeypatch.delenv("CI", raising=False)
    if ci is not None:
        monkeypatch.setenv("CI", ci)
    assert progress_wanted(is_terminal, quiet) is wanted


def _sync_three_items_recording_progress(tmp_path: Path) -> list[tuple[int, int]]:
    clock = Clock()
    connector, _ = make_memory(clock, Config())
    store = open_store(tmp_path)
    try:
        add_postmortem(store, [new_item(f"Fix thing {n}", n) for n in range(3)])
        calls: list[tuple[int, int]] = []
        options = SyncOptions(target="remote", default_target=True, clock=clock)
        run_sync(store, connector, options, progress=lambda done, total: calls.append((done, total)))
    finally:
        store.close()
    return calls
