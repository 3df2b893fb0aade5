"""Org mode, rewritten line for line as the Markdown the line reader knows.

A document is Org when it has an in-buffer setting (`#+TITLE:`, `#+DATE:`, ...) or a second-level
headline (`** ...`, which no Markdown list writes at the start of a line). Then:

- a headline with a TODO keyword is a checklist entry: `** TODO Add an alert` is `- [ ] Add an alert`,
  `DONE` ticks the box, `CANCELLED` strikes the text through (won't do); its priority cookie and
  tags are dropped;
- any other headline is a heading of its level: `* Action items` is `# Action items`;
- `DEADLINE: <2026-08-16 Sun>` is a `Due:` annotation, an `:OWNER:` property an `Owner:` one;
- `#+TITLE:` is the title heading and `#+DATE:` a `Date:` line; other settings, planning lines and
  drawers are left out, and source and example blocks become fenced code.
"""

from __future__ import annotations

import re

_SETTING_RE = re.compile(r"^#\+(?:title|author|date|email|options|startup|filetags|language|property)\s*:", re.I)
_HEADLINE_RE = re.compile(
    r"^(?P<stars>\*+)[ \t]+(?:(?P<kw>TODO|NEXT|STARTED|WAITING|DONE|CANCELL?ED)(?:[ \t]+|$))?"
    r"(?:\[#[A-Za-z0-9]\][ \t]*)?(?P<text>.*?)(?:[ \t]+:[\w@#%:]+:)?[ \t]*$"
)
_DEADLINE_RE = re.compile(r"\bDEADLINE:\s*<(\d{4}-\d{2}-\d{2})[^>]*>")
_PLANNING_RE = re.compile(r"^\s*(?:DEADLINE|SCHEDULED|CLOSED):")
_PROPERTY_RE = re.compile(r"^\s*:(?P<key>[\w-]+):\s*(?P<value>.*?)\s*$")
_KEYWORD_RE = re.compile(r"^#\+(?P<name>title|date):\s*(?P<value>\S.*)$", re.I)
_BLOCK_RE = re.compile(r"^\s*#\+(?P<end>begin|end)_(?P<kind>\w+)", re.I)
_OWNER_KEYS = frozenset({"owner", "assignee", "assigned_to", "responsible"})


def is_org(lines: list[str]) -> bool:
    """Whether the document is written in Org mode (see the module)."""
    for line in lines:
        if line.startswith("#+") and _SETTING_RE.match(line):
            return True
        if line.startswith("**") and line.lstrip("*")[:1] in (" ", "\t"):
            return True
    return False


def org_to_markdown(lines: list[str]) -> list[str]:
    """The lines of an Org document as Markdown, one for one."""
    out: list[str] = []
    drawer = False
    for line in lines:
        stripped = line.strip()
        if drawer:
            drawer = stripped.upper() != ":END:"
            out.append(_property(stripped) if drawer else "")
            continue
        if stripped.startswith(":") and stripped.upper() in (":PROPERTIES:", ":LOGBOOK:"):
            drawer = True
            out.append("")
            continue
        out.append(_line(line, stripped))
    return out


def _line(line: str, stripped: str) -> str:
    if line.startswith("*") and (m := _HEADLINE_RE.match(line)):
        return _headline(m)
    if stripped.startswith("#+"):
        if keyword := _KEYWORD_RE.match(stripped):
            name, value = keyword.group("name").lower(), keyword.group("value")
            return f"# {value}" if name == "title" else (f"Date: {value}" if name == "date" else "")
        block = _BLOCK_RE.match(stripped)
        return "```" if block and block.group("kind").lower() in ("src", "example") else ""
    if _PLANNING_RE.match(line):
        deadline = _DEADLINE_RE.search(line)
        return f"  Due: {deadline.group(1)}" if deadline else ""
    return line


def _headline(m: re.Match[str]) -> str:
    keyword, text = m.group("kw"), m.group("text")
    if keyword is None:
        return f"{'#' * min(len(m.group('stars')), 6)} {text}"
    if keyword == "DONE":
        return f"- [x] {text}"
    if keyword.startswith("CANCEL"):
        return f"- [ ] ~~{text}~~" if text else "- [ ]"
    return f"- [ ] {text}"


def _property(stripped: str) -> str:
    """An owner property of the entry above as an `Owner:` annotation; other properties are left out."""
    m = _PROPERTY_RE.match(stripped)
    if m and m.group("key").lower() in _OWNER_KEYS and m.group("value"):
        return f"  Owner: {m.group('value')}"
    return ""
