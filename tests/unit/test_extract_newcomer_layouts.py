"""Layouts a newcomer brought: Confluence mentions, metadata tables, yearless dates, `Owner: X — task`
lines, `(AI owner: ..., target: ...)`, richer Status words, ticket references, and subjects as owners.
Every document here is written for the test."""

from __future__ import annotations

from datetime import date
from textwrap import dedent

import pytest

from tracker.dates import has_yearless_date, parse_date
from tracker.extract import ExtractedDocument, ExtractedItem, extract_text
from tracker.extract.owners import not_an_owner
from tracker.extract.tickets import column_reference, reference, take_ticket
from tracker.model import Status

REVIEWED = "Incident date: 2026-11-10\nReview date: 2026-11-16\n\n"


def doc(text: str, **kw: object) -> ExtractedDocument:
    return extract_text(dedent(text), "test.md", **kw)  # type: ignore[arg-type]


def items(text: str, **kw: object) -> list[ExtractedItem]:
    return list(doc(text, **kw).items)


def one(entry: str, head: str = REVIEWED) -> ExtractedItem:
    (item,) = items(f"{head}## Action Items\n\n- {entry}\n")
    return item


# --- 1. @First Last mentions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "owner", "text"),
    [
        ("@Priya Raman add a lag alert", "Priya Raman", "add a lag alert"),
        ("@Priya Raman: add a lag alert", "Priya Raman", "add a lag alert"),
        ("@Priya Add retries to the consumer", "Priya", "Add retries to the consumer"),
        ("@Priya Please add retries", "Priya", "Please add retries"),
        ("@priya Raman add a lag alert", "priya", "Raman add a lag alert"),  # a handle, not a display name
        ("Add a lag alert cc @Priya Raman", "Priya Raman", "Add a lag alert"),
        ("Sync with @Priya Raman about quotas", "Priya Raman", "Sync with @Priya Raman about quotas"),
        ("Write a runbook for lag. Owner: @Priya Raman", "Priya Raman", "Write a runbook for lag."),
        ("@alice will add the lag alert", "alice", "@alice will add the lag alert"),
    ],
)
def test_a_mention_of_first_and_last_name_is_one_owner(entry: str, owner: str, text: str) -> None:
    item = one(entry)
    assert (item.owner, item.text) == (owner, text)


# --- 2. dates in a metadata table -----------------------------------------------------------------


@pytest.mark.parametrize(
    "row",
    [
        "| **Postmortem review** | Mon, 16 Nov 2026 |",
        "| Review date | 2026-11-16 |",
        "| Date of review | November 16, 2026 |",
        "| Review date: | 2026-11-16 14:00 UTC |",
    ],
)
def test_review_date_from_a_metadata_table_anchors_relative_deadlines(row: str) -> None:
    found = doc(
        f"""\
        # Queue lag

        | Field | Value |
        | --- | --- |
        | **Date** | Tue, 10 Nov 2026 |
        {row}

        ## Action Items

        - Rotate the broker certificates within two weeks
        """
    )
    assert (found.incident_date, found.review_date) == (date(2026, 11, 10), date(2026, 11, 16))
    assert found.items[0].due == date(2026, 11, 30) and found.items[0].due_relative


def test_incident_date_row_wins_over_an_earlier_dated_row() -> None:
    found = doc(
        """\
        | Key | Value |
        | --- | --- |
        | Report written | 2026-11-20 |
        | Incident date | 2026-11-10 |
        """
    )
    assert found.incident_date == date(2026, 11, 10)


def test_an_action_row_that_mentions_review_is_not_the_review_date() -> None:
    found = doc(
        """\
        Incident date: 2026-11-10

        | Action | Due |
        | --- | --- |
        | Review alert thresholds | 2026-12-01 |
        """
    )
    assert found.review_date is None
    assert [(i.text, i.due) for i in found.items] == [("Review alert thresholds", date(2026, 12, 1))]


# --- 3. dates without a year ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "due"),
    [
        ("Fix the dashboard before 20 Nov", date(2026, 11, 20)),
        ("Add a lag alert by Dec 1", date(2026, 12, 1)),
        ("Add a lag alert by Dec 1st", date(2026, 12, 1)),
        ("Add a lag alert by the 1st of December", date(2026, 12, 1)),
        ("Add a lag alert, due: Nov 30", date(2026, 11, 30)),
        ("Add a lag alert (Dec 1)", date(2026, 12, 1)),
        ("Add a lag alert by 20-Nov", date(2026, 11, 20)),
        ("Add a lag alert by Nov 2", date(2027, 11, 2)),  # the next Nov 2 on or after the review date
    ],
)
def test_a_date_without_a_year_is_the_next_one_from_the_review_date(entry: str, due: date) -> None:
    assert one(entry).due == due


def test_without_review_date_a_yearless_date_counts_from_the_incident() -> None:
    assert one("Add a lag alert by Dec 1", "Incident date: 2026-11-10\n\n").due == date(2026, 12, 1)


def test_without_any_date_a_yearless_due_is_kept_undated_with_a_warning() -> None:
    found = doc("## Action Items\n\n- Add a lag alert (due: Dec 1)\n")
    assert found.items[0].due is None
    assert found.warnings == ("due date 'Dec 1' on item 1 has no year and no date to resolve it against",)


def test_yearless_forms_parse_against_an_anchor() -> None:
    after = date(2026, 11, 16)
    for text in ("before 20 Nov", "by Dec 1", "Dec 1st", "1st of December", "20-Nov"):
        assert parse_date(text, after=after) is not None, text
        assert has_yearless_date(text), text
    assert not has_yearless_date("2026-12-01") and not has_yearless_date("within two weeks")


# --- 4. Owner: X — task ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "owner", "text", "due"),
    [
        ("Owner: Carol — tune the batch size, due: Nov 30", "Carol", "tune the batch size", date(2026, 11, 30)),
        ("Owner: Dan - document the failover", "Dan", "document the failover", None),
        ("Owner: Erin: audit the topic ACLs", "Erin", "audit the topic ACLs", None),
        ("**Owner:** Mary-Jane - rotate the keys", "Mary-Jane", "rotate the keys", None),
    ],
)  # fmt: skip
def test_an_owner_led_line_is_an_item(line: str, owner: str, text: str, due: date | None) -> None:
    for layout in (f"{line}\n", f"- {line}\n"):
        (item,) = items(f"{REVIEWED}## Action Items\n\n{layout}")
        assert (item.owner, item.text, item.due) == (owner, text, due)


def test_an_owner_annotation_that_goes_on_with_a_due_date_is_not_a_task() -> None:
    (item,) = items(f"{REVIEWED}## Action Items\n\n- Add a lag alert\n  - Owner: Priya - Due: 2026-12-01\n")
    assert (item.text, item.owner, item.due) == ("Add a lag alert", "Priya", date(2026, 12, 1))


def test_an_owner_led_task_under_an_item_is_its_own_item() -> None:
    found = items(f"{REVIEWED}## Action Items\n\n- Add a lag alert\n  - Owner: Dan - document the failover\n")
    assert [(i.text, i.owner) for i in found] == [("Add a lag alert", None), ("document the failover", "Dan")]


# --- 5. (AI owner: X, target: D) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "owner", "due"),
    [
        ("Add a canary (AI owner: Alice, target: 2026-12-01)", "Alice", date(2026, 12, 1)),
        ("Add a canary (AI Owner: Alice, Target: Dec 1)", "Alice", date(2026, 12, 1)),
        ("Add a canary (owner: Bob, ETA: Dec 1st)", "Bob", date(2026, 12, 1)),
        ("Add a canary (AI owner: Alice, deadline: within two weeks)", "Alice", date(2026, 11, 30)),
        ("Add a canary (target: 2026-12-01)", None, date(2026, 12, 1)),
        ("Add a canary (AI owner: Alice, target: TBD)", "Alice", None),
    ],
)
def test_ai_owner_and_target_in_one_parenthesis(entry: str, owner: str | None, due: date | None) -> None:
    item = one(entry)
    assert (item.text, item.owner, item.due) == ("Add a canary", owner, due)


def test_a_target_that_is_no_date_stays_wording() -> None:
    item = one("Raise the availability SLO (target: 99.95%)")
    assert (item.text, item.due) == ("Raise the availability SLO (target: 99.95%)", None)


# --- 6. status words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("In progress", Status.IN_PROGRESS),
        ("WIP", Status.IN_PROGRESS),
        ("Ongoing", Status.IN_PROGRESS),
        ("Started", Status.IN_PROGRESS),
        ("In progress (PR #3)", Status.IN_PROGRESS),
        ("Won't do", Status.WONT_DO),
        ("Wont fix", Status.WONT_DO),
        ("Closed (won't fix)", Status.WONT_DO),
        ("Cancelled", Status.WONT_DO),
        ("Canceled", Status.WONT_DO),
        ("Dropped", Status.WONT_DO),
        ("Obsolete", Status.WONT_DO),
        ("Blocked", Status.OPEN),
        ("Blocked on the vendor", Status.OPEN),
        ("Done", Status.DONE),
        ("Completed", Status.DONE),
        ("Fixed", Status.DONE),
        ("Resolved", Status.DONE),
        ("Closed", Status.DONE),
        ("[Done](https://jira.example.com/browse/OPS-1)", Status.DONE),
        ("Pending", Status.OPEN),
        ("", Status.OPEN),
    ],
)
def test_status_column_words(cell: str, status: Status) -> None:
    (item,) = items(
        f"""\
        | Action item | Owner | Status |
        | --- | --- | --- |
        | Add partition autoscaling | Bob | {cell} |
        """
    )
    assert item.status is status


def test_a_notes_column_is_read_for_done_only() -> None:
    found = items(
        """\
        | Action item | Notes |
        | --- | --- |
        | Add a cache | Doing this first |
        | Add a check | Dropped packets seen in staging |
        | Tune the pool | Fixed in #12 |
        """
    )
    assert [i.status for i in found] == [Status.OPEN, Status.OPEN, Status.DONE]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("- Add a lag alert, Status: In progress\n", Status.IN_PROGRESS),
        ("- Add a lag alert (WIP)\n", Status.IN_PROGRESS),
        ("- Add a lag alert [cancelled]\n", Status.WONT_DO),
        ("- Add a lag alert\n  - Status: Won't do\n", Status.WONT_DO),
        ("- Add a lag alert\n\n  Status: WIP\n", Status.IN_PROGRESS),
        ("- Add a lag alert (Owner: Bob, Status: Blocked)\n", Status.OPEN),
        ("- [x] Add a lag alert (WIP)\n", Status.DONE),  # the checkbox decides
    ],
)
def test_status_annotations(text: str, status: Status) -> None:
    (item,) = items(f"## Action Items\n\n{text}")
    assert (item.text, item.status) == ("Add a lag alert", status)


# --- 7. tickets -----------------------------------------------------------------------------------


def test_a_ticket_column_is_kept_on_the_item_not_in_the_text() -> None:
    found = items(
        """\
        | Action item | Owner | Status | Ticket |
        | --- | --- | --- | --- |
        | Add partition autoscaling | Bob | In progress | [JIRA-12](https://jira.example.com/browse/JIRA-12) |
        | Remove the legacy topic | Carol | Won't do | b/289114 |
        | Upgrade the client library | Dan | Blocked | #123 |
        | Patch the broker | Erin | Fixed | https://tracker.example.com/issues/9 |
        | Add a queue metric | Erin | WIP | [JIRA-13]() |
        | Add a topic metric | Erin | | 289115 |
        | Add a lag metric | Erin | | - |
        """
    )
    assert [(i.text, i.ticket, i.status) for i in found] == [
        ("Add partition autoscaling", "https://jira.example.com/browse/JIRA-12", Status.IN_PROGRESS),
        ("Remove the legacy topic", "b/289114", Status.WONT_DO),
        ("Upgrade the client library", "#123", Status.OPEN),
        ("Patch the broker", "https://tracker.example.com/issues/9", Status.DONE),
        ("Add a queue metric", "JIRA-13", Status.IN_PROGRESS),
        ("Add a topic metric", "289115", Status.OPEN),
        ("Add a lag metric", None, Status.OPEN),
    ]


@pytest.mark.parametrize("header", ["Bug", "Issue", "Tracking", "Jira", "Link", "Tickets"])
def test_ticket_column_names(header: str) -> None:
    (item,) = items(f"| Action item | {header} |\n| --- | --- |\n| Add a lag alert | OPS-7 |\n")
    assert (item.text, item.ticket) == ("Add a lag alert", "OPS-7")


def test_an_issue_column_of_words_is_no_ticket() -> None:
    (item,) = items("| Issue | Action item |\n| --- | --- |\n| Slow DNS on shard #2 | Add a DNS cache |\n")
    assert (item.text, item.ticket) == ("Add a DNS cache", None)


@pytest.mark.parametrize(
    ("entry", "text", "ticket"),
    [
        ("Rotate the keys. Issue: #77", "Rotate the keys.", "#77"),
        ("Rotate the keys (Ticket: JIRA-12)", "Rotate the keys", "JIRA-12"),
        ("Rotate the keys (Owner: Bob, Ticket: JIRA-12)", "Rotate the keys", "JIRA-12"),
        ("Rotate the keys, tracked in: https://jira.example.com/browse/OPS-9", "Rotate the keys", "https://jira.example.com/browse/OPS-9"),
        ("Rotate the keys. **Ticket:** [OPS-4](https://jira.example.com/browse/OPS-4).", "Rotate the keys.", "https://jira.example.com/browse/OPS-4"),
        ("Rotate the keys\n  - Ticket: JIRA-44", "Rotate the keys", "JIRA-44"),
        ("Rotate the keys\n\n  Tracked in: org/repo#12", "Rotate the keys", "org/repo#12"),
        ("Fix the known issue in #77", "Fix the known issue in #77", None),  # a reference in the wording stays
    ],
)  # fmt: skip
def test_ticket_annotations(entry: str, text: str, ticket: str | None) -> None:
    (item,) = items(f"## Action Items\n\n- {entry}\n")
    assert (item.text, item.ticket) == (text, ticket)


def test_ticket_helpers() -> None:
    assert reference("see [JIRA-12](https://j/JIRA-12)") == "https://j/JIRA-12"
    assert reference("[JIRA-12]()") == "JIRA-12"
    assert reference("nothing here") is None
    assert column_reference("Done") is None and column_reference("b/1 (fixed)") == "b/1"
    assert take_ticket("Fix the login issue: users see 500s") == ("Fix the login issue: users see 500s", None)


# --- 8. subjects as owners ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "owner"),
    [
        ("The platform team will add a consumer lag SLO.", "platform team"),
        ("The Platform team will add a consumer lag SLO.", "Platform team"),
        ("Storage team to rotate the disks.", "Storage team"),
        ("Alice will write the capacity plan.", "Alice"),
        ("The on-call team is going to document the paging policy.", "on-call team"),
        ("The team will review the alert thresholds.", None),
        ("The Team will review the alert thresholds.", None),
        ("Our team will review the alert thresholds.", None),
        ("The whole team will review the alert thresholds.", None),
        ("Someone on the team will review the alert thresholds.", None),
        ("We will review the alert thresholds.", None),
    ],
)
def test_a_team_or_person_promising_the_work_is_its_owner(sentence: str, owner: str | None) -> None:
    (item,) = items(f"## Follow-ups\n\n{sentence}\n")
    assert (item.text, item.owner) == (sentence, owner)


def test_a_vague_team_after_a_dash_is_no_owner() -> None:
    assert one("Review the alert thresholds — The Team").owner is None
    assert one("Review the alert thresholds — Storage Team").owner == "Storage Team"


@pytest.mark.parametrize("who", ["the team", "The Team", "our team", "a team", "We", "whole team"])
def test_not_owner_subjects_match_whole_phrases(who: str) -> None:
    assert not_an_owner(who)


@pytest.mark.parametrize("who", ["platform team", "Storage team", "Alice", "DevEx"])
def test_named_teams_and_people_are_owners(who: str) -> None:
    assert not not_an_owner(who)
