"""`tracker sync`, `conflicts` and `resolve`: keeping items and remote issues one."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from tracker.cli import context, render
from tracker.cli.app import app
from tracker.cli.context import Context
from tracker.connector import Connector
from tracker.errors import EXIT_ITEM_FAILURES, ConfigError, NotFoundError, StoreError
from tracker.model import utcnow
from tracker.store.db import sync_lock
from tracker.sync.apply import SyncReport
from tracker.sync.describe import action_data, created_data, describe_action, report_lines
from tracker.sync.engine import SyncOptions, preview, run_sync
from tracker.sync.resolve import resolve_conflicts

if TYPE_CHECKING:
    from tracker.config import Config, MemoryTarget
    from tracker.connector import ConnectorFactory
    from tracker.people import People


def connector_for(obj: Context, name: str) -> tuple[Connector, SyncOptions]:
    from connectors.registry import load_connector_class
    from tracker.cli.app import quiet_library_logs
    from tracker.config import MemoryTarget

    config = obj.config
    name, target = config.target(name)
    factory = load_connector_class(target.kind)
    quiet_library_logs()  # the client library is imported now: keep its logging off the terminal
    if isinstance(target, MemoryTarget):
        connector = _memory_connector(factory, name, target, config, obj.people)
    else:
        connector = factory(name, target, config, obj.people)
    default = config.sync.default_target or (next(iter(config.targets)) if len(config.targets) == 1 else None)
    options = SyncOptions(
        target=name,
        policy=config.sync.conflict,
        overlap=timedelta(seconds=config.sync.overlap_seconds),
        default_target=name == default,
    )
    return connector, options


def _memory_connector(
    factory: ConnectorFactory[MemoryTarget], name: str, target: MemoryTarget, config: Config, people: People
) -> Connector:
    """A memory target, its issues file checked first: a folder, a file in a folder that does not
    exist (found only when the first issue is saved, mid-sync) or one that is no issues file (the
    connector reads it as it starts) is a config error naming the key, not a traceback."""
    path, where = target.path, f"targets.{name}.path"
    if path is not None and path.is_dir():
        raise ConfigError(f"{where}: {path} is a folder; name the issues file in it (e.g. {path / 'issues.json'})")
    if path is not None and not path.parent.is_dir():
        raise ConfigError(f"{where}: the folder of {path} does not exist")
    try:
        return factory(name, target, config, people)
    except (OSError, ValueError, LookupError, TypeError, AttributeError) as exc:  # a file read, then json
        raise ConfigError(f"{where}: {path} is no memory target's issues file ({exc.__class__.__name__})") from None


def _target_names(obj: Context, target: str | None) -> list[str]:
    if target is not None:
        return [obj.config.target(target)[0]]
    if not obj.config.targets:
        from tracker.errors import ConfigError

        raise ConfigError("no target configured; see [targets] in the config (`tracker init` writes an example)")
    return sorted(obj.config.targets)


def sync_all(
    obj: Context,
    target: str | None,
    *,
    quiet: bool = True,
    connectors: list[tuple[Connector, SyncOptions]] | None = None,
) -> list[SyncReport]:
    """Sync the given target, or every configured one (used by `report --sync-first` too)."""
    if target is None and not obj.config.targets:
        return []
    with _sync_lock(obj):
        if connectors is None:
            connectors = _connectors(obj, _target_names(obj, target))
        return [_run_with_progress(obj, connector, options, quiet) for connector, options in connectors]


def _connectors(obj: Context, names: list[str]) -> list[tuple[Connector, SyncOptions]]:
    """Every target's connector, made before any is synced: a bad setting or a missing token of the
    second target is a config error (exit 2) before the first one's sync changes anything."""
    return [connector_for(obj, name) for name in names]


def _sync_lock(obj: Context) -> contextlib.AbstractContextManager[None]:
    """The sync lock beside the store, its folder made first: on a fresh machine neither the store
    nor its folder exists yet (the store is created on first use, which comes after the lock)."""
    path = obj.store_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the store ({exc.strerror})") from None
    return sync_lock(path)


def _run_with_progress(obj: Context, connector: Connector, options: SyncOptions, quiet: bool) -> SyncReport:
    from tracker.cli.progress import bar_callback, progress_wanted, sync_progress_bar

    err = render.console(stderr=True)
    with sync_progress_bar(err, disable=not progress_wanted(err.is_terminal, quiet)) as bar:
        task = bar.add_task(f"syncing {options.target}", total=None)  # the total is known once planned
        return run_sync(obj.store, connector, options, progress=bar_callback(bar, task))


def adopt_target(obj: Context, name: str, connector: Connector | None = None) -> list[str]:
    from tracker.sync.adopt import adopt

    if connector is None:
        connector, _ = connector_for(obj, name)
    with _sync_lock(obj):
        return adopt(obj.store, name, connector.list_changed(None), utcnow())


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
    obj = context.get(ctx)
    out = render.console()
    names = _target_names(obj, target)  # none configured: a config error, not a sync of nothing
    connectors = _connectors(obj, names)
    if adopt and not dry_run:
        for name, (connector, _) in zip(names, connectors, strict=True):
            adopted = adopt_target(obj, name, connector)
            out.print(f"{name}: adopted {len(adopted)} items from marked issues", markup=False)
    if dry_run:
        plans = {}
        for name, (connector, options) in zip(names, connectors, strict=True):
            plans[name] = preview(obj.store, connector, options)
        if fmt == "json":
            render.print_json({n: [action_data(a) for a in p] for n, p in plans.items()})
        else:
            for name, actions in plans.items():
                out.print(f"[bold]{name}[/bold]: {len(actions)} planned", highlight=False)
                for action in actions:
                    out.print(f"  {describe_action(action)}", markup=False)
            out.print("dry run: nothing was changed")
        return
    reports = sync_all(obj, target, quiet=False, connectors=connectors)
    if fmt == "json":
        render.print_json([_report_json(r) for r in reports])
    else:
        for report in reports:
            for line in report_lines(report):
                out.print(line, markup=False)
    if any(r.errors for r in reports):
        raise typer.Exit(EXIT_ITEM_FAILURES)


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
    """List fields changed on both sides that wait for `tracker resolve` (policy "manual").

    Example: tracker conflicts
    """
    from tracker.store.sync_state import SyncState

    rows = SyncState(context.get(ctx).store).conflicts()
    if fmt == "json":
        render.print_json(
            [
                {
                    "item": r.item_id,
                    "target": r.target,
                    "field": r.field,
                    "local": r.local,
                    "remote": r.remote,
                }
                for r in rows
            ]
        )
        return
    out = render.console()
    if not rows:
        out.print("no conflicts")
    for r in rows:
        out.print(f"{r.item_id} [{r.target}] {r.field}: here {r.local!s} / there {r.remote!s}", markup=False)


@app.command()
def resolve(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Item id, like AI-12.")],
    take: Annotated[Literal["local", "remote"], typer.Option("--take", help="Which side's values win.")],
    field: Annotated[str | None, typer.Option("--field", help="Only this field (default: all of the item's).")] = None,
) -> None:
    """Settle an item's conflicts; the next sync writes the winning values to the other side.

    Example: tracker resolve AI-12 --take remote
    """
    obj = context.get(ctx)
    settled = resolve_conflicts(obj.store, obj.store.get_item(item_id).id, take, field, utcnow())
    if not settled:
        raise NotFoundError(f"{item_id} has no conflicts" + (f" on {field}" if field else ""))
    render.console().print(f"{item_id}: took {take} for {', '.join(settled)}; run `tracker sync` to finish")
