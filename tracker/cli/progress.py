"""The progress bar of `tracker sync`: count, percentage, rate and time left, on stderr.

Imported only when a sync runs; the sync engine knows nothing of rich, only a (done, total) callback.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from tracker.sync.engine import ProgressCallback


def progress_wanted(is_terminal: bool, quiet: bool) -> bool:
    """A bar only for a person watching: not when quiet, not into a pipe or a file, not in CI."""
    return not quiet and is_terminal and not os.environ.get("CI")


class RateColumn(ProgressColumn):
    """Actions done per second, or "?" until rich has seen enough progress to tell."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        shown = "?" if speed is None else f"{speed:.1f}"
        return Text(f"{shown} items/s", style="progress.data.speed")


def sync_progress_bar(
    console: Console, *, disable: bool = False, get_time: Callable[[], float] | None = None
) -> Progress:
    """The bar's columns: description, bar, n/total, percentage, items/s, time left."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        RateColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=disable,
        get_time=get_time,
    )


def bar_callback(bar: Progress, task: TaskID) -> ProgressCallback:
    """The engine's progress callback, moving `task` of `bar`."""

    def report(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return report
