"""Looking at and changing items: `list`, `show`, `edit`, `done`, and `init` for the config."""

from __future__ import annotations

import sys
from typing import Annotated, Literal

import typer

from tracker.cli import context, render
from tracker.cli.app import app
from tracker.config import default_config_path
from tracker.errors import ConfigError, InputError
from tracker.model import Priority, Status, utcnow

StatusFilter = Literal["open", "in_progress", "done", "wont_do", "removed", "all"]


@app.command("list")
def list_items(
    ctx: typer.Context,
    owner: Annotated[str | None, typer.Option("--owner", help="Only this owner (name, alias, login, email).")] = None,
    status: Annotated[
        StatusFilter | None,
        typer.Option("--status", help="Only this status (default: open and in_progress)."),
    ] = None,
    postmortem: Annotated[str | None, typer.Option("--postmortem", help="Only this postmortem id.")] = None,
    fmt: Annotated[Literal["table", "json", "csv"], typer.Option("--format", help="Output format.")] = "table",
) -> None:
    """List action items.

    Example: tracker list --owner alice --status all --format json
    """
    obj = context.get(ctx)
    store = obj.store
    owners = obj.people.query_keys(owner) if owner else None
    statuses = _statuses(status)
    pm_id = store.get_postmortem(postmortem).id if postmortem else None
    items = store.items(owners=owners, statuses=statuses, postmortem_id=pm_id)
    postmortems = store.postmortems({i.postmortem_id for i in items})
    if fmt == "json":
        render.print_json([render.item_json(i, postmortems.get(i.postmortem_id)) for i in items])
    elif fmt == "csv":
        sys.stdout.write(render.csv_rows(items, postmortems))
    else:
        sys.stdout.write(f"{render.items_table(items, postmortems)}\n{len(items)} action items\n")


def _statuses(value: StatusFilter | None) -> set[Status] | None:
    if value == "all":
        return None
    if value is None:
        return {Status.OPEN, Status.IN_PROGRESS}
    return {Status(value)}


@app.command()
def show(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Item id, like AI-12.")],
    fmt: Annotated[Literal["table", "json"], typer.Option("--format", help="Output format.")] = "table",
) -> None:
    """Show one action item, its remote links and the last sync time.

    Example: tracker show AI-12
    """
    obj = context.get(ctx)
    item = obj.store.get_item(item_id)
    pm = obj.store.postmortems([item.postmortem_id]).get(item.postmortem_id)
    data = render.item_json(item, pm)
    if fmt == "json":
        render.print_json(data)
        return
    out = render.console()
    for key in ("id", "text", "category", "section", "owner", "due", "status", "priority", "labels"):
        value = data[key]
        if key == "due" and item.due_derived:
            value = f"{value} (derived from [policy])"
        out.print(f"[bold]{key:>9}[/bold]  {_plain(value)}", highlight=False)
    out.print(f"[bold]{'from':>9}[/bold]  {_plain(pm.title if pm else item.postmortem_id)} ({item.postmortem_id})")
    for name, link in sorted(item.links.items()):
        synced = link.synced_at.isoformat(timespec="seconds") if link.synced_at else "never"
        out.print(
            f"[bold]{name:>9}[/bold]  {_plain(link.key or '-')} {_plain(link.url or '')} "
            f"[{link.state.value}] last synced {synced}" + (f" — {_plain(link.warning)}" if link.warning else "")
        )


def _plain(value: object) -> str:
    from rich.markup import escape

    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "-"
    return escape(str(getattr(value, "value", value)))


@app.command()
def edit(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Item id, like AI-12.")],
    owner: Annotated[str | None, typer.Option("--owner", help="New owner ('' clears it).")] = None,
    due: Annotated[str | None, typer.Option("--due", help="New due date YYYY-MM-DD ('' clears it).")] = None,
    status: Annotated[Status | None, typer.Option("--status", help="New status.")] = None,
    text: Annotated[str | None, typer.Option("--text", help="New text.")] = None,
    priority: Annotated[Priority | None, typer.Option("--priority", help="New priority.")] = None,
) -> None:
    """Change an item. Your edits survive re-extraction and are pushed by the next sync.

    Example: tracker edit AI-12 --owner "Alice Chen" --due 2026-12-01
    """
    changes: dict[str, object] = {}
    if owner is not None:
        changes["owner"] = owner.strip() or None
    if due is not None:
        changes["due"] = context.parse_date_option(due, "--due") if due.strip() else None
        changes["due_derived"] = False
    if status is not None:
        changes["status"] = status
    if text is not None:
        if not text.strip():
            raise InputError("--text: the text cannot be empty")
        changes["text"] = " ".join(text.split())
    if priority is not None:
        changes["priority"] = priority
    if not changes:
        raise InputError("nothing to change: give --owner, --due, --status, --text or --priority")
    item = context.get(ctx).store.edit_item(item_id, changes, utcnow())
    render.console().print(f"{item.id} updated: " + ", ".join(sorted(k for k in changes if k != "due_derived")))


@app.command()
def done(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Item id, like AI-12.")],
) -> None:
    """Mark an item done.

    Example: tracker done AI-12
    """
    item = context.get(ctx).store.edit_item(item_id, {"status": Status.DONE}, utcnow())
    render.console().print(f"{item.id} done")


@app.command()
def init(ctx: typer.Context) -> None:
    """Write a commented config file to the user config dir (never overwrites).

    Example: tracker init   (then edit the file it names)
    """
    path = context.get(ctx).config_path or default_config_path()
    if path.exists():
        raise ConfigError(f"{path} already exists; edit it, or remove it first")
    from importlib import resources

    template = resources.files("tracker").joinpath("config.example.toml").read_text(encoding="utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template, encoding="utf-8")
    render.console().print(f"wrote {path}")
