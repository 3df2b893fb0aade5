"""Postmortem fields: title, incident date, review date, affected services, impact."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tracker.dates import find_dates, parse_date

_FRONT_RE = re.compile(r"\A\ufeff?---\s*\n(.*?)\n(?:---|\.\.\.)\s*(?:\n|\Z)", re.DOTALL)
_FRONT_KEY_RE = re.compile(r"^(title|date|incident_date|review_date|services)\s*:\s*(.+?)\s*$", re.M | re.I)
_SKIP_TITLE_RE = re.compile(r"^(?:!\[[^\]]*\]\([^)]*\)|\[!\[|<[^>]*>|[-=*_#:|\s]+$|\(?https?://)")
_LABEL_RE = re.compile(
    r"^[\s>*_\-+]*(?:\*\*|__)?(?P<label>[A-Za-z][A-Za-z /()'-]{0,40}?)(?:\*\*|__)?\s*:(?:\*\*|__)?"
    r"\s*(?P<value>.*)$"
)
#: The characters `_LABEL_RE` skips before a label (and any other whitespace, which it skips too).
_LABEL_LEAD = " \t\n\r\f\v>*_-+"
#: The most characters `_LABEL_RE` takes from a label's first letter to its colon, but for the blanks
#: before the colon: 41 of the label, then 2 of a closing `**` or `__`.
_LABEL_SPAN = 43
#: A key / value row of a metadata table: `| **Postmortem review** | Mon, 16 Nov 2026 |`.
_TABLE_PAIR_RE = re.compile(
    r"^\s*\|\s*(?:\*\*|__)?(?P<label>[A-Za-z][A-Za-z /()'-]{0,40}?)(?:\*\*|__)?\s*:?\s*\|"
    r"\s*(?P<value>[^|]*?)\s*\|?\s*$"
)
#: A table row names the review date only in so many words ("Review date", "Date of review",
#: "Postmortem review"): an action-item row "| Review the alerts | 2026-12-01 |" is not one.
_REVIEW_ROW_RE = re.compile(
    r"^(?:(?:post[\s-]?mortem|incident|pir|retro(?:spective)?)\s+)?review(?:\s+(?:date|meeting|held|on))?$"
    r"|^date\s+of\s+(?:the\s+)?(?:post[\s-]?mortem\s+)?review$|^reviewed(?:\s+on)?$"
    r"|^(?:pir|post[\s-]incident\s+review)(?:\s+(?:date|meeting|held|on))?$",
    re.I,
)
_REPORT_LABEL_RE = re.compile(r"^(?:date\s+of\s+(?:the\s+)?report|report\s+date|published|date\s+published)$", re.I)
_INCIDENT_LABEL_RE = re.compile(
    r"^(incident\s+date|date\s+of\s+(the\s+)?(incident|outage|event)|date|incident\s+start|start(ed)?|"
    r"start[\s-]*time|began|occurred|when|incident\s+time|event\s+date|outage\s+date)$",
    re.I,
)
_SERVICES_LABEL_RE = re.compile(
    r"^(affected\s+(services?|systems?|components?|products?|applications?)|(services?|systems?|components?)"
    r"(\s+(affected|impacted))?|impacted\s+(services?|systems?|components?))$",
    re.I,
)
_IMPACT_LABEL_RE = re.compile(r"^((user|customer|business)\s+)?impact$", re.I)
_SERVICE_PHRASE_RE = re.compile(
    r"\b(?:affected|impacted|disrupted|disrupting|affecting|impacting)\s+(?:the\s+|our\s+)?"
    r"(?P<s>(?:[\w.-]+\s+){1,3}?(?:service|system|api|website|site|hub|cluster|database|platform|application|server))\b"
    r"|\bthe\s+(?P<t>(?:[\w-]+\s+){1,2}service)\b",
    re.I,
)
_SERVICE_ADJ_RE = re.compile(r"^(?:(?:customer|user)-facing|internal|external|main|primary|entire|whole)\s+", re.I)
_IMPACT_TRIM_RE = re.compile(
    r"^(?:this\s+(?:incident|outage)\s+(?:affected|impacted)\s+|the\s+(?:incident|outage)\s+(?:affected|impacted)\s+)"
    r"|\s+(?:during|throughout)\s+(?:the\s+)?(?:incident|outage|event|specified timeframe)\b.*$",
    re.I,
)
_USERS_RE = re.compile(r"\b(users?|customers?|requests?|queries|orders|visitors|lookups)\b", re.I)
_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s*(?P<h>.*?)\s*#*\s*$")
_ALNUM_RE = re.compile(r"[A-Za-z0-9]")
#: The title as AsciiDoc / MediaWiki write it ("= X", "== X ==").
_EQ_TITLE_RE = re.compile(r"^=+\s+|\s+=+$")
_REVIEWED_RE = re.compile(r"\breviewed\s+(?:on\s+)?(.{6,40})", re.I)
#: A review named in prose with its date right after: "the review today (Nov 24, 2026)", "the
#: postmortem review was held on 2026-11-24". ("Review the alerts by Dec 1" names no review.)
_REVIEW_HELD_RE = re.compile(
    r"\b(?:post[\s-]?mortem\s+|incident\s+)?review(?:\s+meeting)?\s+(?:(?:was\s+)?held\s+)?(?:today\s*|on\s+)?\(?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?",
    re.I,
)
_SERVICE_SPLIT_RE = re.compile(r"\s*(?:,|;|\band\b)\s*")
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+")
_PEOPLE_RE = re.compile(r"\busers?\b|\bcustomers?\b", re.I)
_DIGIT_RE = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Fields:
    title: str
    incident_date: date | None
    review_date: date | None
    services: tuple[str, ...]
    impact: str | None
    report_date: date | None = None  # "Date of report: ...": what relative deadlines count from without a review


def _front(text: str) -> dict[str, str]:
    m = _FRONT_RE.match(text)
    if m is None:
        return {}
    return {k.lower(): v.strip().strip("\"'") for k, v in _FRONT_KEY_RE.findall(m.group(1))}


def _title(lines: list[str], front: dict[str, str]) -> str:
    if front.get("title"):
        return front["title"]
    for line in lines[:200]:
        text = line.strip()
        if not text or _SKIP_TITLE_RE.match(text) or not _ALNUM_RE.search(text):
            continue
        text = text.lstrip("#").strip().rstrip("#").strip()
        text = _EQ_TITLE_RE.sub("", text)
        if text.startswith(("**", "__")) and text.endswith(("**", "__")):
            text = text[2:-2].strip()
        return text.rstrip(":").strip()[:300]
    return ""


def _labelled(lines: list[str]) -> list[tuple[int, str, str]]:
    """(line, label, value) of "Label: value" lines and of two-cell key / value table rows."""
    out = []
    for i, line in enumerate(lines):
        m = _LABEL_RE.match(line) if ":" in line and _may_open_label(line) else None
        m = m or (_table_pair(line) if "|" in line else None)
        if m:
            out.append((i, m.group("label").strip(), m.group("value").strip()))
    return out


def _may_open_label(line: str) -> bool:
    """A cheap test before `_LABEL_RE`: after the marks it skips, a label starts with an ASCII letter
    (a whitespace character that `strip` does not take here is left to the pattern), and runs to the
    first colon in at most `_LABEL_SPAN` characters (its closing `**`, and blanks, aside)."""
    rest = line.lstrip(_LABEL_LEAD)
    first = rest[:1]
    if first.isspace():
        return True
    return first.isascii() and first.isalpha() and len(rest[: rest.find(":")].rstrip()) <= _LABEL_SPAN


def _table_pair(line: str) -> re.Match[str] | None:
    if "|" not in line or not line.lstrip().startswith("|") or line.count("|") > 3:
        return None  # a key / value row has two cells: at most three pipes
    m = _TABLE_PAIR_RE.match(line)
    return m if m and m.group("value").strip(" *_-") else None


def _names_review(lines: list[str], i: int, label: str) -> bool:
    if lines[i].lstrip().startswith("|"):
        return _REVIEW_ROW_RE.match(label) is not None
    return "review" in label.lower()


def _value_or_next(lines: list[str], i: int, value: str) -> str:
    if value:
        return value
    for line in lines[i + 1 : i + 6]:
        if line.strip():
            return line.strip().lstrip("-*+ ").strip()
    return ""


def _incident_date(lines: list[str], labelled: list[tuple[int, str, str]], day_first: bool) -> date | None:
    for i, label, value in labelled:
        if _INCIDENT_LABEL_RE.match(label):
            found = parse_date(_value_or_next(lines, i, value), day_first=day_first)
            if found:
                return found
    for line in lines:
        if "review" in line.lower():
            continue
        for match in find_dates(line, day_first=day_first):
            return match.value
    return None


def _review_date(lines: list[str], labelled: list[tuple[int, str, str]], day_first: bool) -> date | None:
    for i, label, value in labelled:
        if _names_review(lines, i, label):
            found = parse_date(_value_or_next(lines, i, value), day_first=day_first)
            if found:
                return found
    for line in lines:
        if "eviewed" not in line:
            continue
        m = _REVIEWED_RE.search(line)
        if m and (found := parse_date(m.group(1), day_first=day_first)):
            return found
    for line in lines:
        if "eview" in line and (found := _review_held(line, day_first)):
            return found
    return None


def _review_held(line: str, day_first: bool) -> date | None:
    for m in _REVIEW_HELD_RE.finditer(line):
        first = next(find_dates(line[m.end() : m.end() + 40], day_first=day_first), None)
        if first is not None and first.start == 0:
            return first.value
    return None


def _services(labelled: list[tuple[int, str, str]], impact_text: str, lines: list[str]) -> tuple[str, ...]:
    """The services a label names, else the first one the impact and the first 40 lines mention."""
    for _, label, value in labelled:
        if _SERVICES_LABEL_RE.match(label) and value:
            parts = _SERVICE_SPLIT_RE.split(value.rstrip("."))
            return tuple(p.strip("*_` ") for p in parts if p.strip("*_` "))
    m = _SERVICE_PHRASE_RE.search(impact_text + " " + " ".join(lines[:40]))
    if m is None:
        return ()
    name = _SERVICE_ADJ_RE.sub("", (m.group("s") or m.group("t")).strip())
    return (name,)


def _impact_text(lines: list[str], labelled: list[tuple[int, str, str]]) -> str:
    for i, label, value in labelled:
        if _IMPACT_LABEL_RE.match(label):
            return _paragraph(lines, i + 1, value)
    for i, line in enumerate(lines):
        if "mpact" not in line:
            continue
        m = _HEADING_RE.match(line)
        name = (m.group("h") if m else line).strip().strip("*_:").strip()
        if _IMPACT_LABEL_RE.match(name):
            return _paragraph(lines, i + 1, "")
    return ""


def _paragraph(lines: list[str], start: int, first: str) -> str:
    if first:
        return first
    parts: list[str] = []
    for line in lines[start : start + 12]:
        text = line.strip()
        if not text and parts:
            break
        if text and (_HEADING_RE.match(line) or text.endswith(":")):
            break
        if text:
            parts.append(text.lstrip("-*+ "))
    return " ".join(parts)


def _shorten(text: str) -> str | None:
    sentences = [s.strip() for s in _SENTENCE_SPLIT_RE.split(text) if s.strip()]
    if not sentences:
        return None
    chosen = next((s for s in sentences if "%" in s), None)
    chosen = chosen or next((s for s in sentences if _PEOPLE_RE.search(s)), sentences[0])
    chosen = _IMPACT_TRIM_RE.sub("", chosen).strip().rstrip(".").strip()
    return chosen[:300] or None


def read_fields(text: str, lines: list[str], *, day_first: bool = False) -> Fields:
    """The postmortem's fields from its text and its normalised lines."""
    front = _front(text)
    labelled = _labelled(lines[:400])
    impact_text = _impact_text(lines, labelled)
    summary = " ".join(line.strip() for line in lines[:60] if "%" in line and _USERS_RE.search(line))
    impact = _shorten(impact_text) if impact_text else None
    if (impact is None or not _DIGIT_RE.search(impact)) and summary:
        impact = _shorten(summary) or impact
    incident = parse_date(front.get("incident_date") or front.get("date") or "", day_first=day_first)
    review = parse_date(front.get("review_date") or "", day_first=day_first)
    return Fields(
        title=_title(lines, front),
        incident_date=incident or _incident_date(lines, labelled, day_first),
        review_date=review or _review_date(lines, labelled, day_first),
        services=_services(labelled, impact_text, lines),
        impact=impact,
        report_date=_report_date(labelled, day_first),
    )


def _report_date(labelled: list[tuple[int, str, str]], day_first: bool) -> date | None:
    for _, label, value in labelled:
        if value and _REPORT_LABEL_RE.match(label):
            return parse_date(value, day_first=day_first)
    return None
