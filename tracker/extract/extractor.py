"""extract_text: a postmortem's text -> its fields and action items."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tracker.dates import WEEKDAY_RE, find_relative, has_yearless_date, parse_date, resolve_phrase
from tracker.extract import memo
from tracker.extract.blocks import build_blocks
from tracker.extract.confidence import confidence
from tracker.extract.fields import read_fields
from tracker.extract.lines import classify_lines, normalise
from tracker.extract.phrasing import is_filler, is_placeholder
from tracker.extract.result import ExtractedDocument, ExtractedItem, Priority, Status
from tracker.extract.walk import Found, Walker

_QUARTER_ONLY_RE = re.compile(r"^\s*Q[1-4](?:\s*'?(?:\d{4}|\d{2}))?\s*$", re.I)
_NO_DATE = frozenset({"tbd", "tba", "n/a", "na", "none", "-", "—", "asap", "ongoing", "?", "unknown", "later"})


def _due(
    text: str | None, anchor: date | None, day_first: bool, number: int, warnings: list[str]
) -> tuple[date | None, bool]:
    if not text or text.strip(" .*_").lower() in _NO_DATE or is_placeholder(text):
        return None, False
    if _QUARTER_ONLY_RE.match(text):
        text = f"end of {text.strip()}"  # a due cell or annotation that names a quarter: "Q1 2027"
    elif len(text) <= 16 and text[-1:].isalpha() and WEEKDAY_RE.fullmatch(text.strip()):
        text = f"by {text.strip()}"  # or a weekday: "next Friday"
    absolute = parse_date(text, day_first=day_first, after=anchor)
    if absolute is not None:
        return absolute, False
    if anchor is None and has_yearless_date(text):  # "by Dec 1": which year needs a date to count from
        warnings.append(f"due date {text!r} on item {number} has no year and no date to resolve it against")
        return None, False
    phrase = find_relative(text)
    if phrase is None:
        warnings.append(f"due date {text!r} on item {number} is not a date")
        return None, False
    if anchor is None:
        warnings.append(f"relative deadline {phrase.group(0)!r} on item {number} has no date to resolve against")
        return None, False
    return resolve_phrase(phrase, anchor), True


#: A due date this long before the incident is a slip of the pen, most often day and month swapped.
TOO_EARLY = timedelta(days=30)


def _early_warning(text: str, due: date, incident: date | None, day_first: bool, number: int) -> str | None:
    """A warning when a due date lies long before the incident, naming the swapped reading if it fits."""
    if incident is None or (incident - due) <= TOO_EARLY:  # a difference never leaves the calendar
        return None
    days = (incident - due).days
    message = f"due date {due} on item {number} is {days} days before the incident ({incident})"
    swapped = parse_date(text, day_first=not day_first, after=incident)
    if swapped is not None and swapped != due and (incident - swapped) <= TOO_EARLY:
        reading = "day first" if not day_first else "month first"
        setting = "true" if not day_first else "false"
        return f"{message}: day and month swapped? read {reading} it is {swapped} ([extract] day_first = {setting})"
    return f"{message}: a typo?"


def _status(box: Status | None, marked: Status | None) -> Status:
    """A checkbox decides, but an open box does not undo work marked dropped ("- [ ] ~~Move to a CDN~~");
    else the item's status marker; else open."""
    if box is Status.OPEN and marked is Status.WONT_DO:
        return marked
    return box or marked or Status.OPEN


def _item(
    found: Found,
    position: int,
    anchor: date | None,
    incident: date | None,
    day_first: bool,
    warnings: list[str],
) -> ExtractedItem:
    cand, notes = found.candidate, found.candidate.notes
    number = position + 1  # as the tables number items
    due, relative = _due(notes.due_text, anchor, day_first, number, warnings)
    if due is not None and not relative and notes.due_text:
        early = _early_warning(notes.due_text, due, incident, day_first, number)
        warnings.extend([early] if early else [])
    box = (Status.DONE if cand.check == "x" else Status.OPEN) if cand.check is not None else None
    reasons = tuple(cand.reasons)
    return ExtractedItem(
        text=cand.text,
        category=cand.category,
        section=found.section,
        owner=None if not notes.owner or is_placeholder(notes.owner) or is_filler(notes.owner) else notes.owner,
        due=due,
        due_relative=relative,
        status=_status(box, notes.status),
        priority=Priority(notes.priority) if notes.priority else None,
        position=position,
        confidence=confidence(reasons),
        reasons=reasons,
        ticket=notes.ticket,
    )


def extract_text(
    text: str, source: str, *, review_date: date | None = None, day_first: bool = False
) -> ExtractedDocument:
    """The postmortem's fields and action items. Never raises on any text; same input, same result.

    `review_date` overrides the review date the document gives; relative deadlines resolve against
    the review date, else the report's date ("Date of report:"), else the incident date. `day_first`
    reads 04/01/2024 as 4 January."""
    memo.clear()  # answers about one document's texts are not kept for the next
    raw = normalise(text)
    walker = Walker()
    found = walker.walk(build_blocks(classify_lines(raw)))
    fields = read_fields(text, raw, day_first=day_first)
    review = review_date or fields.review_date
    anchor = review or fields.report_date or fields.incident_date
    warnings: list[str] = []
    incident = fields.incident_date
    items = tuple(_item(f, i, anchor, incident, day_first, warnings) for i, f in enumerate(found))
    return ExtractedDocument(
        source=source,
        title=fields.title,
        incident_date=fields.incident_date,
        review_date=review,
        services=fields.services,
        impact=fields.impact,
        items=items,
        warnings=tuple(warnings),
        rejected=tuple(walker.refused),
    )
