"""Whether a piece of text is an action item where it stands, and its cleaned parts if so."""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.extract.annotations import Notes, clean_owner, may_be_annotated, read_notes
from tracker.extract.phrasing import (
    has_modal,
    is_footnote,
    is_gerund_task,
    is_imperative,
    is_instruction,
    is_intro,
    is_lessonish_opener,
    is_noise,
    is_past_report,
    is_placeholder,
    is_prohibition,
    is_reminder,
    is_suggestion,
    noun_phrase_task,
    opener,
    sentences,
    split_label,
    words,
)
from tracker.extract.sections import Kind

ENTRY, LINE, PROSE = "entry", "line", "prose"

_MARKER_RE = re.compile(
    r"^(?:[*_]{1,2})?(?:(?P<todo>TODO|Todo|todo|FIXME)(?:\((?P<who>[^)\n]{1,40})\))?"
    r"|(?P<act>[Aa]ction(?:\s+(?:[Ii]tem|[Pp]oint))?|AI))(?:[*_]{1,2})?\s*:(?:[*_]{1,2})?\s*"
)
_MID_TODO_RE = re.compile(r"(?<=\s)(?:TODO|FIXME)(?:\((?P<who>[^)\n]{1,40})\))?\s*:\s*(?=\S)")
_WH_OPENERS = frozenset({"how", "what", "why", "whether", "which"})
_ENTRY_OPENERS_OK = frozenset(
    {"a", "an", "the", "more", "better", "all", "if", "when", "each", "every", "some"}
)


@dataclass(slots=True)
class Candidate:
    text: str
    category: str | None
    notes: Notes
    check: str | None = None


def strip_marker(text: str) -> tuple[bool, str | None, str]:
    """(marked, owner from TODO(name), text without the TODO: / Action: / AI: marker)."""
    m = _MARKER_RE.match(text)
    if m is None or m.end() >= len(text):
        return False, None, text
    who = clean_owner(m.group("who")) if m.group("who") else None
    return True, who, text[m.end() :].strip()


def mid_todo(text: str) -> tuple[str | None, str] | None:
    """(owner, task) for a "TODO:" written inside a sentence or paragraph, else None."""
    m = _MID_TODO_RE.search(text)
    if m is None:
        return None
    return (clean_owner(m.group("who")) if m.group("who") else None), text[m.end() :].strip()


def accepts(body: str, kind: Kind, form: str) -> bool:
    """Whether unmarked text counts as a task in a section of `kind`, written as `form`."""
    if form == PROSE and len({w.lower() for w in words(body)}) < 2:
        return False  # "Test!", "Test, test, test.": emphasis between the sentences that ask for work
    if is_past_report(body) or (is_intro(body) and (form != ENTRY or len(sentences(body)) == 1)):
        return False
    if is_instruction(body) or is_reminder(body):
        return form == ENTRY and _later_sentence_asks(body, kind)
    if kind is Kind.FOLLOW_UP:
        imperative, modal = is_imperative(body) or is_suggestion(body), has_modal(body)
        if form == ENTRY:
            lessonish = is_lessonish_opener(body) and opener(body) not in _ENTRY_OPENERS_OK
            if opener(body) in _WH_OPENERS and not imperative:
                return False  # "How early we can ship may depend on ...": a statement, whatever its modal
            return imperative or modal or not lessonish or _later_sentence_asks(body, kind)
        if form == LINE:
            return imperative or modal or noun_phrase_task(body) or is_gerund_task(body)
        return imperative or modal or is_gerund_task(body)
    if kind is Kind.LESSONS:
        return is_imperative(body) and not is_prohibition(body) and not body.rstrip().endswith("?")
    return False


def _later_sentence_asks(body: str, kind: Kind) -> bool:
    """A list entry whose first sentence only explains but a later one asks for work ("Note that X. Keep Y")."""
    if kind is not Kind.FOLLOW_UP:
        return False
    rest = sentences(body)[1:]
    return any(is_imperative(s) and not is_past_report(s) for s in rest)


def _label(text: str, kind: Kind, explicit: bool) -> tuple[str | None, str]:
    if kind not in (Kind.FOLLOW_UP, Kind.LESSONS) and not explicit:
        return None, text
    return split_label(text)


def candidate(
    text: str, kind: Kind, form: str, *, check: str | None = None, category: str | None = None
) -> Candidate | None:
    """The item `text` holds where it stands, or None when it is not one."""
    if is_footnote(text) or is_placeholder(text):
        return None
    marked, todo_owner, text = strip_marker(text)
    hinted = marked or check is not None or may_be_annotated(text)
    if not hinted and kind is not Kind.FOLLOW_UP and kind is not Kind.LESSONS:
        return None  # outside follow-up sections only marked tasks count
    label, rest = _label(text, kind, marked or check is not None)
    if not hinted and kind is Kind.LESSONS and not is_imperative(rest):
        return None  # a lesson, unless it asks for work
    notes = read_notes(rest)
    body = notes.text
    if is_noise(body) or is_placeholder(body):
        return None
    explicit = marked or check is not None or notes.annotated
    if not explicit and not accepts(body, kind, form):
        return None
    if todo_owner and not notes.owner:
        notes.owner = todo_owner
    return Candidate(body, label or category, notes, check)


def prose_candidates(text: str, kind: Kind, category: str | None = None) -> list[Candidate]:
    """Items in a run of plain text: a `Label: task` line, each task sentence, or a marked task."""
    marked, _, _ = strip_marker(text)
    if marked:
        found = candidate(text, kind, ENTRY, category=category)
        return [found] if found else []
    label, _ = _label(text, kind, False)
    if label is not None:
        found = candidate(text, kind, LINE, category=category)
        return [found] if found else []
    parts = sentences(text) if kind in (Kind.FOLLOW_UP, Kind.LESSONS) else [text]
    form = LINE if len(parts) == 1 else PROSE
    out = [c for part in parts if (c := candidate(part, kind, form, category=category))]
    if not out and (todo := mid_todo(text)):
        found = candidate(f"TODO: {todo[1]}", kind, ENTRY, category=category)
        if found:
            found.notes.owner = found.notes.owner or todo[0]
            out.append(found)
    return out
