"""Backup, restore and health: `export`, `import`, `doctor`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Annotated

import typer

from tracker.cli import context, render
from tracker.cli.app import app
from tracker.errors import EXIT_FINDINGS


@app.command("export")
def export_store(
    ctx: typer.Context,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
) -> None:
    """Write everything in the store (postmortems, items, links, sync state) as JSON Lines.

    Example: tracker export --output backup.jsonl
    """
    obj = context.get(ctx)
    context.refuse_store_output(obj, output)  # the store is read while the file is written
    render.write_output(_pieces(obj.reader.export_lines()), output, private=True)
    if output is not None:
        render.console(stderr=True).print(f"wrote {output}", markup=False)


def _pieces(lines: Iterable[str], size: int = 1000) -> Iterator[str]:
    """The lines, newline-ended, joined a thousand at a time: few writes, little memory."""
    it = iter(lines)
    while batch := list(islice(it, size)):
        yield "\n".join(batch) + "\n"


@app.command("import")
def import_store(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A file written by `tracker export`.")],
) -> None:
    """Restore an export into an empty store.

    Example: tracker --db restored.db import backup.jsonl
    """
    from tracker.services.backup import restore

    counts = restore(context.get(ctx), file).counts
    render.console().print(", ".join(f"{n} {table}" for table, n in counts.items() if n) or "nothing to import")


@app.command()
def doctor(ctx: typer.Context) -> None:
    """Check the config, the store, and every target: token, project, labels, statuses, people.

    One line per check; a failed one says how to fix it. Exit 1 when any check failed
    (a `warn` line, like a label the first sync creates, does not count).

    Example: tracker doctor
    """
    from tracker.services.doctor import doctor as run_checks

    checked = run_checks(context.get(ctx))
    out = render.console()
    for check in checked.checks:
        scope, finding = check.scope, check.finding
        if finding.problem is None:
            out.print(f"ok   {scope}: {finding.check}", markup=False)
            continue
        mark = "FAIL" if finding.blocking else "warn"
        out.print(f"{mark} {scope}: {finding.check}: {finding.problem} — {finding.fix}", markup=False)
    if checked.failed:
        raise typer.Exit(EXIT_FINDINGS)
