"""`tracker extract`: documents in, action items out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from tracker.cli import context, render
from tracker.cli.app import app
from tracker.errors import EXIT_USAGE, InputError
from tracker.model import utcnow
from tracker.services.extract import DocumentOutcome, run_import
from tracker.sources import DOCUMENT_KINDS
from tracker.values import due_label


@app.command()
def extract(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help=f"Postmortem files or folders ({DOCUMENT_KINDS}).")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what was found; store nothing.")] = False,
    fmt: Annotated[Literal["table", "json"], typer.Option("--format", help="Output format.")] = "table",
    review_date: Annotated[
        str | None, typer.Option("--review-date", help="Date relative deadlines count from (YYYY-MM-DD).")
    ] = None,
    target: Annotated[
        list[str] | None,
        typer.Option("--target", help="Sync target these items go to (repeat it for several)."),
    ] = None,
    as_postmortem: Annotated[
        str | None,
        typer.Option("--as", help="The document is this postmortem (PM-N), moved or renamed; one document only."),
    ] = None,
    new: Annotated[
        bool, typer.Option("--new", help="A document resembling a stored postmortem is a new one all the same.")
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show each item's confidence and the rules that made it one.")
    ] = False,
    show_all: Annotated[
        bool, typer.Option("--all", help="With --explain: also the lines weighed and refused, and why.")
    ] = False,
) -> None:
    """Extract action items from postmortems and store them.

    Example: tracker extract postmortems/2024-03-15-login-outage.md --target github
    """
    obj = context.get(ctx)
    review = context.parse_date_option(review_date, "--review-date")
    for wanted in target or ():
        if not wanted.strip():
            raise InputError("--target: give a target name")
        obj.config.target(wanted)  # an unknown target: a config error before anything is written
    store = None if dry_run else obj.store
    if as_postmortem is not None and new:
        raise InputError("--as and --new contradict each other; give one")
    outcomes = run_import(
        paths,
        obj.config,
        store,
        now=utcnow(),
        review_date=review,
        targets=target or (),
        as_postmortem=as_postmortem,
        new=new,
    )
    name = obj.people.canonical
    if fmt == "json":
        render.print_json([_outcome_json(o, name, show_all) for o in outcomes if o.document is not None])
    elif explain:
        _print_explanations(outcomes, show_all)
    else:
        _print_tables(outcomes, dry_run, name)
    err = render.console(stderr=True)
    for outcome in outcomes:
        if outcome.moved:
            err.print(outcome.moved, markup=False)
        for line in ([outcome.error] if outcome.error else []) + outcome.warnings:
            err.print(f"{outcome.source}: {line}", markup=False)
    if any(o.error for o in outcomes) or not outcomes:
        if not outcomes:
            err.print(f"no postmortem files found (looked for {DOCUMENT_KINDS})")
        raise typer.Exit(EXIT_USAGE)


def _outcome_json(outcome: DocumentOutcome, name: render.OwnerName, rejected: bool) -> dict[str, object]:
    doc = outcome.document
    assert doc is not None
    ids = outcome.result.ids if outcome.result else []
    proposed = set(outcome.result.proposed) if outcome.result else set()
    return {
        "source": outcome.source,
        "title": doc.title,
        "incident_date": doc.incident_date,
        "review_date": doc.review_date,
        "services": list(doc.services),
        "impact": doc.impact,
        "items": [
            {
                "id": ids[n] if ids else None,
                "text": i.text,
                "category": i.category,
                "section": i.section,
                "owner": name(i.owner),
                "due": outcome.dues[n][0],
                "due_derived": outcome.dues[n][1],
                "status": "proposed" if ids and ids[n] in proposed else i.status,
                "priority": i.priority,
                "confidence": i.confidence,
                "reasons": list(i.reasons),
                "ticket": i.ticket,
            }
            for n, i in enumerate(doc.items)
        ],
        **(
            {"rejected": [{"text": r.text, "section": r.section, "reason": r.reason} for r in doc.rejected]}
            if rejected
            else {}
        ),
    }


def _print_explanations(outcomes: list[DocumentOutcome], show_all: bool) -> None:
    """Per document: each item's confidence and reasons; with --all the refused lines too."""
    out = render.console()
    for outcome in outcomes:
        doc = outcome.document
        if doc is None:
            continue
        out.print(f"{doc.title} — {outcome.source}", markup=False, style="bold")
        ids = outcome.result.ids if outcome.result else []
        for n, item in enumerate(doc.items):
            label = ids[n] if ids else f"#{n + 1}"
            out.print(f"  {label:>6}  {item.confidence:.2f}  {item.text}", markup=False)
            out.print(f"{'':>16}{', '.join(item.reasons) or '-'}", markup=False, style="dim")
        if show_all:
            for line in doc.rejected:
                out.print(f"  {'no':>6}  {line.reason}: {line.text}", markup=False, style="dim")


def _print_tables(outcomes: list[DocumentOutcome], dry_run: bool, name: render.OwnerName) -> None:
    from rich.table import Table

    out = render.console()
    for outcome in outcomes:
        doc = outcome.document
        if doc is None or not doc.items:
            continue
        table = Table(title=f"{doc.title} ({doc.incident_date or 'no date'}) — {outcome.source}")
        ids = outcome.result.ids if outcome.result else []
        proposed = set(outcome.result.proposed) if outcome.result else set()
        tickets = any(item.ticket for item in doc.items)  # the column only where the document names some
        for column in ("id" if ids else "#", "text", "section", "owner", "due", "status", *(["ticket"] * tickets)):
            table.add_column(column, overflow="fold")
        for n, item in enumerate(doc.items, 1):
            due, derived = outcome.dues[n - 1]
            table.add_row(
                ids[n - 1] if ids else str(n),
                item.text,
                item.section or "-",
                name(item.owner) or "-",
                due_label(due, derived),
                "proposed" if ids and ids[n - 1] in proposed else item.status.value,
                *([item.ticket or "-"] * tickets),
            )
        out.print(table)
        res = outcome.result
        if res is not None:
            out.print(
                f"{res.postmortem.id}: {len(res.created)} new, {len(res.updated)} updated, "
                f"{len(res.unchanged)} unchanged, {len(res.removed)} removed"
            )
            if res.proposed:
                out.print(
                    f"{res.postmortem.id}: {len(res.proposed)} proposed, not synced until accepted: "
                    f"tracker review {res.postmortem.id}"
                )
    if dry_run:
        out.print("dry run: nothing stored")
