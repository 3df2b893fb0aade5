"""`tracker sync`: plan (dry run) or run the two-way sync with every configured target, or one."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from tracker.services.adopt import Adopted, adopt_targets
from tracker.services.targets import Target, target_names, targets_for
from tracker.services.workspace import Clock, Workspace
from tracker.sync.actions import Action
from tracker.sync.apply import SyncReport
from tracker.sync.engine import ProgressCallback, preview, run_sync

#: Shows one target's progress while it syncs: given the target's name, a context whose value is
#: the engine's (done, total) callback. The CLI draws a bar; the default shows nothing.
Progress = Callable[[str], AbstractContextManager[ProgressCallback]]


@contextlib.contextmanager
def no_progress(target: str) -> Iterator[ProgressCallback]:
    yield lambda done, total: None


@dataclass(frozen=True, slots=True)
class SyncRequest:
    target: str | None = None  # None: every configured target
    dry_run: bool = False
    adopt: bool = False  # first rebuild missing records from marked issues (not on a dry run)


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    adopted: list[Adopted] = field(default_factory=list)
    plans: dict[str, list[Action]] | None = None  # a dry run: per target, what a sync would do
    reports: list[SyncReport] = field(default_factory=list)  # a sync: per target, what it did

    @property
    def failed(self) -> bool:
        """Some items failed (the others were synced)."""
        return any(r.errors for r in self.reports)


def sync(ws: Workspace, request: SyncRequest, clock: Clock, progress: Progress = no_progress) -> SyncOutcome:
    """Every target's connector is made first (none configured: a config error, not a sync of nothing)."""
    targets = targets_for(ws.config, ws.people, target_names(ws.config, request.target), clock)
    if request.dry_run:
        return SyncOutcome(plans={t.name: preview(ws.store, t.connector, t.options) for t in targets})
    adopted = adopt_targets(ws, targets, clock) if request.adopt else []
    return SyncOutcome(adopted, reports=sync_with(ws, targets, progress))


def sync_configured(ws: Workspace, target: str | None, clock: Clock) -> list[SyncReport]:
    """`report --sync-first`: sync the given target, or every configured one (none: nothing)."""
    if not ws.settings.targets:
        return []
    return sync_with(ws, targets_for(ws.config, ws.people, target_names(ws.config, target), clock))


#: Rounds over several targets: a change pulled from the last one reaches the first in the second,
#: and so does an issue created on the last (the first's issue names it as its twin).
MAX_ROUNDS = 3


def sync_with(ws: Workspace, targets: list[Target], progress: Progress = no_progress) -> list[SyncReport]:
    """Sync each target in turn, under the sync lock beside the store. With several targets, again
    while a round pulled changes in or created issues: what one tracker changed reaches every other
    in this sync, and every issue names its twins."""
    store = ws.store
    reports = {t.name: SyncReport(t.name) for t in targets}
    with store.sync_lock():
        for _ in range(MAX_ROUNDS if len(targets) > 1 else 1):
            moved = False
            for target in targets:
                report = reports[target.name]
                if report.stopped:
                    continue
                before = _moves(report)
                with progress(target.name) as callback:
                    run_sync(store, target.connector, target.options, progress=callback, report=report)
                moved = moved or _moves(report) != before
            if not moved:
                break
    return list(reports.values())


def _moves(report: SyncReport) -> tuple[int, int, int, int]:
    """What another target must hear of: changes pulled here, and issues created or linked here
    (found by their marker too: a create that landed before a crash is a twin the others name)."""
    return len(report.updated_local), len(report.created_issues), len(report.ticket_links), len(report.linked)
