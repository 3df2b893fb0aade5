"""Whether a piece of text is an action item where it stands, and its cleaned parts if so.

Every decision is named: an accepted `Candidate` carries the rules that made it an item
(`reasons`: "marker:checkbox", "imperative:add", "modal", ...), a `Rejection` the rule that
refused it ("past-tense", "outside-follow-up", ...). `tracker.extract.confidence` weighs the reasons;
`tracker extract --explain` shows both."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.extract.annotations import Notes, clean_owner, is_team, may_be_annotated, read_notes
from tracker.extract.markers import status_of
from tracker.extract.memo import per_text
from tracker.extract.phrasing import (
    has_modal,
    is_filler,
    is_footnote,
    is_for_reader,
    is_gerund_task,
    is_imperative,
    is_instruction,
    is_intro,
    is_lessonish_opener,
    is_noise,
    is_participle_opener,
    is_past_report,
    is_placeholder,
    is_prohibition,
    is_reminder,
    is_sign_off,
    is_suggestion,
    is_tracking_note,
    noun_phrase_task,
    opener,
    opens_with_verb,
    sentences,
    split_label,
    words,
)
from tracker.extract.sections import Kind
from tracker.model import Status

ENTRY, LINE, PROSE = "entry", "line", "prose"

_MARKER_RE = re.compile(  # the owner in parentheses: "TODO(name):", "AI (Bob):", "Action (Chen):"; numbered "AI-4:"
    r"^(?:[*_]{1,2})?(?:(?P<todo>TODO|Todo|todo|FIXME)|(?P<act>[Aa]ction(?:\s+(?:[Ii]tem|[Pp]oint))?|AI)(?:\s?[-#]?\s?(?:[A-Z]{1,3}\d{0,3}-)?\d{1,3})?)"
    r"(?:\s?\((?P<who>[^)\n]{1,40})\))?(?:[*_]{1,2})?\s*:(?:[*_]{1,2})?\s*"
)
#: The first two letters of the markers `_MARKER_RE` reads (TODO / Todo / todo / FIXME / Action / action / AI).
_MARKER_STARTS = frozenset({"TO", "To", "to", "FI", "Ac", "ac", "AI"})
_MID_TODO_RE = re.compile(r"(?<=[\s(\[])(?:TODO|FIXME)(?:\((?P<who>[^)\n]{1,40})\))?\s*:\s*(?=\S)")
_WH_OPENERS = frozenset({"how", "what", "why", "whether", "which"})
_ENTRY_OPENERS_OK = frozenset({"a", "an", "the", "more", "better", "all", "if", "when", "each", "every", "some"})


@dataclass(slots=True)
class Candidate:
    text: str
    category: str | None
    notes: Notes
    check: str | None = None
    reasons: list[str] = field(default_factory=list)


@dataclass(slots=True)  # not frozen: one is made for most lines weighed, and a frozen one takes 3x as long
class Rejection:
    """Text that was weighed as an item and refused, with the rule that refused it."""

    text: str
    reason: str


@dataclass(slots=True)  # not frozen, as Rejection
class Verdict:
    ok: bool
    reasons: tuple[str, ...]  # accepted: the rules that made it an item; refused: the rule that refused it


def _yes(*reasons: str) -> Verdict:
    return Verdict(True, tuple(filter(None, reasons)))  # the reasons that are not ""


def _no(reason: str) -> Verdict:
    return Verdict(False, (reason,))


@per_text
def strip_marker(text: str) -> tuple[bool, str | None, str]:
    """(marked, owner from TODO(name), text without the TODO: / Action: / AI: marker)."""
    # the marker opens with up to two `*`/`_` and then TO(DO)/To(do)/to(do)/FI(XME)/Ac(tion)/ac(tion)/AI
    m = _MARKER_RE.match(text) if text.lstrip("*_")[:2] in _MARKER_STARTS else None
    if m is None or m.end() >= len(text):
        return False, None, text
    who = clean_owner(m.group("who")) if m.group("who") else None
    return True, who, text[m.end() :].strip()


def mid_todo(text: str) -> tuple[str | None, str] | None:
    """(owner, task) for a "TODO:" written inside a sentence or paragraph (or a bracket in it), else None."""
    if "TODO" not in text and "FIXME" not in text:
        return None  # the marker's words, spelt as the pattern wants them: no need to search
    m = _MID_TODO_RE.search(text)
    if m is None:
        return None
    task = text[m.end() :]
    closing = {"(": ")", "[": "]"}.get(text[m.start() - 1])
    if closing and closing in task:  # "(TODO: confirm with the vendor ...)": the note ends with its bracket
        task = task[: task.index(closing)]
    first = sentences(task)  # "TODO: move the archive. We had been meaning to ...": the task is one sentence
    return (clean_owner(m.group("who")) if m.group("who") else None), (first[0] if first else task.strip())


def accepts(body: str, kind: Kind, form: str) -> Verdict:
    """Whether unmarked text counts as a task in a section of `kind`, written as `form`, and why."""
    if is_sign_off(body):
        return _no("sign-off")
    if (form == PROSE and len({w.lower() for w in words(body)}) < 2) or " " not in body.strip():
        return _no("emphasis")  # "Test!", "Test, test, test.", a lone "Contact": no work named
    if is_past_report(body):
        return _no("past-tense")
    if is_intro(body) and (form != ENTRY or len(sentences(body)) == 1):
        return _no("intro")
    if is_instruction(body) or is_reminder(body):
        if form == ENTRY and _later_sentence_asks(body, kind):
            return _yes("later-sentence")
        return _no("instruction")
    if is_for_reader(body):
        return _no("reader")
    if is_tracking_note(body):
        return _no("tracking")
    if kind is Kind.FOLLOW_UP:
        return _follow_up_verdict(body, form)
    if kind is Kind.LESSONS:
        if is_imperative(body) and not is_prohibition(body) and not body.rstrip().endswith("?"):
            return _yes(f"imperative:{opener(body)}")
        return _no("lesson")
    return _no("outside-follow-up")


def _follow_up_verdict(body: str, form: str) -> Verdict:
    imperative = is_imperative(body) or opens_with_verb(body)
    first = opener(body)
    verb = f"imperative:{first}" if imperative else ("suggestion" if is_suggestion(body) else "")
    modal = "modal" if has_modal(body) else ""
    doubt = "participle-opener" if is_participle_opener(body) else ""
    if form == ENTRY:
        if first in _WH_OPENERS and not verb:
            return _no("statement")  # "How early we can ship may depend on ...", whatever its modal
        if verb or modal:
            return _yes(verb, modal, doubt)
        if _later_sentence_asks(body, Kind.FOLLOW_UP):
            return _yes("later-sentence")
        lessonish = is_lessonish_opener(body) and first not in _ENTRY_OPENERS_OK
        return _no("lesson-opener") if lessonish else _yes("entry", doubt)
    gerund = f"gerund:{first}" if is_gerund_task(body) else ""
    if form == LINE:
        noun = "noun-phrase" if not (verb or modal or gerund) and noun_phrase_task(body) else ""
        ok = verb or modal or noun or gerund
        return _yes(verb, modal, noun, gerund, doubt) if ok else _no("no-task-verb")
    ok = verb or modal or gerund
    return _yes("prose", verb, modal, gerund, doubt) if ok else _no("explains")


def _later_sentence_asks(body: str, kind: Kind) -> bool:
    """A list entry whose first sentence only explains but a later one asks for work ("Note that X. Keep Y")."""
    if kind is not Kind.FOLLOW_UP:
        return False
    rest = sentences(body)[1:]
    return any(is_imperative(s) and not is_past_report(s) for s in rest)


#: First words of a label that give the item's status, not its category: "Planned for Q3 2026:", "Ongoing:".
_STATUS_LABEL_WORDS = frozenset({"planned", "ongoing", "scheduled", "pending", "upcoming", "completed", "done"})


def _status_label(label: str) -> Status | None:
    status = status_of(label)
    if status is None and label.split()[0].lower() in _STATUS_LABEL_WORDS:
        status = status_of(label.split()[0]) or Status.OPEN  # "Scheduled for May:" is open work
    return status


def _label(text: str, kind: Kind, explicit: bool) -> tuple[str | None, str]:
    if kind not in (Kind.FOLLOW_UP, Kind.LESSONS) and not explicit:
        return None, text
    return split_label(text)


def candidate(
    text: str, kind: Kind, form: str, *, check: str | None = None, category: str | None = None
) -> Candidate | Rejection:
    """The item `text` holds where it stands, or the Rejection saying why it is not one."""
    if is_footnote(text):
        return Rejection(text, "footnote")
    if is_placeholder(text):
        return Rejection(text, "placeholder")
    marked, todo_owner, text = strip_marker(text)
    explicit = marked or check is not None
    # in a follow-up section any text may be a task: only elsewhere is a sign of one needed
    unhinted = kind is not Kind.FOLLOW_UP and not explicit and not may_be_annotated(text)
    if unhinted and kind is not Kind.LESSONS:
        return Rejection(text, "outside-follow-up")  # outside follow-up sections only marked tasks count
    label, rest = _label(text, kind, explicit)
    done_label = _status_label(label) if label else None
    if done_label is Status.DONE and not explicit and not is_imperative(rest):
        return Rejection(text, "past-tense")  # "Completed: reconciliation of the ...": finished work, told
    team_label = label if label and is_team(label) else None  # "Storage team: add quotas": who, not what
    label = None if done_label or team_label else label  # "Completed: migrate ...": a status, not a category
    if unhinted and not is_imperative(rest):  # in a lessons section
        return Rejection(text, "lesson")  # a lesson, unless it asks for work
    notes = read_notes(rest)
    body = notes.text
    if is_noise(body) or is_placeholder(body) or (len(body) <= 40 and is_filler(body)):
        return Rejection(text, "noise" if is_noise(body) else "placeholder")
    markers = _markers(marked, check, notes)
    if markers and not explicit and is_past_report(body):
        return Rejection(text, "past-tense")  # "Renewed the certificate (Owner: Ines)": whose finished work
    verdict = _yes(*markers) if markers else accepts(body, kind, form)
    if not verdict.ok:
        return Rejection(text, verdict.reasons[0])
    if todo_owner and not notes.owner:
        notes.owner = todo_owner
    notes.status = notes.status or done_label
    notes.owner = notes.owner or team_label
    return Candidate(body, label or category, notes, check, list(verdict.reasons))


def _markers(marked: bool, check: str | None, notes: Notes) -> list[str]:
    """The explicit signs of a task: a checkbox, a TODO:/Action: marker, an owner or due annotation."""
    found = ["marker:checkbox"] if check is not None else []
    found += ["marker:todo"] if marked else []
    if notes.annotated:
        found += ["annotation:owner"] if notes.owner else []
        found += ["annotation:due"] if notes.due_text else []
        found += [] if notes.owner or notes.due_text else ["annotation"]
    return found


def prose_candidates(text: str, kind: Kind, category: str | None = None) -> list[Candidate | Rejection]:
    """Items in a run of plain text: a `Label: task` line, each task sentence, or a marked task."""
    marked, _, _ = strip_marker(text)
    if marked:
        return [candidate(text, kind, ENTRY, category=category)]
    asks = kind is Kind.FOLLOW_UP or kind is Kind.LESSONS  # (elsewhere unmarked prose is refused anyway)
    if asks and is_instruction(text):  # "_List each action item with an owner. Delete this line._" as a whole
        return [Rejection(text, "instruction")]
    label, _ = _label(text, kind, False)
    if label is not None and kind is not Kind.LESSONS:
        return [candidate(text, kind, LINE, category=category)]  # "Monitoring: add an alert ...": one item
    parts = sentences(text) if kind in (Kind.FOLLOW_UP, Kind.LESSONS) else [text]
    if label is not None and len(parts) == 1:  # in a lessons section a colon in a paragraph labels no
        return [candidate(text, kind, LINE, category=category)]  # item: "The script existed at all: ..."
    form = LINE if len(parts) == 1 else PROSE
    out = [candidate(part, kind, form, category=category) for part in parts]
    if Candidate not in map(type, out) and (todo := mid_todo(text)):  # no part is an item
        found = candidate(f"TODO: {todo[1]}", kind, ENTRY, category=category)
        if isinstance(found, Candidate):
            found.notes.owner = found.notes.owner or todo[0]
            return [found]
    return out
