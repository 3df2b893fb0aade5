"""Status and priority markers on an item: `(DONE)`, `**DONE**`, `_done ..._`, `✅`, a following
"Done in #12.", `[P1]`, `P2:`, and the words of Status / Priority cells."""

from __future__ import annotations

import re

_DONE_WORD_RE = re.compile(
    r"^(?:done|completed?|closed|fixed|resolved|finished|shipped|merged|✅|✔️?|☑️?)\W*$", re.I
)
_OPEN_WORD_RE = re.compile(
    r"^(?:todo|to do|wip|in progress|open|pending|planned|not started|ongoing)\W*$", re.I
)
_STATUS_EMPH_RE = re.compile(
    r"\s*(?:\*\*|__)(done|completed?|closed|fixed|todo|wip|in progress|open|pending)(?:\*\*|__)\.?", re.I
)
_DONE_ITALIC_RE = re.compile(r"\s*(?<![\w*])[_*](?:done|completed|fixed)\b[^_*\n]{0,80}[_*](?!\w)\.?", re.I)
_DONE_TAIL_RE = re.compile(
    r"(?:^|(?<=[.!?])\s+)(?:(?:this|it)\s+(?:has|have)\s+been\s+(?:done|completed|fixed|implemented|resolved)"
    r"|(?:done|completed|fixed|implemented|resolved)\b(?:\s+(?:in|by|on|with|via)\b[^.]*)?)\s*[.!]?\s*$",
    re.I,
)
_DONE_ICON_RE = re.compile(r"^\s*(?:✅|✔️?|☑️?)\s*|\s*(?:✅|✔️?|☑️?)\s*$")
_PRIORITY_RE = re.compile(
    r"^(?:p(?P<p>[0-4])|(?P<w>critical|urgent|blocker|highest|high|medium|med|normal|low|lowest|minor))$",
    re.I,
)
_PRIORITY_TAG_RE = re.compile(r"\s*[\[(]\s*(P[0-4])\s*[\])]|^\s*(P[0-4])\s*[:\-–—]\s+", re.I)
_DONE_WORDS_RE = re.compile(r"(?i)done|complete|fixed|implemented|resolved")
_DONE_PAREN_RE = re.compile(
    r"\s*\((?:now\s+|already\s+)?(?:done|fixed|added|implemented|resolved|completed|landed|merged|shipped"
    r"|deployed)\b[^()]*\)\s*\.?\s*$",
    re.I,
)
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")


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


def status_of(value: str) -> bool | None:
    """True for a done marker, False for an open one, None for neither."""
    value = _LINK_RE.sub(r"\1", value).strip().strip("*_`~").strip()
    if _DONE_WORD_RE.match(value):
        return True
    if _OPEN_WORD_RE.match(value):
        return False
    return None


def status_markers(text: str) -> tuple[str, bool | None]:
    """The text without `**DONE**`, `_done ..._` or ✅ markers, and the status they set."""
    done: bool | None = None
    for m in _STATUS_EMPH_RE.finditer(text):
        done = status_of(m.group(1))
    text = _STATUS_EMPH_RE.sub("", text)
    if _DONE_ITALIC_RE.search(text):
        done, text = True, _DONE_ITALIC_RE.sub("", text)
    if _DONE_ICON_RE.search(text):
        done, text = True, _DONE_ICON_RE.sub("", text)
    return text, done


def priority_tags(text: str) -> tuple[str, str | None]:
    """The text without `[P1]` / `(P2)` / `P3:` tags, and the first priority they name."""
    found: list[str] = []

    def take(m: re.Match[str]) -> str:
        found.append(m.group(1) or m.group(2))
        return ""

    text = _PRIORITY_TAG_RE.sub(take, text)
    return text, priority_of(found[0]) if found else None


def done_tail(text: str) -> tuple[str, bool]:
    """The text without a closing "Done in #12." / "This has been fixed." sentence, and whether it had one."""
    if not _DONE_WORDS_RE.search(text):
        return text, False
    m = _DONE_TAIL_RE.search(text)
    if m is None or m.start() == 0:
        return text, False
    return text[: m.start()], True


def done_note(text: str) -> tuple[str, bool]:
    """The text without a closing note that the work is done ("... (added an alert rule)"), and whether
    it had one."""
    m = _DONE_PAREN_RE.search(text) if text.endswith((")", ").", ")。")) else None
    if m is None or m.start() == 0:
        return text, False
    return text[: m.start()], True


def starts_done(text: str) -> bool:
    """A paragraph that says the item above has been done ("Done in PR #12.")."""
    return bool(_DONE_TAIL_RE.match(text)) or status_of(text.rstrip(".")) is True
