"""Pipe tables whose header names the work (Action item / Task / Follow-up / Remediation)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tracker.extract.annotations import Notes, clean_owner, read_notes
from tracker.extract.markers import mentions_done, priority_of, status_in, status_of
from tracker.extract.tickets import column_reference
from tracker.model import Status

_WORK_RE = re.compile(
    r"\b(action|actions|action\s*items?|tasks?|follow[\s-]*ups?|remediations?|to[\s-]*dos?|work\s*items?|"
    r"items?|fix(es)?|corrective|prevent(?:at)?ive|recommendations?|improvements?|next\s+steps?)\b",
    re.I,
)
_TEXT_COL_RE = re.compile(r"\b(description|summary|details?|what|title)\b", re.I)
_OWNER_RE = re.compile(r"\b(owners?|assignees?|assigned(\s+to)?|responsible|who|dri|lead)\b", re.I)
_DUE_RE = re.compile(r"\b(due(\s+date)?|deadline|target(\s+date)?|eta|by\s+when|when|date)\b", re.I)
_PRIORITY_RE = re.compile(r"^\W*(priority|prio|p|severity|importance)\W*$", re.I)
_STATUS_RE = re.compile(
    r"\b(status|state|done|bugs?|tickets?|issues?|notes?|tracking|jira|progress|resolution|prs?|links?|"
    r"complete[d]?|closed)\b",
    re.I,
)
_STATE_RE = re.compile(r"\b(status|state|progress|resolution)\b", re.I)
_TICKET_RE = re.compile(r"\b(bugs?|tickets?|issues?|tracking|jira|links?|tracker)\b", re.I)
_TIME_RE = re.compile(r"^\W*(time|timestamp|when|date|hour|utc|pst|pdt)\b", re.I)
_YES_RE = re.compile(r"^\W*(yes|y|x|true|✓|✔|✅)\W*$", re.I)
_EMPTY_RE = re.compile(r"^[\s\-–—.*_:|]*$")
_MARKS_RE = re.compile(r"[*_`]")
_DONE_COL_RE = re.compile(r"\W*done\W*", re.I)


@dataclass(frozen=True, slots=True)
class Layout:
    work: int
    owner: int | None = None
    due: int | None = None
    priority: int | None = None
    status: tuple[int, ...] = ()
    done_col: int | None = None
    ticket: int | None = None
    states: tuple[int, ...] = ()  # the status columns named Status / State / Progress


def _find(header: list[str], pattern: re.Pattern[str], skip: set[int]) -> int | None:
    for i, cell in enumerate(header):
        if i not in skip and pattern.search(cell):
            return i
    return None


def layout(header: list[str], in_follow_up: bool) -> Layout | None:
    """Which columns hold the work, owner, due date, priority and status; None for other tables."""
    return _layout(tuple(header), in_follow_up)


@lru_cache(maxsize=1024)  # headers recur from one document to the next ("| Action item | Owner | Due |")
def _layout(header: tuple[str, ...], in_follow_up: bool) -> Layout | None:
    names = [_MARKS_RE.sub("", h).strip() for h in header]
    if not names or (names and _TIME_RE.match(names[0])):
        return None
    work = _find(names, _WORK_RE, set())
    owner = _find(names, _OWNER_RE, {work} if work is not None else set())
    if work is None and in_follow_up:
        work = _find(names, _TEXT_COL_RE, set())
    if work is None:
        return None
    taken = {work} | ({owner} if owner is not None else set())
    due = _find(names, _DUE_RE, taken)
    taken |= {due} if due is not None else set()
    priority = next((i for i, n in enumerate(names) if i not in taken and _PRIORITY_RE.match(n)), None)
    taken |= {priority} if priority is not None else set()
    status = tuple(i for i, n in enumerate(names) if i not in taken and _STATUS_RE.search(n))
    done_col = next((i for i, n in enumerate(names) if _DONE_COL_RE.fullmatch(n)), None)
    ticket = next((i for i in status if _TICKET_RE.search(names[i])), None)
    states = tuple(i for i in status if _STATE_RE.search(names[i]))
    return Layout(work, owner, due, priority, status, done_col, ticket, states)


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


#: When the Status, Bug and Notes columns disagree, the strongest word wins ("Closed" in the bug column
#: beats "In progress" in the status column; "Won't fix" beats "Closed").
_RANK = {Status.OPEN: 0, Status.IN_PROGRESS: 1, Status.DONE: 2, Status.WONT_DO: 3}


def _row_status(lay: Layout, row: list[str]) -> Status | None:
    if lay.done_col is not None and _YES_RE.match(_cell(row, lay.done_col)):
        return Status.DONE
    found = [s for i in lay.status if (s := _cell_status(_cell(row, i), i in lay.states)) is not None]
    return max(found, key=_RANK.__getitem__) if found else None


def _cell_status(cell: str, states: bool) -> Status | None:
    """A Status column's word ("In progress", "Won't do: duplicate"); in a Bug / Notes column only a
    cell that is a status word, or one saying it is done ("Fixed in #12")."""
    if states:
        return status_in(cell)
    return status_of(cell) or (Status.DONE if mentions_done(cell) else None)


def read_row(lay: Layout, row: list[str]) -> Notes | None:
    """The item a table row holds, or None for an empty row."""
    text = _cell(row, lay.work)
    if _EMPTY_RE.match(text):
        return None
    notes = read_notes(text)
    owner = clean_owner(_cell(row, lay.owner)) if lay.owner is not None else None
    if " " not in notes.text.strip() and not owner and not _cell(row, lay.due):
        return None  # "| postmortem | 0x19-postmortem |": a file list's one-word name, not work
    notes.owner = owner or notes.owner
    due = _cell(row, lay.due)
    if due and not _EMPTY_RE.match(due) and due.lower() not in ("n/a", "tbd", "none"):
        notes.due_text = due
    priority = priority_of(_cell(row, lay.priority)) if lay.priority is not None else None
    notes.priority = priority or notes.priority
    notes.status = _row_status(lay, row) or notes.status
    if lay.ticket is not None:
        notes.ticket = column_reference(_cell(row, lay.ticket)) or notes.ticket
    return notes
