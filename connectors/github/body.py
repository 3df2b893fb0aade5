"""Pure mappers between an item's fields and a GitHub issue's title and body.

The body carries what GitHub has no field for, and ends with the hidden marker that ties the
issue to its item::

    Restart the queue workers on deploy            <- the full item text (escaped)

    ---
    **Owner:** Alice
    **Due:** 2024-05-01                             <- "2024-05-01 (derived from policy)" when [policy] set it
    **Postmortem:** Queue outage
    **Incident date:** 2024-04-02
    **Source:** postmortems/2024-04-02-queue.md
    Also tracked in [OPS-12](https://example.atlassian.net/browse/OPS-12) (jira)   <- one line per twin
    <!-- tracker:AI-12 -->

Text from documents is hostile: an `@name` would ping people, and `<!--` could hide the rest of the
body or forge a marker. So every `@` and `<` gets a zero-width joiner (ZWJ) after it and every `>`
one before it (no mention, no tag, no `<!--` or `-->`); a ZWJ already in the text is doubled, and
CR/LF inside one-line values are written as ZWJ+"r"/"n". The encoding is exactly invertible, so
what is read back equals what was written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tracker.connector import IssueDraft, PostmortemRef, Twin

ZWJ = "\u200d"
TITLE_MAX = 120
UNTITLED = "(untitled action item)"
ELLIPSIS = "…"

_GUARDED = "@<"  # each gets a ZWJ after it: no mention, no HTML tag, no comment opener
_INLINE_CODES = {ZWJ: ZWJ, ">": ">", "n": "\n", "r": "\r"}
_BLOCK_CODES = {ZWJ: ZWJ, ">": ">", "\r": "\r"}
_ITEM_ID = re.compile(r"[A-Za-z0-9_.:-]+")
MARKER_RE = re.compile(r"<!-- tracker:([A-Za-z0-9_.:-]+) -->")
_SEPARATOR = re.compile("(?:(?<!\u200d)\r)?\n\r?\n---\r?\n")  # an escaped CR (ZWJ+CR) is text
_META_LINE = re.compile(r"\*\*([A-Za-z ]+):\*\* ?(.*)")
_LINKABLE = re.compile(r"https?://[^\s()<>\[\]]+")


def escape_text(text: str, *, inline: bool = False) -> str:
    """Neutralise mentions and HTML in `text`; `inline` also folds line breaks into one line."""
    out: list[str] = []
    for ch in text:
        if ch == ZWJ:
            out.append(ZWJ + ZWJ)
        elif ch in _GUARDED:
            out.append(ch + ZWJ)
        elif ch == ">":
            out.append(ZWJ + ">")  # "-->" can never close a comment
        elif ch == "\r":
            out.append(ZWJ + ("r" if inline else "\r"))
        elif ch == "\n" and inline:
            out.append(ZWJ + "n")
        else:
            out.append(ch)
    return "".join(out)


def unescape_text(text: str, *, inline: bool = False) -> str:
    """The inverse of `escape_text`; tolerates what people type (lone ZWJs, CRLF from a browser)."""
    codes = _INLINE_CODES if inline else _BLOCK_CODES
    out: list[str] = []
    i = 0
    while i < len(text):
        ch, nxt = text[i], text[i + 1 : i + 2]
        if ch == ZWJ and nxt and nxt in codes:
            out.append(codes[nxt])
            i += 2
            continue
        if ch == "\r" and nxt == "\n" and not inline:
            i += 1  # a browser edit turned "\n" into "\r\n"
            continue
        out.append(ch)
        i += 2 if ch in _GUARDED and nxt == ZWJ else 1
    return "".join(out)


def title_for(text: str) -> str:
    """The issue title: the text on one line, cut at a word boundary to TITLE_MAX with "…"."""
    words = text.split()
    if not words:
        return UNTITLED
    full = escape_text(" ".join(words), inline=True)
    if len(full) <= TITLE_MAX:
        return full
    kept: list[str] = []
    for word in words:
        if len(escape_text(" ".join([*kept, word]) + ELLIPSIS, inline=True)) > TITLE_MAX:
            break
        kept.append(word)
    short = " ".join(kept) if kept else _cut_word(words[0])
    return escape_text(short + ELLIPSIS, inline=True)


def _cut_word(word: str) -> str:
    end = TITLE_MAX - 1
    while len(escape_text(word[:end] + ELLIPSIS, inline=True)) > TITLE_MAX:
        end -= 1
    return word[:end]


def marker_for(item_id: str) -> str:
    if not _ITEM_ID.fullmatch(item_id):
        raise ValueError(f"item id {item_id!r} cannot be written in a marker")
    return f"<!-- tracker:{item_id} -->"


def body_for(draft: IssueDraft) -> str:
    """The issue body for a draft: full text, then the owner/due/postmortem lines and the marker."""
    fields, pm = draft.fields, draft.postmortem
    meta = [
        ("Owner", fields.owner),
        ("Due", _due_line(fields.due, draft.due_derived)),
        ("Postmortem", pm.title),
        ("Incident date", pm.incident_date.isoformat() if pm.incident_date else None),
        ("Source", pm.source),
        ("Link", pm.url),
    ]
    lines = [f"**{name}:** {escape_text(value, inline=True)}" for name, value in meta if value is not None]
    twins = [twin_line(twin) for twin in draft.twins]
    return "\n".join([escape_text(fields.text), "", "---", *lines, *twins, marker_for(draft.item_id)])


def twin_line(twin: Twin) -> str:
    """ "Also tracked in [OPS-12](url) (jira)": a link (a bare "#12" would name an issue of this
    repository), the twin's target named after it."""
    label, target = escape_text(twin.label, inline=True), escape_text(twin.target, inline=True)
    if _LINKABLE.fullmatch(twin.url):
        label = f"[{label.replace('[', '(').replace(']', ')')}]({twin.url})"
    return f"Also tracked in {label} ({target})"


DERIVED = " (derived from policy)"


def _due_line(due: date | None, derived: bool) -> str | None:
    if due is None:
        return None
    return due.isoformat() + (DERIVED if derived else "")


@dataclass(frozen=True, slots=True)
class ParsedBody:
    """What a body says, in local terms. `text` is None when the body has no tracker layout."""

    text: str | None = None
    item_id: str | None = None
    owner: str | None = None
    due: date | None = None
    due_derived: bool = False
    postmortem: PostmortemRef | None = None


def parse_body(body: str | None) -> ParsedBody:
    """Read a body written by `body_for` (and perhaps edited by a person since)."""
    if not body:
        return ParsedBody()
    markers = MARKER_RE.findall(body)
    item_id = markers[-1] if markers else None
    separators = list(_SEPARATOR.finditer(body))
    if not separators:
        return ParsedBody(item_id=item_id)
    last = separators[-1]
    meta = _meta_values(body[last.end() :])
    due = meta.get("Due", "")
    title = meta.get("Postmortem")
    return ParsedBody(
        text=unescape_text(body[: last.start()]),
        item_id=item_id,
        owner=meta.get("Owner") or None,
        due=_date(due.removesuffix(DERIVED)),
        due_derived=due.endswith(DERIVED),
        postmortem=PostmortemRef(
            title=title,
            incident_date=_date(meta.get("Incident date")),
            source=meta.get("Source") or None,
            url=meta.get("Link") or None,
        )
        if title
        else None,
    )


def _meta_values(block: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for line in block.split("\n"):
        match = _META_LINE.fullmatch(line.rstrip("\r"))
        if match:
            values.setdefault(match.group(1), unescape_text(match.group(2), inline=True))
    return values


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None  # a person wrote something that is not a date: treat as no due date


def text_for(title: str, parsed: ParsedBody) -> str:
    """The item text: the body's full text, unless a person has since retitled the issue.

    A shortened title that still opens the body's text means the body was edited past the cut:
    the body wins then too.
    """
    if parsed.text is None:
        return unescape_text(title, inline=True)
    if title_for(parsed.text) == title:
        return parsed.text
    one_line = escape_text(" ".join(parsed.text.split()), inline=True)
    if title.endswith(ELLIPSIS) and one_line.startswith(title[: -len(ELLIPSIS)]):
        return parsed.text
    return unescape_text(title, inline=True)
