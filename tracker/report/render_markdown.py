"""The report as GitHub-flavoured markdown: for a Slack message, a GitHub comment or an email.

Layout: a title line, the summary line, a per-owner table, then one section per group with a
table of its items. Cell text is escaped: `\\ | * ` [ ]` get a backslash, `& < >` become
entities (so item text never turns into HTML), and line breaks become spaces.
"""

from __future__ import annotations

import re

from tracker.report.build import Group, Report, ReportItem
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
from tracker.store.reader import PostmortemView

_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "*": "\\*",
        "`": "\\`",
        "[": "\\[",
        "]": "\\]",
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\n": " ",
        "\r": " ",
    }
)

ITEM_COLUMNS = ("ID", "Item", "Postmortem", "Incident", "Due", "Overdue", "Status", "Flags", "Issue")


_SPECIAL = re.compile(r"[\\|*`\[\]&<>\n\r]")


def md(value: object) -> str:
    """Text made safe for a markdown table cell or heading."""
    text = str(value)
    return text.translate(_ESCAPES) if _SPECIAL.search(text) else text


_URL_ESCAPES = str.maketrans({" ": "%20", "(": "%28", ")": "%29", "|": "%7C", "<": "%3C", ">": "%3E"})
_URL_SPECIAL = re.compile(r"[ ()|<>]")


def link(label: str, url: str | None) -> str:
    if not url or not url.startswith(("https://", "http://")):
        return md(label)
    safe = url.translate(_URL_ESCAPES) if _URL_SPECIAL.search(url) else url
    return f"[{md(label) or 'link'}]({safe})"


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render(report: Report) -> str:
    lines = [f"# {TITLE}", "", md(scope_text(report)), "", f"**{md(summary_text(report))}**", ""]
    lines += _owners(report)
    postmortems: dict[str, str] = {}
    for group in report.groups:
        lines += _group(group, postmortems)
    if not report.groups:
        lines += ["Nothing flagged." if not report.unlisted else "Nothing that needs action now.", ""]
    if report.unlisted:
        lines += [f"**{md(UNLISTED_TITLE)}**", "", *(f"- {md(line)}" for line in unlisted_lines(report)), ""]
    return "\n".join(lines)


def _owners(report: Report) -> list[str]:
    owners = [s for s in report.owners if s.flagged]
    if not owners:
        return []
    heads = ["Owner", "Open", "Flagged", *(f.label.capitalize() for f in report.owner_flags)]
    lines = [_row(heads), "|---|" + "--:|" * (len(heads) - 1)]
    for s in owners:
        cells = [md(s.owner or "(no owner)"), str(s.open), str(s.flagged)]
        lines.append(_row(cells + [str(n) for n in s.counts.values()]))
    return [*lines, ""]


def _group(group: Group, postmortems: dict[str, str]) -> list[str]:
    """The group's table; `postmortems` keeps each postmortem's two cells, written once."""
    mixed = group.mixed_owners
    columns = [*ITEM_COLUMNS, "Owner"] if mixed else list(ITEM_COLUMNS)
    lines = [f"## {md(group.name)} ({len(group.items)})", "", _row(columns), "|" + "---|" * len(columns)]
    dues: dict[tuple[object, bool], str] = {}
    for item in group.items:  # (one f-string per row: this runs 100,000 times for a large store)
        row = item.row
        pm_cells = postmortems.get(row.postmortem_id) or _postmortem_cells(item, postmortems)
        due = dues.get((row.due, row.due_derived)) or _due_cell(item, dues)  # few distinct: each made once
        label, url = link_text(item)
        owner = f" {md(item.owner or '-')} |" if mixed else ""
        lines.append(
            f"| {row.id} | {md(row.text)} | {pm_cells} | {due} | {overdue_text(item)} | "
            f"{row.status} | {flags_text(item)} | {link(label, url)} |{owner}"
        )  # (flag texts are flag names, day counts and commas: nothing to escape)
    return [*lines, ""]


def _due_cell(item: ReportItem, dues: dict[tuple[object, bool], str]) -> str:
    cell = dues[(item.row.due, item.row.due_derived)] = md(due_text(item))
    return cell


def _postmortem_cells(item: ReportItem, postmortems: dict[str, str]) -> str:
    pm = item.postmortem
    name = md(f"{pm.title} ({pm.id})" if pm else item.row.postmortem_id)
    cells = postmortems[item.row.postmortem_id] = f"{name} | {_incident(pm)}"
    return cells


def _incident(pm: PostmortemView | None) -> str:
    return pm.incident_date.isoformat() if pm and pm.incident_date else "-"
