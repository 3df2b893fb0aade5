"""Who an item names as its owner: `@alice` / `@Priya Raman` mentions, `— alice, due D` tails,
`Owner: X — task` lines, and a team or person that is the subject promising the work
("The platform team will add ...", "Alice to rotate ...", "Storage Engineering is improving ...").
Pure functions over the item's text."""

from __future__ import annotations

import re

from tracker.extract import morphology
from tracker.extract.memo import recurring
from tracker.extract.vocab import IMPERATIVE_VERBS, NON_TASK_OPENERS, NOT_OWNER_SUBJECTS, wordset

_EMPTY_OWNER = {"", "n/a", "na", "none", "tbd", "tba", "-", "—", "?", "unassigned", "nobody", "unknown", "x"}
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_NAME_RE = re.compile(r"[A-Z][a-z]+(?:['’-][A-Za-z]+)*")
_MENTION_RE = re.compile(
    r"(?<![\w@/.`])@(?P<handle>[A-Za-z0-9](?:[\w.-]*[A-Za-z0-9_])?(?:/[A-Za-z0-9][\w.-]*[A-Za-z0-9_])?)"
    r"(?:\s(?P<last>[A-Z][a-z]+(?:['’-][A-Za-z]+)*)(?![\w'’-]))?"
)
#: Capitalised words after "@Priya" that start the wording, not a surname ("@Priya Please add ...").
_WORDING_STARTS = frozenset(
    {"please", "pls", "plz", "kindly", "cc", "can", "could", "would", "should", "will", "must", "may"}
    | {"might", "shall", "let", "let's", "lets"}
)
#: Words right before a mention that credit its person: "thanks @x", "h/t @x", "via @x", "reported by @x".
_CREDIT_RE = re.compile(
    r"(?:\bthanks(?:\s+to)?|\bthank\s+you|\bh/t|\bhat\s+tip(?:\s+to)?|\bvia|\bby|\bkudos(?:\s+to)?)\s*,?\s*$", re.I
)
#: Verbs an infinitive follows ("Refuse to promote ...", "Try to reproduce ..."): an imperative before
#: "to", not a person's name ("Carol to rotate the keys", though "carol" is a verb too).
_TO_VERBS = wordset(
    """refuse continue try aim plan agree remember need decide begin start stop fail attempt choose prefer learn
    want wish intend forget tend seek strive endeavour endeavor prepare expect promise"""
)
_DISCOURSE_RE = re.compile(r"^(?:first|second|third|also|next|then|finally|lastly|additionally|separately),\s+", re.I)
_PROMISE_RE = re.compile(r"\s+(?:will|to|is\s+going\s+to|plans\s+to)\b")
_DASH_OWNER_RE = re.compile(
    r"\s+(?:[—–]|--)\s+(?!https?:)(?P<who>@[\w.-]+|[a-z][\w.-]*@?|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2})"
    r"(?:\s*,\s*(?:due|by)\s+(?P<due>[^,;]+?))?\s*\.?\s*$"
)
_SUBJECT_RE = re.compile(
    r"^(?:[Tt]he\s+|[Oo]ur\s+)?(?P<who>@[\w.-]+|[a-z][\w.-]*@|[A-Z][\w&.-]*(?:\s+(?:&\s+)?[A-Z][\w&.-]*){0,3}(?:\s+team)?"
    r"(?:\s+and\s+@?[A-Z][\w&.-]*)?|[a-z][\w&-]*(?:\s+[a-z][\w&-]*){0,2}\s+team)\s+"
    r"(?P<how>will|shall|to|is\s+going\s+to|are\s+going\s+to|plans?\s+to|is|are)\s+(?P<verb>[a-z-]+)"
)
_LEAD_OWNER_RE = re.compile(
    r"^[*_]{0,2}(?:owners?|assignees?|assigned\s+to|responsible)[*_]{0,2}\s*:[*_]{0,2}\s*"
    r"(?P<who>[^\s:—–,;()*_][^:—–,;()*_]{0,40}?)\s*(?:[—–:]|--|\s-|[*_]{1,2})\s+(?P<task>\S.*)$",
    re.I,
)
_KEY_START_RE = re.compile(
    r"^[*_]{0,2}(?:owners?|assignees?|due|deadline|eta|target|priority|status|by)\b[*_]{0,2}\s*:", re.I
)


@recurring
def clean_owner(value: str) -> str | None:
    """An owner as written: link text for a link, no leading "@", no emphasis or trailing punctuation."""
    value = (_LINK_RE.sub(r"\1", value) if "[" in value else value).strip().strip("*_`").strip()
    value = value.rstrip(".,;:|/—–-·•").strip()  # "Owner: Priya - Due: ...", "Unassigned ·" keep only the name
    if value.startswith("@"):
        value = value[1:]
    if value.lower() in _EMPTY_OWNER or len(value) > 60 or len(value.split()) > 6:
        return None
    if value[:4].lower() == "the " and value.lower().endswith(" team"):
        value = value[4:]  # "the Platform team": the team's name is "Platform team"
    return value


def not_an_owner(who: str) -> bool:
    """ "We", "the team", "our team", "the whole team": subjects that name nobody in particular."""
    phrase = " ".join(who.lower().split())
    phrase = phrase[4:] if phrase.startswith("the ") else phrase
    return phrase in NOT_OWNER_SUBJECTS or phrase.split()[0] in NOT_OWNER_SUBJECTS


def _mention(m: re.Match[str]) -> tuple[str, int]:
    """The name a mention gives and where it ends: "@Priya Raman" is one person, "@Priya Add ..." is
    Priya and then the task."""
    handle, last = m.group("handle"), m.group("last")
    if last and _NAME_RE.fullmatch(handle) and not _starts_wording(last):
        return f"{handle} {last}", m.end()
    return handle, m.end("handle")


def _starts_wording(word: str) -> bool:
    low = word.lower()
    return low in IMPERATIVE_VERBS or low in NON_TASK_OPENERS or low in _WORDING_STARTS


def take_handle(text: str) -> tuple[str, str | None]:
    """The first `@mention` as an owner, and the text without it when it opens or closes the text
    (kept when it is the subject: "@alice will add ...")."""
    m = _MENTION_RE.search(text)
    if m is None or _CREDIT_RE.search(text, max(0, m.start() - 20), m.start()):
        return text, None  # "(thanks @quietcoder)": credit for the idea, not the work
    name, end = _mention(m)
    mention = re.escape(text[m.start() : end])
    edge = re.compile(rf"^\s*{mention}\s*[:,-]?\s+|\s*(?:cc\s+)?{mention}\s*\.?\s*$")
    if m.start() == 0 and _PROMISE_RE.match(text, end):
        return text, name
    return edge.sub("", text, count=1), name


def take_dash_owner(text: str) -> tuple[str, str | None, str | None]:
    """ "Add alerts — alice, due May 1": the text before the dash, the owner and the due date."""
    start = _first_dash_run(text)
    m = _DASH_OWNER_RE.search(text, start) if start is not None else None
    if m is None:
        return text, None, None
    who = m.group("who")
    if not_an_owner(who) or who.split()[0].lower() in IMPERATIVE_VERBS:
        return text, None, None
    due = m.group("due").strip() if m.group("due") else None
    return text[: m.start()], clean_owner(who), due


def _first_dash_run(text: str) -> int | None:
    """Where the spaces before the first dash ("—", "–", "--") begin, None without one: a
    `_DASH_OWNER_RE` match is spaces and then a dash, so it cannot start before them."""
    dashes = [i for i in (text.find("—"), text.find("–"), text.find("--")) if i >= 0]
    if not dashes:
        return None
    start = min(dashes)
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return start


def take_lead_owner(text: str) -> tuple[str, str | None]:
    """ "Owner: Carol — tune the batch size" (also `Owner: X - task`, `Owner: X: task`, `**Owner: X**
    task`): the task and its owner; `text` unchanged and None for other text, or an annotation that
    goes on with another one ("Owner: Priya - Due: May 1")."""
    # the key opens with up to two `*`/`_` and then o(wner)/a(ssign)/r(esponsible), in any case
    m = _LEAD_OWNER_RE.match(text) if text.lstrip("*_")[:1] in "oOaArR" else None
    if m is None or _KEY_START_RE.match(m.group("task")) or len(m.group("task").split()) < 2:
        return text, None
    owner = clean_owner(m.group("who"))
    return (m.group("task"), owner) if owner else (text, None)


def is_lead_owner_task(text: str) -> bool:
    """An `Owner: X — task` line whose task opens with an imperative ("Owner: Dan - document the failover")."""
    task, owner = take_lead_owner(text.lstrip("*_ "))
    return owner is not None and task.split()[0].lower() in IMPERATIVE_VERBS


def subject_owner(text: str) -> str | None:
    """The team or person that is the subject promising the work ("DevEx will update ...", "The
    platform team will add ...", "Alice to rotate ...", "Alice and Bob will review ..."), else None."""
    text = _DISCOURSE_RE.sub("", text, count=1) if "," in text[:14] else text  # "Second, Sam will ..."
    # every promise holds one of these: "to", "will", or "is" / "are" before a verb's -ing form
    promise = (
        "to" in text or "will" in text or "shall" in text or ("ing" in text and (" is " in text or " are " in text))
    )
    m = _SUBJECT_RE.match(text) if promise else None
    if m is None:
        return None
    who, how, verb = m.group("who"), m.group("how"), m.group("verb")
    if not_an_owner(who) or (how.endswith("to") and not _base_verb(verb)):
        return None
    if how in ("is", "are") and not _work_in_progress(verb):
        return None  # "Storage Engineering is improving ..." promises work; "The API is returning ..." no
    # "Search Infrastructure (team) will ...": a name in Title Case may open with a verb-like word
    named = who.lower().endswith(" team") or (how != "to" and _title_case_name(who))
    if how == "to" and who.lower() in _TO_VERBS:
        return None  # "Refuse to promote ...", "Continue to ...": an imperative, not a person
    if (who.split()[0].lower() in IMPERATIVE_VERBS and not named) or _looks_like_software(who) or _vague_team(who):
        return None
    return clean_owner(who)


def _title_case_name(who: str) -> bool:
    """Two or more capitalised words ("Core Network Operations", "Identity & Access"): a name."""
    parts = [w for w in who.split() if w != "&"]
    return len(parts) > 1 and all(w[:1].isupper() for w in parts)


def _work_in_progress(verb: str) -> bool:
    """The -ing form of a verb of work ("improving", "adding", "migrating"; not "returning", "failing",
    nor "running", which tells a state: "Jobs are running late")."""
    if not verb.endswith("ing") or len(verb) < 6 or verb == "running":
        return False
    stem = verb[:-3]  # "add" of adding, "improv" + "e" of improving, "migrat" + "e", "plann"[:-1] of planning
    return any(s in IMPERATIVE_VERBS for s in (stem, stem + "e", stem[:-1]))


def _base_verb(word: str) -> bool:
    return word in IMPERATIVE_VERBS or morphology.is_base_verb(word)


def _vague_team(who: str) -> bool:
    """ "someone on the team", "all of the team": function words before "team" name no team."""
    words = who.lower().split()
    return words[-1] == "team" and any(w in NON_TASK_OPENERS for w in words[:-1])


def _looks_like_software(who: str) -> bool:
    """ "KubeSpawner", "BinderHub", "nginx.conf": components, which are not owners ("DevEx" may be a team)."""
    if who.lower().endswith("team") or who.endswith("@") or who.startswith("@"):
        return False
    word = who.split()[0]
    return "." in word or (len(word) > 6 and any(ch.isupper() for ch in word[1:]))
