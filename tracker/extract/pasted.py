"""Text pasted into a postmortem from other tools, rewritten as the Markdown the line reader knows:
a table copied out of a spreadsheet or word processor (cells separated by tabs), a reStructuredText
grid table, and the tail of an e-mail (its signature and the quoted message a reply carries), which
is dropped. Each works on the document's lines, before they are classified (lines.py)."""

from __future__ import annotations

import itertools
import re

__all__ = ["drop_email_tail", "grid_tables", "tab_tables"]

#: An e-mail's quoted reply header: "On Mon, 23 Nov 2026 at 09:14, Jonas <j@x> wrote:".
_WROTE_RE = re.compile(r"^>?\s*On\s.{6,160}\swrote:\s*$")


def drop_email_tail(lines: list[str]) -> None:
    """Blank an e-mail's signature (from a "-- " line to the next blank line) and the quoted message
    a reply carries (its "On ... wrote:" line and the quoted lines after it): neither is the writer's
    own postmortem text."""
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.rstrip() == "--":
            while i < len(lines) and lines[i].strip():
                lines[i] = ""
                i += 1
        elif line.endswith(("wrote:", "wrote: ")) and _WROTE_RE.match(line):
            lines[i] = ""
            i += 1
            while i < len(lines) and (lines[i].lstrip().startswith(">") or not lines[i].strip()):
                lines[i] = ""
                i += 1
        else:
            i += 1


def tab_tables(lines: list[str]) -> list[str]:
    """Runs of two or more tab-separated rows (a table pasted from a spreadsheet or a word processor)
    as a Markdown table: the first row is the header, a separator row follows it."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        header = _tab_cells(lines[i])
        j = i + 1
        while header and j < len(lines) and (row := _tab_cells(lines[j])) and len(row) <= len(header):
            j += 1
        if header is None or j - i < 2:
            out.append(lines[i])
            i += 1
            continue
        for k in range(i, j):
            cells = _tab_cells(lines[k]) or []
            out.append("| " + " | ".join(cells + [""] * (len(header) - len(cells))) + " |")
            out.extend(["|" + " --- |" * len(header)] if k == i else [])
        i = j
    return out


#: A border of a reStructuredText grid table: "+------+-----+", "+======+=====+".
_GRID_BORDER_RE = re.compile(r"^\s*\+(?:[-=]+\+)+\s*$")


def grid_tables(lines: list[str]) -> list[str]:
    """reStructuredText grid tables as Markdown tables: each row's lines between two borders are
    joined cell by cell; the first row is the header."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "+" not in line or _GRID_BORDER_RE.match(line) is None:
            out.append(line)
            i += 1
            continue
        cuts = [k for k, ch in enumerate(line) if ch == "+"]
        rows: list[list[str]] = []
        group: list[str] = []
        i += 1
        while i < len(lines) and (lines[i].lstrip().startswith("|") or _GRID_BORDER_RE.match(lines[i])):
            if _GRID_BORDER_RE.match(lines[i]):
                rows.extend([_grid_row(group, cuts)] if group else [])
                group = []
            else:
                group.append(lines[i])
            i += 1
        rows.extend([_grid_row(group, cuts)] if group else [])
        for n, cells in enumerate(rows):
            out.append("| " + " | ".join(cells) + " |")
            out.extend(["|" + " --- |" * len(cells)] if n == 0 else [])
    return out


def _grid_row(group: list[str], cuts: list[int]) -> list[str]:
    """One grid-table row's cells, each cell's lines joined with single spaces."""
    cells = []
    for start, end in itertools.pairwise(cuts):
        parts = (row[start + 1 : end].strip() for row in group)
        cells.append(" ".join(p for p in parts if p))
    return cells


def _tab_cells(line: str) -> list[str] | None:
    """The cells of a tab-separated row (at least two, the first not blank), else None."""
    if "\t" not in line or line[:1] in ("", " ", "\t", "|"):
        return None
    cells = [cell.strip() for cell in line.rstrip("\r\n ").split("\t")]
    return cells if len(cells) >= 2 else None
