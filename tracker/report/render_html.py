"""The report as one self-contained HTML file: inline CSS, no scripts, no external assets.

Made to read in a mail client: a `<style>` block for the tables, and inline styles for what must
survive clients that drop it (the bar chart is spans with pixel widths, not SVG, which Gmail
strips). Every value from the store goes through `html.escape` (quotes included), and only
http(s) URLs become links.
"""

from __future__ import annotations

import re
from html import escape

from tracker.report.build import Group, OwnerSummary, Report, ReportItem
from tracker.report.flags import OVERDUE, Flag
from tracker.report.text import (
    TITLE,
    UNLISTED_TITLE,
    due_text,
    flags_text,
    link_text,
    overdue_text,
    scope_text,
    summary_text,
    unlisted_lines,
)

CHART_ROWS = 30
BAR_PX = 240
OPEN_COLOUR = "#8c959f"
OVERDUE_COLOUR = "#cf222e"

CSS = """
body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:14px;color:#1f2328;margin:16px}
h1{font-size:20px;margin:0 0 4px}h2{font-size:16px;margin:20px 0 6px}
p{margin:4px 0}.scope{color:#59636e}
table{border-collapse:collapse;margin:4px 0 12px}
th,td{border:1px solid #d0d7de;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right}
tr.overdue td{background:#ffebe9}
.chart td{border:none;padding:1px 6px}
.derived{color:#59636e;font-style:italic}
""".strip()


_SPECIAL = re.compile("[&<>\"']")


def e(value: object) -> str:
    text = value if type(value) is str else str(value)
    return escape(text, quote=True) if _SPECIAL.search(text) else text  # (most cells need no escaping)


def render(report: Report) -> str:
    postmortems: dict[str, str] = {}
    escaped: dict[str, str] = {}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(TITLE)} {e(report.as_of.isoformat())}</title>",
        f"<style>\n{CSS}\n</style></head><body>",
        f"<h1>{e(TITLE)}</h1>",
        f'<p class="scope">{e(scope_text(report))}</p>',
        f"<p><strong>{e(summary_text(report))}</strong></p>",
        *_chart([s for s in report.owners if s.flagged]),
        *(line for group in report.groups for line in _group(group, postmortems, escaped)),
    ]
    if not report.groups:
        parts.append("<p>Nothing flagged.</p>" if not report.unlisted else "<p>Nothing that needs action now.</p>")
    if report.unlisted:
        summed = (f"<li>{e(line)}</li>" for line in unlisted_lines(report))
        parts += [f"<h2>{e(UNLISTED_TITLE)}</h2>", "<ul>", *summed, "</ul>"]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _bar(count: int, top: int, colour: str) -> str:
    width = round(BAR_PX * count / top) if top else 0
    if not width and count:
        width = 1
    return (
        f'<span style="display:inline-block;height:10px;width:{width}px;background:{colour}"></span>' if width else ""
    )


def _chart(owners: list[OwnerSummary]) -> list[str]:
    if not owners:
        return []
    shown = owners[:CHART_ROWS]
    top = max(s.open for s in shown) or 1
    lines = [
        "<h2>Open and overdue per owner</h2>",
        f'<p class="scope"><span style="color:{OPEN_COLOUR}">&#9632;</span> open '
        f'<span style="color:{OVERDUE_COLOUR}">&#9632;</span> overdue</p>',
        '<table class="chart" role="presentation">',
    ]
    for s in shown:
        overdue = s.counts.get(Flag.OVERDUE, 0)
        lines.append(
            f"<tr><td>{e(s.owner or '(no owner)')}</td>"
            f'<td>{_bar(s.open, top, OPEN_COLOUR)} <span class="n">{s.open}</span><br>'
            f'{_bar(overdue, top, OVERDUE_COLOUR)} <span class="n">{overdue}</span></td></tr>'
        )
    lines.append("</table>")
    if len(owners) > CHART_ROWS:
        lines.append(f'<p class="scope">and {len(owners) - CHART_ROWS} more owners</p>')
    return lines


def _href(label: str, url: str | None) -> str:
    if url and url.startswith(("https://", "http://")):
        return f'<a href="{e(url)}">{e(label or url)}</a>'
    return e(label)


def group_table(group: Group) -> list[str]:
    """One group's heading and table, as the report writes it (what a reminder e-mail shows)."""
    return _group(group, {}, {})


def _group(group: Group, postmortems: dict[str, str], escaped: dict[str, str]) -> list[str]:
    """The group's table. What is written again and again is made once: each postmortem's two
    cells (`postmortems`, by its id) and the status, overdue and flags cells (`escaped`, by text)."""
    heads = ["ID", "Item", "Postmortem", "Incident", "Due", "Overdue", "Status", "Flags", "Issue"]
    mixed = group.mixed_owners
    if mixed:
        heads.append("Owner")
    lines = [
        f"<h2>{e(group.name)} ({len(group.items)})</h2>",
        "<table><tr>" + "".join(f"<th>{h}</th>" for h in heads) + "</tr>",
    ]
    dues: dict[tuple[object, bool], str] = {}
    for item in group.items:  # (one f-string per row: this runs 100,000 times for a large store)
        row = item.row
        pm_cells = postmortems.get(row.postmortem_id) or _postmortem_cells(item, postmortems)
        due = dues.get((row.due, row.due_derived)) or _due_cell(item, dues)  # few distinct: each made once
        label, url = link_text(item)
        owner = f"<td>{e(item.owner or '-')}</td>" if mixed else ""
        css = ' class="overdue" style="background:#ffebe9"' if item.flags.mask & OVERDUE else ""
        overdue = overdue_text(item)
        lines.append(
            f"<tr{css}><td>{e(row.id)}</td><td>{e(row.text)}</td>{pm_cells}<td>{due}</td>"
            f"<td>{escaped.get(overdue) or _escaped(overdue, escaped)}</td>"
            f"<td>{escaped.get(row.status) or _escaped(row.status, escaped)}</td>"
            f"<td>{flags_text(item)}</td><td>{_href(label, url)}</td>{owner}</tr>"
        )  # (flag texts are flag names, day counts and commas: nothing to escape)
    lines.append("</table>")
    return lines


def _due_cell(item: ReportItem, dues: dict[tuple[object, bool], str]) -> str:
    row = item.row
    due = e(due_text(item))
    cell = dues[(row.due, row.due_derived)] = f'<span class="derived">{due}</span>' if row.due_derived else due
    return cell


def _escaped(text: str, escaped: dict[str, str]) -> str:
    found = escaped[text] = e(text)
    return found


def _postmortem_cells(item: ReportItem, postmortems: dict[str, str]) -> str:
    pm = item.postmortem
    name = e(f"{pm.title} ({pm.id})" if pm else item.row.postmortem_id)
    incident = e(pm.incident_date.isoformat() if pm and pm.incident_date else "-")
    found = postmortems[item.row.postmortem_id] = f"<td>{name}</td><td>{incident}</td>"
    return found
