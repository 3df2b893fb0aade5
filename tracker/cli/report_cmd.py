"""`tracker report` (the nightly overdue/ownerless report) and `tracker status` (who owes what).

Commands parse options, call one function, render. The report machinery is imported inside the
commands, so other commands pay nothing for it; nothing here imports PyGithub or jira unless
`--sync-first` is given.
"""

from __future__ import annotations

import contextlib
import gc
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli import render
from tracker.cli.app import app
from tracker.cli.context import Context, get, parse_date_option, refuse_store_output
from tracker.errors import EXIT_FINDINGS, InputError

if TYPE_CHECKING:
    from tracker.report.build import ReportOptions

FLAG_NAMES = "overdue, due_soon, stale, no_due_date, ownerless, unassignable, broken_link, needs_review"


class ReportFormat(StrEnum):
    TABLE = "table"
    MARKDOWN = "markdown"
    JSON = "json"
    HTML = "html"
    CSV = "csv"


class StatusFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def _now() -> datetime:
    """The clock (tests replace it); "today" is this moment in `[report] timezone`."""
    return datetime.now(UTC)


def _terminal() -> tuple[int, bool]:
    """(width, colour) for stdout: a terminal's own, else a fixed 120 without colour."""
    if sys.stdout.isatty():
        return shutil.get_terminal_size((120, 24)).columns, True
    return 120, False


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


def _check_scope(obj: Context, options: ReportOptions, postmortem_id: Callable[[str], str]) -> None:
    """Refuse what the report would refuse (an owner or a postmortem naming nothing) before
    `--sync-first` writes anything: a usage error (exit 2) leaves the store as it was."""
    from tracker.report.owners import resolve_owner

    if options.owner:
        resolve_owner(obj.conn, obj.people, options.owner)
    if options.postmortem:
        postmortem_id(options.postmortem)


def _check_counting_window(day: date, due_soon_days: int) -> None:
    """InputError when the days `status` counts (done in the days before, due soon in the days
    after) run off the calendar: `--as-of 0001-01-01` or `9999-12-31`."""
    from tracker.report.status import DONE_DAYS

    try:
        day - timedelta(days=DONE_DAYS)
        day + timedelta(days=due_soon_days + 1)
    except OverflowError:
        raise InputError(f"--as-of: {day} is too near the first or the last day of the calendar") from None


def _sync_first(obj: Context, target: str | None) -> None:
    if not obj.config.targets:
        return  # nothing to sync with
    from tracker.cli.sync_cmd import sync_all  # imports the connectors: only on --sync-first

    sync_all(obj, target)


@app.command()
def report(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Report as of this day (YYYY-MM-DD); default today in [report] timezone."),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option("--owner", help="Only this person (name, alias, GitHub login, Jira account or email)."),
    ] = None,
    postmortem: Annotated[
        str | None, typer.Option("--postmortem", help="Only items of this postmortem (id, title or path).")
    ] = None,
    target: Annotated[
        str | None, typer.Option("--target", help="Only items synced (or to be synced) to this target.")
    ] = None,
    only: Annotated[str | None, typer.Option("--only", help=f"Comma-separated flags to report: {FLAG_NAMES}.")] = None,
    list_all: Annotated[
        bool,
        typer.Option(
            "--all", help="List items flagged only unassignable or no due date too (JSON and CSV always do)."
        ),
    ] = False,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="Output format.")] = ReportFormat.TABLE,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")] = None,
    fail_on: Annotated[
        str | None,
        typer.Option("--fail-on", help="Exit 1 when any item has one of these comma-separated flags."),
    ] = None,
    sync_first: Annotated[bool, typer.Option("--sync-first", help="Sync with the configured targets first.")] = False,
    slack_webhook_env: Annotated[
        str | None,
        typer.Option(
            "--slack-webhook-env",
            help="Also post the report to Slack (Block Kit) via the webhook URL in this env variable.",
        ),
    ] = None,
    due_soon: Annotated[
        int | None,
        typer.Option(
            "--due-soon", min=0, max=3650, help="Days ahead that count as due soon (default [report] due_soon_days)."
        ),
    ] = None,
) -> None:
    """Flag overdue, due-soon, stale, undated, ownerless and unassignable items, grouped by owner,
    and list the proposed items that need review.

    Example: tracker report --fail-on overdue --format markdown --output report.md
    """
    from tracker import report as reporting
    from tracker.report.build import ReportOptions, make_report
    from tracker.report.flags import BACKGROUND, FLAGS, parse_flags

    obj = get(ctx)
    chosen = parse_flags(only, "--only")
    everything = list_all or chosen is not None or fmt in (ReportFormat.JSON, ReportFormat.CSV)
    options = ReportOptions(
        as_of=parse_date_option(as_of, "--as-of"),
        owner=owner,
        postmortem=obj.postmortem_ref(postmortem) if postmortem else None,
        target=target,
        only=chosen,
        listed=None if everything else frozenset(FLAGS) - BACKGROUND,
        fail_on=parse_flags(fail_on, "--fail-on") or frozenset(),
        due_soon_days=due_soon,
    )
    def postmortem_id(ref: str) -> str:
        return obj.store.get_postmortem(ref).id

    refuse_store_output(obj, output)
    render.check_output(output)
    if slack_webhook_env:  # an unset variable or no https URL: refused before anything is synced or written
        from tracker.delivery.slack import webhook_url

        webhook_url(slack_webhook_env)
    if sync_first:
        _check_scope(obj, options, postmortem_id)
        _sync_first(obj, target)

    with _bulk():
        result = make_report(obj.conn, obj.settings, options, _now(), postmortem_id)
    width, color = _terminal() if output is None else (120, False)
    render.write_output(reporting.chunks(result, fmt.value, width=width, color=color), output)
    if slack_webhook_env:
        from tracker.cli.app import quiet_library_logs
        from tracker.delivery import slack
        from tracker.report import render_slack

        quiet_library_logs()  # the client logs requests (with the URL) at debug level
        if everything and not list_all and chosen is None:  # stdout was JSON/CSV: Slack gets the readable listing
            with _bulk():
                readable = replace(options, listed=frozenset(FLAGS) - BACKGROUND)
                result = make_report(obj.conn, obj.settings, readable, _now(), postmortem_id)
        slack.post(render_slack.render(result), slack_webhook_env)
    if result.failing:
        raise typer.Exit(EXIT_FINDINGS)  # (--fail-on counts every item in scope, listed or not)


@app.command()
def status(
    ctx: typer.Context,
    owner: Annotated[
        str | None,
        typer.Argument(help="A person: name as written, alias, GitHub login, Jira account or email."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Count as of this day (YYYY-MM-DD); default today in [report] timezone."),
    ] = None,
    fmt: Annotated[StatusFormat, typer.Option("--format", help="Output format.")] = StatusFormat.TABLE,
) -> None:
    """Open, overdue, due-soon and recently done items per owner, or one owner's open items.

    Example: tracker status alice --as-of 2026-11-22
    """
    from tracker.report import render_status
    from tracker.report.clock import resolve_as_of
    from tracker.report.status import overview, owner_status

    obj = get(ctx)
    settings = obj.settings
    day = resolve_as_of(parse_date_option(as_of, "--as-of"), settings.timezone, _now())
    _check_counting_window(day, settings.due_soon_days)
    people = obj.people
    width, color = _terminal()
    if owner is None:
        view = overview(obj.conn, people, day, settings.due_soon_days)
        text = (
            render_status.overview_json(view)
            if fmt is StatusFormat.JSON
            else render_status.overview_table(view, width=width, color=color)
        )
    else:
        one = owner_status(obj.conn, people, owner, day, settings.due_soon_days)
        text = (
            render_status.owner_json(one)
            if fmt is StatusFormat.JSON
            else render_status.owner_table(one, width=width, color=color)
        )
    render.write_output([text], None)
