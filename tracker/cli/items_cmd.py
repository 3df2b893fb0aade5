"""Looking at and changing items: `list`, `postmortems`, `show`, `edit`, `done`, and `init` for the config."""

from __future__ import annotations

import sys
from typing import Annotated, Literal

import typer

from tracker.cli import context, render
from tracker.cli.app import app
from tracker.config import default_config_path
from tracker.errors import ConfigError, InputError
from tracker.model import Priority, Status, utcnow
from tracker.store.store import ItemSort

StatusFilter = Literal["open", "in_progress", "done", "wont_do", "removed", "proposed", "all"]
#: What `edit --status` sets: an item leaves `proposed` through `tracker review`, and never goes back.
EditStatus = Literal["open", "in_progress", "done", "wont_do", "removed"]


@app.command("list")
def list_items(
    ctx: typer.Context,
    owner: Annotated[str | None, typer.Option("--owner", help="Only this owner (name, alias, login, email).")] = None,
    status: Annotated[
        StatusFilter | None,
        typer.Option("--status", help="Only this status (default: open and in_progress)."),
    ] = None,
    postmortem: Annotated[
        str | None, typer.Option("--postmortem", help="Only this postmortem (id, title or path).")
    ] = None,
    due_before: Annotated[
        str | None,
        typer.Option("--due-before", help="Only items due before this date (2026-12-01, EOW, next friday, ...)."),
    ] = None,
    sort: Annotated[ItemSort, typer.Option("--sort", help="Order of the items (undated last for due).")] = "id",
    limit: Annotated[int | None, typer.Option("--limit", "-L", min=1, help="At most this many items.")] = None,
    fmt: Annotated[Literal["table", "json", "csv"], typer.Option("--format", help="Output format.")] = "table",
) -> None:
    """List action items.

    Example: tracker list --owner alice --sort due --due-before EOW
    """
    obj = context.get(ctx)
    store = obj.store
    owners = _owner_keys(obj, owner) if owner else None
    before = context.parse_date_option(due_before, "--due-before", day_first=obj.config.extract.day_first)
    pm_id = store.get_postmortem(obj.postmortem_ref(postmortem)).id if postmortem else None
    items = store.items(
        owners=owners, statuses=_statuses(status), postmortem_id=pm_id, due_before=before, sort=sort, limit=limit
    )
    postmortems = store.postmortems({i.postmortem_id for i in items})
    name = obj.people.canonical
    if fmt == "json":
        render.print_json([render.item_json(i, postmortems.get(i.postmortem_id), name) for i in items])
    elif fmt == "csv":
        sys.stdout.write(render.csv_rows(items, postmortems, name))
    else:
        table = render.items_table(items, postmortems, name, width=render.output_width())
        sys.stdout.write(f"{table}\n{len(items)} action items\n")


@app.command("postmortems")
def list_postmortems(
    ctx: typer.Context,
    fmt: Annotated[Literal["table", "json"], typer.Option("--format", help="Output format.")] = "table",
) -> None:
    """List the postmortems in the store, with their sources and how many items are still open.

    Example: tracker postmortems
    """
    store = context.get(ctx).store
    counts = store.item_counts()
    rows = []
    for pm in sorted(store.postmortems().values(), key=lambda p: int(p.id.split("-")[1])):
        open_, total = counts.get(pm.id, (0, 0))
        rows.append((pm, open_, total))
    if fmt == "json":
        render.print_json(
            [
                {
                    "id": pm.id,
                    "title": pm.title,
                    "incident_date": pm.incident_date,
                    "source": pm.source,
                    "url": pm.url,
                    "open": open_,
                    "items": total,
                }
                for pm, open_, total in rows
            ]
        )
        return
    from tracker.report import plain

    cells = [
        [pm.id, pm.title, str(pm.incident_date or "-"), f"{open_}/{total}", pm.source] for pm, open_, total in rows
    ]
    headers = ("id", "title", "incident", "open", "source")
    width = render.output_width() or sys.maxsize
    sys.stdout.write(plain.table(headers, cells, width=width, shrink=(1, 4), floors={1: 24, 4: 20}))
    sys.stdout.write(f"{len(rows)} postmortems\n")


def _owner_keys(obj: context.Context, query: str) -> set[str]:
    """The owner spellings a query means; NotFoundError (as `status` and `report` say it) when it
    names neither a `[people]` entry nor any owner in the store."""
    from tracker.errors import NotFoundError
    from tracker.model import owner_key

    keys = obj.people.query_keys(query)
    if not obj.people.matches(query) and not any(owner_key(o) in keys for o in obj.store.owners()):
        raise NotFoundError(f"no owner matches {query!r}; `tracker status` lists the owners")
    return keys


def _statuses(value: StatusFilter | None) -> set[Status] | None:
    if value == "all":
        return None
    if value is None:
        return {Status.OPEN, Status.IN_PROGRESS}
    return {Status(value)}


@app.command()
def show(
    ctx: typer.Context,
    item_id: Annotated[str, typer.Argument(metavar="ID", help="Item id, like AI-12 (or 12).")],
    fmt: Annotated[Literal["table", "json"], typer.Option("--format", help="Output format.")] = "table",
) -> None:
    """Show one action item, its remote links and the last sync time.

    Example: tracker show 12
    """
    obj = context.get(ctx)
    item = obj.store.get_item(item_id)
    pm = obj.store.postmortems([item.postmortem_id]).get(item.postmortem_id)
    data = render.item_json(item, pm, obj.people.canonical)
    if fmt == "json":
        render.print_json(data)
        return
    out = render.console()
    for key in ("id", "text", "category", "section", "owner", "due", "status", "priority", "labels"):
        value = data[key]
        if key == "due" and item.due_derived:
            value = f"{value} (derived from [policy])"
        if key == "status" and item.status_reason:
            value = f"{item.status.value} ({item.status_reason.value})"
        out.print(f"[bold]{key:>9}[/bold]  {_plain(value)}", highlight=False)
    confidence = "-" if item.confidence is None else f"{item.confidence:.2f}"
    out.print(f"[bold]{'extracted':>9}[/bold]  confidence {confidence}; rules: {_plain(item.reasons)}", highlight=False)
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
    due: Annotated[
        str | None,
        typer.Option("--due", help="New due date: 2026-12-01, April 1, EOW, next friday, in 2 weeks ('' clears it)."),
    ] = None,
    status: Annotated[EditStatus | None, typer.Option("--status", help="New status.")] = None,
    text: Annotated[str | None, typer.Option("--text", help="New text.")] = None,
    priority: Annotated[Priority | None, typer.Option("--priority", help="New priority.")] = None,
) -> None:
    """Change an item. Your edits survive re-extraction and are pushed by the next sync.

    Example: tracker edit AI-12 --owner "Alice Chen" --due 2026-12-01
    """
    obj = context.get(ctx)
    changes: dict[str, object] = {}
    if owner is not None:
        changes["owner"] = owner.strip() or None
    if due is not None:
        day_first = obj.config.extract.day_first
        changes["due"] = context.parse_date_option(due, "--due", day_first=day_first) if due.strip() else None
        changes["due_derived"] = False
    if status is not None:
        changes["status"] = Status(status)
    if text is not None:
        if not text.strip():
            raise InputError("--text: the text cannot be empty")
        changes["text"] = " ".join(text.split())
    if priority is not None:
        changes["priority"] = priority
    if not changes:
        raise InputError("nothing to change: give --owner, --due, --status, --text or --priority")
    item = obj.store.edit_item(item_id, changes, utcnow())
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
