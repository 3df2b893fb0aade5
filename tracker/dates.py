"""Dates as postmortems write them: absolute ("April 1st, 2024", "2024-04-01", "04/01/2024") and
relative deadlines ("within two weeks", "by end of Q2", "EOW", "by Friday").

Pure standard library. Nothing here raises on odd input except `require_date`, which is meant for
command-line options and raises `InputError`.

Relative deadlines resolve against an anchor date (the review date, else the incident date):

- "within / in N days|weeks|months" -> anchor + N
- "EOW", "end of (the) week" -> the Friday of the anchor's week (the next Friday on a weekend)
- "next week" -> the Friday of the following week
- "EOM", "end of (the) month" -> last day of the anchor's month; "next month" -> last day of the next
- "EOQ", "end of (the) quarter" -> last day of the anchor's quarter
- "end of Q2 [2025]", "by Q2" -> last day of that quarter (the next such quarter when no year is given)
- "EOY", "end of (the) year" -> 31 December of the anchor's year
- "end of June [2027]" -> the last day of that month (the next such month when no year is given)
- "by Friday" -> the first Friday after the anchor
- "tomorrow" -> anchor + 1 day
"""

from __future__ import annotations

import calendar
import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from tracker.errors import InputError

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2, "thu": 3,
    "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5, "saturday": 5, "sun": 6,
    "sunday": 6,
}  # fmt: skip
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "thirty": 30, "sixty": 60, "ninety": 90, "a couple of": 2, "a few": 3, "couple of": 2,
}  # fmt: skip

_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORD = r"(?:st|nd|rd|th)?"
_ISO = r"(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})(?![\d])"
_NUMERIC = r"(?P<na>\d{1,2})(?P<sep>[/.-])(?P<nb>\d{1,2})(?P=sep)(?P<ny>\d{4}|(?<=/)\d{2})(?![\d/.-]\d)"
_MDY = _MONTH + r"\s+(?P<md>\d{1,2})" + _ORD + r"(?:,\s*|\s+)(?:of\s+)?(?P<my>\d{4})"
_DMY = r"(?P<dd>\d{1,2})" + _ORD + r"(?:\s+of)?[\s/-]+" + _MONTH.replace("mon>", "dmon>") + r",?[\s/-]+(?P<dy>\d{4})"
_MD = _MONTH.replace("mon>", "mdmon>") + r"\s+(?P<mdd>\d{1,2})" + _ORD + r"(?![\d:])"
_DM = r"(?P<dmd>\d{1,2})" + _ORD + r"(?:\s+of\s+|\s+|-)" + _MONTH.replace("mon>", "dmmon>")

DATE_RE = re.compile(
    rf"(?=[\dadfjmnosADFJMNOS])(?<![\w.])(?:{_ISO}(?=T\d|[^\w]|$)|(?:{_NUMERIC}|{_MDY}|{_DMY})(?!\w))",
    re.IGNORECASE,
)
#: A date without a year: "Dec 1", "Dec 1st", "20 Nov", "20-Nov", "1st of December".
YEARLESS_RE = re.compile(rf"(?<![\w.])(?:{_MD}|{_DM})(?![\w])", re.IGNORECASE)

_NUM = (
    r"(?P<n>\d{1,3}|a couple of|couple of|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|fourteen|fifteen|thirty|sixty|ninety)"
)
_UNIT = r"(?:business\s+|working\s+|calendar\s+)?(?P<unit>days?|weeks?|months?)"
_DAY = (
    r"(?P<wd>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?"
    r"|sun(?:day)?)"
)
RELATIVE_RE = re.compile(
    r"(?=[wibetnqWIBETNQ])(?<![\w-])(?:"
    rf"(?P<within>(?:within|in)\s+(?:the\s+next\s+)?{_NUM}\s+{_UNIT})"
    r"|(?P<quarter>(?:(?:by|before)\s+(?:the\s+)?(?:end\s+of\s+)?|(?:the\s+)?end\s+of\s+|in\s+)"
    r"Q(?P<q>[1-4])(?:\s*'?(?P<qy>\d{4}|\d{2}))?)"
    r"|(?P<monthend>(?:by\s+)?(?:the\s+)?end\s+of\s+" + _MONTH.replace("mon>", "emon>") + r"(?:\s+(?P<ey>\d{4}))?)"
    r"|(?P<endof>(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?(?P<this>this\s+|next\s+)?(?P<period>week|month|quarter|year))"
    r"|(?P<abbr>(?:by\s+)?EO(?P<ab>[WMQY]))"
    r"|(?P<next>(?:by\s+)?next\s+(?P<np>week|month))"
    rf"|(?P<byday>(?:by|before)\s+(?:next\s+|this\s+)?{_DAY})"
    r"|(?P<tomorrow>(?:by\s+)?tomorrow)"
    r")(?![\w-])",
    re.IGNORECASE,
)

#: A weekday alone, as a due cell or annotation may give one ("Friday", "next Fri"): the next such day.
WEEKDAY_RE = re.compile(rf"(?:(?:next|this)\s+)?{_DAY}", re.IGNORECASE)

#: Every absolute or year-less date holds a digit: text without one holds none (`\d`, as the patterns read it).
_DIGIT_RE = re.compile(r"\d")
#: Lower-case pieces that every relative deadline holding no unit or period holds: "EOW" / "EOM" / "EOQ" /
#: "EOY", "Q1"-"Q4", "tomorrow". The others need a unit ("within two weeks"), a period ("end of the
#: year") or, after "by" / "before", a weekday's first three letters ("by Fri").
_RELATIVE_MARKS = ("eow", "eom", "eoq", "eoy", "q1", "q2", "q3", "q4", "tomorrow")
_RELATIVE_UNITS = ("day", "week", "month")
_RELATIVE_PERIODS = ("quarter", "year")
_MONTH_PIECES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WEEKDAY_PIECES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


#: The only characters that Python's case-blind patterns match to ASCII letters ("İ" and "ı" to "i",
#: "ſ" to "s", the Kelvin sign to "k"): text without them matches a case-blind pattern's ASCII letters
#: only with ASCII letters.
_FOLDS_TO_ASCII = "İıſ\u212a"


def folds_as_ascii(text: str) -> bool:
    """Whether a case-blind pattern's ASCII letters match in `text` exactly where they match in
    `text.lower()` as plain lower-case text: true of ASCII text, and of other text without the four
    characters of `_FOLDS_TO_ASCII`. The cheap tests before such patterns test for their words so."""
    if text.isascii():
        return True
    return not any(char in text for char in _FOLDS_TO_ASCII)


def _holds_any(low: str, pieces: tuple[str, ...]) -> bool:
    for piece in pieces:  # noqa: SIM110 (a plain loop: this runs for every item)
        if piece in low:
            return True
    return False


def may_be_relative(text: str) -> bool:
    """A cheap test before `RELATIVE_RE`: False only when `text` cannot hold a relative deadline. Text
    is tested for the words each form of deadline needs as plain lower-case text (what the case-blind
    pattern needs there), unless it holds a character the pattern folds onto an ASCII letter
    (`folds_as_ascii`): that text is left to the pattern."""
    if not folds_as_ascii(text):
        return True
    low = text.lower()
    if _holds_any(low, _RELATIVE_MARKS):
        return True
    unit = _holds_any(low, _RELATIVE_UNITS)
    if unit and "in" in low:
        return True  # "within / in N days|weeks|months"
    if ("end" in low or "next" in low) and (unit or _holds_any(low, _RELATIVE_PERIODS)):
        return True  # "end of the quarter", "next week"
    if "end" in low and _holds_any(low, _MONTH_PIECES):
        return True  # "by the end of June"
    return ("by" in low or "before" in low) and _holds_any(low, _WEEKDAY_PIECES)  # "by Friday"


def has_digit(text: str) -> bool:
    """Whether `text` holds a digit, which every date with or without a year does."""
    return _DIGIT_RE.search(text) is not None


@dataclass(frozen=True, slots=True)
class DateMatch:
    start: int
    end: int
    value: date


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value


def _numeric(a: int, b: int, year: int, day_first: bool) -> date | None:
    if a > 12 or (day_first and b <= 12):
        return _make(year, b, a)
    return _make(year, a, b)


def _from_match(m: re.Match[str], day_first: bool) -> date | None:
    g = m.group  # the groups one form needs, by name (cheaper than building the whole groupdict)
    if g("iy"):
        return _make(int(g("iy")), int(g("im")), int(g("id")))
    if g("na"):
        return _numeric(int(g("na")), int(g("nb")), _year(g("ny")), day_first)
    if g("mon"):
        return _make(int(g("my")), MONTHS[g("mon").lower().rstrip(".")], int(g("md")))
    return _make(int(g("dy")), MONTHS[g("dmon").lower().rstrip(".")], int(g("dd")))


def find_dates(text: str, *, day_first: bool = False) -> Iterator[DateMatch]:
    """Every absolute date (with a year) in `text`, in order."""
    if _DIGIT_RE.search(text) is None:
        return
    for m in DATE_RE.finditer(text):
        value = _from_match(m, day_first)
        if value is not None:
            yield DateMatch(m.start(), m.end(), value)


def _whole_iso_day(text: str) -> date | None:
    """The day `text` names when it is exactly an ISO date in ASCII digits ("2025-03-04") and a real
    day, else None (then `parse_date` reads it with the patterns)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not text.isascii():
        return None
    year, month, day = text[:4], text[5:7], text[8:]
    if not (year.isdigit() and month.isdigit() and day.isdigit()):
        return None
    return _make(int(year), int(month), int(day))


def _first_full_date(text: str, day_first: bool) -> date | None:
    """The first date with a year in `text` (`find_dates`' first value, without its DateMatch)."""
    iso = _whole_iso_day(text)
    if iso is not None:
        return iso  # the commonest due date, and the first match `DATE_RE` would give it
    for found in DATE_RE.finditer(text):
        value = _from_match(found, day_first)
        if value is not None:
            return value
    return None


#: Texts up to this long (a due date as written: "March 03, 2025") have their first date remembered
#: across documents, in a bounded cache: the same deadlines recur from one postmortem to the next.
_KEPT_DATE = 40
_kept_full_date = lru_cache(maxsize=4096)(_first_full_date)


def parse_date(
    text: str, *, day_first: bool = False, default_year: int | None = None, after: date | None = None
) -> date | None:
    """The first date in `text`, else None. A date without a year ("May 3") takes `default_year`
    (or the year of `after`, rolled forward so it is not before `after`)."""
    if _DIGIT_RE.search(text) is None:
        return None  # both patterns need a digit
    full = _kept_full_date(text, day_first) if len(text) <= _KEPT_DATE else _first_full_date(text, day_first)
    if full is not None:
        return full
    year = default_year if default_year is not None else (after.year if after else None)
    if year is None:
        return None
    m = YEARLESS_RE.search(text)
    if not m:
        return None
    month_name = m.group("mdmon") or m.group("dmmon")
    day = int(m.group("mdd") or m.group("dmd"))
    value = _make(year, MONTHS[month_name.lower().rstrip(".")], day)
    if value is not None and after is not None and default_year is None and value < after:
        value = _make(year + 1, value.month, value.day)
    return value


def has_yearless_date(text: str) -> bool:
    """Whether `text` names a day without a year ("by Dec 1"): which year it means needs a date to count from."""
    if _DIGIT_RE.search(text) is None:
        return False
    return next(find_dates(text), None) is None and YEARLESS_RE.search(text) is not None


def require_date(text: str, *, today: date, day_first: bool = False) -> date:
    """A date given on the command line, in any form a document may use: "2026-04-01",
    "April 1, 2026", "April 1" (the next one), "EOW", "next friday", "in 2 weeks", "today".
    Relative forms count from `today`. InputError when the whole text is not one date."""
    wanted = " ".join(text.split())
    if wanted.lower() == "today":
        return today
    for phrase in (wanted, f"by {wanted}"):
        m = RELATIVE_RE.fullmatch(phrase)
        if m is not None:
            with contextlib.suppress(ValueError, OverflowError):
                return _resolve(m, today)
    found = next(find_dates(wanted, day_first=day_first), None)
    if found is not None and (found.start, found.end) == (0, len(wanted)):
        return found.value
    m = YEARLESS_RE.fullmatch(wanted)
    value = parse_date(wanted, day_first=day_first, after=today) if m else None
    if value is None:
        raise InputError(
            f"{text!r} is not a date (use YYYY-MM-DD, or forms like April 1, 2026 / EOW / next friday / in 2 weeks)"
        )
    return value


def _add_months(anchor: date, months: int) -> date:
    index = anchor.month - 1 + months
    year, month = anchor.year + index // 12, index % 12 + 1
    return date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _quarter_end(year: int, quarter: int) -> date:
    return _month_end(year, quarter * 3)


def _friday_of_week(anchor: date) -> date:
    if anchor.weekday() > 4:
        return anchor + timedelta(days=11 - anchor.weekday())
    return anchor + timedelta(days=4 - anchor.weekday())


def _within(g: re.Match[str], anchor: date) -> date:
    raw = (g["n"] or "1").lower()
    count = int(raw) if raw.isdigit() else NUMBER_WORDS.get(" ".join(raw.split()), 1)
    unit = (g["unit"] or "days").lower()
    if unit.startswith("month"):
        return _add_months(anchor, count)
    return anchor + timedelta(days=count * (7 if unit.startswith("week") else 1))


def _quarter(g: re.Match[str], anchor: date) -> date:
    quarter = int(g["q"] or 1)
    if g["qy"]:
        return _quarter_end(_year(g["qy"]), quarter)
    end = _quarter_end(anchor.year, quarter)
    return end if end >= anchor else _quarter_end(anchor.year + 1, quarter)


def _end_of_month_named(g: re.Match[str], anchor: date) -> date:
    """ "end of June [2027]": that month's last day, in the year given, else the next one from `anchor`."""
    month = MONTHS[g["emon"].lower().rstrip(".")]
    if g["ey"]:
        return _month_end(int(g["ey"]), month)
    end = _month_end(anchor.year, month)
    return end if end >= anchor else _month_end(anchor.year + 1, month)


def _period_end(period: str, anchor: date, shift: int) -> date:
    if period.startswith("w"):
        return _friday_of_week(anchor + timedelta(days=7 * shift))
    if period.startswith("m"):
        moved = _add_months(anchor.replace(day=1), shift)
        return _month_end(moved.year, moved.month)
    if period.startswith("q"):
        index = (anchor.month - 1) // 3 + shift
        return _quarter_end(anchor.year + index // 4, index % 4 + 1)
    return date(anchor.year + shift, 12, 31)


def _resolve(m: re.Match[str], anchor: date) -> date:
    g = m  # its groups by name, as `m["within"]` (cheaper than building the whole groupdict)
    if g["within"]:
        return _within(g, anchor)
    if g["quarter"]:
        return _quarter(g, anchor)
    if g["monthend"]:
        return _end_of_month_named(g, anchor)
    if g["endof"]:
        shift = 1 if (g["this"] or "").strip().lower() == "next" else 0
        return _period_end((g["period"] or "week").lower(), anchor, shift)
    if g["abbr"]:
        return _period_end({"W": "week", "M": "month", "Q": "quarter"}.get(g["ab"].upper(), "year"), anchor, 0)
    if g["next"]:
        return _period_end((g["np"] or "week").lower(), anchor, 1)
    if g["byday"]:
        target = WEEKDAYS[g["wd"].lower()]
        return anchor + timedelta(days=(target - anchor.weekday() - 1) % 7 + 1)
    return anchor + timedelta(days=1)


def find_relative(text: str) -> re.Match[str] | None:
    """The first relative deadline phrase in `text` ("within two weeks", "EOW", ...), else None."""
    return RELATIVE_RE.search(text) if may_be_relative(text) else None


def resolve_relative(text: str, anchor: date) -> date | None:
    """The date the first relative deadline in `text` means, counted from `anchor`; None without one."""
    m = find_relative(text)
    return None if m is None else resolve_phrase(m, anchor)


def resolve_phrase(m: re.Match[str], anchor: date) -> date | None:
    """The date a relative deadline `find_relative` found means, counted from `anchor`; None when it
    leaves the calendar."""
    try:
        return _resolve(m, anchor)
    except (ValueError, OverflowError):
        return None
