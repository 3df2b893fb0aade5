"""`tracker sync`, `conflicts` and `resolve`: keeping items and remote issues one."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from tracker.cli import context, render
from tracker.cli.app import app
from tracker.errors import EXIT_ITEM_FAILURES
from tracker.model import utcnow
from tracker.sync.describe import action_data, created_data, describe_action, report_lines

if TYPE_CHECKING:
    from tracker.services.sync import Progress, SyncOutcome
    from tracker.sync.apply import SyncReport
    from tracker.sync.engine import ProgressCallback


def _progress_bars(quiet: bool) -> Progress:
    """A bar on stderr per target while it syncs (none when quiet, piped or in CI)."""
    from tracker.cli.progress import bar_callback, progress_wanted, sync_progress_bar

    @contextlib.contextmanager
    def bars(target: str) -> Iterator[ProgressCallback]:
        err = render.console(stderr=True)
        with sync_progress_bar(err, disable=not progress_wanted(err.is_terminal, quiet)) as bar:
            task = bar.add_task(f"syncing {target}", total=None)  # the total is known once planned
            yield bar_callback(bar, task)

    return bars


@app.command()
def sync(
    ctx: typer.Context,
    target: Annotated[str | None, typer.Option("--target", help="Only this target (default: every target).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the plan; change nothing anywhere.")] = False,
    fmt: Annotated[Literal["table", "json"], typer.Option("--format", help="Output format.")] = "table",
    adopt: Annotated[
        bool, typer.Option("--adopt", help="First rebuild missing records from the target's marked issues.")
    ] = False,
) -> None:
    """Push new and changed items to the issue trackers and pull their changes back.

    Example: tracker sync --target github --dry-run
    """
    from tracker.services import sync as service

    request = service.SyncRequest(target=target, dry_run=dry_run, adopt=adopt)
    outcome = service.sync(context.get(ctx), request, utcnow, _progress_bars(quiet=False))
    _render_sync(outcome, fmt)
    if outcome.failed:
        raise typer.Exit(EXIT_ITEM_FAILURES)


def _render_sync(outcome: SyncOutcome, fmt: Literal["table", "json"]) -> None:
    out = render.console()
    for adopted in outcome.adopted:
        out.print(f"{adopted.target}: adopted {len(adopted.item_ids)} items from marked issues", markup=False)
    if outcome.plans is not None:
        if fmt == "json":
            render.print_json({n: [action_data(a) for a in p] for n, p in outcome.plans.items()})
            return
        for name, actions in outcome.plans.items():
            out.print(f"[bold]{name}[/bold]: {len(actions)} planned", highlight=False)
            for action in actions:
                out.print(f"  {describe_action(action)}", markup=False)
        out.print("dry run: nothing was changed")
    elif fmt == "json":
        render.print_json([_report_json(r) for r in outcome.reports])
    else:
        for report in outcome.reports:
            for line in report_lines(report):
                out.print(line, markup=False)


def _report_json(report: SyncReport) -> dict[str, object]:
    return {
        "target": report.target,
        "created": report.created,
        "created_issues": created_data(report.created_issues),
        "ticket_links": created_data(report.ticket_links),
        "linked": report.linked,
        "updated_remote": report.updated_remote,
        "updated_local": report.updated_local,
        "conflicts": [action_data(c) for c in report.conflicts],
        "broken": report.broken,
        "errors": report.errors,
        "warnings": report.warnings,
    }


@app.command()
def conflicts(
    ctx: typer.Context,
    fmt: Annotated[Literal["table", "json"], typer.Option("--format", help="Output format.")] = "table",
) -> None:
    """List fields changed on both sides that wait for `tracker resolve` (policy "manual"), with
    the value here and on every tracker the item is on.

    Example: tracker conflicts
    """
    from tracker.services.conflicts import list_conflicts
    from tracker.sync.describe import json_value, show

    rows = list_conflicts(context.get(ctx))
    if fmt == "json":
        render.print_json(
            [
                {
                    "item": r.item_id,
                    "field": r.field,
                    "here": json_value(r.here),
                    "trackers": {name: json_value(value) for name, value in r.sides.items()},
                    "conflicting": list(r.conflicting),
                }
                for r in rows
            ]
        )
        return
    out = render.console()
    if not rows:
        out.print("no conflicts")
    for r in rows:
        sides = "".join(
            f" / {name}{'*' if name in r.conflicting else ''} {show(value)}" for name, value in r.sides.items()
        )
        out.print(f"{r.item_id} {r.field}: here {show(r.here)}{sides}", markup=False)
    if rows:
        out.print("(* changed there and here: tracker resolve ID --take local|remote|TARGET)", markup=False)


@app.command()
def resolve(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Item id, like AI-12.")],
    take: Annotated[
        str,
        typer.Option(
            "--take",
            help="Which side's values win: local, remote (the one tracker in conflict) or a target's name.",
        ),
    ],
    field: Annotated[str | None, typer.Option("--field", help="Only this field (default: all of the item's).")] = None,
) -> None:
    """Settle an item's conflicts; the next sync writes the winning values to the other side.

    Example: tracker resolve AI-12 --take remote
    """
    from tracker.services.conflicts import resolve as resolve_service

    done = resolve_service(context.get(ctx), item_id, take, field, utcnow)
    render.console().print(f"{item_id}: took {take} for {', '.join(done.fields)}; run `tracker sync` to finish")
