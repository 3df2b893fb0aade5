"""A plain fixed-width text table, for `tracker status`.

rich takes ~0.4 s to lay out 500 rows; `tracker status` must answer in well under that, and its
cells are short. Long cells are cut with `…` to fit the width; colour (ANSI) only when asked.
"""

from __future__ import annotations

from collections.abc import Sequence

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
) -> str:
    """Columns padded to their widest cell; the `shrink` columns give up space to fit `width`,
    the widest first, none below 12 characters."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    over = sum(widths) + 2 * (len(widths) - 1) - width
    while over > 0 and shrink:
        widest = max(shrink, key=lambda i: widths[i])
        if widths[widest] <= MIN_WIDTH:
            break
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
