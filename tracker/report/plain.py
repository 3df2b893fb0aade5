"""Plain text out: a fixed-width table (for `status`, `report`, `list`) and spreadsheet-safe CSV.

rich takes ~0.4 s to lay out 500 rows; `tracker status` must answer in well under that, and its
cells are short. Long cells are cut with `…` to fit the width; colour (ANSI) only when asked.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

RED = "\x1b[31m"
YELLOW = "\x1b[33m"
RESET = "\x1b[0m"
MIN_WIDTH = 12


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: frozenset[int] = frozenset(),
    colours: Sequence[str | None] | None = None,
    width: int = 100,
    shrink: Sequence[int] = (),
    floors: Mapping[int, int] | None = None,
) -> str:
    """Columns padded to their widest cell; the `shrink` columns give up space to fit `width`,
    the widest first (so long columns share what is left), none below its floor (default 12)."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    floor = {i: max(len(headers[i]), (floors or {}).get(i, MIN_WIDTH)) for i in shrink}
    over = sum(widths) + 2 * (len(widths) - 1) - width
    while over > 0:
        shrinkable = [i for i in shrink if widths[i] > floor[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
        over -= 1
    lines = [_line(headers, widths, right), "  ".join("-" * w for w in widths)]
    for n, row in enumerate(rows):
        line = _line(row, widths, right)
        colour = colours[n] if colours else None
        lines.append(f"{colour}{line}{RESET}" if colour else line)
    return "\n".join(lines) + "\n"


def _cell(text: str, width: int, right: bool) -> str:
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.rjust(width) if right else text.ljust(width)


def _line(cells: Sequence[str], widths: Sequence[int], right: frozenset[int]) -> str:
    return "  ".join(_cell(c, w, i in right) for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()


def spreadsheet_cell(value: str | None) -> str:
    """Free text for a CSV cell, defused: a leading `= + - @`, tab or CR gets a `'`, so a
    spreadsheet never runs the cell as a formula."""
    if not value:
        return ""
    return "'" + value if value[0] in "=+-@\t\r" else value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]], *, free_text: Collection[int]) -> str:
    """Every CSV this tool writes (`report`, `list`): a header row, then the rows, `\\n`-ended;
    the `free_text` columns (text people wrote: titles, owners, notes) through `spreadsheet_cell`."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(
            [spreadsheet_cell(v) if isinstance(v, str) and n in free_text else v for n, v in enumerate(row)]
        )
    return out.getvalue()
