"""extract_text: a postmortem's text -> its fields and action items."""

from __future__ import annotations

from datetime import date

from tracker.dates import find_relative, parse_date, resolve_relative
from tracker.extract.blocks import build_blocks
from tracker.extract.fields import read_fields
from tracker.extract.lines import classify_lines, normalise
from tracker.extract.result import ExtractedDocument, ExtractedItem, Priority, Status
from tracker.extract.walk import Found, Walker

_NO_DATE = frozenset(
    {"tbd", "tba", "n/a", "na", "none", "-", "—", "asap", "ongoing", "?", "unknown", "later"}
)


def _due(
    text: str | None, anchor: date | None, day_first: bool, position: int, warnings: list[str]
) -> tuple[date | None, bool]:
    if not text or text.strip(" .*_").lower() in _NO_DATE:
        return None, False
    absolute = parse_date(text, day_first=day_first, after=anchor)
    if absolute is not None:
        return absolute, False
    phrase = find_relative(text)
    if phrase is None:
        warnings.append(f"due date {text!r} on item {position} is not a date")
        return None, False
    if anchor is None:
        warnings.append(
            f"relative deadline {phrase.group(0)!r} on item {position} has no date to resolve against"
        )
        return None, False
    return resolve_relative(text, anchor), True


def _item(
    found: Found, position: int, anchor: date | None, day_first: bool, warnings: list[str]
) -> ExtractedItem:
    cand, notes = found.candidate, found.candidate.notes
    due, relative = _due(notes.due_text, anchor, day_first, position, warnings)
    done = cand.check == "x" if cand.check is not None else notes.done is True
    return ExtractedItem(
        text=cand.text,
        category=cand.category,
        section=found.section,
        owner=notes.owner,
        due=due,
        due_relative=relative,
        status=Status.DONE if done else Status.OPEN,
        priority=Priority(notes.priority) if notes.priority else None,
        position=position,
    )


def extract_text(
    text: str, source: str, *, review_date: date | None = None, day_first: bool = False
) -> ExtractedDocument:
    """The postmortem's fields and action items. Never raises on any text; same input, same result.

    `review_date` overrides the review date the document gives; relative deadlines resolve against
    the review date, else the incident date. `day_first` reads 04/01/2024 as 4 January."""
    raw = normalise(text)
    found = Walker().walk(build_blocks(classify_lines(raw)))
    fields = read_fields(text, raw, day_first=day_first)
    review = review_date or fields.review_date
    anchor = review or fields.incident_date
    warnings: list[str] = []
    items = tuple(_item(f, i, anchor, day_first, warnings) for i, f in enumerate(found))
    return ExtractedDocument(
        source=source,
        title=fields.title,
        incident_date=fields.incident_date,
        review_date=review,
        services=fields.services,
        impact=fields.impact,
        items=items,
        warnings=tuple(warnings),
    )
