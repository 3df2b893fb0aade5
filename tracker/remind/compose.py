"""A reminder as the words it is sent in: an e-mail's subject, plain text and HTML, or Slack mrkdwn.

Every form is made from the same sections of the same report items. The HTML part is the report's
own (`tracker.report.render_html`: its style and its tables, every value escaped); the Slack text
escapes `&`, `<` and `>` as Slack asks (no item text becomes a link or a mention) and lists at most
`SLACK_ITEMS` items and counts the rest (they count as reminded: the message told them how many
more they owe, and `tracker status` lists them; naming them in a second message the same day would
be nagging).
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.remind.plan import Reminder
from tracker.report import render_html, render_slack
from tracker.report.build import Group, ReportItem
from tracker.report.flags import DUE_SOON, OVERDUE, STALE
from tracker.report.text import due_text, flags_text, link_text, postmortem_text

SLACK_ITEMS = 40
SLACK_LINE = 600  # one item's line at most: a pasted paragraph stays readable
FOOTER = "Sent by `tracker remind`: an item is in your reminder at most once every {days} day(s), unless it changes."


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    items: tuple[ReportItem, ...]
    show_owner: bool = False


@dataclass(frozen=True, slots=True)
class Email:
    subject: str
    text: str
    html: str


def sections(reminder: Reminder) -> list[Section]:
    """An owner's items by what is most urgent about them; the ownerless list, then each unreachable owner's."""
    if reminder.kind == "ownerless":
        found = [Section("No owner, or an owner no tracker can assign", reminder.items, show_owner=True)]
        found += [
            Section(f"{u.owner}: no address to remind them at in [people]", u.items) for u in reminder.unreachable
        ]
        return [s for s in found if s.items]
    buckets: dict[str, list[ReportItem]] = {"Overdue": [], "Due soon": [], "Stale": []}
    for item in reminder.items:
        mask = item.flags.mask
        title = "Overdue" if mask & OVERDUE else "Due soon" if mask & DUE_SOON else "Stale" if mask & STALE else ""
        buckets.setdefault(title or "Other", []).append(item)
    return [Section(title, tuple(items)) for title, items in buckets.items() if items]


def subject(reminder: Reminder) -> str:
    count = len(reminder.every_item)
    noun = "action item" if count == 1 else "action items"
    if reminder.kind == "ownerless":
        return f"{count} {noun} nobody is reminded of (as of {reminder.as_of.isoformat()})"
    parts = [f"{len(s.items)} {s.title.lower()}" for s in sections(reminder)]
    return f"Your {noun}: {', '.join(parts)} (as of {reminder.as_of.isoformat()})"


def _intro(reminder: Reminder) -> str:
    day = f"as of {reminder.as_of.isoformat()} ({reminder.timezone})"
    if reminder.kind == "ownerless":
        return f"These action items have no owner a reminder can reach, {day}:"
    return f"Hello {reminder.recipient}, these action items of yours need attention, {day}:"


def _line(item: ReportItem, owner: bool) -> str:
    label, url = link_text(item)
    parts = [f"{item.row.id} {item.row.text}", f"due {due_text(item)}", flags_text(item), postmortem_text(item)]
    if owner:
        parts.append(f"owner {item.owner or '-'}")
    if url or label:
        parts.append(url or label)
    return " — ".join(parts)


def email(reminder: Reminder, every_days: int) -> Email:
    title, text = email_text(reminder, every_days)
    return Email(title, text, email_html(reminder, every_days))


def email_text(reminder: Reminder, every_days: int) -> tuple[str, str]:
    """(subject, plain-text part)."""
    lines = [_intro(reminder), ""]
    for section in sections(reminder):
        lines += [f"{section.title} ({len(section.items)})"]
        lines += [f"- {_line(item, section.show_owner)}" for item in section.items]
        lines.append("")
    lines.append(FOOTER.format(days=every_days))
    return subject(reminder), "\n".join(lines) + "\n"


def email_html(reminder: Reminder, every_days: int) -> str:
    """The HTML part: the report's style and tables, every value escaped."""
    found = sections(reminder)
    e = render_html.e
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(subject(reminder))}</title>",
        f"<style>\n{render_html.CSS}\n</style></head><body>",
        f"<p>{e(_intro(reminder))}</p>",
    ]
    for section in found:
        parts += render_html.group_table(Group("owner", section.title, section.items, show_owner=section.show_owner))
    parts += [f'<p class="scope">{e(FOOTER.format(days=every_days))}</p>', "</body></html>"]
    return "\n".join(parts) + "\n"


def slack(reminder: Reminder, every_days: int) -> str:
    """The mrkdwn text: at most SLACK_ITEMS items named, the rest counted."""
    esc = render_slack.escape
    lines = [esc(_intro(reminder))]
    found = sections(reminder)
    room = SLACK_ITEMS
    for section in found:
        if room <= 0:
            break
        shown = section.items[:room]
        lines += ["", f"*{esc(section.title)}* ({len(section.items)})"]
        lines += [f"• {esc(_cut(_line(item, section.show_owner)))}" for item in shown]
        room -= len(shown)
    left = sum(len(s.items) for s in found) - (SLACK_ITEMS - room)
    if left:
        lines += ["", f"… and {left} more: `tracker status` lists them all."]
    lines += ["", f"_{esc(FOOTER.format(days=every_days))}_"]
    return "\n".join(lines)


def _cut(text: str) -> str:
    return text if len(text) <= SLACK_LINE else text[: SLACK_LINE - 1] + "…"
