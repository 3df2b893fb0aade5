"""Every report format, parsed back: JSON against its documented schema, markdown and CSV tables,
HTML escaping, and output that does not depend on the order rows come in."""

from __future__ import annotations

import csv
import html
import io
import json
import random
import re
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from typing import Any

import pytest

from tracker.config import Person
from tracker.people import People
from tracker.report import FORMATS, render, render_slack
from tracker.report.build import Report, ReportOptions, assemble
from tracker.report.flags import FLAGS, Flag, FlagSettings, Targets
from tracker.report.owners import Names
from tracker.report.render_csv import COLUMNS
from tracker.report.render_json import SCHEMA_VERSION
from tracker.store.reader import ItemRow, LinkInfo, PostmortemView

AS_OF = date(2026, 11, 22)
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
NASTY = "<script>alert(\"x\")</script> | a*b* `c` [d](e) & 'q'"
PMS = {
    "PM-1": PostmortemView("PM-1", "Checkout <outage>", "pm/checkout.md", date(2026, 10, 1), None),
    "PM-2": PostmortemView("PM-2", "DNS failure", "pm/dns.md", None, "gh", ("gh",)),
}
PEOPLE = People({"Alice Chen": Person(github="alice-gh", aliases=["alice"])})


def _row(num: int, **fields: object) -> ItemRow:
    values: dict[str, object] = {
        "num": num,
        "id": f"AI-{num}",
        "postmortem_id": "PM-1",
        "text": f"Item {num}",
        "owner": "Alice Chen",
        "due": None,
        "due_derived": False,
        "status": "open",
        "updated": NOW,
        "links": (),
    }
    values.update(fields)
    return ItemRow(**values)  # type: ignore[arg-type]


def _link(state: str = "linked", url: str = "https://github.com/acme/x/issues/7", assigned: bool = True) -> LinkInfo:
    return LinkInfo("gh", state, "7", url, NOW, assigned)


def rows() -> list[ItemRow]:
    return [
        _row(1, text=NASTY, due=AS_OF - timedelta(days=5), links=(_link(),)),
        _row(2, owner="alice", due=AS_OF + timedelta(days=2), due_derived=True, postmortem_id="PM-2"),
        _row(3, owner=None, due=None),
        _row(4, owner="Bob", due=AS_OF - timedelta(days=1), links=(_link("broken"),)),
        _row(
            5,
            owner="Bob",
            status="in_progress",
            due=AS_OF - timedelta(days=40),
            text="=HYPERLINK(1)",
            links=(_link(url='javascript:alert(1)"', assigned=False),),
        ),
        _row(6, owner="Bob", due=AS_OF - timedelta(days=2)),
        _row(7, owner="Carol", due=AS_OF + timedelta(days=90), updated=NOW - timedelta(days=100)),
        _row(8, due=AS_OF + timedelta(days=60)),  # open, nothing flagged
    ]


def build(items: list[ItemRow] | None = None, **options: Any) -> Report:
    settings = FlagSettings(AS_OF, 7, 30, UTC)
    targets = Targets(PEOPLE, {"gh": "github"}, ("gh",))
    return assemble(
        items if items is not None else rows(),
        PMS,
        settings,
        targets,
        Names(PEOPLE),
        ReportOptions(**options),
        "UTC",
    )


# the report object ----------------------------------------------------------------------------


def test_groups_are_owners_worst_first_then_no_owner_then_broken_links() -> None:
    report = build()
    assert [(g.kind, g.name) for g in report.groups] == [
        ("owner", "Bob"),
        ("owner", "Alice Chen"),
        ("owner", "Carol"),
        ("no_owner", "no owner"),
        ("broken_link", "broken link"),
    ]
    alice = report.groups[1]
    assert [i.row.id for i in alice.items] == ["AI-1", "AI-2"]  # alias merged into the person
    assert [i.row.id for i in report.groups[-1].items] == ["AI-4"]


def test_summary_counts_per_flag_and_per_owner() -> None:
    report = build()
    assert report.open == 8 and report.flagged == 7
    assert [report.counts[f] for f in FLAGS] == [4, 1, 1, 1, 1, 4, 1, 0]  # needs_review: none proposed
    bob = next(s for s in report.owners if s.owner == "Bob")
    assert (bob.open, bob.flagged, bob.counts[Flag.OVERDUE], bob.counts[Flag.UNASSIGNABLE]) == (3, 3, 3, 3)
    assert [s.owner for s in report.owners] == ["Bob", "Alice Chen", "Carol", None]


def test_only_restricts_the_flags_and_fail_on_looks_at_all_of_them() -> None:
    report = build(only=frozenset({Flag.STALE}), fail_on=frozenset({Flag.OVERDUE}))
    assert report.shown == (Flag.STALE,)
    assert [i.row.id for g in report.groups for i in g.items] == ["AI-7"]
    assert report.failing == 4


def test_target_keeps_items_linked_to_it_or_headed_there() -> None:
    # AI-2's postmortem goes to gh; the others have no postmortem target and gh is the default
    assert {i.row.id for g in build(target="gh").groups for i in g.items} == {
        "AI-1",
        "AI-2",
        "AI-3",
        "AI-4",
        "AI-5",
        "AI-6",
        "AI-7",
    }
    targets = Targets(PEOPLE, {"gh": "github", "jira": "jira"}, ("jira",))
    assert targets.of(rows()[1], ("gh",)) == ("gh",)  # the postmortem's target wins over the default
    assert targets.of(rows()[2], ()) == ("jira",)
    assert targets.of(rows()[2], ("gh", "jira")) == ("gh", "jira")  # a postmortem on two trackers
    assert targets.of(rows()[0], ("jira",)) == ("gh", "jira")  # linked on gh, and going to jira
    assert targets.of(rows()[0], ("gh",)) == ("gh",)
    assert targets.of(_row(3, targets=("gh",)), ("jira",)) == ("gh",)  # the item's own targets win
    assert Targets(PEOPLE).of(rows()[2], ()) == ()


def test_the_order_rows_come_in_does_not_change_any_output() -> None:
    shuffled = rows()
    random.Random(3).shuffle(shuffled)
    for fmt in FORMATS:
        assert render(build(shuffled), fmt) == render(build(), fmt), fmt


# JSON -----------------------------------------------------------------------------------------

ITEM_KEYS: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "text": str,
    "owner": (str, type(None)),
    "status": str,
    "due": (str, type(None)),
    "due_derived": bool,
    "days_overdue": (int, type(None)),
    "days_until_due": (int, type(None)),
    "days_idle": int,
    "flags": list,
    "notes": list,
    "postmortem": dict,
    "links": list,
}


def check_schema(doc: dict[str, Any]) -> None:
    """The schema written down in tracker/report/render_json.py."""
    assert set(doc) == {
        "schema_version",
        "as_of",
        "timezone",
        "settings",
        "filters",
        "flags",
        "summary",
        "fail_on",
        "groups",
    }
    assert doc["schema_version"] == SCHEMA_VERSION == 1
    date.fromisoformat(doc["as_of"])
    assert set(doc["settings"]) == {"due_soon_days", "stale_days"}
    assert set(doc["filters"]) == {"owner", "postmortem", "target", "only"}
    assert set(doc["flags"]) <= {f.value for f in FLAGS}
    summary = doc["summary"]
    assert set(summary) == {"open", "flagged", "flags", "owners"}
    assert list(summary["flags"]) == doc["flags"]
    owner_flags = [f for f in doc["flags"] if f != "needs_review"]  # proposed items are no owner's open items
    for owner in summary["owners"]:
        assert set(owner) == {"owner", "open", "flagged", "flags"} and list(owner["flags"]) == owner_flags
    assert set(doc["fail_on"]) == {"flags", "items"}
    for group in doc["groups"]:
        assert set(group) == {"kind", "name", "items"} and group["kind"] in (
            "owner",
            "no_owner",
            "broken_link",
            "needs_review",
        )
        for item in group["items"]:
            assert set(item) == set(ITEM_KEYS)
            for key, kind in ITEM_KEYS.items():
                assert isinstance(item[key], kind), (key, item[key])
            assert set(item["postmortem"]) == {"id", "title", "incident_date"}
            assert all(set(link) == {"target", "key", "url", "state"} for link in item["links"])
            assert set(item["flags"]) <= set(doc["flags"])


def test_json_follows_the_documented_schema_and_keeps_values() -> None:
    doc = json.loads(render(build(), "json"))
    check_schema(doc)
    first = doc["groups"][1]["items"][0]
    assert first["text"] == NASTY and first["flags"] == ["overdue"] and first["days_overdue"] == 5
    assert first["postmortem"] == {"id": "PM-1", "title": "Checkout <outage>", "incident_date": "2026-10-01"}
    derived = doc["groups"][1]["items"][1]
    assert (derived["due"], derived["due_derived"], derived["days_until_due"]) == ("2026-11-24", True, 2)
    assert doc["summary"]["flags"]["overdue"] == 4


def test_json_of_an_empty_report_is_valid() -> None:
    doc = json.loads(render(build([]), "json"))
    check_schema(doc)
    assert doc["groups"] == [] and doc["summary"]["flagged"] == 0


def test_json_item_encoding_matches_the_json_module() -> None:
    doc = json.loads(render(build(), "json"))
    line = next(ln for ln in render(build(), "json").splitlines() if '"id":"AI-1"' in ln).strip().rstrip(",")
    item = doc["groups"][1]["items"][0]
    assert line == json.dumps(item, ensure_ascii=False, separators=(",", ":"))


# markdown -------------------------------------------------------------------------------------


def md_tables(text: str) -> dict[str, list[dict[str, str]]]:
    """Each `## heading` with its table, cells unescaped."""
    tables: dict[str, list[dict[str, str]]] = {}
    for section in text.split("\n## ")[1:]:
        heading, *lines = section.splitlines()
        cells = [
            [html.unescape(re.sub(r"\\(.)", r"\1", c.strip())) for c in re.split(r"(?<!\\)\|", ln)[1:-1]]
            for ln in lines
            if ln.startswith("|")
        ]
        head, _rule, *body = cells
        tables[heading] = [dict(zip(head, r, strict=True)) for r in body]
    return tables


def test_markdown_tables_parse_back_with_escaped_cells() -> None:
    text = render(build(), "markdown")
    assert "<script" not in text and "</script" not in text
    tables = md_tables(text)
    assert list(tables) == ["Bob (2)", "Alice Chen (2)", "Carol (1)", "no owner (1)", "broken link (1)"]
    assert [r["ID"] for r in tables["Bob (2)"]] == ["AI-5", "AI-6"]
    alice = tables["Alice Chen (2)"]
    assert alice[0]["Item"] == NASTY
    assert alice[0]["Overdue"] == "5d" and alice[0]["Issue"] == "[7](https://github.com/acme/x/issues/7)"
    assert alice[1]["Due"] == "2026-11-24 (derived)"
    assert tables["broken link (1)"][0]["Owner"] == "Bob"
    assert tables["Bob (2)"][0]["Issue"] == "7"  # a javascript: URL is not made a link


def test_markdown_summary_has_counts_per_flag_and_per_owner() -> None:
    text = render(build(), "markdown")
    assert "**7 of 8 open items flagged: 4 overdue, 1 due soon, 1 stale, 1 no due date," in text
    owners = [ln for ln in text.splitlines() if ln.startswith("| Bob |")]
    assert owners == ["| Bob | 3 | 3 | 3 | 0 | 0 | 0 | 0 | 3 | 1 |"]


# CSV ------------------------------------------------------------------------------------------


def test_csv_has_one_row_per_flagged_item_and_parses_back() -> None:
    parsed = list(csv.DictReader(io.StringIO(render(build(), "csv"))))
    assert tuple(parsed[0]) == COLUMNS
    assert [r["id"] for r in parsed] == ["AI-5", "AI-6", "AI-1", "AI-2", "AI-7", "AI-3", "AI-4"]
    by_id = {r["id"]: r for r in parsed}
    assert by_id["AI-1"]["text"] == NASTY and by_id["AI-1"]["flags"] == "overdue"
    assert by_id["AI-2"]["due_derived"] == "true" and by_id["AI-2"]["due"] == "2026-11-24"
    assert by_id["AI-5"]["text"] == "'=HYPERLINK(1)"  # defused for spreadsheets
    assert by_id["AI-5"]["flags"] == "overdue;unassignable" and by_id["AI-5"]["days_overdue"] == "40"
    assert by_id["AI-4"]["group"] == "broken link" and by_id["AI-4"]["link_state"] == "broken"


# HTML -----------------------------------------------------------------------------------------


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_every_value_and_has_no_scripts_or_external_assets() -> None:
    page = render(build(), "html")
    parser = Collect()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags and "link" not in parser.tags
    assert NASTY in parser.text  # item text comes back as text
    assert "Checkout <outage> (PM-1)" in parser.text
    hrefs = [v for k, v in parser.attrs if k == "href"]
    assert hrefs == ["https://github.com/acme/x/issues/7"] * 2  # AI-1 and AI-4; AI-5's javascript: URL is no link
    assert not any(k.startswith("on") for k, _ in parser.attrs)
    assert "http" not in "".join(v or "" for k, v in parser.attrs if k in ("src",))


def test_html_marks_overdue_rows_derived_dates_and_has_a_bar_per_owner() -> None:
    page = render(build(), "html")
    assert page.count('<tr class="overdue" style="background:#ffebe9">') == 4
    assert '<span class="derived">2026-11-24 (derived)</span>' in page
    chart = page.split('<table class="chart"', 1)[1].split("</table>", 1)[0]
    assert chart.count("<tr>") == 4  # Bob, Alice Chen, Carol, (no owner)
    assert "width:240px" in chart  # the largest open count fills the bar


def test_html_quotes_in_urls_stay_inside_the_attribute() -> None:
    item = _row(1, due=AS_OF - timedelta(days=1), links=(_link(url='https://x.example/a"onclick="alert(1)'),))
    parser = Collect()
    parser.feed(render(build([item]), "html"))
    assert ("href", 'https://x.example/a"onclick="alert(1)') in parser.attrs
    assert "onclick" not in [k for k, _ in parser.attrs]


# table ----------------------------------------------------------------------------------------


def test_table_lists_each_group_and_colours_overdue_only_when_asked() -> None:
    plain = render(build(), "table", width=160)
    assert "\x1b[" not in plain
    for needle in (
        "Bob (2)",
        "no owner (1)",
        "broken link (1)",
        "2026-11-24 (derived)",
        "overdue 40d",
        NASTY[:20],
    ):
        assert needle in plain, needle
    coloured = render(build(), "table", width=160, color=True)
    assert "\x1b[31m" in coloured


def test_large_reports_get_plain_tables_with_the_same_content(monkeypatch: pytest.MonkeyPatch) -> None:
    from tracker.report import render_table

    monkeypatch.setattr(render_table, "RICH_LIMIT", 3)
    plain = render(build(), "table", width=200)
    assert "┃" not in plain and "\x1b[" not in plain
    for needle in ("Bob (2)", "no owner (1)", "broken link (1)", "2026-11-24 (derived)", "overdue 40d", NASTY):
        assert needle in plain, needle
    lines = render(build(), "table", width=200, color=True).splitlines()
    assert [ln[5:9] for ln in lines if ln.startswith("\x1b[31m")] == ["AI-5", "AI-6", "AI-1", "AI-4"]  # overdue


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_the_same_twice(fmt: str) -> None:
    assert render(build(), fmt) == render(build(), fmt)


# Slack ----------------------------------------------------------------------------------------


def test_slack_message_escapes_every_value_and_keeps_the_group_order() -> None:
    message = render_slack.render(build())
    blocks = message["blocks"]
    assert isinstance(blocks, list) and blocks[0]["type"] == "header"
    text = json.dumps(message)
    assert "<script>" not in text and "&lt;script&gt;" in text  # mrkdwn: & < > escaped
    assert "javascript:" not in text  # only http(s) issue links become links
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"][1:]
    assert [s.split("*")[1] for s in sections] == [g.name for g in build().groups]


def test_a_long_slack_group_continues_in_the_next_section() -> None:
    many = [_row(n, text="word " * 100, due=AS_OF - timedelta(days=1)) for n in range(1, 40)]
    blocks = render_slack.render(build(many))["blocks"]
    assert isinstance(blocks, list)
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert len(sections) > 3 and all(len(s) <= render_slack.MAX_SECTION for s in sections)
    assert sum(s.count("• ") for s in sections) + _more(blocks) == 39


def _more(blocks: list[dict[str, object]]) -> int:
    for block in blocks:
        found = re.search(r"… (\d+) more items", json.dumps(block, ensure_ascii=False))
        if found:
            return int(found.group(1))
    return 0


# needs review ---------------------------------------------------------------------------------


def _with_proposed() -> list[ItemRow]:
    return [
        *rows(),
        _row(9, status="proposed", owner="Bob", due=AS_OF - timedelta(days=9)),  # never overdue: not open yet
        _row(10, status="proposed", owner=None, text="Better dashboards"),
    ]


def test_proposed_items_form_the_last_group_and_count_apart_from_open_items() -> None:
    report = build(_with_proposed())
    last = report.groups[-1]
    assert (last.kind, last.name, [i.row.id for i in last.items]) == ("needs_review", "needs review", ["AI-9", "AI-10"])
    assert all(i.flags.flags == (Flag.NEEDS_REVIEW,) for i in last.items)
    assert report.open == 8 and report.counts[Flag.NEEDS_REVIEW] == 2 and report.needs_review == 2
    bob = next(s for s in report.owners if s.owner == "Bob")
    assert (bob.open, bob.flagged) == (3, 3) and Flag.NEEDS_REVIEW not in bob.counts
    assert report.counts[Flag.OVERDUE] == 4  # as without them


def test_only_and_fail_on_needs_review() -> None:
    only = build(_with_proposed(), only=frozenset({Flag.NEEDS_REVIEW}))
    assert [g.kind for g in only.groups] == ["needs_review"]
    assert build(_with_proposed(), fail_on=frozenset({Flag.NEEDS_REVIEW})).failing == 2
    overdue = build(_with_proposed(), only=frozenset({Flag.OVERDUE}))
    assert "needs_review" not in [g.kind for g in overdue.groups] and overdue.needs_review == 0


def test_every_format_shows_the_needs_review_group_and_count() -> None:
    report = build(_with_proposed())
    summary = "7 of 8 open items flagged: 4 overdue, 1 due soon, 1 stale, 1 no due date, 1 ownerless, "
    summary += "4 unassignable, 1 broken link; 2 proposed items need review"
    doc = json.loads(render(report, "json"))
    check_schema(doc)
    assert doc["summary"]["flags"]["needs_review"] == 2 and doc["groups"][-1]["kind"] == "needs_review"
    assert [i["status"] for i in doc["groups"][-1]["items"]] == ["proposed", "proposed"]
    tables = md_tables(render(report, "markdown"))
    assert [r["ID"] for r in tables["needs review (2)"]] == ["AI-9", "AI-10"]
    assert tables["needs review (2)"][0]["Owner"] == "Bob"
    assert f"**{summary}**" in render(report, "markdown")
    assert "needs review" not in render(report, "markdown").split("\n## ")[0].split("| Owner |")[1]  # no owner column
    parsed = list(csv.DictReader(io.StringIO(render(report, "csv"))))
    assert [(r["id"], r["group"], r["flags"]) for r in parsed[-2:]] == [
        ("AI-9", "needs review", "needs_review"),
        ("AI-10", "needs review", "needs_review"),
    ]
    assert "needs review (2)" in render(report, "html") and summary in render(report, "html")
    table = render(report, "table", width=200)
    assert "needs review (2)" in table and summary in table.replace("\n", " ")
    message = json.dumps(render_slack.render(report))
    assert "*needs review* (2)" in message and "2 proposed items need review" in message


def test_the_summary_leaves_needs_review_out_when_there_is_none() -> None:
    assert "review" not in render(build(), "markdown").split("\n")[4]
