"""`tracker report` (the nightly overdue/ownerless report) and `tracker status` (who owes what).

Commands parse options, call one function, render. The report machinery is imported inside the
commands, so other commands pay nothing for it; nothing here imports PyGithub or jira unless
`--sync-first` is given.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tracker.cli import render
from tracker.cli.app import app
from tracker.cli.context import get, parse_date_option, refuse_store_output
from tracker.errors import EXIT_FINDINGS, InputError

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


def _check_counting_window(day: date, due_soon_days: int) -> None:
    """InputError when the days `status` counts (done in the days before, due soon in the days
    after) run off the calendar: `--as-of 0001-01-01` or `9999-12-31`."""
    from tracker.report.status import DONE_DAYS

    try:
        day - timedelta(days=DONE_DAYS)
        day + timedelta(days=due_soon_days + 1)
    except OverflowError:
        raise InputError(f"--as-of: {day} is too near the first or the last day of the calendar") from None


@app.command()
def report(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Report as of this day (YYYY-MM-DD); default today in [report] timezone."),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option("--owner", help="Only this person (name, alias, GitHub or GitLab login, Jira account or email)."),
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
        typer.Option("--all", help="List items flagged only unassignable or no due date too (JSON and CSV always do)."),
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
    from tracker.report.build import ReportOptions
    from tracker.report.flags import BACKGROUND, FLAGS, parse_flags
    from tracker.services.report import ReportRequest, build_report

    obj = get(ctx)
    chosen = parse_flags(only, "--only")
    everything = list_all or chosen is not None or fmt in (ReportFormat.JSON, ReportFormat.CSV)
    readable = frozenset(FLAGS) - BACKGROUND
    options = ReportOptions(
        as_of=parse_date_option(as_of, "--as-of"),
        owner=owner,
        postmortem=obj.postmortem_ref(postmortem) if postmortem else None,
        target=target,
        only=chosen,
        listed=None if everything else readable,
        fail_on=parse_flags(fail_on, "--fail-on") or frozenset(),
        due_soon_days=due_soon,
    )
    refuse_store_output(obj, output)
    render.check_output(output)
    slack_lists_more = everything and not list_all and chosen is None  # stdout is JSON/CSV: Slack gets the listing
    request = ReportRequest(
        options,
        sync_first=sync_first,
        slack_webhook_env=slack_webhook_env,
        slack_options=replace(options, listed=readable) if slack_lists_more else None,
    )
    run = build_report(obj, request, _now)
    width, color = _terminal() if output is None else (120, False)
    render.write_output(reporting.chunks(run.report, fmt.value, width=width, color=color), output)
    if slack_webhook_env and run.for_slack is not None:
        from tracker.delivery import slack
        from tracker.logs import quiet_library_logs
        from tracker.report import render_slack

        quiet_library_logs()  # the client logs requests (with the URL) at debug level
        slack.post(render_slack.render(run.for_slack), slack_webhook_env)
    if run.failing:
        raise typer.Exit(EXIT_FINDINGS)  # (--fail-on counts every item in scope, listed or not)


@app.command()
def status(
    ctx: typer.Context,
    owner: Annotated[
        str | None,
        typer.Argument(help="A person: name as written, alias, GitHub or GitLab login, Jira account or email."),
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
        view = overview(obj.reader, people, day, settings.due_soon_days)
        text = (
            render_status.overview_json(view)
            if fmt is StatusFormat.JSON
            else render_status.overview_table(view, width=width, color=color)
        )
    else:
        one = owner_status(obj.reader, people, owner, day, settings.due_soon_days)
        text = (
            render_status.owner_json(one)
            if fmt is StatusFormat.JSON
            else render_status.owner_table(one, width=width, color=color)
        )
    render.write_output([text], None)
