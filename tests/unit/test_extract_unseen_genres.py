"""Classes of mistakes found on postmortems in genres the extractor had not seen (an e-mail with a
sign-off, a story with lessons, an RCA with "Countermeasures", a GitHub follow-up list), each through
`extract_text` on a document written here."""

from __future__ import annotations

from datetime import date
from textwrap import dedent

import pytest

from tracker.dates import resolve_relative
from tracker.extract import ExtractedDocument, ExtractedItem, extract_text


def doc(text: str) -> ExtractedDocument:
    return extract_text(dedent(text), "test.md")


def items(text: str) -> list[ExtractedItem]:
    return list(doc(text).items)


def texts(text: str) -> list[str]:
    return [i.text for i in items(text)]


def rejected(text: str) -> dict[str, str]:
    """Rejected candidate text -> the rule that rejected it."""
    return {r.text: r.reason for r in doc(text).rejected}


@pytest.mark.parametrize("closing", ["Cheers,\nMarta", "Best regards,\nJonas Weber", "Kind regards -- Priya", "Best,"])
def test_a_letters_sign_off_under_a_follow_up_list_is_not_an_item(closing: str) -> None:
    text = f"Follow up items:\n1) Move the VPN certificate to automated renewal\n\n{closing}\n"
    assert texts(text) == ["Move the VPN certificate to automated renewal"]
    assert "sign-off" in rejected(text).values()


def test_best_practice_prose_is_not_taken_for_a_sign_off() -> None:
    assert texts("Next steps:\n\nBest practices guide for on-call handover\n") == [
        "Best practices guide for on-call handover"
    ]


def test_a_trailing_name_and_date_in_parentheses_are_owner_and_due() -> None:
    found = items(
        """\
        Review held on 2026-11-24.

        Follow up items:
        1) Move the VPN certificate to automated renewal (Marta - Dec 5)
        2) Add certificate expiry to the dashboard (Jonas - next Friday)
        3) Write down who approves purchases (Priya Raman, 2026-12-10)
        4) Run a game day (Kubernetes upgrade path)
        """
    )
    assert [(i.text, i.owner, i.due) for i in found] == [
        ("Move the VPN certificate to automated renewal", "Marta", date(2026, 12, 5)),
        ("Add certificate expiry to the dashboard", "Jonas", date(2026, 11, 27)),
        ("Write down who approves purchases", "Priya Raman", date(2026, 12, 10)),
        ("Run a game day (Kubernetes upgrade path)", None, None),
    ]


def test_a_weekday_in_a_due_column_is_the_next_such_day() -> None:
    found = items(
        """\
        Review date: 2026-11-24

        | Action item | Owner | Due |
        | --- | --- | --- |
        | Rotate the signing key | ana | Friday |
        """
    )
    assert [(i.owner, i.due) for i in found] == [("ana", date(2026, 11, 27))]


def test_the_review_date_is_read_from_prose_that_names_the_review() -> None:
    assert doc("Thanks for joining the review today (Nov 24, 2026).\n").review_date == date(2026, 11, 24)
    assert doc("The postmortem review was held on 2026-11-30.\n").review_date == date(2026, 11, 30)
    assert doc("## Action Items\n\n- Review the alerts by 2026-12-01\n").review_date is None


@pytest.mark.parametrize(
    "heading",
    [
        "Countermeasures",
        "Counter-measures",
        "AIs",
        "Things we will change",
        "Improving Recovery Procedures",
        "Planned work",
        "Our commitments",
        "What's being done",
        "Steps we are taking",
        "Work to be done",
        "Proposals",
    ],
)
def test_more_headings_name_follow_up_work(heading: str) -> None:
    text = f"# Outage\n\n## {heading}\n\n- Add a canary stage to the deploy pipeline\n"
    assert [(i.section, i.text) for i in items(text)] == [(heading, "Add a canary stage to the deploy pipeline")]


def test_a_plural_noun_and_its_verb_are_a_statement_not_a_task() -> None:
    text = """\
        ## What we learned

        Shard counts matter more than we thought.

        ## Lessons learned

        - Alert rules need an owner.
        - Track jobs run by cron in the inventory.
        - Check configs match the template.
        """
    assert texts(text) == ["Track jobs run by cron in the inventory.", "Check configs match the template."]
    assert rejected(text)["Shard counts matter more than we thought."] == "lesson"


def test_a_pointer_to_a_chat_channel_is_not_an_item() -> None:
    text = "## Follow-up\n\n- Prune Docker images nightly\n\nQuestions? Ping #ci-infra.\n"
    assert texts(text) == ["Prune Docker images nightly"]
    assert rejected(text)["Ping #ci-infra."] == "reader"


def test_end_of_a_named_month_is_a_deadline() -> None:
    found = items(
        """\
        Incident date: 2026-05-18

        ## What we're changing

        @ana will migrate the remaining records by end of June.
        """
    )
    assert [(i.owner, i.due, i.due_relative) for i in found] == [("ana", date(2026, 6, 30), True)]


@pytest.mark.parametrize(
    ("phrase", "anchor", "due"),
    [
        ("by the end of March 2027", date(2026, 5, 18), date(2027, 3, 31)),
        ("end of May", date(2026, 5, 18), date(2026, 5, 31)),
        ("by end of February", date(2026, 5, 18), date(2027, 2, 28)),
        ("by the end of Sept.", date(2026, 5, 18), date(2026, 9, 30)),
    ],
)
def test_end_of_a_named_month_resolves_to_the_next_such_month_end(phrase: str, anchor: date, due: date) -> None:
    assert resolve_relative(phrase, anchor) == due


@pytest.mark.parametrize("marker", ["AI-4:", "AI 4:", "AI4:", "Action #2:"])
def test_a_numbered_action_marker_marks_an_item_anywhere_and_is_dropped(marker: str) -> None:
    text = f"## What happened\n\nThe keys expired.\n\n{marker} Write a key rotation runbook. Owner: Carol\n"
    assert [(i.text, i.owner) for i in items(text)] == [("Write a key rotation runbook.", "Carol")]


def test_a_note_closed_by_a_past_participle_reports_done_work() -> None:
    text = """\
        ## Remediation

        - Fix validated in staging and production
        - Hotfix v2.3.1 deployed
        - Runbook updated.
        - More integration tests needed
        - Fix broken links in the runbook
        - Document lessons learned
        """
    assert texts(text) == [
        "More integration tests needed",
        "Fix broken links in the runbook",
        "Document lessons learned",
    ]
    assert set(rejected(text).values()) == {"past-tense"}


def test_a_templates_numbered_filler_and_stand_in_owner_are_not_read() -> None:
    text = """\
        ## Action Items

        | Action Item | Owner | Bug |
        |---|---|---|
        | Action item 1 | name | link |
        | Rotate the keys | name | |

        ## Follow-ups

        - Item 1
        - Task #2
        """
    assert [(i.text, i.owner) for i in items(text)] == [("Rotate the keys", None)]


def test_a_dash_remark_that_the_work_was_done_marks_it_done_and_keeps_the_reference() -> None:
    text = """\
        ## Improving Recovery Procedures

        1. Hourly LVM snapshots of the production databases ([#1098](https://example.com/issues/1098))
        2. Azure disk snapshots - was already done ([#1099](https://example.com/issues/1099))
        3. Backup alerting — fixed
        """
    assert [(i.text, i.status.value) for i in items(text)] == [
        ("Hourly LVM snapshots of the production databases ([#1098](https://example.com/issues/1098))", "open"),
        ("Azure disk snapshots ([#1099](https://example.com/issues/1099))", "done"),
        ("Backup alerting", "done"),
    ]


def test_a_run_in_heading_in_emphasis_starts_a_follow_up_section() -> None:
    text = """\
        *Incident recap*

        Something broke and we fixed it.

        *Next steps:* I'm going to add an alert on scrape targets. The label dates from 2023. Nadia will add a check.
        """
    assert [(i.section, i.text, i.owner) for i in items(text)] == [
        ("Next steps", "I'm going to add an alert on scrape targets.", None),
        ("Next steps", "Nadia will add a check.", "Nadia"),
    ]


@pytest.mark.parametrize(
    ("sentence", "owner"),
    [
        ("Sven to invite the growth team to the weekly sync", "Sven"),
        ("Storage Engineering is improving the attach health model", "Storage Engineering"),
        ("The Search Infrastructure team will add a latency SLO alert", "Search Infrastructure team"),
        ("Audit DNS for other stale hostnames — assigned to the Platform team", "Platform team"),
        ("The API is returning errors for stale tokens, so we need a retry", None),
    ],
)
def test_the_subject_promising_the_work_is_its_owner(sentence: str, owner: str | None) -> None:
    assert [i.owner for i in items(f"## Next steps\n\n- {sentence}\n")] == [owner]


def test_more_past_events_and_headings() -> None:
    text = """\
        ## What went wrong

        - Support noticed before monitoring did.

        ## Looking ahead

        - 🔁 Reuse the provider token for its full lifetime
        - Write a rotation runbook.
          Done in https://github.com/example/repo/pull/2305.
        """
    assert [(i.section, i.text, i.status.value) for i in items(text)] == [
        ("Looking ahead", "Reuse the provider token for its full lifetime", "open"),
        ("Looking ahead", "Write a rotation runbook.", "done"),
    ]


EMAIL = """\
    Thanks for making time for today's review (Tue, 24 Nov 2026).

    Follow-ups
    1. Add alerting on webhook queue age (Marta, by Dec 5)
    2. Run a tabletop of the rollback runbook (SRE, within two weeks of this review)

    If I got anything wrong or missed an owner, reply-all and I'll fix the wiki.

    Cheers,
    Hannah

    --
    Hannah Lindqvist
    Engineering Manager, Payments Platform

    > On Mon, 23 Nov 2026 at 09:14, Jonas Berg <jonas@example.com> wrote:
    > Can we also talk about adding a dashboard for retry counts?
    > And maybe we should cap retries per merchant per minute.
    """


def test_an_e_mails_closing_signature_and_quoted_reply_are_not_items() -> None:
    assert [(i.text, i.owner, i.due) for i in items(EMAIL)] == [
        ("Add alerting on webhook queue age", "Marta", date(2026, 12, 5)),
        ("Run a tabletop of the rollback runbook", "SRE", date(2026, 12, 8)),
    ]


def test_statements_with_a_noun_subject_and_modal_be_are_lessons() -> None:
    text = """\
        ## Lessons learned

        - Debug tracing in public pipelines should be treated as publishing the environment.
        - Document how tokens should be rotated.

        ## Remediation

        - Unpublished `@orbit/ui-kit@4.2.1` and published 4.2.2 from a clean runner.
        - Unused indexes in the ledger database
        """
    assert texts(text) == ["Document how tokens should be rotated.", "Unused indexes in the ledger database"]


def test_a_query_alone_an_export_footer_and_a_channel_are_not_items() -> None:
    text = """\
        ## Action items (exported from Jira)

        Filter: `project = MOB AND labels = retro-s41 ORDER BY key`

        - Add idempotency keys to push send requests

        5 issues · Exported by Luca Bianchi on 2026-04-30 16:02

        Questions about any of these: #data-platform on Slack.
        """
    assert texts(text) == ["Add idempotency keys to push send requests"]


def test_a_one_word_label_before_owner_is_a_metadata_label() -> None:
    text = "Document owner: Priyanka Rao (SRE)\n\n## Action items\n\n- Rotate the keys. Owner: Priyanka Rao\n"
    assert [(i.text, i.owner) for i in items(text)] == [("Rotate the keys.", "Priyanka Rao")]


def test_a_todo_in_brackets_inside_prose_ends_with_its_bracket() -> None:
    text = (
        "## What happened\n\nThe nodes kept retrying against the same replicas (TODO: confirm with the vendor "
        "whether the backoff is configurable), which added even more load.\n"
    )
    assert texts(text) == ["confirm with the vendor whether the backoff is configurable"]


def test_a_date_standing_alone_at_the_end_of_an_item_is_its_due_date() -> None:
    text = """\
        ## Action items

        - [ ] @Dana Whitfield Inventory every certificate and add each one to cert-manager 4 Sep 2026
        - [ ] Freeze deploys until 2026-11-20
        - [ ] Rotate the keys by 2026-12-01
        """
    assert [(i.text, i.owner, i.due) for i in items(text)] == [
        ("Inventory every certificate and add each one to cert-manager", "Dana Whitfield", date(2026, 9, 4)),
        ("Freeze deploys until 2026-11-20", None, None),
        ("Rotate the keys by 2026-12-01", None, date(2026, 12, 1)),
    ]


def test_steps_for_the_reader_and_a_letters_signature_are_not_items() -> None:
    text = """\
        WHAT YOU NEED TO DO

          1. Forget the "eduroam" network on your device.
          2. Sign in with your usual username and password.

        WHAT WE WILL DO

          - The Identity & Access team will publish the new chain (target: 30 October 2026).
          - Run a test certificate change every term.

        If you want to help with any of these, ping us in `#docs`.

        Kind regards,

        Helen Marsh
        Director of Digital Infrastructure, IT Services
        """
    assert [(i.section, i.owner, i.due) for i in items(text)] == [
        ("WHAT WE WILL DO", "Identity & Access team", date(2026, 10, 30)),
        ("WHAT WE WILL DO", None, None),
    ]
    assert rejected(text)["Director of Digital Infrastructure, IT Services"] == "signature"


def test_a_templates_rules_for_its_items_are_instructions() -> None:
    text = """\
        ## Action items

        > Every action item needs an owner and a due date. Write them as tasks that can
        > be closed, starting with a verb ("Add alert for ..."). Create a ticket for each one and link it.

        - Add an alert for queue age
        """
    assert texts(text) == ["Add an alert for queue age"]


def test_finished_work_told_with_a_status_label_or_as_a_present_state_is_not_an_item() -> None:
    text = """\
        ## Remediation

        - Completed: reconciliation of the 1,284 transactions left in pending capture.
        - Completed: migrate the cron jobs to the scheduler
        - HSM session keep-alive is explicitly pinned to 300 s in our configuration.
        - Redeploy dependent services automatically when a token is rotated
        - Planned for Q3 2026: replace synchronous HSM calls with a queue
        - **Status page:** Stand up a status page that does not depend on our servers.
        - We are making several changes as a result of this event.

        ## Lessons learned

        - Retry behaviour needs to be designed with downstream pool limits in mind.
        """
    assert [(i.text, i.category, i.status.value) for i in items(text)] == [
        ("migrate the cron jobs to the scheduler", None, "done"),
        ("Redeploy dependent services automatically when a token is rotated", None, "open"),
        ("replace synchronous HSM calls with a queue", None, "open"),
        ("Stand up a status page that does not depend on our servers.", "Status page", "open"),
    ]


def test_a_mention_that_credits_someone_is_no_owner_and_more_subjects_promise_work() -> None:
    text = """\
        ## What happens next

        - Add `--max-delete 500` to every `rclone sync` call (thanks @quietcoder)
        - Search Infrastructure is evaluating a move of the pipeline to its own consumer group.
        - Core Network Operations shall conduct a geo-redundancy test.

        ## FAQ

        *Will the launch event be extended?* Yes.
        """
    assert [i.owner for i in items(text)] == [None, "Search Infrastructure", "Core Network Operations"]


FORMAL = """\
    Date of incident:   Tuesday 27 January 2026
    Date of report:     Friday 6 February 2026

    5. Countermeasures
    5.1 Temporary
    (1) Statistics were re-collected and the job was restarted. (Completed on 2026/03/13)

    5.2 Permanent
    (1) Add the restart step to the procedure document of database version up work.
        Person in charge: DB team
        Completion schedule: 2026/03/27

    6. Recommendations

    6.1 It is recommended that SPF records be validated automatically before any DNS change.

    The DNS change procedure shall be amended to require validation of SPF records.
        Action owner: IAM Manager
        Target date: within 30 days of the date of this report

    8. Conclusion

    8.1 ITS regrets the disruption. Progress will be reported to the IT Governance Committee.

    Document ends.
    """


def test_a_formal_report_numbered_sections_recommendations_and_annotations_below_prose() -> None:
    assert [(i.section, i.text, i.owner, i.due) for i in items(FORMAL)] == [
        (
            "5.2 Permanent",
            "Add the restart step to the procedure document of database version up work.",
            "DB team",
            date(2026, 3, 27),
        ),
        (
            "6. Recommendations",
            "It is recommended that SPF records be validated automatically before any DNS change.",
            None,
            None,
        ),
        (
            "6. Recommendations",
            "The DNS change procedure shall be amended to require validation of SPF records.",
            "IAM Manager",
            date(2026, 3, 8),
        ),
    ]


def test_a_docs_export_nests_its_hollow_bullets_and_slack_marks_stay_marks() -> None:
    docs = "Next Steps\n● Config safety:\n○ Require a second reviewer for rate-limit changes\n● Run a game day\n"
    assert [(i.category, i.text) for i in items(docs)] == [
        ("Config safety", "Require a second reviewer for rate-limit changes"),
        (None, "Run a game day"),
    ]
    slack = (
        "*Follow-ups:*\n:white_check_mark: Bump indexer consumers from 4 to 12\n"
        ":black_square_button: Re-index the affected docs - @jonas\n\n"
        ":thread: questions in thread, or ping me if your tenant still sees stale results\n"
    )
    assert [(i.text, i.owner, i.status.value) for i in items(slack)] == [
        ("Bump indexer consumers from 4 to 12", None, "done"),
        ("Re-index the affected docs", "jonas", "open"),
    ]


def test_owners_after_a_discourse_word_team_mentions_and_lettered_ids() -> None:
    text = """\
        ## What we're doing about it

        Second, Sam will move our database to continuous WAL archiving.

        - AI-W10-5: Add `edge-cdn` to the quarterly capacity review
        - Add "docs deployed" to the release checklist @fennec-dev/maintainers
        - Publish a docs page on retries. Assignee: Unassigned ·
        - Rollback took under five minutes once the change was identified.

        Together, these changes mean a failed job should never again take down submissions.
        """
    assert [(i.text[:28], i.owner, i.category) for i in items(text)] == [
        ("Second, Sam will move our da", "Sam", None),
        ("Add `edge-cdn` to the quarte", None, None),
        ('Add "docs deployed" to the r', "fennec-dev/maintainers", None),
        ("Publish a docs page on retri", None, None),
    ]


PLAIN_BLOG = """\
    WHAT'S NEXT

    Over the coming weeks we will make three further changes. Finally, our platform team will build
    server-side rate limits for the login queue.

    o Replace the old sample cron line on the mirrors wiki page with the two-stage sync script.
    o Add a metadata consistency check to the redirector that compares hashes with master,
      taking mirrors out of rotation on mismatch.

    Progress on them is a standing agenda item at the weekly infra sync. If one of your players
    still cannot log in, contact support.

    COMPENSATION

    Every player who logged in last week will receive 1,000 Starshards.

    Thanks for your patience, your bug reports, and the memes. Especially the memes.

    - Jonas Albrecht, Live Operations Lead, on behalf of the Starfall team
    """


def test_a_plain_text_blog_post_with_o_bullets_capital_headings_and_a_signature() -> None:
    assert [(i.section, i.text[:40], i.owner) for i in items(PLAIN_BLOG)] == [
        ("WHAT'S NEXT", "Finally, our platform team will build se", "platform team"),
        ("WHAT'S NEXT", "Replace the old sample cron line on the ", None),
        ("WHAT'S NEXT", "Add a metadata consistency check to the ", None),
    ]


def test_template_braces_a_todos_first_sentence_and_imperatives_after_a_colon_in_lessons() -> None:
    text = """\
        ## Action items

        | Action item | Owner | Bug |
        |---|---|---|
        | {action item} | {owner} | {bug} |
        | Refuse to promote a standby that is still replaying WAL | | DB-12 |

        ## Where we got lucky

        The backfill script existed at all: Priya wrote it last year. Check the backfill script into the repo.

        ## Detection

        The disk alert fired late. TODO: move the WAL archive onto the backup disk. We had meant to since May.
        """
    assert [(i.text, i.owner) for i in items(text)] == [
        ("Refuse to promote a standby that is still replaying WAL", None),
        ("Check the backfill script into the repo.", None),
        ("move the WAL archive onto the backup disk.", None),
    ]


def test_principles_notes_to_customers_and_a_lone_word_are_not_items_and_a_full_name_owns() -> None:
    text = """\
        Next steps
        ----------

        We will add a second fibre path between the exchanges. A single maintenance mistake should
        never take out two exchanges. We're sharing this level of detail because several of you asked.

        - Write a runbook for deactivating a single OST (Beatriz Santos)
        - Move the pipeline to a managed service (Google Cloud)
        - Your DS record at the registrar does not need to change.
        - If you could not pay a bill that was due, no late fee will be charged.

        Contact
        """
    assert [(i.text, i.owner) for i in items(text)] == [
        ("We will add a second fibre path between the exchanges.", None),
        ("Write a runbook for deactivating a single OST", "Beatriz Santos"),
        ("Move the pipeline to a managed service (Google Cloud)", None),
    ]
