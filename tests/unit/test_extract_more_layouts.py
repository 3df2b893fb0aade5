"""Layouts and phrasings met on probing documents written for the purpose (also kept whole, with
gold labels, in fixtures/own): Confluence wiki markup, Obsidian Tasks signifiers, public-postmortem
headings ("What we're doing to prevent this"), work under way ("We are adding ..."), how things stand
since a change ("Health checks now test a write"), and statements whose subject opens with a word
that can be a verb ("Log rotation ... was disabled")."""

from __future__ import annotations

from datetime import date
from textwrap import dedent

import pytest

from tracker.extract import ExtractedItem, extract_text
from tracker.model import Status


def items(text: str) -> list[ExtractedItem]:
    return list(extract_text(dedent(text), "test.md").items)


def texts(text: str) -> list[str]:
    return [i.text for i in items(text)]


# --- Confluence / Jira wiki markup ------------------------------------------------------------------


def test_wiki_markup_headings_and_tables() -> None:
    found = items(
        """\
        h1. Incident review: VPN failover

        h2. Timeline
        ||Time||Event||
        |09:14|Restart the primary concentrator|

        h2. Action items
        ||Action||Owner||Due||Status||
        |Renew the standby license|Farah|2026-08-23|Done|
        |Send expiry mails to the shared mailbox|Farah|2026-08-30|Open|
        """
    )
    assert [(i.text, i.section, i.owner, i.due, i.status) for i in found] == [
        ("Renew the standby license", "Action items", "Farah", date(2026, 8, 23), Status.DONE),
        ("Send expiry mails to the shared mailbox", "Action items", "Farah", date(2026, 8, 30), Status.OPEN),
    ]


def test_a_line_starting_with_h_and_a_digit_is_no_heading_without_the_dot_and_space() -> None:
    assert texts("## Action items\n\n- h2o sensors: add one per rack\n- h2.x is obsolete\n") == [
        "add one per rack",
        "h2.x is obsolete",
    ]


# --- Obsidian Tasks signifiers ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "text", "due", "status", "priority"),
    [
        ("[ ] Upgrade the firmware 📅 2026-10-15", "Upgrade the firmware", date(2026, 10, 15), Status.OPEN, None),
        ("[x] Page on checksum failures ✅ 2026-09-25", "Page on checksum failures", None, Status.DONE, None),
        ("Drop the v1 index ❌ 2026-09-30", "Drop the v1 index", None, Status.WONT_DO, None),
        ("[ ] Rotate the keys ⏫ 📅 2026-11-01", "Rotate the keys", date(2026, 11, 1), Status.OPEN, "high"),
        ("[ ] Run a restore drill 🔁 every quarter ⏳ 2026-10-01", "Run a restore drill", None, Status.OPEN, None),
    ],
)
def test_obsidian_tasks_signifiers(
    entry: str, text: str, due: date | None, status: Status, priority: str | None
) -> None:
    (item,) = items(f"## Follow-up\n\n- {entry}\n")
    assert (item.text, item.due, item.status, item.priority) == (text, due, status, priority)


# --- headings of public postmortems -----------------------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    [
        "What we're doing to prevent this",
        "What we are doing about it",
        "How we're preventing this from happening again",
        "Preventing recurrence",
        "Moving forward",
        "What's next",
        "Changes we're making",
        "Permanent fix",
        "Follow-on work",
        "Remaining work",
        "Proposed fix",
        "Suggestions",
        "Where we go from here",
        "Hardening",
    ],
)
def test_public_postmortem_follow_up_headings(heading: str) -> None:
    assert texts(f"## How we fixed it\n\n- Restarted the API.\n\n## {heading}\n\n- Add replication-lag alerts\n") == [
        "Add replication-lag alerts"
    ]


def test_how_it_was_fixed_is_no_follow_up_heading() -> None:
    assert texts("## How we fixed it\n\n- Add the replica back to the pool\n") == []


# --- work under way, and how things stand since a change ---------------------------------------------


def test_work_under_way_is_an_item_but_how_things_now_stand_is_not() -> None:
    assert texts(
        """\
        ## What we're doing to prevent this

        - We are adding replication-lag alerts to the on-call dashboard.
        - We're also building a failover dry-run mode.
        - We are seeing fewer errors since the fix.
        - API health checks now test a write, not just a read.
        - The deploy tool already requires two approvals.
        - Add the lag panel to the overview now.
        """
    ) == [
        "We are adding replication-lag alerts to the on-call dashboard.",
        "We're also building a failover dry-run mode.",
        "Add the lag panel to the overview now.",
    ]


# --- a subject that opens with a word that can be a verb --------------------------------------------


@pytest.mark.parametrize(
    ("entry", "kept"),
    [
        ("Log rotation on the scheduler host was disabled during the upgrade.", False),
        ("Rebalance storms were not on anyone's radar.", False),
        ("Alert routing for the storage team is broken.", False),
        ("Rotate the keys that were leaked.", True),
        ("Page the on-call when disk usage is above 90%.", True),
        ("Ensure backups are tested every week.", True),
        ("Increase the timeouts as they are too short.", True),
    ],
)
def test_in_lessons_a_statement_is_no_imperative(entry: str, kept: bool) -> None:
    assert bool(texts(f"## Lessons learned\n\n- {entry}\n")) is kept


# --- a ticket key before a colon is no category ------------------------------------------------------


def test_a_ticket_key_before_a_colon_is_no_category() -> None:
    (item,) = items("## Next steps\n\n- OPS-4410: Run a failover game day every quarter.\n")
    assert (item.text, item.category) == ("OPS-4410: Run a failover game day every quarter.", None)


# --- a sub-heading that is an item itself -------------------------------------------------------------


HEADING_ITEMS = """\
## Remediation

### 1. Persist webhooks before acknowledging them

Today the handler acknowledges first. We will write each webhook to the database first.

**Owner:** Lucia **Due:** 2026-05-15

### Alert on the webhook backlog

**Owner:** Lucia

### Process

We should review the webhook code every quarter.

### Improve alerting

- Page on backlog growth
"""


def test_a_numbered_or_annotated_sub_heading_over_text_is_the_item() -> None:
    assert [(i.text, i.section, i.owner, i.due) for i in items(HEADING_ITEMS)] == [
        ("Persist webhooks before acknowledging them", "Remediation", "Lucia", date(2026, 5, 15)),
        ("Alert on the webhook backlog", "Remediation", "Lucia", None),
        ("We should review the webhook code every quarter.", "Process", None, None),  # a section: its sentences
        ("Page on backlog growth", "Improve alerting", None, None),  # a list below: the heading is its section
    ]


# --- markers with their owner in parentheses, recommendations, finished work with an owner -----------


@pytest.mark.parametrize(
    ("line", "owner", "text"),
    [
        ("AI (Bob): load-test memory limit changes", "Bob", "load-test memory limit changes"),
        ("Action (Chen): write down the sizing rule", "Chen", "write down the sizing rule"),
        ("TODO (dana): rotate the keys", "dana", "rotate the keys"),
        ("TODO(dana): rotate the keys", "dana", "rotate the keys"),
    ],
)
def test_a_marker_with_its_owner_in_parentheses(line: str, owner: str, text: str) -> None:
    (item,) = items(f"## Discussion\n\n- The limit went out untested.\n- {line}\n")
    assert (item.owner, item.text) == (owner, text)


def test_a_recommendation_is_an_item_and_a_temporal_adverb_is_no_verb() -> None:
    assert texts(
        "## Recommendations\n\nWe recommend that every endpoint is monitored. Today the handler acknowledges first.\n"
    ) == ["We recommend that every endpoint is monitored."]


def test_finished_work_with_an_owner_is_not_an_item_but_a_ticked_box_is() -> None:
    found = items(
        """\
        ## Action items

        - Renewed the certificate and enabled automatic renewal (Owner: Ines)
        - [x] Added the status page to the expiry monitor (Owner: Ines)
        - Move the status page DNS (Owner: Ines, Due: 2026-03-01)
        """
    )
    assert [(i.text, i.status) for i in found] == [
        ("Added the status page to the expiry monitor", Status.DONE),
        ("Move the status page DNS", Status.OPEN),
    ]


# --- annotations: a quarter as a due date, brackets, a bare "Target:", a bold lead owner, bullets ----

REVIEWED = "Incident date: 2026-11-10\nReview date: 2026-11-16\n\n## Action Items\n\n"


@pytest.mark.parametrize(
    ("entry", "text", "owner", "due"),
    [
        ("- Add a lag alert (Owner: Alice, ETA: Q1 2027)", "Add a lag alert", "Alice", date(2027, 3, 31)),
        ("- Add a lag alert (due Q3)", "Add a lag alert", None, date(2027, 9, 30)),  # the next Q3 after the review
        ("- Add a lag alert [Alice, 2026-12-01]", "Add a lag alert", "Alice", date(2026, 12, 1)),
        ("- Add a lag alert [see runbook, step 3]", "Add a lag alert [see runbook, step 3]", None, None),
        ("- Add a lag alert. Assignee: @alice. Target: 2026-12-01", "Add a lag alert.", "alice", date(2026, 12, 1)),
        ("- Raise the SLO. Target: 99.9% uptime", "Raise the SLO. Target: 99.9% uptime", None, None),
        ("- **Owner: Alice** Add a lag alert", "Add a lag alert", "Alice", None),
        ("● Add a lag alert", "Add a lag alert", None, None),
        ("○ Add a lag alert", "Add a lag alert", None, None),
        ("➢ Add a lag alert", "Add a lag alert", None, None),
        ("→ Add a lag alert", "Add a lag alert", None, None),
    ],
)
def test_annotations_and_bullets(entry: str, text: str, owner: str | None, due: date | None) -> None:
    (item,) = items(f"{REVIEWED}{entry}\n")
    assert (item.text, item.owner, item.due) == (text, owner, due)


# --- finished work, however it is told -------------------------------------------------------------


@pytest.mark.parametrize(
    ("entry", "kept"),
    [
        ("The team has since added monitoring for the queue.", False),
        ("We've added an alert on queue depth.", False),
        ("Rollback completed at 10:15.", False),
        ("Fix deployed.", False),
        ("Alerts added.", False),
        ("Rotating the keys is complete.", False),
        ("Teams that have changed configs should re-run the audit", True),
        ("We have to add an alert on queue depth", True),
        ("Add automated tests for the importer", True),
        ("Get started with the new runbook", True),
        ("Make sure the migration is complete before the freeze", True),
    ],
)
def test_finished_work_is_no_item(entry: str, kept: bool) -> None:
    assert bool(texts(f"{REVIEWED}- {entry}\n")) is kept


def test_a_status_word_as_label_is_the_status() -> None:
    (item,) = items(f"{REVIEWED}- Completed: migrate the cron jobs to the scheduler\n")
    assert (item.text, item.category, item.status) == ("migrate the cron jobs to the scheduler", None, Status.DONE)


def test_a_perfect_inside_a_clause_of_its_own_is_no_report() -> None:
    entry = "https://gitlab.example.com/infra/runners/-/issues/812 - Alert when no job has started for 10 minutes"
    assert texts(f"{REVIEWED}- {entry}\n") == [entry]


# --- pasted chat logs, quotes, template instructions and examples -----------------------------------


def test_a_pasted_chat_log_gives_no_items_but_a_quoted_list_does() -> None:
    assert texts(
        """\
        ## Follow-ups

        > **alice:** we should add a canary for cache config
        > bob: +1, I'll take it
        > <carol> also let's page on eviction rate

        [14:02] dave: can someone add a runbook link to the alert?
        14:03 erin: on it

        - Add a canary stage for cache config changes
        > - Rotate the quoted keys
        """
    ) == ["Add a canary stage for cache config changes", "Rotate the quoted keys"]


def test_template_instructions_notes_and_examples_are_no_items() -> None:
    assert texts(
        """\
        ## Action items

        _List each action item with an owner and a due date. Delete this line._

        > **Note:** remove this section if there are no action items.

        | Action item | Owner | Due |
        |---|---|---|
        | e.g. Add alerting for X | | |
        | Add alerting on queue depth | Ana | |
        """
    ) == ["Add alerting on queue depth"]


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("1.1 Add rate limiting to the upload endpoint", Status.OPEN),
        ("2.3. Add rate limiting to the upload endpoint", Status.OPEN),
        ("ii) Add rate limiting to the upload endpoint", Status.OPEN),
        ("iv. Add rate limiting to the upload endpoint", Status.OPEN),
        ("- 🔧 Add rate limiting to the upload endpoint", Status.OPEN),
        ("- ⚠️ Add rate limiting to the upload endpoint", Status.OPEN),
        ("☐ Add rate limiting to the upload endpoint", Status.OPEN),
        ("⬜ Add rate limiting to the upload endpoint", Status.OPEN),
        ("- ✅ Add rate limiting to the upload endpoint", Status.DONE),
    ],
)
def test_numbering_ballot_boxes_and_decorations_are_not_text(line: str, status: Status) -> None:
    (item,) = items(f"{REVIEWED}{line}\n")
    assert (item.text, item.status) == ("Add rate limiting to the upload endpoint", status)


def test_words_to_the_reader_are_no_items() -> None:
    assert texts(
        """\
        ## Next steps

        If you have any questions, reach out to #sre. See the attached doc for details. Please let us
        know if you experience further issues.

        - See the dashboard at https://grafana.example.com/d/login
        - Contact #sre with questions
        - Contact the vendor about the firmware bug
        """
    ) == ["Contact the vendor about the firmware bug"]


@pytest.mark.parametrize(
    ("entry", "text", "owner", "due"),
    [
        ("Alice and Bob will review the alert thresholds", "Alice and Bob will review the alert thresholds",
         "Alice and Bob", None),
        ("Storage team: add quotas per tenant", "add quotas per tenant", "Storage team", None),
        ("Rotate the certificates (assigned to Infra)", "Rotate the certificates", "Infra", None),
        ("Rotate the certificates — owner: Infra — due 2026-12-01", "Rotate the certificates", "Infra",
         date(2026, 12, 1)),
        ("Rotate the certificates, owned by Infra", "Rotate the certificates", "Infra", None),
        ("Write the guide to be owned by the platform team", "Write the guide to be owned by the platform team",
         None, None),
        ("Rotate the certificates (Infra team, Dec 1)", "Rotate the certificates", "Infra team", date(2026, 12, 1)),
        ("Rotate the certificates -> @infra", "Rotate the certificates", "infra", None),
        ("Rotate the certificates [owner: infra] [due: 2026-12-01]", "Rotate the certificates", "infra",
         date(2026, 12, 1)),
    ],
)  # fmt: skip
def test_owners_written_in_other_ways(entry: str, text: str, owner: str | None, due: date | None) -> None:
    (item,) = items(f"{REVIEWED}- {entry}\n")
    assert (item.text, item.owner, item.due) == (text, owner, due)


@pytest.mark.parametrize(
    ("entry", "status"),
    [
        ("- [ ] ~~Move docs to a CDN~~ (decided against)", Status.WONT_DO),
        ("- ~~Move docs to a CDN~~", Status.WONT_DO),
        ("- [x] ~~Move docs to a CDN~~", Status.DONE),
        ("- [ ] Move docs to a CDN (Status: Won't do)", Status.WONT_DO),
        ("- [ ] Move docs to a CDN (Status: Done)", Status.OPEN),  # an open box still decides against done
        ("- Move docs to a ~~CDN~~ bucket", Status.OPEN),
    ],
)
def test_struck_through_or_dropped_work_is_wont_do(entry: str, status: Status) -> None:
    (item,) = items(f"{REVIEWED}{entry}\n")
    assert item.status is status
