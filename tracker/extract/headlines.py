"""Headings written without `#`: bold lines, lines ending in a colon, bare title lines, bullets used as
headings, numbered headings, and a follow-up heading run into a paragraph."""

from __future__ import annotations

import re

from tracker.extract.phrasing import is_imperative, opens_with_verb, words
from tracker.extract.sections import Kind, classify, clean_heading, is_hard_stop, strip_footnotes
from tracker.extract.vocab import wordset

_BOLD_LINE_RE = re.compile(r"^(\*\*|__)([^*_].*?)\1\s*:?\s*$")
_INTRO_WORDS_RE = re.compile(r"\b(following|as follows|below|here are|here is|include[sd]?)\b", re.I)
_SMALL = wordset("a an the and or of to in on for with at by from vs via per into is are as")
_TERMINATED = (".", "!", "?", ":", ")", ";", "]")
_MARKER_WORDS = frozenset({"todo", "to do", "to-do", "fixme", "action", "action item", "action point", "ai"})
#: "Corrective measures: ", also in emphasis ("*Next steps:* ", "**Next steps**: ").
_RUN_IN_RE = re.compile(
    r"(?:^|(?<=[.!?])\s+)(?P<lead>\*\*|__|\*|_)?(?P<h>[A-Z][\w/&' -]{2,60}?)"
    r"(?:\*\*|__|\*|_)?:(?:\*\*|__|\*|_)?\s+(?=\S)"
)


def title_case(text: str) -> bool:
    ws = words(text)
    significant = [w for w in ws if w.lower() not in _SMALL]
    return bool(significant) and ws[0][0].isupper() and all(w[0].isupper() for w in significant)


def is_terminated(text: str) -> bool:
    return text.rstrip("*_ ").endswith(_TERMINATED)


def _colon_heading(text: str) -> str | None:
    stripped = text.rstrip("*_ ")
    if not stripped.endswith(":") or stripped.endswith("::") or "http" in text:
        return None
    name = clean_heading(text)
    ws = name.split()
    if not 1 <= len(ws) <= 10 or _INTRO_WORDS_RE.search(name) or "," in name or ": " in name:
        return None
    if ws[0].lower() in ("we", "i", "they", "you", "he", "she", "it", "this", "these"):
        return None
    return name


def _bare_title(text: str, in_follow_up: bool, fresh: bool) -> str | None:
    if (is_terminated(text) and not text.endswith("?")) or "," in text or ": " in text or "|" in text:
        return None
    name = clean_heading(text)
    ws = words(name)
    if not ws or len(name.split()) > 10 or name[:1].islower():
        return None
    if is_imperative(name) and (in_follow_up or not title_case(name)):
        return None  # "Add monitoring for the remediation job" is a task line
    kind = classify(name)
    if kind is not Kind.NEUTRAL:
        return name if len(name.split()) <= 6 and (title_case(name) or len(ws) <= 4 or fresh) else None
    if text.endswith("?") or not fresh or not title_case(name) or is_imperative(name):
        return None
    return name if not in_follow_up or len(ws) <= 4 else None


def text_heading(text: str, *, in_follow_up: bool, fresh: bool, continues: bool) -> str | None:
    """The section name when a plain text line is a heading, else None.

    `fresh`: the line follows a blank line, a heading or the start; `continues`: the line above is
    text that runs on into this one (not terminated)."""
    text = strip_footnotes(text)
    bold = _BOLD_LINE_RE.match(text) if text[:2] in ("**", "__") else None
    if bold:
        name = clean_heading(text)
        if name and len(name.split()) <= 12 and not name.endswith((".", "!")):
            return name
        return None
    if continues and text[:1].islower():
        return None
    colon = _colon_heading(text)
    if colon is not None:
        return colon
    if continues:
        return None
    return _bare_title(text, in_follow_up, fresh)


def entry_heading(text: str, marker: str, has_children: bool, in_follow_up: bool) -> str | None:
    """A bullet used as a heading ("* Corrective measures must contain:") or a numbered heading
    ("2. Action Items"); None for an ordinary entry. Outside a follow-up section, an entry naming
    follow-up work ("- **Action items:**") heads the entries nested under it."""
    stripped = text.rstrip("*_ ")
    if has_children and (stripped.endswith(":") or not is_terminated(text)):
        name = clean_heading(text)
        kind = classify(name) if 1 <= len(name.split()) <= 8 else Kind.NEUTRAL
        if kind is Kind.LESSONS or is_hard_stop(name) or (kind is Kind.FOLLOW_UP and not in_follow_up):
            return f"{marker} {name}" if marker[:1].isdigit() else name
    if stripped.endswith(":") and not has_children:
        name = clean_heading(text)
        n = len(name.split())
        if 1 <= n <= 12 and not _INTRO_WORDS_RE.search(name) and "http" not in name:
            return name
        return None
    if marker[:1].isdigit() and not is_terminated(text) and not has_children:
        name = clean_heading(text)
        if 1 <= len(name.split()) <= 6 and classify(name) in (Kind.FOLLOW_UP, Kind.LESSONS):
            return f"{marker} {name}"
        if "." in marker.rstrip(".") and _subsection_title(name):
            return f"{marker} {name}"  # "5.1 Temporary": a numbered subsection, whatever it names
        if classify(name) is Kind.OTHER and _subsection_title(name):
            return f"{marker} {name}"  # "8. Conclusion", "2. Background": a numbered section
    return None


def _subsection_title(name: str) -> bool:
    """A short title in a decimal-numbered line ("5.1 Temporary", "3.2 Long term"), not a task."""
    ws = name.split()
    return 1 <= len(ws) <= 4 and name[:1].isupper() and not is_imperative(name) and not opens_with_verb(name)


def label_entry(text: str, has_children: bool) -> str | None:
    """The category an entry sets for the entries nested under it ("- Enhanced Deployment Process:")."""
    if not has_children:
        return None
    stripped = text.rstrip("*_ ")
    name = clean_heading(text)
    if stripped.endswith(":"):
        return name if 1 <= len(name.split()) <= 12 and not _INTRO_WORDS_RE.search(name) else ""
    if len(name.split()) <= 5 and not is_terminated(text) and not is_imperative(name) and title_case(name):
        return name
    return None


def _run_ins(text: str) -> list[re.Match[str]]:
    """`_RUN_IN_RE`'s matches. One starts at the start of the text or after a sentence's end mark: text
    without an end mark has at most the one at its start, found without scanning every position."""
    if "." in text or "!" in text or "?" in text:
        return list(_RUN_IN_RE.finditer(text))
    name = text[: text.find(":")]  # a heading holds no colon: it ends at the first one
    if len(name) > 61 or "(" in name or "," in name:
        return []  # too long for a heading, or holding what none does
    m = _RUN_IN_RE.match(text)
    return [m] if m else []


def run_in(text: str) -> list[tuple[int, int, str]]:
    """Follow-up headings run into a paragraph: (start, end, name) of each "Corrective measures: "."""
    out: list[tuple[int, int, str]] = []
    if ":" not in text or (": " not in text and ":*" not in text and ":_" not in text):
        return out
    for m in _run_ins(text):
        name = m.group("h").strip()
        if name.lower() in _MARKER_WORDS:
            continue  # "TODO: publish the postmortem" is a marked task, not a heading
        if len(name.split()) <= 6 and classify(name) is Kind.FOLLOW_UP:
            out.append((m.start("lead") if m.group("lead") else m.start("h"), m.end(), name))
    return out
