"""Words shared by the human-readable renderers (table, markdown, HTML, CSV)."""

from __future__ import annotations

from tracker.report.build import Report, ReportItem
from tracker.report.flags import COMBOS, Flag
from tracker.values import due_label

TITLE = "Action items report"


def due_text(item: ReportItem) -> str:
    """`2026-11-01`, `2026-11-01 (derived)` for a policy deadline, or `-`."""
    return due_label(item.row.due, item.row.due_derived)


def overdue_text(item: ReportItem) -> str:
    days = item.flags.days_overdue
    return f"{days}d" if days else ""


def flag_text(flag: Flag, item: ReportItem) -> str:
    found = item.flags
    return _flag_text(flag, found.days_overdue, found.days_until_due, found.days_idle)


def _flag_text(flag: Flag, days_overdue: object, days_until_due: object, days_idle: object) -> str:
    if flag is Flag.OVERDUE:
        return f"overdue {days_overdue}d"
    if flag is Flag.DUE_SOON:
        return "due today" if not days_until_due else f"due in {days_until_due}d"
    if flag is Flag.STALE:
        return f"stale {days_idle}d"
    return flag.label


def flags_text(item: ReportItem) -> str:
    """`overdue 3d, stale 40d, ownerless`: the item's flags, with their day counts."""
    found = item.flags
    template = _TEMPLATES[found.mask][found.days_until_due == 0]
    return template.format(found.days_overdue, found.days_until_due, found.days_idle)


# flags_text runs once per listed item: the text of each flag set is a format string made once,
# per mask and whether a due_soon item is due today.
def _template(flags: tuple[Flag, ...], due_today: bool) -> str:
    return ", ".join(_flag_text(f, "{0}", 0 if due_today else "{1}", "{2}") for f in flags)


_TEMPLATES = tuple((_template(flags, False), _template(flags, True)) for flags in COMBOS)


def postmortem_text(item: ReportItem) -> str:
    pm = item.postmortem
    if pm is None:
        return item.row.postmortem_id
    incident = f", incident {pm.incident_date.isoformat()}" if pm.incident_date else ""
    return f"{pm.title} ({pm.id}{incident})"


def link_text(item: ReportItem) -> tuple[str, str | None]:
    """(label, url) of the item's remote issue; ("", None) when it has none."""
    link = item.link
    if link is None:
        return "", None
    label = link.key or link.target
    if link.state != "linked":
        label = f"{label} ({link.state})"
    return label, link.url


def scope_text(report: Report) -> str:
    """`as of 2026-11-22 (Europe/Berlin)` plus any filters."""
    opts = report.options
    parts = [f"as of {report.as_of.isoformat()} ({report.timezone})"]
    parts += [
        f"{name} {value}"
        for name, value in (("owner", opts.owner), ("postmortem", opts.postmortem), ("target", opts.target))
        if value
    ]
    if opts.only:
        parts.append("only " + ", ".join(f.value for f in report.shown))
    return "; ".join(parts)


def summary_text(report: Report) -> str:
    """`12 of 40 open items flagged: 5 overdue, 3 due soon, ...`, then `; 2 proposed items need review`
    when there are any."""
    reviewing = report.needs_review
    counts = ", ".join(f"{n} {flag.label}" for flag, n in report.counts.items() if flag is not Flag.NEEDS_REVIEW)
    text = f"{report.flagged + report.unlisted - reviewing} of {report.open} open items flagged"
    text += f": {counts}" if counts else ""
    if reviewing:
        text += f"; {reviewing} proposed {'item needs' if reviewing == 1 else 'items need'} review"
    return text


UNLISTED_TITLE = "Not listed (only unassignable or no due date; --all lists them)"


def unlisted_lines(report: Report) -> list[str]:
    """One line per owner whose items are summed up instead of listed: `Alice Chen: 2 no due date`."""
    return [
        f"{s.owner or '(no owner)'}: " + ", ".join(f"{n} {flag.label}" for flag, n in sorted_counts(s.unlisted))
        for s in report.owners
        if s.unlisted
    ]


def sorted_counts(counts: dict[Flag, int]) -> list[tuple[Flag, int]]:
    order = {flag: n for n, flag in enumerate(Flag)}
    return sorted(counts.items(), key=lambda pair: order[pair[0]])


def owner_counts_text(report: Report, limit: int = 12) -> str:
    """`Alice Chen 3 (2 overdue); (no owner) 2; ...` for the `limit` worst owners with flagged items."""
    flagged = [s for s in report.owners if s.flagged]
    parts = []
    for s in flagged[:limit]:
        overdue = s.counts.get(Flag.OVERDUE, 0)
        extra = f" ({overdue} overdue)" if overdue else ""
        parts.append(f"{s.owner or '(no owner)'} {s.flagged}{extra}")
    if len(flagged) > limit:
        parts.append(f"and {len(flagged) - limit} more")
    return "; ".join(parts) or "none"
