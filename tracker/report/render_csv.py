"""The report as CSV: one row per flagged item, in report order, with a header row.

Columns: COLUMNS below. `flags` and `notes` hold several values separated by `;`. Free-text
cells (text, owner, titles, notes) starting with `= + - @` or a tab get a leading `'`, so a
spreadsheet never runs them as formulas.
"""

from __future__ import annotations

import csv
import io

from tracker.report.build import Report, ReportItem
from tracker.report.plain import spreadsheet_cell as cell

COLUMNS = (
    "group",
    "owner",
    "id",
    "text",
    "status",
    "due",
    "due_derived",
    "days_overdue",
    "days_until_due",
    "days_idle",
    "flags",
    "notes",
    "postmortem_id",
    "postmortem_title",
    "incident_date",
    "link_target",
    "link_key",
    "link_url",
    "link_state",
)


def render(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for group in report.groups:
        for item in group.items:
            writer.writerow(_row(group.name, item))
    return out.getvalue()


def _row(group: str, item: ReportItem) -> list[object]:
    row, found, pm, link = item.row, item.flags, item.postmortem, item.link
    return [
        cell(group),
        cell(item.owner),
        row.id,
        cell(row.text),
        row.status,
        row.due.isoformat() if row.due else "",
        "true" if row.due_derived else "false",
        "" if found.days_overdue is None else found.days_overdue,
        "" if found.days_until_due is None else found.days_until_due,
        found.days_idle,
        ";".join(f.value for f in found.flags),
        cell(";".join(found.notes)),
        row.postmortem_id,
        cell(pm.title if pm else None),
        pm.incident_date.isoformat() if pm and pm.incident_date else "",
        link.target if link else "",
        (link.key or "") if link else "",
        (link.url or "") if link else "",
        link.state if link else "",
    ]
