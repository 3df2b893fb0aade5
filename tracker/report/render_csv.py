"""The report as CSV: one row per flagged item, in report order, with a header row.

Columns: COLUMNS below. `flags` and `notes` hold several values separated by `;`. Free-text
cells (text, owner, titles, notes) starting with `= + - @` or a tab get a leading `'`, so a
spreadsheet never runs them as formulas.
"""

from __future__ import annotations

from tracker.report.build import Report, ReportItem
from tracker.report.plain import csv_text

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


#: The columns people wrote (defused for spreadsheets).
FREE_TEXT = frozenset(COLUMNS.index(c) for c in ("group", "owner", "text", "notes", "postmortem_title"))


def render(report: Report) -> str:
    rows = (_row(group.name, item) for group in report.groups for item in group.items)
    return csv_text(COLUMNS, rows, free_text=FREE_TEXT)


def _row(group: str, item: ReportItem) -> list[object]:
    row, found, pm, link = item.row, item.flags, item.postmortem, item.link
    return [
        group,
        item.owner,
        row.id,
        row.text,
        row.status,
        row.due.isoformat() if row.due else "",
        "true" if row.due_derived else "false",
        "" if found.days_overdue is None else found.days_overdue,
        "" if found.days_until_due is None else found.days_until_due,
        found.days_idle,
        ";".join(f.value for f in found.flags),
        ";".join(found.notes),
        row.postmortem_id,
        pm.title if pm else None,
        pm.incident_date.isoformat() if pm and pm.incident_date else "",
        link.target if link else "",
        (link.key or "") if link else "",
        (link.url or "") if link else "",
        link.state if link else "",
    ]
