"""Which headings name follow-up work, and which section an entry stands in.

Every heading gets a kind:

- FOLLOW_UP: Action Items, Corrective Measures, Next Steps, Tasks, To-do, Improvements, ...
- LESSONS: what went well / wrong, where we got lucky, lessons learned, contributing factors
- OTHER: a known non-follow-up section (Summary, Timeline, Root Cause, Conclusion, ...)
- NEUTRAL: anything else ("KubeSpawner", "Process"): it takes the kind of the section around it.

Markdown headings nest by level. Headings without a level (a line ending in a colon, a bold line,
a bare title line, a bullet used as a heading) nest under the last Markdown heading and replace one
another; a neutral one keeps the kind of the one before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from tracker.extract.memo import recurring

_HARD_STOP_RE = re.compile(
    r"\b(time\s*line|chronology|conclusions?|appendix|glossary|attendees|thanks|faqs?|frequently\s+asked)\b"
)
_FOR_READER_RE = re.compile(r"\b(?:you|your|you're|you'll)\b")
_LESSONS_RE = re.compile(
    r"\b(lessons?|learn(ed|t|ings?)|takeaways?|went\s+(well|wrong|badly|right|poorly)|"
    r"(did\s*n[o']?t|didn't|did not)\s+go|go\s+so\s+well|what\s+worked|(did\s*n[o']?t|didn't|did not)\s+work|"
    r"got\s+lucky|lucky|contributing\s+factors?|observations?|reflections?|open\s+questions?)\b"
)
_FOLLOW_UP_RE = re.compile(
    r"\b(action\s*(items?|points?|plan|list|register)|actions?\b(?!\s+(taken|performed|done|carried|were|was))|"
    r"corrective|prevent(?:at)?ive|prevention|remediations?|follow[\s-]*ups?|next\s+steps?|"
    r"tasks?|to[\s-]*dos?|improvements?|fixes|recommendations?|counter[\s-]*measures?|ais|"
    r"(what|things)\s+we('ll|\s+will|\s+are\s+going\s+to)\s+(do|change|fix|improve)|"
    r"what\s+we('re|\s+are)\s+(doing|changing)|how\s+we('re|\s+are|'ll|\s+will)\s+(prevent|fix|improv|address)\w*|"
    r"preventing\s+(this|it|recurrence|future)|moving\s+forward|what'?s\s+next|"
    r"changes\s+we('re|\s+are|'ll|\s+will)\s+(making|make)|permanent\s+fix(es)?|follow[\s-]*on|"
    r"(remaining|outstanding)\s+(work|items?|tasks?)|work\s+remaining|suggestions|where\s+we\s+go\s+from\s+here|"
    r"proposed\s+(fix(es)?|changes?|solutions?|remediations?)|hardening|"
    r"going\s+forward|future\s+work|work\s+items?|open\s+items?|mitigations?\s+(planned|going\s+forward)|"
    r"mitigations(?!\s+(taken|applied|performed|done|during))|"
    r"(how|what)\s+(can|could|should|will)\s+we\s+(improve|do\s+(better|differently)|prevent)|"
    r"what\s+happens\s+next|looking\s+ahead|improving|planned\s+(work|changes?|improvements?|actions?)|commitments?|what('s|\s+is)\s+being\s+done|"
    r"steps\s+(we('re|\s+are|'ll|\s+will)\s+tak(e|ing)|to\s+take)|work\s+to\s+(be\s+)?do(ne)?|proposals?|"
    r"(short|medium|long)[\s-]*term)\b"
)
_OTHER_RE = re.compile(
    r"\b(summary|overview|impact|root\s+causes?|causes?|trigger|resolution|recovery|detection|"
    r"background|incident|outage|details?|analysis|investigations?|post[\s-]*mortem|report|review|"
    r"duration|date|status|authors?|participants|symptoms?|mitigation|response|communications?|"
    r"discussion|description|context|what\s+happened|problem|introduction|references|supporting|"
    r"solution|culprit|escalation|issue|severity|start[\s-]*time|end[\s-]*time|links?)\b"
)
_FOOTNOTE_RE = re.compile(r"\[\^[^\]]*\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+$")
#: Footnote marks after a heading: `^[3](https://...)^`, `^[3]^`, `^3^`, `[^1]`, `<sup>2</sup>`, `¹`.
_TRAILING_NOTE_RE = re.compile(
    r"(?:\s*(?:\^\[[^\]]*\](?:\([^)]*\))?\^?|\^\w{1,4}\^|\[\^[^\]]*\]|<sup>.{0,40}?</sup>|[¹²³⁴⁵⁶⁷⁸⁹⁰]+))+\s*$"
)
_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
#: Characters a footnote mark starts with; a heading with none of them has none to strip.
_NOTE_CHAR_RE = re.compile(r"[\^\[<¹²³⁴⁵⁶⁷⁸⁹⁰]")
#: Characters of the markup `clean_heading` removes (emphasis, colons, links, footnotes).
_MARKUP_CHAR_RE = re.compile(r"[*_:\[\^<¹²³⁴⁵⁶⁷⁸⁹⁰]")
#: The ASCII characters of the two classes above: ASCII text holds no other of theirs.
_NOTE_CHARS = "^[<"
_MARKUP_CHARS = "*_:[^<"
_EMPH_RE = re.compile(r"^(\*\*|__)(.+?)\1$|^(\*|_)([^*_].*?)\3$")


class Kind(Enum):
    FOLLOW_UP = "follow_up"
    LESSONS = "lessons"
    OTHER = "other"
    NEUTRAL = "neutral"


def _holds_char(text: str, ascii_chars: str, pattern: re.Pattern[str]) -> bool:
    """Whether `text` holds a character of `pattern`'s class: for ASCII text, one plain character test
    per ASCII member of the class (`ascii_chars`), far faster over a long paragraph than the pattern."""
    if not text.isascii():
        return pattern.search(text) is not None
    for char in ascii_chars:  # noqa: SIM110 (a plain loop: this runs for every line)
        if char in text:
            return True
    return False


def strip_footnotes(text: str) -> str:
    """Text without the footnote marks that end it."""
    if not _holds_char(text, _NOTE_CHARS, _NOTE_CHAR_RE):
        return text
    return _TRAILING_NOTE_RE.sub("", text)


@recurring
def clean_heading(text: str) -> str:
    """Heading text as a section name: no `#`, emphasis markers, footnotes, link syntax or trailing colon."""
    text = text.strip().strip("#").strip()
    if not _holds_char(text, _MARKUP_CHARS, _MARKUP_CHAR_RE):
        return text
    text = _LINK_RE.sub(r"\1", strip_footnotes(text))
    for _ in range(3):
        text = _FOOTNOTE_RE.sub("", text).strip()
        m = _EMPH_RE.match(text)
        if m:
            text = (m.group(2) or m.group(4) or "").strip()
        text = text.rstrip(":").rstrip()
        if text.endswith(("**", "__")) and text.count(text[-2:]) == 1:
            text = text[:-2].rstrip(" :")
        if text.startswith(("**", "__")) and text.count(text[:2]) == 1:
            text = text[2:].lstrip()
    return text.strip()


@recurring
def classify(text: str) -> Kind:
    """The kind of a heading, from its words."""
    low = text.lower().replace("’", "'")
    if _HARD_STOP_RE.search(low) or ("you" in low and _FOR_READER_RE.search(low)):
        return Kind.OTHER  # "What you need to do": steps for the reader, not the team's follow-ups
    if _FOLLOW_UP_RE.search(low):
        return Kind.FOLLOW_UP
    if _LESSONS_RE.search(low):
        return Kind.LESSONS
    if _OTHER_RE.search(low):
        return Kind.OTHER
    return Kind.NEUTRAL


@recurring
def is_hard_stop(text: str) -> bool:
    low = text.lower()
    return bool(_HARD_STOP_RE.search(low) or (_LESSONS_RE.search(low) and not _FOLLOW_UP_RE.search(low)))


@dataclass(slots=True)
class _Entry:
    level: int
    name: str
    kind: Kind


class SectionTracker:
    """The innermost heading and its effective kind, as headings go by.

    `name`, `kind` and `in_follow_up` are plain attributes, set again after every heading or rule (the
    walker reads them for every line)."""

    def __init__(self) -> None:
        self._stack: list[_Entry] = []
        self._soft: _Entry | None = None
        self._seen_heading = False
        self.name: str | None = None
        self.kind = Kind.NEUTRAL
        self.in_follow_up = False
        self.level = 0  # the innermost heading's Markdown level (99: a heading without one; 0: none)

    def _current(self) -> None:
        top = self._soft if self._soft is not None else (self._stack[-1] if self._stack else None)
        self.name = top.name if top is not None else None
        self.kind = top.kind if top is not None else Kind.NEUTRAL
        self.in_follow_up = self.kind is Kind.FOLLOW_UP
        self.level = top.level if top is not None else 0

    def _outer(self) -> Kind:
        return self._stack[-1].kind if self._stack else Kind.NEUTRAL

    def markdown(self, level: int, name: str) -> None:
        """An ATX or setext heading of `level`."""
        first, self._seen_heading = not self._seen_heading, True
        while self._stack and self._stack[-1].level >= level:
            self._stack.pop()
        self._soft = None
        own, parent = classify(name), self._outer()
        if first and level == 1 and (own is not Kind.FOLLOW_UP or _OTHER_RE.search(name.lower())):
            own = Kind.NEUTRAL  # the document title: its words say nothing about what follows
        elif parent in (Kind.FOLLOW_UP, Kind.LESSONS) and own is not Kind.FOLLOW_UP and not is_hard_stop(name):
            own = parent  # a sub-heading inside Action Items / Lessons stays there
        elif own is Kind.NEUTRAL:
            own = Kind.OTHER
        self._stack.append(_Entry(level, name, own))
        self._current()

    def soft(self, name: str) -> None:
        """A heading without a level: a colon line, bold line, bare title or bullet heading."""
        first, self._seen_heading = not self._seen_heading, True
        own, outer = classify(name), self._outer()
        if first and (own is not Kind.FOLLOW_UP or _OTHER_RE.search(name.lower())):
            own = Kind.NEUTRAL  # the document title
        elif own is Kind.NEUTRAL and self._soft is not None and name.isupper() and self._soft.name.isupper():
            own = outer  # "COMPENSATION" after "WHAT'S NEXT": a sibling in capitals, not a part of it
        elif own is Kind.NEUTRAL:
            own = self.kind
        elif own is Kind.OTHER and outer in (Kind.FOLLOW_UP, Kind.LESSONS) and not is_hard_stop(name):
            own = outer
        self._soft = _Entry(99, name, own)
        self._current()

    def rule(self) -> None:
        """A thematic break after content: what follows starts afresh."""
        self._stack = [e for e in self._stack[:1] if e.kind is Kind.NEUTRAL]
        self._soft = None
        self._current()
