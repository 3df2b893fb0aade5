"""Looking at and changing items: `list`, `postmortems`, `show`, `edit`, `done`, and `init` for the config."""

from __future__ import annotations

import sys
from typing import Annotated, Literal

import typer

from tracker.cli import context, render
from tracker.cli.app import app
from tracker.config_view import default_config_path
from tracker.errors import ConfigError, InputError
from tracker.store.reader import ItemSort
from tracker.values import Priority, Status, utcnow

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
    limit: Annotated[
        int | None, typer.Option("--limit", "-L", min=1, max=2**63 - 1, help="At most this many items.")
    ] = None,
    fmt: Annotated[Literal["table", "json", "csv"], typer.Option("--format", help="Output format.")] = "table",
) -> None:
    """List action items.

    Example: tracker list --owner alice --sort due --due-before EOW
    """
    from tracker.store.reader import ItemFilters

    obj = context.get(ctx)
    reader = obj.reader
    owners = _owner_keys(obj, owner) if owner else None
    before = context.parse_date_option(due_before, "--due-before", day_first=obj.settings.day_first)
    pm_id = obj.store.get_postmortem(obj.postmortem_ref(postmortem)).id if postmortem else None
    filters = ItemFilters(owners, _statuses(status), pm_id, before, sort, limit)
    name = obj.people.canonical
    if fmt == "json":  # streamed: flat memory however many items
        from tracker.cli.json_text import item_line, print_items

        lines = reader.item_lines(filters, obj.people.names_by_key())
        print_items(lines if lines is not None else (item_line(item, name) for item in reader.items(filters)))
        return
    items = list(reader.items(filters))
    postmortems = {i.postmortem_id: i.postmortem for i in items if i.postmortem is not None}
    if fmt == "csv":
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

    keys = obj.people.query_keys(query)
    if not obj.people.matches(query) and keys.isdisjoint(obj.reader.owner_keys()):
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
    item = obj.reader.item(item_id)
    pm = item.postmortem
    data = render.item_json(item, pm, obj.people.canonical)
    reminders = obj.reader.reminders(item.id)
    data["reminders"] = [
        {"recipient": r.recipient, "channel": r.channel, "address": r.address, "sent_at": r.sent_at} for r in reminders
    ]
    if fmt == "json":
        render.print_json(data)
        return
    bold = render.bold if sys.stdout.isatty() else str  # as rich printed it: bold at a terminal only

    def head(key: str) -> str:
        return bold(f"{key:>9}")

    lines = []
    for key in ("id", "text", "category", "section", "owner", "due", "status", "priority", "labels", "ticket"):
        value = data[key]
        if key == "due" and item.due_derived:
            value = f"{value} (derived from [policy])"
        if key == "status" and item.status_reason:
            value = f"{item.status.value} ({item.status_reason.value})"
        lines.append(f"{head(key)}  {_plain(value)}")
    confidence = "-" if item.confidence is None else f"{item.confidence:.2f}"
    lines.append(f"{head('extracted')}  confidence {confidence}; rules: {_plain(item.reasons)}")
    lines.append(f"{head('from')}  {_plain(pm.title if pm else item.postmortem_id)} ({item.postmortem_id})")
    for name, link in sorted(item.links.items()):
        synced = link.synced_at.isoformat(timespec="seconds") if link.synced_at else "never"
        state = f"[{link.state.value}{', through its ticket' if link.by_ticket else ''}]"
        lines.append(
            f"{head(name)}  {_plain(link.key or '-')} {_plain(link.url or '')} "
            f"{state} last synced {synced}" + (f" — {_plain(link.warning)}" if link.warning else "")
        )
    for r in reminders:
        sent = r.sent_at.isoformat(timespec="seconds")
        lines.append(f"{head('reminded')}  {_plain(r.recipient)} by {r.channel} ({_plain(r.address)}) at {sent}")
    sys.stdout.write("".join(f"{render.printable(line)}\n" for line in lines))


def _plain(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "-"
    return str(getattr(value, "value", value))


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
    add_target: Annotated[
        list[str] | None, typer.Option("--add-target", help="Also sync it with this target (repeatable).")
    ] = None,
    remove_target: Annotated[
        list[str] | None,
        typer.Option("--remove-target", help="Stop syncing it with this target; its issue there stays (repeatable)."),
    ] = None,
) -> None:
    """Change an item. Your edits survive re-extraction and are pushed by the next sync.

    Example: tracker edit AI-12 --owner "Alice Chen" --due 2026-12-01 --add-target jira
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
    if not changes and not add_target and not remove_target:
        raise InputError(
            "nothing to change: give --owner, --due, --status, --text, --priority, --add-target or --remove-target"
        )
    if add_target or remove_target:  # checked and worked out before anything is written
        from tracker.services.routing import targets_after

        changes["targets"] = targets_after(obj, item_id, add_target or [], remove_target or [])
    item = obj.store.edit_item(item_id, changes, utcnow())
    changed = sorted(k for k in changes if k not in ("due_derived", "targets"))
    if "targets" in changes:
        changed.append(f"targets ({', '.join(item.targets or []) or 'none'})")
    render.console().print(f"{item.id} updated: " + ", ".join(changed))


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
