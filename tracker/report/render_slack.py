"""The report as a Slack message: Block Kit, the way Slack lays messages out.

A header, the summary, then one section per owner (worst first) with a bulleted line per item:
its id and issue link, text, due date and flags, and the postmortem it comes from. Items summed up
rather than listed (only unassignable or no due date) close the message as one context line.

Slack's documented limits are kept: at most 50 blocks, a header of 150 characters, a section's
text at most 3,000 characters (a long group continues in the next section), and the whole
message under MAX_TEXT characters of block text (Slack refuses longer ones with
`msg_blocks_too_long`); what does not fit ends as "… N more items: see the full report".
Every value is escaped for mrkdwn (`&`, `<`, `>`), so no text turns into a link or a mention.
"""

from __future__ import annotations

from tracker.report.build import Group, Report, ReportItem
from tracker.report.text import TITLE, due_text, flags_text, link_text, scope_text, summary_text, unlisted_lines

MAX_BLOCKS = 50
MAX_HEADER = 150
MAX_SECTION = 3000
MAX_TEXT = 12_000
MAX_ITEM = 600  # one item line at most: a pasted paragraph stays readable

Block = dict[str, object]


def escape(value: object) -> str:
    """Text made literal in mrkdwn: Slack asks for exactly these three to be escaped."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(report: Report) -> dict[str, object]:
    """The message payload: `text` (the notification line) and `blocks`."""
    blocks: list[Block] = [
        {"type": "header", "text": {"type": "plain_text", "text": _cut(TITLE, MAX_HEADER), "emoji": False}},
        _section(f"{escape(scope_text(report))}\n*{escape(summary_text(report))}*"),
    ]
    tail = _tail(report)
    budget = MAX_TEXT - _size(blocks) - _size(tail) - 200  # room for the "more items" line
    left = report.flagged
    for group in report.groups:
        for section, count in _group_sections(group):
            size = _size([section])
            if len(blocks) + len(tail) + 2 > MAX_BLOCKS or size > budget:
                break
            blocks.append(section)
            budget -= size
            left -= count
        else:
            continue
        break
    if left:
        blocks.append(_context(f"… {left} more items: see the full report"))
    if not report.groups:
        blocks.append(_section("Nothing flagged." if not report.unlisted else "Nothing that needs action now."))
    blocks += tail
    return {"text": escape(f"{TITLE}: {summary_text(report)}"), "blocks": blocks}


def _group_sections(group: Group) -> list[tuple[Block, int]]:
    """The group as sections of at most MAX_SECTION characters, each with how many items it holds."""
    heading = f"*{escape(group.name)}* ({len(group.items)})"
    sections, text, count = [], heading, 0
    for item in group.items:
        line = _item_line(item)
        if len(text) + 1 + len(line) > MAX_SECTION:
            sections.append((_section(text), count))
            text, count = f"*{escape(group.name)}* (continued)\n{line}", 1
        else:
            text, count = f"{text}\n{line}", count + 1
    sections.append((_section(text), count))
    return sections


def _item_line(item: ReportItem) -> str:
    label, url = link_text(item)
    ref = escape(item.row.id)
    if url and url.startswith(("https://", "http://")) and label:
        ref += f" (<{_url(url)}|{escape(label).replace('|', '/')}>)"
    pm = item.postmortem
    parts = [f"• {ref} {escape(_cut(item.row.text, MAX_ITEM))}", f"due {due_text(item)}"]
    if item.flags.mask:
        parts.append(escape(flags_text(item)))
    if pm is not None:
        parts.append(f"_{escape(_cut(pm.title or pm.id, 120))}_")
    return " — ".join(parts)


def _tail(report: Report) -> list[Block]:
    lines = unlisted_lines(report)
    if not lines:
        return []
    text = "Not listed (only unassignable or no due date): " + "; ".join(lines)
    return [_context(escape(_cut(text, MAX_SECTION - 500)))]  # room for the entities


def _section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def _size(blocks: list[Block]) -> int:
    total = 0
    for block in blocks:
        text = block.get("text")
        if isinstance(text, dict):
            total += len(str(text.get("text", "")))
        for element in block.get("elements", []) or []:  # type: ignore[attr-defined]
            total += len(str(element.get("text", "")))
    return total


def _url(url: str) -> str:
    return url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C").replace(" ", "%20")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
