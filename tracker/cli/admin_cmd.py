"""Backup, restore and health: `export`, `import`, `doctor`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli import context, render
from tracker.cli.app import app
from tracker.errors import EXIT_FINDINGS, InputError, TrackerError

if TYPE_CHECKING:
    from tracker.connector import Finding


@app.command("export")
def export_store(
    ctx: typer.Context,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
) -> None:
    """Write everything in the store (postmortems, items, links, sync state) as JSON Lines.

    Example: tracker export --output backup.jsonl
    """
    from tracker.store.export import export_rows

    obj = context.get(ctx)
    context.refuse_store_output(obj, output)  # the store is read while the file is written
    render.write_output(_pieces(export_rows(obj.conn)), output, private=True)
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
    from tracker.store.backup import import_lines

    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{file}: cannot read ({exc.__class__.__name__})") from None
    counts = import_lines(context.get(ctx).store, text.splitlines(), str(file))
    render.console().print(", ".join(f"{n} {table}" for table, n in counts.items() if n) or "nothing to import")


@app.command()
def doctor(ctx: typer.Context) -> None:
    """Check the config, the store, and every target: token, project, labels, statuses, people.

    One line per check; a failed one says how to fix it. Exit 1 when any check failed
    (a `warn` line, like a label the first sync creates, does not count).

    Example: tracker doctor
    """
    out = render.console()
    failed = False
    for scope, finding in _findings(context.get(ctx)):
        if finding.problem is None:
            out.print(f"ok   {scope}: {finding.check}", markup=False)
            continue
        failed |= finding.blocking
        mark = "FAIL" if finding.blocking else "warn"
        out.print(f"{mark} {scope}: {finding.check}: {finding.problem} — {finding.fix}", markup=False)
    if failed:
        raise typer.Exit(EXIT_FINDINGS)


def _findings(obj: context.Context) -> list[tuple[str, Finding]]:
    from tracker.connector import Finding
    from tracker.store.db import SCHEMA_VERSION, integrity_problems

    try:
        config = obj.config
    except TrackerError as exc:
        return [("config", Finding("file", str(exc), "fix the key it names"))]
    results = [("config", Finding(str(config.source or "(none: defaults)")))]
    try:
        store = obj.store
        problems = integrity_problems(store.conn)
        check = f"{store.path} (schema {SCHEMA_VERSION})"
        results.append(("store", Finding(check, "; ".join(problems) or None, "restore from `tracker export`")))
    except TrackerError as exc:
        results.append(("store", Finding("file", str(exc), "pass another --db or restore a backup")))
    for name in sorted(config.targets):
        results += [(f"target {name}", finding) for finding in _target_findings(obj, name)]
    return results


def _target_findings(obj: context.Context, name: str) -> list[Finding]:
    from tracker.cli.sync_cmd import connector_for
    from tracker.connector import Finding, problem_of

    try:
        connector, _ = connector_for(obj, name)
        return connector.check()
    except TrackerError as exc:
        return [Finding("connection", problem_of(exc), "check the target's settings and token variable")]
