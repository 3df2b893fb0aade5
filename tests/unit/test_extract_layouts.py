"""Layouts, annotations and exclusions the extractor handles (LABELING.md), on documents written here."""

from __future__ import annotations

from datetime import date
from textwrap import dedent

import pytest

from tracker.extract import ExtractedDocument, ExtractedItem, extract_text
from tracker.model import Priority, Status


def doc(text: str, **kw: object) -> ExtractedDocument:
    return extract_text(dedent(text), "test.md", **kw)  # type: ignore[arg-type]


def items(text: str, **kw: object) -> list[ExtractedItem]:
    return list(doc(text, **kw).items)


def texts(text: str, **kw: object) -> list[str]:
    return [i.text for i in items(text, **kw)]


# --- headings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("## Action Items", "Action Items"),
        ("### Action Items ###", "Action Items"),
        ("Action Items\n------------", "Action Items"),
        ("Follow-ups\n==========", "Follow-ups"),
        ("Next Steps:", "Next Steps"),
        ("**Remediation**", "Remediation"),
        ("**Tasks:**", "Tasks"),
        ("Corrective Measures", "Corrective Measures"),
        ("## 🔧 Action Items", "🔧 Action Items"),
        ("## Action Items[^1]", "Action Items"),
        ("5. Action Items", "5. Action Items"),
        ("* Corrective measures must contain:", "Corrective measures must contain"),
    ],
)
def test_heading_forms_start_a_follow_up_section(heading: str, section: str) -> None:
    found = items(f"Intro line.\n\n{heading}\n\n- Add disk alerts for the database hosts\n")
    assert [(i.text, i.section) for i in found] == [("Add disk alerts for the database hosts", section)]


def test_same_list_under_a_non_follow_up_heading_is_not_items() -> None:
    assert texts("## Timeline\n\n- Add disk alerts for the database hosts\n") == []


def test_bare_title_line_and_colon_line_switch_sections_in_plain_text() -> None:
    found = items(
        """\
        Incident Summary
        Impact: 5% of users saw errors
        Preventive Measures
        Implement redundancy in critical systems.
        Tasks:
        Schedule regular restore drills.
        Conclusion
        We will keep improving our systems.
        """
    )
    assert [(i.text, i.section) for i in found] == [
        ("Implement redundancy in critical systems.", "Preventive Measures"),
        ("Schedule regular restore drills.", "Tasks"),
    ]


def test_sub_headings_inside_action_items_are_sections() -> None:
    found = items("## Action items\n\n### Database\n\n1. Add a replica\n\n**Process:**\n\n- Write a runbook\n")
    assert [(i.text, i.section, i.category) for i in found] == [
        ("Add a replica", "Database", None),
        ("Write a runbook", "Process", None),
    ]


def test_heading_run_into_a_paragraph_starts_a_section() -> None:
    found = items("## Resolution\n\nWe restarted apache2. Corrective measures: Setting files should be linted in CI.\n")
    assert [(i.text, i.section) for i in found] == [("Setting files should be linted in CI.", "Corrective measures")]


def test_empty_heading_is_skipped() -> None:
    found = items("## Next steps\n\n##\n\n- Rotate the keys\n")
    assert [i.section for i in found] == ["Next steps"]


def test_lessons_subsection_under_action_items_is_not_follow_up() -> None:
    found = items("## Action items\n\n- Add alerts\n\n## Lessons learned\n\n- Alerts were noisy.\n")
    assert texts("## Action items\n\n- Add alerts\n\n## Lessons learned\n\n- Alerts were noisy.\n") == ["Add alerts"]
    assert found[0].section == "Action items"


# --- list forms ------------------------------------------------------------------------------


@pytest.mark.parametrize("marker", ["-", "*", "+", "1.", "1)", "a)", "(1)"])
def test_bullet_and_number_markers(marker: str) -> None:
    assert texts(f"## Follow-ups\n\n{marker} Rotate the API keys\n") == ["Rotate the API keys"]


def test_plain_lines_are_one_item_each() -> None:
    assert texts("Action Items\nRotate the keys\nAdd alerting for disk usage\n") == [
        "Rotate the keys",
        "Add alerting for disk usage",
    ]


def test_wrapped_lines_are_joined_with_single_spaces() -> None:
    found = texts(
        "## Action items\n\n- Add alerting for disk usage on every\n  database host in the primary\n  region\n"
    )
    assert found == ["Add alerting for disk usage on every database host in the primary region"]


def test_entry_keeps_first_paragraph_only() -> None:
    found = texts(
        """\
        ## Action items

        1. Lower the launch timeout to five minutes.

           This chart shows why. We should also look at retries.

        2. Add a quota on prod
        """
    )
    assert found == ["Lower the launch timeout to five minutes.", "Add a quota on prod"]


def test_bare_url_glued_to_last_bullet_is_not_part_of_it() -> None:
    found = texts("## Next steps\n\n- Review the architecture.\nhttps://blog.example.com/post\n")
    assert found == ["Review the architecture."]


def test_closing_remark_after_plain_items_is_not_an_item() -> None:
    found = texts("Tasks Ahead:\nConduct regular rule audits.\nNow, with a touch of humor, we are done!\n")
    assert found == ["Conduct regular rule audits."]


@pytest.mark.parametrize(("box", "status"), [("[ ]", Status.OPEN), ("[x]", Status.DONE), ("[X]", Status.DONE)])
def test_checkbox_sets_status_anywhere(box: str, status: Status) -> None:
    found = items(f"## Timeline\n\n- {box} Write the incident report\n")
    assert [(i.text, i.status) for i in found] == [("Write the incident report", status)]


# --- categories ------------------------------------------------------------------------------


def test_label_entry_groups_nested_bullets_as_category() -> None:
    found = items(
        """\
        ## Corrective and Preventative Measures

        - **Monitoring:**
          - Alert on replica lag
          - Add a dashboard for queue depth
        - Process:
          - Write a failover runbook
        """
    )
    assert [(i.text, i.category) for i in found] == [
        ("Alert on replica lag", "Monitoring"),
        ("Add a dashboard for queue depth", "Monitoring"),
        ("Write a failover runbook", "Process"),
    ]
    assert {i.section for i in found} == {"Corrective and Preventative Measures"}


def test_label_prefix_on_the_items_own_line_is_its_category() -> None:
    found = items("Improvements:\nAutomated Testing: Introduce automated tests for the config.\n")
    assert [(i.text, i.category) for i in found] == [("Introduce automated tests for the config.", "Automated Testing")]


def test_bold_label_prefix_in_a_bullet() -> None:
    found = items("## Next steps\n\n- **Alerting:** page on error rate above 2%\n")
    assert [(i.text, i.category) for i in found] == [("page on error rate above 2%", "Alerting")]


# --- tables ----------------------------------------------------------------------------------


TABLE = """\
## Action items

| Action item | Type | Assignee | Due date | Priority | Status |
|---|---|---|---|---|---|
| Add canary stage | prevent | [Alice Chen](https://ex.com/alice) | 2025-04-01 | P1 | [Done](https://j/A-1) |
| Page on 5xx rate | detect | @bob | April 20, 2025 | high | In progress |
| Write rollback doc | process | | | low | |
"""


def test_action_item_table_rows_with_columns() -> None:
    found = items(TABLE)
    assert [(i.text, i.owner, i.due, i.priority, i.status, i.category) for i in found] == [
        ("Add canary stage", "Alice Chen", date(2025, 4, 1), Priority.HIGH, Status.DONE, None),
        ("Page on 5xx rate", "bob", date(2025, 4, 20), Priority.HIGH, Status.IN_PROGRESS, None),
        ("Write rollback doc", None, None, Priority.LOW, Status.OPEN, None),
    ]


def test_bug_column_with_bold_done_and_todo() -> None:
    found = items(
        "| Action Item | Owner | Bug |\n|---|---|---|\n| Plug the fd leak | agoogler | n/a **DONE** |\n"
        "| Add load shedding | martym | Bug 5554826 **TODO** |\n"
    )
    assert [(i.text, i.owner, i.status) for i in found] == [
        ("Plug the fd leak", "agoogler", Status.DONE),
        ("Add load shedding", "martym", Status.OPEN),
    ]


def test_timeline_table_and_unrelated_tables_are_not_items() -> None:
    assert texts("| Time | Description |\n|---|---|\n| 14:51 | Team pushes code |\n") == []
    assert texts("| Host | Role |\n|---|---|\n| db1 | primary |\n") == []


# --- annotations -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "text", "owner", "due"),
    [
        (
            "Implement checks (Owner: Samuel Ogunwomoju, Deadline: April 1st, 2024)",
            "Implement checks",
            "Samuel Ogunwomoju",
            date(2024, 4, 1),
        ),
        (
            "Implement checks (Owner: Sam, Deadline: April  1st, 2024)",
            "Implement checks",
            "Sam",
            date(2024, 4, 1),
        ),
        ("Rotate keys Owner: @alice Due: 2024-05-01", "Rotate keys", "alice", date(2024, 5, 1)),
        ("Rotate keys @alice", "Rotate keys", "alice", None),
        ("Rotate keys [alice]", "Rotate keys", "alice", None),
        ("Rotate keys — alice, due 2024-05-01", "Rotate keys", "alice", date(2024, 5, 1)),
        ("Rotate keys — Alice Chen", "Rotate keys", "Alice Chen", None),
        ("Rotate keys. OWNER: amirh@ (DONE).", "Rotate keys.", "amirh@", None),
        ("TODO(carol): rotate keys", "rotate keys", "carol", None),
        ("Rotate keys (Owner: [Carol Diaz](https://example.com/carol))", "Rotate keys", "Carol Diaz", None),
        ("DevEx will update the onboarding docs.", "DevEx will update the onboarding docs.", "DevEx", None),
        ("Carol to rotate the keys", "Carol to rotate the keys", "Carol", None),
    ],
)
def test_owner_and_due_annotations(line: str, text: str, owner: str | None, due: date | None) -> None:
    (item,) = items(f"## Action items\n\n- {line}\n")
    assert (item.text, item.owner, item.due) == (text, owner, due)


def test_we_and_the_team_are_not_owners() -> None:
    found = items("## Action items\n\n- We will add alerts\n- The team will review the runbook\n")
    assert [i.owner for i in found] == [None, None]


def test_owner_due_on_a_following_line() -> None:
    (item,) = items("## Follow-ups\n\n- [ ] Autoscale the workers @bob\n  Due: 2025-09-30\n")
    assert (item.text, item.owner, item.due) == ("Autoscale the workers", "bob", date(2025, 9, 30))


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("Rotate keys (DONE)", Status.DONE),
        ("Rotate keys **DONE**", Status.DONE),
        ("Rotate keys _done in grafana_.", Status.DONE),
        ("Rotate keys **TODO**", Status.OPEN),
        ("Rotate keys (pending)", Status.OPEN),
    ],
)
def test_status_markers(line: str, status: Status) -> None:
    (item,) = items(f"## Action items\n\n- {line}\n")
    assert (item.text, item.status) == ("Rotate keys", status)


def test_following_line_saying_done() -> None:
    (item,) = items("## Action items\n\n- Rotate keys\n\n  Done in PR #12.\n")
    assert (item.text, item.status) == ("Rotate keys", Status.DONE)


@pytest.mark.parametrize(
    ("line", "priority"),
    [("[P0] Rotate keys", Priority.CRITICAL), ("Rotate keys (P2)", Priority.MEDIUM),
     ("Rotate keys (priority: high)", Priority.HIGH), ("P3: Rotate keys", Priority.LOW)],
)  # fmt: skip
def test_priority_annotations(line: str, priority: Priority) -> None:
    (item,) = items(f"## Action items\n\n- {line}\n")
    assert (item.text, item.priority) == ("Rotate keys", priority)


@pytest.mark.parametrize(
    "line",
    [
        "TODO: rotate the keys",
        "Action: rotate the keys",
        "AI: rotate the keys",
        "Action point: rotate the keys",
    ],
)
def test_markers_count_anywhere_and_are_dropped(line: str) -> None:
    assert texts(f"## Summary\n\nThe outage lasted an hour.\n\n{line}\n") == ["rotate the keys"]


def test_todo_inside_html_comment() -> None:
    (item,) = items("## Summary\n\n<!-- TODO(frank): link the incident ticket -->\n")
    assert (item.text, item.owner) == ("link the incident ticket", "frank")


def test_owner_annotation_marks_a_task_anywhere() -> None:
    found = items("## Summary\n\nRotate the keys (Owner: Carol, Due: 2025-01-10)\n")
    assert [(i.text, i.owner, i.due) for i in found] == [("Rotate the keys", "Carol", date(2025, 1, 10))]


# --- deadlines -------------------------------------------------------------------------------


RELATIVE = """\
Incident date: 2024-03-04
Review Date: march 17, 2024

## Action items

- Add checksum alerts within two weeks
- Add a replica in 30 days
- Ship the fix by end of Q2
- Tidy dashboards EOW
- Audit cron jobs by Friday
- Rehearse restores next week
"""


def test_relative_deadlines_resolve_against_review_date() -> None:
    found = items(RELATIVE)
    assert [(i.due, i.due_relative) for i in found] == [
        (date(2024, 3, 31), True),
        (date(2024, 4, 16), True),
        (date(2024, 6, 30), True),
        (date(2024, 3, 22), True),  # review on a Sunday: the next Friday
        (date(2024, 3, 22), True),
        (date(2024, 3, 29), True),
    ]
    assert found[0].text == "Add checksum alerts within two weeks"


def test_explicit_review_date_overrides_the_documents() -> None:
    found = items(RELATIVE, review_date=date(2024, 5, 1))
    assert found[0].due == date(2024, 5, 15)


def test_relative_deadline_falls_back_to_incident_date() -> None:
    (item,) = items("Incident date: 2024-03-04\n\n## Action items\n\n- Add alerts within two weeks\n")
    assert item.due == date(2024, 3, 18)


def test_relative_deadline_without_any_date_warns() -> None:
    result = doc("## Action items\n\n- Add alerts\n- Add alerts within two weeks\n")
    assert result.items[1].due is None
    assert result.warnings == ("relative deadline 'within two weeks' on item 2 has no date to resolve against",)


def test_date_inside_task_wording_is_not_a_due_date() -> None:
    (item,) = items("## Action items\n\n- Freeze production until 2015-11-20 due to budget exhaustion\n")
    assert item.due is None


def test_day_first_switches_numeric_dates() -> None:
    text = "## Action items\n\n- Rotate keys (Due: 04/01/2024)\n"
    assert items(text)[0].due == date(2024, 4, 1)
    assert items(text, day_first=True)[0].due == date(2024, 1, 4)


def test_unparseable_due_value_warns() -> None:
    result = doc("## Action items\n\n- Rotate keys (Due: whenever possible)\n")
    assert result.items[0].due is None
    assert "whenever possible" in result.warnings[0]


# --- exclusions ------------------------------------------------------------------------------


def test_timeline_entries_are_not_items() -> None:
    assert texts("Timeline:\n14:30 - Rolled back the deploy.\n14:40 - Add more replicas.\n") == []


def test_past_tense_work_under_follow_up_heading_is_not_an_item() -> None:
    found = texts(
        "## Remediation\n\n- Rolled back the deployment\n- Implemented more checks in the pipeline\n"
        "- Add a canary stage\n"
    )
    assert found == ["Add a canary stage"]


def test_lessons_count_only_when_imperative() -> None:
    found = texts(
        """\
        ## Lessons learned

        - Regular testing is crucial.
        - Detection should have been much quicker.
        - Never push untested code to production.
        - Add synthetic checks for checkout.
        - Should we page the DBA team?
        """
    )
    assert found == ["Add synthetic checks for checkout."]


def test_conclusion_and_intro_prose_are_not_items() -> None:
    found = texts(
        """\
        Corrective and Preventative Measures:

        To prevent similar issues in the future, the following tasks should be completed:

        - Increase server capacity.

        By implementing these measures, we aim to improve reliability.
        In conclusion, the outage resulted from a typo.
        """
    )
    assert found == ["Increase server capacity."]


def test_bare_links_none_and_template_instructions_are_not_items() -> None:
    found = texts(
        """\
        ## Action items

        - None.
        - https://github.com/example/repo/pull/47015
        - #1234
        - explain in detail how the issue was fixed
        - a list of tasks to address the issue (be very specific)
        - *Specific, actionable steps to be taken.*
        """
    )
    assert found == []


def test_narrated_decisions_are_not_items() -> None:
    assert texts("## Response\n\nWe decided to:\n\n- announce the outage on the status page\n") == []


def test_prose_under_follow_up_heading_gives_one_item_per_task_sentence() -> None:
    found = texts(
        "## Follow-up\n\nThe monitoring system should page more people. This explains the delay. "
        "Add a Discord alert for the docs site.\n"
    )
    assert found == [
        "The monitoring system should page more people.",
        "Add a Discord alert for the docs site.",
    ]


# --- document fields and result shape --------------------------------------------------------


def test_postmortem_fields() -> None:
    result = doc(
        """\
        # Checkout outage

        Incident date: 2025-03-04
        Review Date: March 10, 2025
        Affected services: Payments API, Checkout
        Impact: 12% of checkout requests failed during the outage.
        """
    )
    assert result.title == "Checkout outage"
    assert result.incident_date == date(2025, 3, 4)
    assert result.review_date == date(2025, 3, 10)
    assert result.services == ("Payments API", "Checkout")
    assert result.impact == "12% of checkout requests failed"


def test_positions_are_document_order_and_results_are_repeatable() -> None:
    first = doc(TABLE + "\n## Follow-ups\n\n- [ ] Rotate keys\n")
    assert [i.position for i in first.items] == [0, 1, 2, 3]
    assert doc(TABLE + "\n## Follow-ups\n\n- [ ] Rotate keys\n") == first


# --- structured annotations and other layouts seen in the wild -------------------------------


def test_annotation_sub_bullets_belong_to_the_item_above() -> None:
    found = items(
        """\
        ## Action Items

        - Add alert for replica lag
          - Owner: Alice Chen
          - **Due:** 2025-01-10
          - Status: Done
        - Document the failover
        """
    )
    assert [(i.text, i.owner, i.due, i.status) for i in found] == [
        ("Add alert for replica lag", "Alice Chen", date(2025, 1, 10), Status.DONE),
        ("Document the failover", None, None, Status.OPEN),
    ]


@pytest.mark.parametrize(
    ("line", "owner", "due"),
    [
        ("Rotate keys (@alice, 2025-01-01)", "alice", date(2025, 1, 1)),
        ("Rotate keys (@alice, due 2025-01-01)", "alice", date(2025, 1, 1)),
        ("Rotate keys **Owner:** Carol Diaz", "Carol Diaz", None),
    ],
)
def test_compact_annotations(line: str, owner: str, due: date | None) -> None:
    (item,) = items(f"## Action items\n\n- {line}\n")
    assert (item.text, item.owner, item.due) == ("Rotate keys", owner, due)


def test_parenthesised_wording_stays_in_the_text() -> None:
    (item,) = items("## Action items\n\n- Rotate keys (see the runbook) for the edge hosts\n")
    assert item.text == "Rotate keys (see the runbook) for the edge hosts"


def test_gerund_and_noun_phrase_lines_under_a_follow_up_heading() -> None:
    found = texts(
        "Corrective and preventative measures:\n"
        "Ensuring that every config change is linked and active. Improve the monitoring.\n"
        "Implementation of redundant database servers to remove single points of failure.\n"
    )
    assert found == [
        "Ensuring that every config change is linked and active.",
        "Improve the monitoring.",
        "Implementation of redundant database servers to remove single points of failure.",
    ]


def test_past_reports_with_a_subject_are_not_items() -> None:
    found = texts(
        """\
        *Corrective and Preventative Measures:*

        * *Traffic Forecasting:* GitHub implemented more accurate forecasting models.
        * *Database:* A performance review was conducted to find bottlenecks.
        * *Scaling:* Add autoscaling to the web tier.
        """
    )
    assert found == ["Add autoscaling to the web tier."]


def test_follow_up_entry_outside_a_follow_up_section_heads_its_sub_bullets() -> None:
    found = items(
        """\
        ## Details

        1. Root cause: disk full
        2. Corrective and preventative measures:
           - Patch the nginx server.
        3. Lessons learned
           - Backups were slow.
           - Test restores monthly.
        """
    )
    assert [(i.text, i.section) for i in found] == [
        ("Patch the nginx server.", "2. Corrective and preventative measures"),
        ("Test restores monthly.", "3. Lessons learned"),
    ]


def test_link_reference_definitions_are_ignored() -> None:
    found = items(
        "## Action items\n\n1. Add metrics for the redirector ([issue][metrics])\n\n"
        "[metrics]: https://github.com/example/repo/issues/2114\n"
    )
    assert [(i.text, i.owner) for i in found] == [("Add metrics for the redirector ([issue][metrics])", None)]


def test_html_headings_paragraphs_and_emoji_shortcodes() -> None:
    found = items(
        "<h2>Corrective Measures:</h2>\n<h3>Tasks:</h3>\n"
        "<p>&emsp;:small_orange_diamond:Organize load tests before each release.</p>\n"
    )
    assert [(i.text, i.section) for i in found] == [("Organize load tests before each release.", "Tasks")]


def test_assignment_template_is_not_items() -> None:
    found = texts(
        """\
        ## Requirements:

        * Root cause and resolution must contain:
            - explain in detail what was causing the issue
        * Corrective and preventative measures must contain:
            - what are the things that can be improved/fixed (broadly speaking)
            - a list of tasks to address the issue (be very specific, like a TODO)
            - Be brief and straight to the point, between 400 to 600 words
        """
    )
    assert found == []


def test_owner_before_a_dash_separated_due_annotation_has_no_trailing_dash() -> None:
    from tracker.extract import extract_text

    doc = extract_text(
        "Incident date: 2024-03-04\n\nCorrective actions:\n"
        "Set up disk usage alerts at 80% - Owner: Priya - Due: 2024-03-20\n"
        "Automate snapshot retention - Owner: Marco\n",
        "dash.txt",
    )
    assert [(i.owner, i.due and i.due.isoformat()) for i in doc.items] == [("Priya", "2024-03-20"), ("Marco", None)]


# --- phrasing seen in held-out postmortems ---------------------------------------------------


def test_set_up_and_put_open_tasks_not_past_reports() -> None:
    found = texts(
        "## Action Items\n\n- Set up alerts for queue depth on the billing workers\n"
        "- Put the cache nodes behind the internal balancer\n"
    )
    assert found == [
        "Set up alerts for queue depth on the billing workers",
        "Put the cache nodes behind the internal balancer",
    ]


def test_describe_how_to_in_a_guide_is_a_task_not_a_template_instruction() -> None:
    found = texts(
        "## Action items\n\n1. describe how to drain a stuck node in the operations guide\n"
        "2. explain in detail how the issue was fixed\n"
    )
    assert found == ["describe how to drain a stuck node in the operations guide"]


def test_reminder_sentences_are_not_tasks() -> None:
    found = texts(
        "## Next Steps\n\n- Add a canary stage to the release pipeline\n\n"
        "Please remember that these notes must be reviewed by your mentor.\n"
    )
    assert found == ["Add a canary stage to the release pipeline"]


def test_entry_counts_when_a_later_sentence_asks_for_work() -> None:
    text = "Note that the vendor rotates certificates every 60 days. Automate the renewal before then"
    assert texts(f"## Action Items\n\n* {text}\n* Note that the vendor was slow.\n") == [text]


def test_suggestions_in_follow_up_prose_are_items_but_not_in_lessons() -> None:
    found = items(
        """\
        ## Follow-up

        We could run a weekly restore drill against the backup bucket.

        It would be helpful to have a shared pager rota for the storage team.

        ## What went wrong

        We could have caught the bad config in review.
        """
    )
    assert [(i.text, i.section) for i in found] == [
        ("We could run a weekly restore drill against the backup bucket.", "Follow-up"),
        ("It would be helpful to have a shared pager rota for the storage team.", "Follow-up"),
    ]


def test_closing_note_that_the_work_was_done_sets_status() -> None:
    (item,) = items("## Follow-up\n\nThe deploy bot should post to the team channel. (added a webhook for @ops-bots)\n")
    assert (item.text, item.status, item.owner) == (
        "The deploy bot should post to the team channel.",
        Status.DONE,
        None,
    )


def test_table_reflowed_into_one_paragraph_is_read_by_column_count() -> None:
    found = items(
        """\
        ## Action items

        | Action Item | Owner | Issue | Notes | |-------------|-------|-------|-------|
        | Add a retry budget to the uploader. | [@kim](https://example.com/kim) ||
        [Done](https://example.com/pr/1) | | Page the storage team on quota
        alerts. | @lee | [#7](https://example.com/7) ||
        """
    )
    assert [(i.text, i.owner, i.status) for i in found] == [
        ("Add a retry budget to the uploader.", "kim", Status.DONE),
        ("Page the storage team on quota alerts.", "lee", Status.OPEN),
    ]


def test_misaligned_reflowed_table_falls_back_to_text() -> None:
    found = texts("## Timeline\n\n| Time | | | --- | --- | | 10:00 | Add a replica | 11:00 |\n")
    assert found == []


def test_plain_text_assignment_addressed_to_the_writer_is_not_items() -> None:
    found = texts(
        """\
        Corrective measures must contain:
        a list of tasks to address the issue
        Add answers here:
        Repo:
        Project folder: ops-drills
        File: NOTES.md
        1. Make your postmortem fun to read
        Tasks:
        Add a restore drill to the weekly rota
        """
    )
    assert found == ["Add a restore drill to the weekly rota"]


def test_noun_compound_followed_by_a_past_verb_is_a_statement() -> None:
    found = texts(
        """\
        ## Contributing factors

        1. **Review checklist skipped for hotfixes.** Nobody noticed the missing step.
        2. Document lessons learned in the team wiki

        ## Action items

        - Design a retry policy for the exporter
        """
    )
    assert found == ["Document lessons learned in the team wiki", "Design a retry policy for the exporter"]


def test_read_and_sign_open_tasks() -> None:
    assert texts("## Next steps\n\nRead every config file for similar typos. Sign the release binaries.\n") == [
        "Read every config file for similar typos.",
        "Sign the release binaries.",
    ]


def test_one_word_row_of_a_task_table_without_owner_is_not_an_item() -> None:
    table = "| Task | File |\n| --- | --- |\n| notes | ops-notes |\n| Rotate the keys | keys.md |\n"
    assert texts(f"# Project\n\n{table}") == ["Rotate the keys"]


def test_how_can_we_improve_heading_is_follow_up_and_its_statements_are_not_items() -> None:
    found = items(
        """\
        ## What went well

        * The rollback was quick.

        ### How can we improve
        * Cut the release branch a day early.
          * Which fixes land first may depend on what we need to hotfix.
          * Lead time today:
            * ~3 days
        * Reviewers were not paged about the freeze.
          * Were not able to react in time.
        * Docs need to be updated after each branch cut
        """
    )
    assert [(i.text, i.section) for i in found] == [
        ("Cut the release branch a day early.", "How can we improve"),
        ("Docs need to be updated after each branch cut", "How can we improve"),
    ]


def test_word_ending_like_an_abbreviation_still_ends_a_sentence_and_emphasis_is_not_a_task() -> None:
    found = texts("## Prevention\n\nMonitor! Run the smoke test. Roll back on failure. Check check check.\n")
    assert found == ["Run the smoke test.", "Roll back on failure."]
