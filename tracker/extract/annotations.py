"""Owner, deadline, status, priority and ticket markers on an item, and the item text without them.

Recognised: `(Owner: X, Deadline: D)`, `(AI owner: X, target: D)`, `Owner: @alice`, `OWNER: x@ (DONE).`,
`Owner: X — task`, `Due: D`, `— alice, due D`, `@alice`, `@Priya Raman`, `[alice]`, `TODO(name):`,
`(DONE)`, `**DONE**`, `_done ..._`, `Status: In progress`, `[P1]`, `priority: high`, `Ticket: JIRA-12`,
Obsidian Tasks' `📅 2026-10-15` / `✅ 2026-09-25` / `⏫`, `~~struck through~~` (won't do),
and a subject promising the work ("DevEx will update ...", "The platform team will add ..."). Deadlines
written into the wording ("within two weeks", "by Friday", "by 2024-05-01", "before 20 Nov") set the
due date but stay in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.dates import (
    DATE_RE,
    RELATIVE_RE,
    WEEKDAY_RE,
    YEARLESS_RE,
    find_dates,
    find_relative,
    has_digit,
    may_be_relative,
)
from tracker.extract import morphology
from tracker.extract.markers import (
    done_note,
    done_tail,
    priority_of,
    priority_tags,
    starts_done,
    status_in,
    status_markers,
    status_of,
)
from tracker.extract.memo import per_text
from tracker.extract.owners import (
    clean_owner,
    is_lead_owner_task,
    subject_owner,
    take_dash_owner,
    take_handle,
    take_lead_owner,
)
from tracker.extract.tickets import is_ticket_line, take_ticket
from tracker.extract.vocab import NOT_OWNER_WORDS, wordset
from tracker.model import Status

__all__ = ["Notes", "clean_owner", "is_annotation_line", "is_team", "may_be_annotated", "read_extra", "read_notes"]

#: A bare "Target:" is a deadline only before a date ("Target: 2026-12-01"; not "Target: 99.9% uptime").
_TARGET_DATE = r"target(?=\s*:\s*(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4}|q[1-4]\b|end\s+of\b|within\b|next\b))"
_KEYS = (
    r"owners?|assignees?|assigned\s+to|responsible|(?:person|people)\s+in\s+charge|due\s+date|due|deadline|eta|"
    r"target\s+date|(?:planned\s+|target\s+)?completion\s+(?:schedule|date)|(?:planned|target)\s+completion|"
    r"priority|status|" + _TARGET_DATE
)
_KEY_RE = re.compile(rf"(?:^|(?<=[\s,;.(\[—–*_-]))(?P<key>{_KEYS})\s*:[*_]*\s*", re.I)
#: Inside one parenthesis also "AI owner:" and a bare "target:" ("(AI owner: Alice, target: 2026-12-01)").
_PAREN_KEY_RE = re.compile(rf"(?:^|(?<=[\s,;.(\[—–*_-]))(?P<key>ai\s+owners?|{_KEYS}|target)\s*:[*_]*\s*", re.I)
_ACTION_OWNER_RE = re.compile(r"^(?:action|task|item|ai)\s+owner[*_]*\s*:", re.I)
_OWNER_KEY_RE = re.compile(
    r"\b(?:owners?|assignees?|assigned\s+to|responsible|(?:person|people)\s+in\s+charge)\s*:", re.I
)
_PAREN_RE = re.compile(r"\s*\(((?:[^()]|\([^()]{0,200}\)){1,200})\)")
_BRACKET_RE = re.compile(r"\s*(?<!\])\[([^\[\]]{1,40})\](?![(\[:])")
_HANDLE_ONLY_RE = re.compile(r"@[A-Za-z0-9][\w.-]*(?:\s[A-Z][a-z]+)?")
_DUE_WORD_RE = re.compile(r"^(?:due|by|deadline|eta|target)\s*:?\s+((?:\S+\s*){1,5})$", re.I)
_SUFFIX_HANDLE_RE = re.compile(r"^[a-z][\w.-]*@$")
_BY_DATE_RE = re.compile(r"\b(?:by|before|due(?:\s+(?:by|on))?|no\s+later\s+than)\s+(?:the\s+)?(?=\S)", re.I)
_STATUS_PAREN_RE = re.compile(r"\s*\(([^()]{1,24})\)\s*\.?$")
_AI_PREFIX_RE = re.compile(r"^ai\s+")
_OWNER_DUE_RE = re.compile(r"\s*(?:[,;]|\s[—–]|\s--?)\s*(?:due|by)\s*:?\s+(.+)$", re.I)
_TARGET_RE = re.compile(r"\btarget\s*:?\s+([^,;]*)", re.I)
_PART_SPLIT_RE = re.compile(r"\s*[,;]\s*")
_FULL_NAME_RE = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+")
#: A person's name in an annotation ("Marta", "Priya Raman"), and what separates it from a date there.
_NAME_RE = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?")
_ACRONYM_RE = re.compile(r"[A-Z]{2,6}")
_NOT_NAME_ACRONYMS = frozenset({"TBD", "TBA", "ASAP", "EOD", "EOW", "EOM", "EOQ", "EOY", "WIP", "DONE", "TODO", "NA"})
_NAME_DATE_SPLIT_RE = re.compile(r"\s*(?:[,;]|\s[-–—]\s)\s*")
#: "Infra team", "the SRE team": a team named in an annotation. "assigned to Infra", "owned by @bob".
_TEAM_RE = re.compile(r"(?:the\s+)?[A-Za-z][\w&-]*(?:\s+[A-Za-z][\w&-]*)?\s+team", re.I)
_ASSIGNED_RE = re.compile(r"^(?:assigned\s+to|owned\s+by)\s+(@?[A-Za-z][\w.&-]*(?:\s+[A-Z][\w&-]*){0,2})$", re.I)
#: A trailing ", owned by Infra" / "- assigned to @bob".
_OWNED_BY_TAIL_RE = re.compile(
    r"\s*[,;—–-]\s*(?:owned\s+by|assigned\s+to)\s+(@?[A-Za-z][\w.&-]*(?:\s+[A-Z][\w&-]*){0,2}(?:\s+team)?)\.?$",
    re.I,
)
#: "[owner: infra]", "[due: 2026-12-01]": a bracketed annotation.
_BRACKET_KEY_RE = re.compile(rf"\s*\[((?:{_KEYS})\s*:[^\[\]]{{1,60}})\]", re.I)
_OWNER_WORD_RE = re.compile(r"@?[A-Za-z][\w.-]*")
#: The Obsidian Tasks signifiers: 📅 due, ✅ done and ❌ cancelled on a date, ⏳ scheduled, 🛫 start and
#: ➕ created dates, 🔁 a recurrence rule, and the priorities 🔺 ⏫ 🔼 🔽 ⏬.
_TASK_DATE_RE = re.compile(r"\s*([📅✅❌⏳🛫➕])\ufe0f?\s*(\d{4}-\d{2}-\d{2})")
_TASK_PRIORITY_RE = re.compile(r"\s*([🔺⏫🔼🔽⏬])\ufe0f?")
_TASK_RECURRENCE_RE = re.compile(r"\s*🔁\ufe0f?\s*every\b[^📅✅❌⏳🛫➕🔺⏫🔼🔽⏬]*", re.I)
_TASK_PRIORITIES = {"🔺": "critical", "⏫": "high", "🔼": "medium", "🔽": "low", "⏬": "low"}
#: Work struck through, and what follows it ("~~Move docs to a CDN~~ (decided against)").
_STRUCK_RE = re.compile(r"^~~(?=\S)(.+?)~~(.*)$")
_TASK_SIGNS = frozenset("📅✅❌⏳🛫➕🔁🔺⏫🔼🔽⏬")


@dataclass(slots=True)
class Notes:
    text: str
    owner: str | None = None
    due_text: str | None = None
    status: Status | None = None  # as marked ("Done", "WIP", "Won't do", "Blocked" is open); None unmarked
    priority: str | None = None  # "critical" / "high" / "medium" / "low"
    annotated: bool = False  # an Owner / Due / Deadline annotation marks it as a task
    ticket: str | None = None  # where the work is tracked already ("JIRA-12", "b/289114", a URL)


def _take_pairs(notes: Notes, chunk: str, keys_re: re.Pattern[str] = _KEY_RE) -> None:
    keys = list(keys_re.finditer(chunk))
    for k, m in enumerate(keys):
        end = keys[k + 1].start() if k + 1 < len(keys) else len(chunk)
        value = chunk[m.end() : end].strip().rstrip(",;").strip()
        key = m.group("key").lower()
        key = _AI_PREFIX_RE.sub("", key) if key.startswith("ai") else key
        notes.annotated = notes.annotated or (key not in ("priority", "status") and bool(value))
        _assign(notes, key, value)


def _assign(notes: Notes, key: str, value: str) -> None:
    m = _STATUS_PAREN_RE.search(value) if "(" in value else None
    if m and status_of(m.group(1)) is not None:
        notes.status = status_of(m.group(1))
        value = value[: m.start()]
    if key.startswith(("owner", "assign", "responsible", "person", "people")):
        separated = "," in value or ";" in value or "-" in value or "—" in value or "–" in value
        due = _OWNER_DUE_RE.search(value) if separated else None
        if due:
            notes.due_text = notes.due_text or due.group(1).strip().rstrip(".")
            value = value[: due.start()]
        notes.owner = notes.owner or clean_owner(value)
    elif key == "priority":
        notes.priority = notes.priority or priority_of(value)
    elif key == "status":
        notes.status = status_in(value) or notes.status
    elif value.strip(" .") and notes.due_text is None:
        notes.due_text = value.strip().rstrip(".")


def _paren_part(notes: Notes, part: str, whole_date_ok: bool) -> bool:
    """Take one comma-separated piece of a parenthesised annotation; False when it is wording."""
    part = part.strip()
    status, priority = status_of(part), priority_of(part)
    if status is not None:
        notes.status = status
    elif priority:
        notes.priority = notes.priority or priority
    elif _HANDLE_ONLY_RE.fullmatch(part) or _SUFFIX_HANDLE_RE.match(part) or _TEAM_RE.fullmatch(part):
        notes.owner = notes.owner or clean_owner(part)
    elif m := _ASSIGNED_RE.match(part):
        notes.owner = notes.owner or clean_owner(m.group(1))
    elif (may_be_relative(part) and RELATIVE_RE.fullmatch(part)) or (whole_date_ok and _is_date(part)):
        notes.due_text = notes.due_text or part
    elif (m := _DUE_WORD_RE.match(part)) and _dated_targets(part):
        notes.due_text = notes.due_text or m.group(1)
    else:
        return False
    return True


def _name_and_date(notes: Notes, inner: str) -> bool:
    """ "(Marta - Dec 5)", "(Jonas, next Friday)": a name and a deadline or status closing an item, taken
    (True) only when one part is a capitalised name and each other part a date, status or priority."""
    parts = [p for p in _NAME_DATE_SPLIT_RE.split(inner.strip()) if p]
    names = [p for p in parts if _is_name(p)]
    others = [p for p in parts if p not in names]
    if len(names) != 1 or not others or not all(_paren_part(Notes(""), p, True) or _loose_due(p) for p in others):
        return False
    for part in others:
        if not _paren_part(notes, part, True):
            notes.due_text = notes.due_text or part  # "(Jonas - next Friday)", "(SRE, within two weeks of ...)"
    notes.owner = notes.owner or names[0]
    notes.annotated = True
    return True


def _is_name(part: str) -> bool:
    """A person's or team's name in an annotation: "Marta", "Priya Raman", "SRE"."""
    if _ACRONYM_RE.fullmatch(part):
        return part.lower() not in NOT_OWNER_WORDS and part not in _NOT_NAME_ACRONYMS
    return _NAME_RE.fullmatch(part) is not None and part.lower() not in NOT_OWNER_WORDS


def _loose_due(part: str) -> bool:
    """A deadline as a name's neighbour gives one: a weekday ("next Friday"), or a relative deadline
    with a few words after it ("within two weeks of this review")."""
    if WEEKDAY_RE.fullmatch(part):
        return True
    m = RELATIVE_RE.match(part) if may_be_relative(part) else None
    return m is not None and len(part[m.end() :].split()) <= 5


def _is_date(text: str) -> bool:
    return has_digit(text) and bool(DATE_RE.fullmatch(text) or YEARLESS_RE.fullmatch(text))


def _names_a_date(value: str) -> bool:
    dated = has_digit(value) and bool(DATE_RE.search(value) or YEARLESS_RE.search(value))
    return dated or find_relative(value) is not None


def _dated_targets(inner: str) -> bool:
    """Whether every bare "target" in a parenthesis gives a date ("(target: 99.9%)" is wording)."""
    return all(_names_a_date(m.group(1)) for m in _TARGET_RE.finditer(inner))


def _parens(notes: Notes, text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        inner = m.group(1).strip()
        if _KEY_RE.match(inner):
            _take_pairs(notes, inner)
            return ""
        if _PAREN_KEY_RE.match(inner) and (_OWNER_KEY_RE.search(inner) or _dated_targets(inner)):
            _take_pairs(notes, inner, _PAREN_KEY_RE)
            return ""
        at_end = m.end() == len(tail)
        if _paren_part(Notes(""), inner, at_end):
            _paren_part(notes, inner, at_end)
            return ""
        parts = [p for p in _PART_SPLIT_RE.split(inner) if p]
        if len(parts) > 1 and all(_paren_part(Notes(""), p, True) for p in parts):
            for part in parts:
                _paren_part(notes, part, True)
            return ""
        if at_end and _name_and_date(notes, inner):
            return ""
        if at_end and _FULL_NAME_RE.fullmatch(inner) and not morphology.is_english_word(inner.split()[0]):
            notes.owner, notes.annotated = notes.owner or inner, True  # "(Helen Marsh)": a person's full name
            return ""
        return m.group(0)

    # a match is spaces and a "(": none starts before the spaces in front of the first "(" (the
    # pattern looks neither behind nor at the start, so it reads the tail as it reads the whole text)
    start = _spaces_before(text, text.find("("))
    head, tail = text[:start], text[start:]
    return head + _PAREN_RE.sub(repl, tail)


def _spaces_before(text: str, index: int) -> int:
    """Where the whitespace that ends right before `index` begins (0 for an index below 0)."""
    while index > 0 and text[index - 1].isspace():
        index -= 1
    return max(index, 0)


def _brackets(notes: Notes, text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        inner = m.group(1).strip()
        at_edge = m.start() == 0 or m.end() == len(text)
        if status_of(inner) is not None:
            notes.status = status_of(inner)
        elif priority_of(inner):
            notes.priority = notes.priority or priority_of(inner)
        elif at_edge and _owner_word(inner):
            notes.owner = notes.owner or clean_owner(inner)
        elif not (at_edge and _bracket_parts(notes, inner)):
            return m.group(0)
        return ""

    return _BRACKET_RE.sub(repl, text)


def _bracket_parts(notes: Notes, inner: str) -> bool:
    """ "[Alice, 2026-12-01]", "[@bob, P1, in progress]": each comma-separated part an owner, a date,
    a status or a priority; taken (True) only when every part is one of them."""
    parts = [p for p in _PART_SPLIT_RE.split(inner) if p]
    if len(parts) < 2 or not all(_owner_word(p) or _paren_part(Notes(""), p, True) for p in parts):
        return False
    for part in parts:
        if not _paren_part(notes, part, True):
            notes.owner = notes.owner or clean_owner(part)
    notes.annotated = True
    return True


def _owner_word(inner: str) -> bool:
    low = inner.lower().lstrip("@")
    if any(ch.isdigit() for ch in inner) or low in NOT_OWNER_WORDS or " " in low.strip():
        return inner.startswith("@") or bool(_FULL_NAME_RE.fullmatch(inner))
    return bool(_OWNER_WORD_RE.fullmatch(inner))


def is_team(text: str) -> bool:
    """ "Storage team", "the SRE team": a team's name."""
    return _TEAM_RE.fullmatch(text) is not None


def _bracket_keys(notes: Notes, text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        _take_pairs(notes, m.group(1))
        return ""

    return _BRACKET_KEY_RE.sub(repl, text)


def _owned_by_tail(notes: Notes, text: str) -> str:
    m = _OWNED_BY_TAIL_RE.search(text)
    if m is None or notes.owner:
        return text
    notes.owner, notes.annotated = clean_owner(m.group(1)), True
    return text[: m.start()]


def _key_tail(notes: Notes, text: str) -> str:
    m = _KEY_RE.search(text) if ":" in text else None  # every key ends in a colon
    if m is None or m.start() == 0:
        return text
    head = text[: m.start()].strip(" *_")
    if " " not in head and m.group("key")[:1] in "oO":
        return text  # "Document owner: Priyanka", "Service owner: ...": one label, not a task and its owner
    _take_pairs(notes, text[m.start() :])
    return text[: m.start()].rstrip().rstrip("*_")


def _dash_owner(notes: Notes, text: str) -> str:
    if notes.owner:
        return text
    text, notes.owner, due = take_dash_owner(text)
    if due:
        notes.due_text = notes.due_text or due
        notes.annotated = True
    return text


def _handles(notes: Notes, text: str) -> str:
    text, handle = take_handle(text)
    notes.owner = notes.owner or handle
    return text


def _lead_owner(notes: Notes, text: str) -> str:
    task, owner = take_lead_owner(text)
    if owner is not None:
        notes.owner, notes.annotated = owner, True
    return task


def _ticket(notes: Notes, text: str) -> str:
    text, ticket = take_ticket(text)
    notes.ticket = notes.ticket or ticket
    return text


def _wording_deadline(notes: Notes, text: str) -> None:
    if notes.due_text is not None:
        return
    rel = find_relative(text)
    if rel:
        notes.due_text = rel.group(0)
        return
    if not has_digit(text):
        return  # a date after "by" / "before" / "due" needs a digit
    for m in _BY_DATE_RE.finditer(text):
        d = DATE_RE.match(text, m.end()) or YEARLESS_RE.match(text, m.end())
        if d:
            notes.due_text = d.group(0)
            return


#: Lower-case pieces of the annotation keys: text holding none of them carries no annotation.
_HINT_KEYS = ("owner", "assign", "responsible", "due", "deadline", "eta", "target", "charge", "completion")
_HINT_RE = re.compile(
    r"\b(?:owners?|assignees?|assigned|responsible|due|deadline|eta|target|charge|completion)\b", re.I
)


@per_text
def may_be_annotated(text: str) -> bool:
    """A cheap test: could `text` carry an Owner / Due / Deadline annotation?"""
    low = text.lower()
    for key in _HINT_KEYS:  # plain substring tests: far faster than any pattern over long prose
        if key in low:
            return _HINT_RE.search(text, _first_piece(text, low)) is not None
    return False


def _first_piece(text: str, low: str) -> int:
    """Where `_HINT_RE` may first match: a key starts where one of `_HINT_KEYS` does, and in ASCII text
    lower case keeps every position (other text is searched from its start)."""
    if not text.isascii():
        return 0
    return min(at for key in _HINT_KEYS if (at := low.find(key)) >= 0)


def is_annotation_line(text: str) -> bool:
    """A line that only annotates ("Owner: Alice", "**Due:** 2025-01-10", "Ticket: JIRA-12"), not one
    that carries its own task ("Owner: Dan - document the failover")."""
    if is_ticket_line(text):
        return True
    stripped = text.lstrip("*_ ")
    if stripped[:1] in "aAtTiI" and _ACTION_OWNER_RE.match(stripped):
        return True  # "Action owner: IAM Manager", "Task owner: ..."
    return _KEY_RE.match(stripped) is not None and not is_lead_owner_task(text)


def read_extra(text: str) -> Notes:
    """Markers in a paragraph that follows an item ("Due: 2025-01-10", "Done in #123.", "Ticket: OPS-9")."""
    notes = Notes(text)
    if is_ticket_line(text):
        _ticket(notes, text)
    elif is_annotation_line(text):
        _take_pairs(notes, text.lstrip("*_ "))
    elif starts_done(text):
        notes.status = Status.DONE
    return notes


def _task_signifiers(notes: Notes, text: str) -> str:
    """The text without Obsidian Tasks signifiers ("Upgrade the firmware 📅 2026-10-15 ⏫"): the due
    date, the done or cancelled date's status and the priority go to the notes, the rest is dropped."""
    for m in _TASK_DATE_RE.finditer(text):
        sign = m.group(1)
        if sign == "📅":
            notes.due_text, notes.annotated = m.group(2), True
        elif sign in "✅❌":
            notes.status = Status.DONE if sign == "✅" else Status.WONT_DO
    for m in _TASK_PRIORITY_RE.finditer(text):
        notes.priority = notes.priority or _TASK_PRIORITIES[m.group(1)]
    text = _TASK_DATE_RE.sub("", text)
    text = _TASK_PRIORITY_RE.sub("", text)
    return _TASK_RECURRENCE_RE.sub("", text) if "🔁" in text else text


def read_notes(text: str) -> Notes:
    """Split the markers off an item's text."""
    notes = Notes(text)
    if ":" in text:
        text = _ticket(notes, _lead_owner(notes, text))
    if not text.isascii() and not _TASK_SIGNS.isdisjoint(text):
        text = _task_signifiers(notes, text)
    if text.startswith("~~") and (struck := _STRUCK_RE.match(text)):  # "~~Move docs to a CDN~~": dropped
        text, notes.status = struck.group(1) + struck.group(2), Status.WONT_DO
    if "*" in text or "_" in text or not text.isascii():
        text, status = status_markers(text)
        notes.status = status or notes.status
    if "[" in text or "(" in text or text[:1] in "Pp":
        text, notes.priority = priority_tags(text)
    if "(" in text:
        text, noted = done_note(text)
        notes.status = Status.DONE if noted else notes.status
        text = _parens(notes, text)
    if "[" in text and ":" in text:
        text = _bracket_keys(notes, text)
    if ":" in text and (may_be_annotated(text) or "tatus" in text):  # every key ends in a colon
        text = _key_tail(notes, text)
    if "owned by" in text or "assigned to" in text:
        text = _owned_by_tail(notes, text)
    if "[" in text:
        text = _brackets(notes, text)
    text, finished = done_tail(text)  # before a dash owner: "Backup alerting — fixed" names no one
    notes.status = Status.DONE if finished else notes.status
    if "—" in text or "–" in text or "--" in text:
        text = _dash_owner(notes, text)
    if "@" in text:
        text = _handles(notes, text)
    text = " ".join(text.split()).strip(" ,;-–—")
    if text.endswith(("->", "=>", "→")):  # "Rotate the keys -> @infra" without its handle
        text = text.rstrip("-=>→ ")
    notes.owner = notes.owner or subject_owner(text)
    if notes.due_text is None and (text[-1:].isdigit() or text.rstrip(" .")[-1:].isdigit()):  # a full date ends so
        text = _closing_date(notes, text)
    _wording_deadline(notes, text)
    notes.text = text
    return notes


#: Words before a date that make it part of the wording ("Freeze deploys until 2026-11-20") or, for
#: "by" / "before" / "due", a deadline the wording keeps ("... by 2026-12-01").
_DATE_WORDING = wordset("until till since from after before on of in at to between by due than through thru and or")


#: More characters than the longest date DATE_RE reads ("September 30th, 2026").
_DATE_SPAN = 40


def _closing_date(notes: Notes, text: str) -> str:
    """A full date standing alone at the end of the item ("... add each one to cert-manager 4 Sep
    2026", as Confluence renders its date picker) is the due date, and leaves the text."""
    offset = max(0, len(text) - _DATE_SPAN)  # a date is shorter than that: only the end is read
    offset = text.find(" ", offset) if offset else 0  # from a word's start
    last = None
    for found in find_dates(text[offset:]) if offset >= 0 else ():
        last = found
    if last is None or text[offset + last.end :].strip(" .") or offset + last.start == 0:
        return text
    start, end = offset + last.start, offset + last.end
    head = text[:start].rstrip()
    before = head.rsplit(None, 1)[-1].lower().strip("(,;:") if head else ""
    if not before or before in _DATE_WORDING or not head[-1:].isalnum() or morphology.is_past_form(before):
        return text  # "... until 2026-11-20", "The outage started 2026-01-01": the date is wording
    notes.due_text, notes.annotated = text[start:end], True
    return head
