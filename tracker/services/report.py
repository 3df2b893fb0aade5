"""`tracker report`: sync first when asked, then build the report (and Slack's listing of it).

Lean on purpose (the report is a fast read command): the sync engine and the connectors are
imported only for `--sync-first`, Slack's client only for a webhook.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.services.workspace import Clock, Workspace

if TYPE_CHECKING:
    from tracker.report.build import Report, ReportOptions
    from tracker.sync.apply import SyncReport


@dataclass(frozen=True, slots=True)
class ReportRequest:
    options: ReportOptions
    sync_first: bool = False  # sync with the configured targets (or `options.target`) first
    slack_webhook_env: str | None = None  # the variable holding the webhook URL (checked first)
    slack_options: ReportOptions | None = None  # what Slack lists, when not what `options` does


@dataclass(frozen=True, slots=True)
class ReportRun:
    report: Report
    synced: list[SyncReport]  # what `--sync-first` did, per target
    for_slack: Report | None = None  # the report to post, when a webhook is given

    @property
    def failing(self) -> bool:
        """An item in scope has a `--fail-on` flag (listed or not)."""
        return bool(self.report.failing)


def build_report(ws: Workspace, request: ReportRequest, clock: Clock) -> ReportRun:
    options = request.options
    if request.slack_webhook_env:  # an unset variable or no https URL: refused before anything is synced
        from tracker.delivery.slack import webhook_url

        webhook_url(request.slack_webhook_env)
    synced: list[SyncReport] = []
    if request.sync_first:
        _check_scope(ws, options)
    if request.sync_first and ws.settings.targets:  # no target: nothing to sync with
        from tracker.services.sync import sync_configured  # imports the connectors: only here

        synced = sync_configured(ws, options.target, clock)
    report = _make(ws, options, clock)
    if not request.slack_webhook_env:
        return ReportRun(report, synced)
    slack = report if request.slack_options is None else _make(ws, request.slack_options, clock)
    return ReportRun(report, synced, slack)


def _make(ws: Workspace, options: ReportOptions, clock: Clock) -> Report:
    from tracker.report.build import make_report

    def postmortem_id(ref: str) -> str:
        return ws.store.get_postmortem(ref).id

    with _bulk():
        return make_report(ws.reader, ws.settings, options, clock(), postmortem_id)


def _check_scope(ws: Workspace, options: ReportOptions) -> None:
    """Refuse what the report would refuse (an owner or a postmortem naming nothing) before
    `--sync-first` writes anything: a usage error (exit 2) leaves the store as it was."""
    from tracker.report.owners import resolve_owner

    if options.owner:
        resolve_owner(ws.reader, ws.people, options.owner)
    if options.postmortem:
        ws.store.get_postmortem(options.postmortem)


@contextlib.contextmanager
def _bulk() -> Iterator[None]:
    """No cyclic garbage collection over the report's objects (this process ends right after).

    Rows and report make no reference cycles (refcounting frees them), but with 100k items the
    collector's repeated full passes over them cost as much as building them: during the build,
    after it, and again at exit. `gc.freeze()` parks what exists where the collector never looks.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
