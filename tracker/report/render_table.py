"""The report as terminal tables: a summary, then one table per group; overdue in red.

rich lays tables out beautifully but slowly (~1 ms a row): past RICH_LIMIT flagged items the
same tables are drawn as plain fixed-width columns (long cells cut with `…`), so a report on
100,000 items takes a second, not a minute.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from tracker.report import plain
from tracker.report.build import Group, Report
from tracker.report.flags import OVERDUE, Flag
from tracker.report.plain import RED
from tracker.report.text import (
    TITLE,
    UNLISTED_TITLE,
    due_text,
    flags_text,
    link_text,
    owner_counts_text,
    scope_text,
    summary_text,
    unlisted_lines,
)

if TYPE_CHECKING:
    from rich.console import Console


RICH_LIMIT = 2000


def render(report: Report, *, width: int = 120, color: bool = False) -> str:
    """Plain text unless `color`; the width is fixed so file output is reproducible."""
    if report.flagged > RICH_LIMIT:
        return _plain(report, width=width, color=color)
    from rich.console import Console

    console = Console(
        file=io.StringIO(),
        width=width,
        color_system="standard" if color else None,
        force_terminal=color,
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(f"{TITLE} {scope_text(report)}", style="bold")
    console.print(summary_text(report))
    console.print(f"By owner: {owner_counts_text(report)}")
    for group in report.groups:
        _group(console, group)
    if not report.groups:
        console.print("Nothing flagged." if not report.unlisted else "Nothing that needs action now.")
    if report.unlisted:
        console.print()
        console.print(UNLISTED_TITLE, style="bold")
        for line in unlisted_lines(report):
            console.print(f"  {line}")
    file = console.file
    assert isinstance(file, io.StringIO)
    return "".join(line.rstrip() + "\n" for line in file.getvalue().splitlines())


def _group(console: Console, group: Group) -> None:
    from rich.table import Table

    title = f"{group.name} ({len(group.items)})"
    table = Table(title=title, title_justify="left", title_style="bold", show_lines=False)
    table.add_column("ID", no_wrap=True)
    table.add_column("Item", ratio=3, overflow="fold")
    table.add_column("Postmortem", ratio=2, overflow="fold")
    table.add_column("Due", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Flags", ratio=1)
    table.add_column("Issue", overflow="fold")
    if group.mixed_owners:
        table.add_column("Owner")
    for item in group.items:
        pm = item.postmortem
        incident = pm.incident_date.isoformat() if pm and pm.incident_date else "-"
        label, url = link_text(item)
        cells = [
            item.row.id,
            item.row.text,
            f"{pm.title if pm else item.row.postmortem_id}\n{incident}",
            due_text(item),
            item.row.status,
            flags_text(item),
            url if url and url.startswith(("https://", "http://")) else label,
        ]
        if group.mixed_owners:
            cells.append(item.owner or "-")
        table.add_row(*cells, style="red" if Flag.OVERDUE in item.flags.flags else None)
    console.print()
    console.print(table)


def _cells(group: Group) -> tuple[list[str], list[list[str]], list[str | None]]:
    heads = ["ID", "Item", "Postmortem", "Incident", "Due", "Status", "Flags", "Issue"]
    if group.mixed_owners:
        heads.append("Owner")
    rows, overdue = [], []
    for item in group.items:
        pm = item.postmortem
        label, _url = link_text(item)
        cells = [
            item.row.id,
            item.row.text,
            pm.title if pm else item.row.postmortem_id,
            pm.incident_date.isoformat() if pm and pm.incident_date else "-",
            due_text(item),
            item.row.status,
            flags_text(item),
            label,
        ]
        if group.mixed_owners:
            cells.append(item.owner or "-")
        rows.append(cells)
        overdue.append(RED if item.flags.mask & OVERDUE else None)
    return heads, rows, overdue


def _plain(report: Report, *, width: int, color: bool) -> str:
    parts = [f"{TITLE} {scope_text(report)}\n{summary_text(report)}\nBy owner: {owner_counts_text(report)}\n"]
    for group in report.groups:
        heads, rows, colours = _cells(group)
        shown = colours if color else None
        table = plain.table(heads, rows, colours=shown, width=width, shrink=(1, 2, 6))
        parts.append(f"\n{group.name} ({len(group.items)})\n{table}")
    if report.unlisted:
        parts.append(f"\n{UNLISTED_TITLE}\n" + "".join(f"  {line}\n" for line in unlisted_lines(report)))
    return "".join(parts)
