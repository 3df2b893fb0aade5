"""Jira wiki markup (REST v2) for our issue descriptions: escaping, and the layout we read back.

A description is the item text (escaped, so no markup in it is ever rendered), a `----` rule,
then one `*Label:* value` line per fact. `parse_description` inverts `render_description` exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

#: Characters that start or end wiki markup (bold, italic, lists, tables, links, macros, ...).
_SPECIAL = frozenset("*_{}[]|-+^~?#!()")
#: Headings and quotes are markup only at the start of a line.
_LINE_START = re.compile(r"(?:h[1-6]|bq)\.")
#: Emoticons such as :P or ;D (`:)` is covered by escaping the parenthesis).
_EMOTICON = re.compile(r"[:;][PpDd]")
#: `&name;` would render as an HTML entity.
_ENTITY = re.compile(r"&[A-Za-z][A-Za-z0-9]*;")
#: A backslash can't be escaped with a backslash (`\\` is a line break), so it becomes an entity.
#: Every `#` is escaped, so these are the only `&#` sequences an escaped text contains.
_BACKSLASH = "&#92;"
_AMPERSAND = "&#38;"
_UNESCAPE = re.compile(r"&#92;|&#38;|\\(.)", re.DOTALL)

RULE = "----"
_SEPARATOR = f"\n\n{RULE}\n"
_META = re.compile(r"^\*([A-Za-z ]+):\* ?(.*)$")
_LINK_LABEL = "Link"


def _escape_char(text: str, i: int) -> str:
    c = text[i]
    if c == "\\":
        return _BACKSLASH
    if c == "&" and _ENTITY.match(text, i):
        return _AMPERSAND
    if c in _SPECIAL or _EMOTICON.match(text, i):
        return "\\" + c
    if (i == 0 or text[i - 1] in "\r\n") and _LINE_START.match(text, i):
        return "\\" + c
    return c


def wiki_escape(text: str) -> str:
    """`text` as wiki markup that renders literally; `wiki_unescape` gives it back exactly."""
    return "".join(_escape_char(text, i) for i in range(len(text)))


def wiki_unescape(markup: str) -> str:
    def one(match: re.Match[str]) -> str:
        token = match.group(0)
        if token == _BACKSLASH:
            return "\\"
        if token == _AMPERSAND:
            return "&"
        return match.group(1)

    return _UNESCAPE.sub(one, markup)


def one_line(value: str) -> str:
    """Whitespace collapsed: what a `*Label:* value` line can hold."""
    return " ".join(value.split())


@dataclass(frozen=True, slots=True)
class Description:
    """What we write into (and read back from) an issue description."""

    text: str
    facts: tuple[tuple[str, str], ...] = ()
    link: str | None = None

    def fact(self, label: str) -> str | None:
        return next((value for name, value in self.facts if name == label), None)


def render_description(description: Description) -> str:
    lines = [f"*{label}:* {wiki_escape(one_line(value))}" for label, value in description.facts]
    if description.link:
        lines.append(f"*{_LINK_LABEL}:* [{quote(description.link, safe=':/?&=%#@+,;~.')}]")
    return wiki_escape(description.text) + _SEPARATOR + "\n".join(lines)


def parse_description(markup: str | None) -> Description | None:
    """The parts of a description we wrote; None when it isn't ours (no rule line)."""
    if not markup:
        return None
    head, found, tail = markup.partition(_SEPARATOR)
    if not found:
        return None
    facts, link = [], None
    for line in tail.splitlines():
        match = _META.match(line)
        if match and match.group(1) == _LINK_LABEL:
            link = unquote(match.group(2).strip().removeprefix("[").removesuffix("]")) or None
        elif match:
            facts.append((match.group(1), wiki_unescape(match.group(2))))
    return Description(wiki_unescape(head), tuple(facts), link)
