"""Status and priority markers on an item: `(DONE)`, `**DONE**`, `_done ..._`, `✅`, a following
"Done in #12.", `[P1]`, `P2:`, and the words of Status / Priority cells."""

from __future__ import annotations

import re

from tracker.dates import folds_as_ascii
from tracker.extract.memo import recurring
from tracker.model import Status

_DONE_WORDS = r"done|completed?|closed|fixed|resolved|finished|shipped|merged"
_PROGRESS_WORDS = r"in[\s-]progress|wip|ongoing|on-going|started|underway|under\s+way|in\s+review|doing"
_WONT_WORDS = r"won['’]?t\s*(?:do|fix)|will\s+not\s+(?:do|fix)|cancell?ed|dropped|obsolete|abandoned|descoped"
_OPEN_WORDS = r"todo|to\s+do|open|pending|planned|not\s+started|blocked|backlog"
#: Status words, in the order they are tried; blocked work is still open work.
_STATUS_WORDS = (
    (Status.DONE, _DONE_WORDS + r"|✅|✔️?|☑️?"),
    (Status.IN_PROGRESS, _PROGRESS_WORDS),
    (Status.WONT_DO, _WONT_WORDS),
    (Status.OPEN, _OPEN_WORDS),
)
_STATUS_WORD_RES = tuple((status, re.compile(rf"^(?:{words})\W*$", re.I)) for status, words in _STATUS_WORDS)
#: A cell that starts with a status word and goes on ("In progress (PR #3)", "Blocked on the vendor").
_LEADING_STATUS_RES = tuple(
    (status, re.compile(rf"^\W*(?:{words})\b", re.I)) for status, words in _STATUS_WORDS if status is not Status.DONE
)
_WONT_ANYWHERE_RE = re.compile(r"\b(?:won['’]?t\s*(?:do|fix)|will\s+not\s+(?:do|fix))\b", re.I)
_DONE_CELL_RE = re.compile(rf"(?<!not )(?<!un)\b(?:{_DONE_WORDS})\b|✅|✔|☑", re.I)
_STATUS_EMPH_RE = re.compile(
    r"\s*(?:\*\*|__)(done|completed?|closed|fixed|todo|wip|in progress|open|pending)(?:\*\*|__)\.?", re.I
)
_DONE_ITALIC_RE = re.compile(r"\s*(?<![\w*])[_*](?:done|completed|fixed)\b[^_*\n]{0,80}[_*](?!\w)\.?", re.I)
_DONE_TAIL_RE = re.compile(
    r"(?:^|(?<=[.!?])\s+)(?:(?:this|it)\s+(?:has|have)\s+been\s+(?:done|completed|fixed|implemented|resolved)"
    r"|(?:done|completed|fixed|implemented|resolved)\b(?:\s+(?:in|by|on|with|via)\b(?:[^.]|\.(?=\S))*)?)\s*[.!]?\s*$",
    re.I,
)
#: " - was already done", " — fixed", and the reference that may close the line after it.
_DASH_DONE_RE = re.compile(
    r"\s+[-—–]{1,2}\s+(?:(?:it|this)\s+)?(?:(?:was|is|has\s+been|have\s+been)\s+)?(?:already\s+)?"
    r"(?:done|completed?|fixed|implemented|resolved)\b\.?(?P<ref>\s*\((?:[^()]|\([^()]*\))*\))?\s*$",
    re.I,
)
_DONE_ICON_RE = re.compile(r"^\s*(?:✅|✔️?|☑️?)\s*|\s*(?:✅|✔️?|☑️?)\s*$")
_PRIORITY_RE = re.compile(
    r"^(?:p(?P<p>[0-4])|(?P<w>critical|urgent|blocker|highest|high|medium|med|normal|low|lowest|minor))$",
    re.I,
)
_PRIORITY_TAG_RE = re.compile(r"\s*[\[(]\s*(P[0-4])\s*[\])]|^\s*(P[0-4])\s*[:\-–—]\s+", re.I)
#: What every `_PRIORITY_TAG_RE` match holds (no other letter folds to "p" in a case-blind match).
_P_DIGIT_RE = re.compile(r"[Pp][0-4]")
#: Words one of which a closing "Done in #12." sentence holds (`done_tail` looks further only then).
_DONE_TAIL_WORDS = ("done", "complete", "fixed", "implemented", "resolved")
_DONE_TAIL_WORDS_RE = re.compile("(?i)" + "|".join(_DONE_TAIL_WORDS))
_DONE_PAREN_RE = re.compile(
    r"\s*\((?:now\s+|already\s+)?(?:done|fixed|added|implemented|resolved|completed|landed|merged|shipped"
    r"|deployed)\b[^()]*\)\s*\.?\s*$",
    re.I,
)
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")


@recurring
def priority_of(value: str) -> str | None:
    m = _PRIORITY_RE.match(value.strip().strip("*_[]()"))
    if m is None:
        return None
    if m.group("p") is not None:
        return ("critical", "high", "medium", "low", "low")[int(m.group("p"))]
    word = m.group("w").lower()
    if word in ("critical", "urgent", "blocker", "highest"):
        return "critical"
    return {"high": "high", "medium": "medium", "med": "medium", "normal": "medium"}.get(word, "low")


@recurring
def status_of(value: str) -> Status | None:
    """The status a marker or cell that is only a status word names ("Done", "WIP", "Won't do"), else None."""
    value = (_LINK_RE.sub(r"\1", value) if "[" in value else value).strip().strip("*_`~").strip()
    return next((status for status, word in _STATUS_WORD_RES if word.match(value)), None)


@recurring
def status_in(value: str) -> Status | None:
    """The status a Status cell or annotation states, also when it goes on ("Won't fix: duplicate",
    "In progress (PR #3)", "Done in #12"), else None."""
    exact = status_of(value)
    if exact is not None:
        return exact
    value = (_LINK_RE.sub(r"\1", value) if "[" in value else value).strip().strip("*_`~").strip()
    if _WONT_ANYWHERE_RE.search(value):
        return Status.WONT_DO
    leading = next((status for status, word in _LEADING_STATUS_RES if word.match(value)), None)
    if leading is not None and leading is not Status.OPEN:
        return leading
    return Status.DONE if mentions_done(value) else leading


@recurring
def mentions_done(value: str) -> bool:
    """Whether a Bug / Notes cell says the work is done ("Fixed in #12", "[Closed](...)", "✅")."""
    return _DONE_CELL_RE.search(value) is not None


def status_markers(text: str) -> tuple[str, Status | None]:
    """The text without `**DONE**`, `_done ..._` or ✅ markers, and the status they set."""
    status: Status | None = None
    if "**" in text or "__" in text:  # each pattern needs its marks: text without them is left alone
        for m in _STATUS_EMPH_RE.finditer(text):
            status = status_of(m.group(1))
        text = _STATUS_EMPH_RE.sub("", text)
    if ("_" in text or "*" in text) and _DONE_ITALIC_RE.search(text):
        status, text = Status.DONE, _DONE_ITALIC_RE.sub("", text)
    if _has_done_icon(text) and _DONE_ICON_RE.search(text):
        status, text = Status.DONE, _DONE_ICON_RE.sub("", text)
    return text, status


def _has_done_icon(text: str) -> bool:
    return "✅" in text or "✔" in text or "☑" in text


def priority_tags(text: str) -> tuple[str, str | None]:
    """The text without `[P1]` / `(P2)` / `P3:` tags, and the first priority they name."""
    if _P_DIGIT_RE.search(text) is None:
        return text, None  # every tag holds "P0"-"P4"
    found: list[str] = []

    def take(m: re.Match[str]) -> str:
        found.append(m.group(1) or m.group(2))
        return ""

    text = _PRIORITY_TAG_RE.sub(take, text)
    return text, priority_of(found[0]) if found else None


def done_tail(text: str) -> tuple[str, bool]:
    """The text without a closing "Done in #12." / "This has been fixed." sentence or a " - was already
    done" remark (a reference after the remark stays), and whether it had one."""
    if not _mentions_done_word(text):
        return text, False
    m = _DONE_TAIL_RE.search(text)
    if m is not None and m.start() > 0:
        return text[: m.start()], True
    m = _DASH_DONE_RE.search(text) if "-" in text or "—" in text or "–" in text else None
    if m is not None and m.start() > 0:
        return text[: m.start()] + (m.group("ref") or ""), True
    return text, False


def _mentions_done_word(text: str) -> bool:
    """Whether a word of `_DONE_TAIL_WORDS` occurs in `text`, in any case. Text is searched as plain
    lower-case text (what the case-blind pattern does there, faster), unless it holds one of the
    characters the pattern folds onto ASCII letters (`folds_as_ascii`): that text by the pattern."""
    if folds_as_ascii(text):
        low = text.lower()
        for word in _DONE_TAIL_WORDS:  # noqa: SIM110 (a loop, not any() over a generator: runs for every item)
            if word in low:
                return True
        return False
    return _DONE_TAIL_WORDS_RE.search(text) is not None


def done_note(text: str) -> tuple[str, bool]:
    """The text without a closing note that the work is done ("... (added an alert rule)"), and whether
    it had one."""
    m = _DONE_PAREN_RE.search(text, _last_paren_run(text)) if text.endswith((")", ").", ")。")) else None
    if m is None or m.start() == 0:
        return text, False
    return text[: m.start()], True


def _last_paren_run(text: str) -> int:
    """Where the spaces before the last "(" begin: a `_DONE_PAREN_RE` match holds no "(" after its
    own one, so it cannot start before them."""
    start = text.rfind("(")
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return max(start, 0)


def starts_done(text: str) -> bool:
    """A paragraph that says the item above has been done ("Done in PR #12.")."""
    return bool(_DONE_TAIL_RE.match(text)) or status_of(text.rstrip(".")) is Status.DONE
