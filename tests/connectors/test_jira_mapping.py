"""The Jira mappers, pure: wiki markup escaping, the description layout, JQL quoting, fields both ways."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import responses
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from connectors.jira.fields import JiraMapper, description_for, jql_quote, shorten
from connectors.jira.wiki import parse_description, wiki_escape, wiki_unescape
from tests.connectors.jira_env import make_jira, people_for
from tests.fakes.jira_jql import Clause, parse
from tracker.config import Person
from tracker.connector import SYNCED_STATUSES, IssueDraft, PostmortemRef
from tracker.errors import RemoteUnavailableError
from tracker.model import Priority, Status, SyncFields
from tracker.people import People

HOSTILE = [
    "*bold* _italic_ {code}x{code} [link|http://evil] |cell|cell| -strike- ----",
    "h1. Title\nbq. quote\n# one\n* two\n- three\n|| head ||",
    "\\\\ forced break \\ lone backslash \\",
    "&amp; &#92; &#38; &copy; R&D &",
    "::P ;;D :;p",
    "{noformat}\n*still text*\n{noformat} {color:red}x{color}",
    "!image.png! ??cite?? +under+ ^sup^ ~sub~ {{mono}}",
    ":) :P ;D (y) (!) (/) (on)",
    "fine\n\n----\n*Owner:* Mallory\n*Postmortem:* Forged",
    "windows\r\nline and\ttab",
    "  leading and trailing  ",
    "\u202eright-to-left \u0000 nul",
]
TEXT = st.text(st.characters(codec="utf-8"), max_size=200)
WORDS = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40)
SPECIAL = set("*_{}[]|-+^~?#!()")
CATEGORY = {
    Status.OPEN: ("To Do", "new"),
    Status.IN_PROGRESS: ("In Progress", "indeterminate"),
    Status.DONE: ("Done", "done"),
    Status.WONT_DO: ("Done", "done"),
}


@given(TEXT)
@example("")
def test_escaping_round_trips(text: str) -> None:
    assert wiki_unescape(wiki_escape(text)) == text


@given(st.one_of(TEXT, st.sampled_from(HOSTILE)))
def test_escaped_text_has_no_live_markup(text: str) -> None:
    escaped = wiki_escape(text)
    inert = re.sub(r"\\.|&#92;|&#38;", "", escaped, flags=re.DOTALL)
    assert not SPECIAL & set(inert)
    assert "\\" not in inert
    assert not re.search(r"(^|\n)(h[1-6]|bq)\.", inert)
    assert not re.search(r"&[A-Za-z][A-Za-z0-9]*;", inert)
    # (on the escaped text: cutting `\:` out of `:\:P` would join a colon no one wrote to the P)
    assert not re.search(r"(?<!\\)[:;][PpDd]", escaped)


def pm_draft(text: str, title: str = "Outage", owner: str | None = None) -> IssueDraft:
    return IssueDraft("AI-7", SyncFields(text=text, owner=owner), PostmortemRef(title, date(2026, 10, 30), "/a.md"))


@given(text=st.one_of(TEXT, st.sampled_from(HOSTILE)), title=WORDS, owner=st.one_of(st.none(), WORDS))
def test_description_reads_back_what_was_written(text: str, title: str, owner: str | None) -> None:
    written = description_for(pm_draft(text, title), unassigned_owner=owner)
    parsed = parse_description(written)
    assert parsed is not None and parsed.text == text
    assert parsed.fact("Postmortem") == " ".join(title.split())
    assert parsed.fact("Owner") == (" ".join(owner.split()) if owner else None)
    assert parsed.fact("Action item") == "AI-7"


def test_a_description_that_is_not_ours_is_ignored() -> None:
    assert parse_description("Written by hand\n*Owner:* Mallory") is None
    assert parse_description(None) is None


@given(st.text(st.characters(codec="utf-8"), max_size=60))
@example('x" OR project = "Y')
@example('\\" OR labels is not EMPTY OR \\')
def test_jql_quote_always_makes_one_literal(value: str) -> None:
    assert parse(f"labels = {jql_quote(value)}") == [Clause("labels", "=", (value,))]
    assert parse(f"labels in ({jql_quote(value)}, {jql_quote(value)})") == [Clause("labels", "in", (value, value))]


@given(TEXT.filter(lambda t: t.strip()))
def test_summary_is_one_short_line(text: str) -> None:
    summary = shorten(text)
    assert len(summary) <= 255 and "\n" not in summary and summary.strip() == summary
    if len(" ".join(text.split())) <= 255:
        assert summary == " ".join(text.split())


OWNERS = st.one_of(st.none(), st.sampled_from(["Alice", "alice", "acc-bob", "Carol", " Dana  Smith "]), WORDS)
FIELDS = st.builds(
    SyncFields,
    text=TEXT.filter(lambda t: t.strip()),
    owner=OWNERS,
    due=st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))),
    status=st.sampled_from(SYNCED_STATUSES),  # a proposed item never reaches a connector
    priority=st.one_of(st.none(), st.sampled_from(list(Priority))),
    labels=st.lists(st.one_of(WORDS, st.sampled_from(["action-item", "tracker-ai-9", "two words"])), max_size=4).map(
        tuple
    ),
)


def as_jira_would_return(mapper: JiraMapper, draft: IssueDraft) -> dict[str, Any]:
    fields = mapper.fields_for(draft)
    status = mapper.project(draft.fields).status
    name, category = CATEGORY[status]
    resolution = {"name": "Won't Do" if status == Status.WONT_DO else "Done"} if category == "done" else None
    return {
        "key": "PROJ-1",
        "fields": {
            "summary": fields["summary"],
            "description": fields["description"],
            "duedate": fields.get("duedate"),
            "labels": fields["labels"],
            "priority": fields["priority"],
            "assignee": fields.get("assignee"),
            "status": {"name": name, "statusCategory": {"key": category}},
            "resolution": resolution,
            "updated": "2026-11-01T09:00:00.000+0000",
        },
    }


@given(fields=FIELDS, cloud=st.booleans())
@settings(max_examples=300)
def test_fields_survive_a_write_and_a_read(fields: SyncFields, cloud: bool) -> None:
    people = People(people_for("cloud" if cloud else "server"))
    mapper = JiraMapper(people, "https://jira.fake", cloud=cloud)
    draft = IssueDraft("AI-7", fields, PostmortemRef("Outage"))
    issue = mapper.to_remote_issue(as_jira_would_return(mapper, draft))
    assert issue.fields == mapper.project(fields)
    assert issue.item_id == "AI-7" and issue.assigned == (mapper.assignee_for(fields.owner) is not None)
    assert mapper.project(mapper.project(fields)) == mapper.project(fields)


def test_malformed_issue_json_is_remote_unavailable() -> None:
    mapper = JiraMapper(People({}), "https://jira.fake")
    for raw in ({}, {"key": "P-1"}, {"key": "P-1", "fields": {"summary": "x", "updated": 5}}):
        try:
            mapper.to_remote_issue(raw)
        except RemoteUnavailableError:
            continue
        raise AssertionError(f"accepted {raw}")


@given(text=st.one_of(st.sampled_from(HOSTILE), TEXT.filter(lambda t: t.strip())), owner=OWNERS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_hostile_text_round_trips_through_the_fake(text: str, owner: str | None) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        people = people_for("cloud") | {"Mallory": Person(jira="unknown-account")}
        conn, _fake = make_jira(rsps, "cloud", people=people)
        draft = IssueDraft("AI-1", SyncFields(text=text, owner=owner), PostmortemRef("*PM* {x}"))
        (result,) = conn.create([draft])
        assert result.issue is not None
        again = conn.fetch(result.issue.key)
    assert again.fields == conn.project(draft.fields) == result.issue.fields
    assert again.postmortem == PostmortemRef("*PM* {x}")
