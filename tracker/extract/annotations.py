"""Owner, deadline, status and priority markers on an item, and the item text without them.

Recognised: `(Owner: X, Deadline: D)`, `Owner: @alice`, `OWNER: x@ (DONE).`, `Due: D`, `— alice, due D`,
`@alice`, `[alice]`, `TODO(name):`, `(DONE)`, `**DONE**`, `_done ..._`, `[P1]`, `priority: high`,
and a subject promising the work ("DevEx will update ...", "Alice to rotate ..."). Deadlines written
into the wording ("within two weeks", "by Friday", "by 2024-05-01") set the due date but stay in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.dates import DATE_RE, RELATIVE_RE
from tracker.extract.markers import (
    done_note,
    done_tail,
    priority_of,
    priority_tags,
    starts_done,
    status_markers,
    status_of,
)
from tracker.extract.vocab import IMPERATIVE_VERBS, NOT_OWNER_SUBJECTS, NOT_OWNER_WORDS

_KEYS = (
    r"owners?|assignees?|assigned\s+to|responsible|due\s+date|due|deadline|eta|target\s+date|priority|status"
)
_KEY_RE = re.compile(rf"(?:^|(?<=[\s,;.(\[—–*_-]))(?P<key>{_KEYS})\s*:[*_]*\s*", re.I)
_PAREN_RE = re.compile(r"\s*\(((?:[^()]|\([^()]{0,200}\)){1,200})\)")
_BRACKET_RE = re.compile(r"\s*(?<!\])\[([^\[\]]{1,40})\](?![(\[:])")
_HANDLE_RE = re.compile(r"(?<![\w@/.`])@([A-Za-z0-9](?:[\w.-]*[A-Za-z0-9_])?)")
_HANDLE_ONLY_RE = re.compile(r"@[A-Za-z0-9][\w.-]*")
_DUE_WORD_RE = re.compile(r"^(?:due|by|deadline|eta|target)\s*:?\s+((?:\S+\s*){1,5})$", re.I)
_SUFFIX_HANDLE_RE = re.compile(r"^[a-z][\w.-]*@$")
_DASH_OWNER_RE = re.compile(
    r"\s+(?:[—–]|--)\s+(?!https?:)(?P<who>@[\w.-]+|[a-z][\w.-]*@?|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})"
    r"(?:\s*,\s*(?:due|by)\s+(?P<due>[^,;]+?))?\s*\.?\s*$"
)
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SUBJECT_RE = re.compile(
    r"^(?:[Tt]he\s+)?(?P<who>@[\w.-]+|[a-z][\w.-]*@|[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,2}(?:\s+team)?)\s+"
    r"(?P<how>will|to|is\s+going\s+to|plans\s+to)\s+(?P<verb>[a-z-]+)"
)
_BY_DATE_RE = re.compile(r"\b(?:by|due(?:\s+(?:by|on))?|no\s+later\s+than)\s+(?=\S)", re.I)
_EMPTY_OWNER = {"", "n/a", "na", "none", "tbd", "tba", "-", "—", "?", "unassigned", "nobody", "unknown", "x"}


@dataclass(slots=True)
class Notes:
    text: str
    owner: str | None = None
    due_text: str | None = None
    done: bool | None = None  # True done, False explicitly open, None unmarked
    priority: str | None = None  # "critical" / "high" / "medium" / "low"
    annotated: bool = False  # an Owner / Due / Deadline annotation marks it as a task


def clean_owner(value: str) -> str | None:
    """An owner as written: link text for a link, no leading "@", no emphasis or trailing punctuation."""
    value = _LINK_RE.sub(r"\1", value).strip().strip("*_`").strip()
    value = value.rstrip(".,;:|/—–-").strip()  # "Owner: Priya - Due: ..." keeps only the name
    if value.startswith("@"):
        value = value[1:]
    if value.lower() in _EMPTY_OWNER or len(value) > 60 or len(value.split()) > 6:
        return None
    return value


def _take_pairs(notes: Notes, chunk: str) -> None:
    keys = list(_KEY_RE.finditer(chunk))
    for k, m in enumerate(keys):
        end = keys[k + 1].start() if k + 1 < len(keys) else len(chunk)
        value = chunk[m.end() : end].strip().rstrip(",;").strip()
        key = m.group("key").lower()
        notes.annotated = notes.annotated or (key not in ("priority", "status") and bool(value))
        _assign(notes, key, value)


def _assign(notes: Notes, key: str, value: str) -> None:
    m = re.search(r"\s*\((done|completed?|todo|wip|in progress)\)\s*\.?$", value, re.I)
    if m:
        notes.done = status_of(m.group(1))
        value = value[: m.start()]
    if key.startswith(("owner", "assign", "responsible")):
        due = re.search(r"\s*[,;]\s*(?:due|by)\s+(.+)$", value, re.I)
        if due:
            notes.due_text = notes.due_text or due.group(1).strip().rstrip(".")
            value = value[: due.start()]
        notes.owner = notes.owner or clean_owner(value)
    elif key == "priority":
        notes.priority = notes.priority or priority_of(value)
    elif key == "status":
        notes.done = status_of(value) if status_of(value) is not None else notes.done
    elif value.strip(" .") and notes.due_text is None:
        notes.due_text = value.strip().rstrip(".")


def _paren_part(notes: Notes, part: str, whole_date_ok: bool) -> bool:
    """Take one comma-separated piece of a parenthesised annotation; False when it is wording."""
    part = part.strip()
    status, priority = status_of(part), priority_of(part)
    if status is not None:
        notes.done = status
    elif priority:
        notes.priority = notes.priority or priority
    elif _HANDLE_ONLY_RE.fullmatch(part) or _SUFFIX_HANDLE_RE.match(part):
        notes.owner = notes.owner or clean_owner(part)
    elif RELATIVE_RE.fullmatch(part) or (whole_date_ok and DATE_RE.fullmatch(part)):
        notes.due_text = notes.due_text or part
    elif m := _DUE_WORD_RE.match(part):
        notes.due_text = notes.due_text or m.group(1)
    else:
        return False
    return True


def _parens(notes: Notes, text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        inner = m.group(1).strip()
        if _KEY_RE.match(inner):
            _take_pairs(notes, inner)
            return ""
        at_end = m.end() == len(text)
        if _paren_part(Notes(""), inner, at_end):
            _paren_part(notes, inner, at_end)
            return ""
        parts = [p for p in re.split(r"\s*[,;]\s*", inner) if p]
        if len(parts) > 1 and all(_paren_part(Notes(""), p, True) for p in parts):
            for part in parts:
                _paren_part(notes, part, True)
            return ""
        return m.group(0)

    return _PAREN_RE.sub(repl, text)


def _brackets(notes: Notes, text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        inner = m.group(1).strip()
        at_edge = m.start() == 0 or m.end() == len(text)
        if status_of(inner) is not None:
            notes.done = status_of(inner)
        elif priority_of(inner):
            notes.priority = notes.priority or priority_of(inner)
        elif at_edge and _owner_word(inner):
            notes.owner = notes.owner or clean_owner(inner)
        else:
            return m.group(0)
        return ""

    return _BRACKET_RE.sub(repl, text)


def _owner_word(inner: str) -> bool:
    low = inner.lower().lstrip("@")
    if any(ch.isdigit() for ch in inner) or low in NOT_OWNER_WORDS or " " in low.strip():
        return inner.startswith("@") or bool(re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", inner))
    return bool(re.fullmatch(r"@?[A-Za-z][\w.-]*", inner))


def _key_tail(notes: Notes, text: str) -> str:
    m = _KEY_RE.search(text)
    if m is None or m.start() == 0:
        return text
    _take_pairs(notes, text[m.start() :])
    return text[: m.start()].rstrip().rstrip("*_")


def _dash_owner(notes: Notes, text: str) -> str:
    m = _DASH_OWNER_RE.search(text)
    if m is None or notes.owner:
        return text
    who = m.group("who")
    if who.lower() in NOT_OWNER_SUBJECTS or who.split()[0].lower() in IMPERATIVE_VERBS:
        return text
    notes.owner = clean_owner(who)
    if m.group("due"):
        notes.due_text = notes.due_text or m.group("due").strip()
        notes.annotated = True
    return text[: m.start()]


def _handles(notes: Notes, text: str) -> str:
    m = _HANDLE_RE.search(text)
    if m is None:
        return text
    notes.owner = notes.owner or m.group(1)
    edge = re.compile(
        rf"^\s*@{re.escape(m.group(1))}\s*[:,-]?\s+|\s*(?:cc\s+)?@{re.escape(m.group(1))}\s*\.?\s*$"
    )
    return edge.sub("", text, count=1)


def _subject_owner(notes: Notes, text: str) -> None:
    m = _SUBJECT_RE.match(text)
    if m is None or notes.owner:
        return
    who, how, verb = m.group("who"), m.group("how"), m.group("verb")
    if who.lower() in NOT_OWNER_SUBJECTS or who.split()[0].lower() in NOT_OWNER_SUBJECTS:
        return
    if how == "to" and verb not in IMPERATIVE_VERBS:
        return
    if who.split()[0].lower() in IMPERATIVE_VERBS or _looks_like_software(who):
        return
    notes.owner = clean_owner(who)


def _looks_like_software(who: str) -> bool:
    """ "KubeSpawner", "BinderHub", "nginx.conf": components, which are not owners ("DevEx" may be a team)."""
    if who.lower().endswith("team") or who.endswith("@") or who.startswith("@"):
        return False
    word = who.split()[0]
    return "." in word or (len(word) > 6 and any(ch.isupper() for ch in word[1:]))


def _wording_deadline(notes: Notes, text: str) -> None:
    if notes.due_text is not None:
        return
    rel = RELATIVE_RE.search(text)
    if rel:
        notes.due_text = rel.group(0)
        return
    for m in _BY_DATE_RE.finditer(text):
        d = DATE_RE.match(text, m.end())
        if d:
            notes.due_text = d.group(0)
            return


_HINT_KEYS_RE = re.compile("owner|assign|responsible|due|deadline|eta|target")
_HINT_RE = re.compile(r"\b(?:owners?|assignees?|assigned|responsible|due|deadline|eta|target)\b", re.I)


def may_be_annotated(text: str) -> bool:
    """A cheap test: could `text` carry an Owner / Due / Deadline annotation?"""
    return _HINT_KEYS_RE.search(text.lower()) is not None and _HINT_RE.search(text) is not None


def is_annotation_line(text: str) -> bool:
    """A line that only annotates ("Owner: Alice", "**Due:** 2025-01-10")."""
    return _KEY_RE.match(text.lstrip("*_ ")) is not None


def read_extra(text: str) -> Notes:
    """Markers in a paragraph that follows an item ("Due: 2025-01-10", "Done in #123.")."""
    notes = Notes(text)
    if is_annotation_line(text):
        _take_pairs(notes, text.lstrip("*_ "))
    elif starts_done(text):
        notes.done = True
    return notes


def read_notes(text: str) -> Notes:
    """Split the markers off an item's text."""
    notes = Notes(text)
    if "*" in text or "_" in text or not text.isascii():
        text, notes.done = status_markers(text)
    if "[" in text or "(" in text or text[:1] in "Pp":
        text, notes.priority = priority_tags(text)
    if "(" in text:
        text, noted = done_note(text)
        notes.done = True if noted else notes.done
        text = _parens(notes, text)
    if may_be_annotated(text) or "tatus" in text:
        text = _key_tail(notes, text)
    if "[" in text:
        text = _brackets(notes, text)
    if "—" in text or "–" in text or "--" in text:
        text = _dash_owner(notes, text)
    if "@" in text:
        text = _handles(notes, text)
    text, finished = done_tail(text)
    notes.done = True if finished else notes.done
    text = " ".join(text.split()).strip(" ,;-–—")
    _subject_owner(notes, text)
    _wording_deadline(notes, text)
    notes.text = text
    return notes
