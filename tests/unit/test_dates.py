"""Absolute and relative dates as postmortems write them."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.dates import find_dates, find_relative, parse_date, require_date, resolve_relative
from tracker.errors import InputError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("April 1st, 2024", date(2024, 4, 1)),
        ("April  1st, 2024", date(2024, 4, 1)),
        ("march 17, 2024", date(2024, 3, 17)),
        ("Nov 3rd 2025", date(2025, 11, 3)),
        ("August 12 2025", date(2025, 8, 12)),
        ("1 April 2024", date(2024, 4, 1)),
        ("1st of April, 2024", date(2024, 4, 1)),
        ("06/May/2022 2:17 PM", date(2022, 5, 6)),
        ("2024-04-01", date(2024, 4, 1)),
        ("2024/4/1", date(2024, 4, 1)),
        ("04/01/2024", date(2024, 4, 1)),
        ("4/1/24", date(2024, 4, 1)),
        ("31/01/2024", date(2024, 1, 31)),
        ("Started 2024-04-01T10:00Z", date(2024, 4, 1)),
    ],
)
def test_absolute_dates(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_day_first_switches_ambiguous_numeric_dates() -> None:
    assert parse_date("04/01/2024", day_first=True) == date(2024, 1, 4)
    assert parse_date("31/01/2024", day_first=True) == date(2024, 1, 31)
    assert parse_date("April 1, 2024", day_first=True) == date(2024, 4, 1)


@pytest.mark.parametrize("text", ["Flutter 1.12.13", "v1.2.2024", "February 30, 2024", "2024-13-01", "no date", ""])
def test_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_year_less_dates_take_the_anchor_year_rolled_forward() -> None:
    assert parse_date("Due May 3", after=date(2024, 3, 1)) == date(2024, 5, 3)
    assert parse_date("Due Jan 3", after=date(2024, 3, 1)) == date(2025, 1, 3)
    assert parse_date("Due 3 May", default_year=2023) == date(2023, 5, 3)
    assert parse_date("Due May 3") is None


def test_find_dates_gives_spans_in_order() -> None:
    found = list(find_dates("from June 3, 2024 to 2024-06-04"))
    assert [(f.start, f.value) for f in found] == [(5, date(2024, 6, 3)), (21, date(2024, 6, 4))]


ANCHOR = date(2024, 3, 13)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("within two weeks", date(2024, 3, 27)),
        ("within 2 weeks of the review", date(2024, 3, 27)),
        ("within the next 10 business days", date(2024, 3, 23)),
        ("in 30 days", date(2024, 4, 12)),
        ("in a month", date(2024, 4, 13)),
        ("within three months", date(2024, 6, 13)),
        ("by end of Q2", date(2024, 6, 30)),
        ("by the end of Q1", date(2024, 3, 31)),
        ("by end of Q1 2025", date(2025, 3, 31)),
        ("in Q3", date(2024, 9, 30)),
        ("EOW", date(2024, 3, 15)),
        ("by end of the week", date(2024, 3, 15)),
        ("end of next week", date(2024, 3, 22)),
        ("next week", date(2024, 3, 22)),
        ("EOM", date(2024, 3, 31)),
        ("next month", date(2024, 4, 30)),
        ("end of the quarter", date(2024, 3, 31)),
        ("EOY", date(2024, 12, 31)),
        ("by Friday", date(2024, 3, 15)),
        ("by Wednesday", date(2024, 3, 20)),
        ("by next Monday", date(2024, 3, 18)),
        ("tomorrow", date(2024, 3, 14)),
    ],
)
def test_relative_deadlines(text: str, expected: date) -> None:
    assert resolve_relative(text, ANCHOR) == expected


def test_past_quarter_without_year_means_next_years() -> None:
    assert resolve_relative("by end of Q1", date(2024, 5, 1)) == date(2025, 3, 31)


def test_end_of_week_from_a_weekend_is_the_next_friday() -> None:
    assert resolve_relative("EOW", date(2024, 3, 17)) == date(2024, 3, 22)


def test_month_arithmetic_clamps_to_month_end() -> None:
    assert resolve_relative("in 1 month", date(2024, 1, 31)) == date(2024, 2, 29)


@pytest.mark.parametrize("text", ["as soon as possible", "in the meantime", "on Friday we met", "Q2 planning", ""])
def test_not_relative_deadlines(text: str) -> None:
    assert find_relative(text) is None
    assert resolve_relative(text, ANCHOR) is None


def test_relative_resolution_near_the_end_of_the_calendar_does_not_raise() -> None:
    assert resolve_relative("in 30 days", date(9999, 12, 25)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" 2024-03-17 ", date(2024, 3, 17)),
        ("April 1, 2027", date(2027, 4, 1)),
        ("April 1", date(2027, 4, 1)),  # yearless: the next one
        ("december 24", date(2026, 12, 24)),
        ("EOW", date(2026, 12, 11)),  # 2026-12-06 is a Sunday: the Friday after
        ("next friday", date(2026, 12, 11)),
        ("friday", date(2026, 12, 11)),
        ("in 2 weeks", date(2026, 12, 20)),
        ("end of month", date(2026, 12, 31)),
        ("today", date(2026, 12, 6)),
        ("tomorrow", date(2026, 12, 7)),
    ],
)
def test_require_date_reads_what_the_extractor_reads(text: str, expected: date) -> None:
    assert require_date(text, today=date(2026, 12, 6)) == expected


@pytest.mark.parametrize("text", ["soonish", "2026-13-01", "see 2026-01-01", "", "friday the 13th of never"])
def test_require_date_refuses_anything_but_one_whole_date(text: str) -> None:
    with pytest.raises(InputError, match="not a date"):
        require_date(text, today=date(2026, 12, 6))
