"""Where an item's work is already tracked: a Bug / Ticket / Issue / Jira column, or a `Ticket:` /
`Issue:` / `Tracked in:` annotation. The reference is kept as written (`b/289114`, `JIRA-12`, `#123`,
a URL); a Markdown link gives its URL, or its text when it has none."""

from __future__ import annotations

import re

from tracker.dates import folds_as_ascii

_LINK = r"\[[^\]\n]*\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"
_URL = r"https?://[^\s<>()\]]+[^\s<>()\].,;:!?]"
_REF = r"[A-Z][A-Z0-9_]+-\d+|#\d+|[a-z]{1,3}/\d+|[\w.-]+/[\w.-]+#\d+|(?:[\w-]+\.)+[a-z]{2,}/[\w./#?=-]*\w"
_REFERENCE_RE = re.compile(rf"(?P<link>{_LINK})|(?P<url>{_URL})|(?<![\w/#-])(?P<ref>{_REF})(?![\w-])")
_LINK_PARTS_RE = re.compile(r"\[(?P<text>[^\]\n]*)\]\((?P<url>[^)\s]*)")
_KEY = r"tickets?|issues?|bugs?|jira|tracked\s+(?:in|at|by|as)|tracking(?:\s+(?:issue|ticket|bug))?"
_ANNOTATION_RE = re.compile(rf"(?:^|(?<=[\s,;(\[]))[*_]{{0,2}}(?:{_KEY})[*_]{{0,2}}\s*:[*_]{{0,2}}\s*(?=\S)", re.I)
#: Lower-case pieces of the annotation keys: text holding none of them (in lower case, when
#: `folds_as_ascii`) has no such annotation.
_KEY_PIECES = ("ticket", "issue", "bug", "jira", "track")
_WORD_RE = re.compile(r"[A-Za-z]{2,}")
_BARE_ID_RE = re.compile(r"[\w./#-]*\d[\w./#-]*")
_EMPTY_PARENS_RE = re.compile(r"\s*\(\s*[,;]?\s*\)|(?<=\S)\s*[,;]\s*(?=\))")


def reference(value: str) -> str | None:
    """The first tracker reference in `value` (a cell, an annotation's value), else None."""
    m = _REFERENCE_RE.search(value)
    if m is None:
        return None
    if m.group("link"):
        parts = _LINK_PARTS_RE.match(m.group("link"))
        assert parts is not None
        return parts.group("url") or parts.group("text").strip() or None
    return m.group("url") or m.group("ref")


def column_reference(cell: str) -> str | None:
    """The reference in a Bug / Ticket column's cell ("b/289114", "[JIRA-12](url) (done)"), also a bare
    id ("289114") as written; None for a cell of words ("Slow DNS on shard #2" in an Issue column)."""
    m = _REFERENCE_RE.search(cell)
    if m is not None:
        rest = cell[: m.start()] + cell[m.end() :]
        return reference(m.group(0)) if len(_WORD_RE.findall(rest)) <= 3 else None
    token = cell.strip().strip("*_`")
    return token if _BARE_ID_RE.fullmatch(token) else None


def take_ticket(text: str) -> tuple[str, str | None]:
    """The text without its `Ticket: X` / `Issue: X` / `Tracked in: X` annotation, and X; `text`
    unchanged and None when it has none (or "Issue:" introduces wording, not a reference)."""
    if not _may_name_ticket(text):
        return text, None
    for key in _ANNOTATION_RE.finditer(text):
        ref = _REFERENCE_RE.match(text, key.end())
        if ref is None:
            continue
        found = reference(ref.group(0))
        rest = text[: key.start()].rstrip(" ,;—–-") + _end_of(text[ref.end() :])
        return _EMPTY_PARENS_RE.sub("", rest).strip(), found
    return text, None


def _may_name_ticket(text: str) -> bool:
    """A cheap test before the search: could `text` hold a `Ticket:` / `Issue:` / ... key? Text holding a
    character the (case-blind) pattern folds onto an ASCII letter is left to it (`folds_as_ascii`)."""
    if not folds_as_ascii(text):
        return True
    low = text.lower()
    return any(piece in low for piece in _KEY_PIECES)


def _end_of(tail: str) -> str:
    """What stays of the text after a reference: its closing parenthesis or sentence, not a lone dot."""
    tail = tail.lstrip(" .")
    return f" {tail}" if tail and not tail.startswith(")") else tail


def is_ticket_line(text: str) -> bool:
    """A line that only names where the work is tracked ("Ticket: JIRA-12", "**Issue:** #77")."""
    rest, found = take_ticket(text.strip())
    return found is not None and not rest.strip(" *_.")
