"""Classified lines -> blocks: headings, list entries (wrapped lines joined), tables, text lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.extract.lines import ATX, BLANK, CODE, ENTRY, RULE, SETEXT, TABLE, TABLE_SEP, TEXT, Line
from tracker.extract.vocab import wordset

_TERMINAL = (".", "!", "?", ":", ")", ";")
_CONNECTORS = wordset(
    "a an the and or of to for in on with by from their our its is are was were be that which as at into than when if"
)
_URL_LINE_RE = re.compile(r"^(?:<?https?://\S+>?|\[[^\]]*\]\([^)]*\))[\s.]*$")
_CELL_SPLIT_RE = re.compile(r"(?<!\\)\|")
_INLINE_SEP_RE = re.compile(r"[^|\s-][^|]*\|.*\|\s*:?-{3,}:?\s*\|")
_SEP_CELL_RE = re.compile(r"^:?-{3,}:?$")


@dataclass(slots=True)
class Heading:
    line: int
    level: int
    text: str


@dataclass(slots=True)
class Entry:
    line: int
    indent: int
    marker: str
    check: str | None
    text: str
    has_children: bool = False


@dataclass(slots=True)
class Table:
    line: int
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)


@dataclass(slots=True)
class Text:
    line: int
    indent: int
    text: str
    after_blank: bool


@dataclass(slots=True)
class Rule:
    line: int


@dataclass(slots=True)
class Blank:
    line: int


Block = Heading | Entry | Table | Text | Rule | Blank


def split_cells(row: str) -> list[str]:
    """The cells of a pipe-table row (pipes inside backticks or escaped stay in the cell)."""
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    if "`" not in row:
        pieces = _CELL_SPLIT_RE.split(row) if "\\" in row else row.split("|")  # no backslash: no escaped pipe
        return [c.strip() for c in pieces]
    cells: list[str] = []
    buf: list[str] = []
    in_code = False
    for i, ch in enumerate(row):
        if ch == "`":
            in_code = not in_code
        if ch == "|" and not in_code and (i == 0 or row[i - 1] != "\\"):
            cells.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
    cells.append("".join(buf).strip())
    return cells


def _lazy_joins(prev: str, line: Line) -> bool:
    """Whether an unindented line right below a list entry continues its wrapped text."""
    text = line.text
    if _URL_LINE_RE.match(text) or text.endswith(":") or text.startswith("**") or prev.endswith((".", "!", "?")):
        return False
    if prev.endswith(_TERMINAL):
        return text[:1].islower()
    first = text[:1]
    last_word = (prev.rsplit(None, 1) or [""])[-1].lower()  # "" for a blank line
    return first.islower() or first in "(`\"'" or prev.endswith(",") or last_word in _CONNECTORS


def _continues(entry: Entry, line: Line) -> bool:
    if line.kind != TEXT:
        return False
    return line.indent > entry.indent or _lazy_joins(entry.text, line)


#: The blocks after which a list entry has no more children (a tuple: no union object built per test).
_ENDS_CHILDREN = (Heading, Table, Rule)


def _mark_children(blocks: list[Block]) -> None:
    for i, block in enumerate(blocks):
        if not isinstance(block, Entry):
            continue
        for j in range(i + 1, min(i + 200, len(blocks))):  # no copy of the next 200 blocks per entry
            nxt = blocks[j]
            if isinstance(nxt, Entry):
                block.has_children = nxt.indent > block.indent
                break
            if isinstance(nxt, _ENDS_CHILDREN) or (isinstance(nxt, Text) and nxt.indent <= block.indent):
                break


def _table(lines: list[Line], i: int) -> tuple[Table, int]:
    header = split_cells(lines[i].text)
    table = Table(lines[i].no, header)
    i += 1
    while i < len(lines) and lines[i].kind in (TABLE, TABLE_SEP):
        if lines[i].kind == TABLE:
            table.rows.append(split_cells(lines[i].text))
        i += 1
    return table, i


def _wiki_table(lines: list[Line], i: int) -> tuple[Table, int]:
    """A table in Confluence / Jira wiki markup: a `||Action||Owner||` header (cells between double
    pipes), then `|cell|cell|` rows, with no separator line."""
    table = Table(lines[i].no, split_cells(lines[i].text.replace("||", "|")))
    i += 1
    while i < len(lines) and lines[i].kind == TABLE and not lines[i].text.startswith("||"):
        table.rows.append(split_cells(lines[i].text))
        i += 1
    return table, i


def _reflowed(lines: list[Line], i: int) -> tuple[Table, int] | None:
    """A pipe table whose rows were re-wrapped into one paragraph: "| A | B | |---|---| | a | b | | c |
    d |". Rows are read by the header's column count; None when the cells do not line up."""
    j = i
    while j < len(lines) and lines[j].kind in (TABLE, TEXT):
        j += 1
    cells = split_cells(" ".join(line.text for line in lines[i:j]))
    k = next((n for n, c in enumerate(cells) if _SEP_CELL_RE.match(c)), 0)
    width = 0
    while k + width < len(cells) and _SEP_CELL_RE.match(cells[k + width]):
        width += 1
    if not width or k != width + 1 or cells[k - 1]:
        return None
    table = Table(lines[i].no, cells[:width])
    rest = cells[k + width :]
    for start in range(0, len(rest), width + 1):
        if rest[start]:
            return None  # a row boundary ("| |") is an empty cell; anything else is misaligned
        table.rows.append(rest[start + 1 : start + 1 + width])
    return table, j


def _entry(lines: list[Line], i: int) -> tuple[Entry, int]:
    line = lines[i]
    entry = Entry(line.no, line.indent, line.marker, line.check, line.text)
    while i + 1 < len(lines) and _continues(entry, lines[i + 1]):
        i += 1
        entry.text = f"{entry.text} {lines[i].text}".strip()
    return entry, i + 1


def _block(lines: list[Line], i: int, after_blank: bool) -> tuple[Block | None, int]:
    """The block that starts at line `i` (None for a skipped line) and the index after it."""
    line = lines[i]
    kind = line.kind
    if kind == BLANK:
        return Blank(line.no), i + 1
    if kind == CODE:
        return None, i + 1
    if kind in (ATX, SETEXT):
        return Heading(line.no, line.level, line.text), i + 1
    if kind == RULE:
        return Rule(line.no), i + 1
    if kind == TABLE and i + 1 < len(lines) and lines[i + 1].kind == TABLE_SEP:
        return _table(lines, i)
    if kind == TABLE and line.text.startswith("||"):
        return _wiki_table(lines, i)
    if kind == TABLE and "--" in line.text and _INLINE_SEP_RE.match(line.text.lstrip("| ")):
        reflowed = _reflowed(lines, i)
        if reflowed is not None:
            return reflowed
    if kind == ENTRY:
        return _entry(lines, i)
    return Text(line.no, line.indent, line.text, after_blank), i + 1


def build_blocks(lines: list[Line]) -> list[Block]:
    """Group classified lines into blocks, in document order."""
    blocks: list[Block] = []
    i, after_blank = 0, True
    while i < len(lines):
        block, i = _block(lines, i, after_blank)
        after_blank = block is None or isinstance(block, Blank)
        if block is not None:
            blocks.append(block)
    _mark_children(blocks)
    return blocks
