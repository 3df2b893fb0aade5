"""`tracker remind`: each owner their overdue, due-soon and stale items, by Slack and e-mail.

Parses, calls `tracker.services.remind.remind` once, renders: with `--dry-run` every message as it
would be sent; else one line per message sent (stdout) and one per message not sent (stderr, exit 3).
Slack's client and smtplib are imported only when something is sent.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli import render
from tracker.cli.app import app
from tracker.cli.context import get, parse_date_option
from tracker.errors import EXIT_ITEM_FAILURES

if TYPE_CHECKING:
    from tracker.services.remind import RemindRun


class ChannelOption(StrEnum):
    SLACK = "slack"
    EMAIL = "email"
    BOTH = "both"


def _now() -> datetime:
    """The clock (tests replace it)."""
    return datetime.now(UTC)


@app.command()
def remind(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Remind as of this day (YYYY-MM-DD); default today in each person's time zone."),
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Only this person (name, alias, login or email); no ownerless list.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print each message as it would be sent; send and record nothing.")
    ] = False,
    channel: Annotated[
        ChannelOption | None,
        typer.Option("--channel", help="Send by Slack, e-mail or both (default [remind] channel: both)."),
    ] = None,
) -> None:
    """Remind each owner of their overdue, due-soon and stale items (Slack and e-mail), and
    `[remind] ownerless_to` of the items nobody can be reminded of.

    Example: tracker remind --dry-run --owner alice
    """
    from tracker.services.remind import RemindRequest
    from tracker.services.remind import remind as run_remind

    obj = get(ctx)
    request = RemindRequest(
        as_of=parse_date_option(as_of, "--as-of"),
        owner=owner,
        dry_run=dry_run,
        channel=channel.value if channel is not None else None,
    )
    run = run_remind(obj, request, _now)
    out = []
    for d in run.deliveries:
        r = d.reminder
        if run.dry_run:
            out.append(f"── to {r.recipient} by {r.address.channel}: {d.items} item{'s' * (d.items != 1)}\n{d.body}\n")
        elif d.error is None:
            out.append(f"sent to {r.recipient} by {r.address.channel}: {d.items} item{'s' * (d.items != 1)}\n")
    out.append(_summary(run) + "\n")
    sys.stdout.write(render.printable("".join(out)))
    for d in run.failed:
        sys.stderr.write(render.printable(f"error: {d.reminder.recipient}: {d.error}\n"))
    if run.failed:
        raise typer.Exit(EXIT_ITEM_FAILURES)


def _summary(run: RemindRun) -> str:
    plan = run.plan
    done = sum(1 for d in run.deliveries if d.error is None)
    parts = [f"{len(run.deliveries)} reminders would be sent" if run.dry_run else f"{done} reminders sent"]
    if run.failed:
        parts.append(f"{len(run.failed)} not sent")
    for label, names in (
        ("quiet day for", plan.quiet),
        ("nothing new for", plan.up_to_date),
        ("unreachable (no address in [people] for the channels used)", plan.unreachable),
    ):
        if names:
            parts.append(f"{label}: {', '.join(names)}")
    if run.skipped:
        who = ", ".join(d.reminder.recipient for d in run.skipped)
        parts.append(f"not on Slack (reached by e-mail): {who}")
    if plan.undelivered:
        parts.append(f"{plan.undelivered} items for nobody: set [remind] ownerless_to")
    return "; ".join(parts)
