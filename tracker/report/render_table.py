"""The report as terminal tables (rich): a summary, then one table per group; overdue in red."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from tracker.report.build import Group, Report
from tracker.report.flags import Flag
from tracker.report.text import (
    TITLE,
    due_text,
    flags_text,
    link_text,
    owner_counts_text,
    scope_text,
    summary_text,
)

if TYPE_CHECKING:
    from rich.console import Console


def render(report: Report, *, width: int = 120, color: bool = False) -> str:
    """Plain text unless `color`; the width is fixed so file output is reproducible."""
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
        console.print("Nothing flagged.")
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
    if group.kind == "broken_link":
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
        if group.kind == "broken_link":
            cells.append(item.owner or "-")
        table.add_row(*cells, style="red" if Flag.OVERDUE in item.flags.flags else None)
    console.print()
    console.print(table)
