"""Backup, restore and health: `export`, `import`, `doctor`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from tracker.cli import context, render
from tracker.cli.app import app
from tracker.errors import EXIT_FINDINGS, InputError, TrackerError


@app.command("export")
def export_store(
    ctx: typer.Context,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
) -> None:
    """Write everything in the store (postmortems, items, links, sync state) as JSON Lines.

    Example: tracker export --output backup.jsonl
    """
    from tracker.store.backup import export_lines

    lines = export_lines(context.get(ctx).store)
    if output is None:
        for line in lines:
            sys.stdout.write(line + "\n")
        return
    fd = os.open(output, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # a file that was there before keeps its mode otherwise
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        for line in lines:
            handle.write(line + "\n")
    render.console(stderr=True).print(f"wrote {output}")


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
    """Check the config, the store, and that every target is reachable with its token.

    Example: tracker doctor
    """
    obj = context.get(ctx)
    out = render.console()
    failed = False
    for name, problems, fix in _checks(obj):
        ok = not problems
        failed |= not ok
        out.print(
            f"{'ok ' if ok else 'FAIL'} {name}" + ("" if ok else f": {'; '.join(problems)} — {fix}"),
            markup=False,
        )
    if failed:
        raise typer.Exit(EXIT_FINDINGS)


def _checks(obj: context.Context) -> list[tuple[str, list[str], str]]:
    from tracker.store.db import SCHEMA_VERSION, integrity_problems

    results: list[tuple[str, list[str], str]] = []
    try:
        config = obj.config
        results.append((f"config {config.source or '(none, defaults)'}", [], ""))
    except TrackerError as exc:
        return [("config", [str(exc)], "fix the key it names")]
    try:
        store = obj.store
        problems = integrity_problems(store.conn)
        results.append((f"store {store.path} (schema {SCHEMA_VERSION})", problems, "restore from `tracker export`"))
    except TrackerError as exc:
        results.append(("store", [str(exc)], "pass another --db or restore a backup"))
    for name in sorted(config.targets):
        results.append(_target_check(obj, name))
    return results


def _target_check(obj: context.Context, name: str) -> tuple[str, list[str], str]:
    from tracker.cli.sync_cmd import connector_for

    try:
        connector, _ = connector_for(obj, name)
        problems = connector.check()
    except TrackerError as exc:
        problems = [str(exc)]
    return f"target {name}", problems, "check the token variable, the URL and the [people] accounts"
