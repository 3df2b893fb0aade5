"""The nightly report (`tracker report`) and owner status (`tracker status`).

`build` and `status` turn the store into result objects; one `render_*` module per format prints
them; `flags` decides, purely, which flags an item has. Nothing here prints or exits.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by the renderers themselves; `tracker status` needs none of them
    from tracker.report.build import Report

FORMATS = ("table", "markdown", "json", "html", "csv")

__all__ = ["FORMATS", "chunks", "render"]


def chunks(report: Report, fmt: str, *, width: int = 120, color: bool = False) -> Iterator[str]:
    """The report in one of FORMATS, in pieces to write as they come (JSON streams per item)."""
    if fmt == "json":
        from tracker.report import render_json

        return render_json.chunks(report)
    return iter([render(report, fmt, width=width, color=color)])


def render(report: Report, fmt: str, *, width: int = 120, color: bool = False) -> str:
    """The report in one of FORMATS."""
    if fmt == "table":
        from tracker.report import render_table

        return render_table.render(report, width=width, color=color)
    if fmt == "markdown":
        from tracker.report import render_markdown

        return render_markdown.render(report)
    if fmt == "json":
        from tracker.report import render_json

        return render_json.render(report)
    if fmt == "html":
        from tracker.report import render_html

        return render_html.render(report)
    if fmt == "csv":
        from tracker.report import render_csv

        return render_csv.render(report)
    raise ValueError(f"unknown format {fmt!r}")
