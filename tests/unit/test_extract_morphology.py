"""Tense from the verb's form: past reports are not items, whatever follows the verb."""

from __future__ import annotations

import pytest

from tracker.extract import extract_text
from tracker.extract.morphology import can_be_adjective, is_base_verb, is_past_form, is_simple_past_only


@pytest.mark.parametrize("word", ["added", "bound", "rewrote", "sent", "ran", "refactored", "load-tested", "fed"])
def test_past_forms_regular_irregular_and_unknown(word: str) -> None:
    assert is_past_form(word)


@pytest.mark.parametrize("word", ["set", "put", "read", "drain", "add", "speed", "need", "network"])
def test_base_forms_are_not_past(word: str) -> None:
    assert not is_past_form(word)


def test_verb_and_adjective_readings() -> None:
    assert is_base_verb("quarantine") and is_base_verb("drain") and not is_base_verb("lesson")
    assert can_be_adjective("automated") and not can_be_adjective("added")
    assert is_simple_past_only("rewrote") and not is_simple_past_only("added")


def _texts(body: str) -> list[str]:
    return [i.text for i in extract_text(f"# Outage\n\n## Remediation\n\n{body}", "x.md").items]


@pytest.mark.parametrize(
    "line",
    [
        "Added retries to the upload client",
        "Refactored the config loader",
        "Bound the cache to 1 GB",
        "Rewrote the cron entry",
        "Reverted `retry_on` to its old value",
        "Migrated Grafana to the new cluster",
        "An email was sent to every on-call engineer",
        "A warning banner was added to the admin page",
        "`upload-proxy` was redeployed with the fixed config",
        "The runbook has been updated",
    ],
)
def test_finished_work_under_a_follow_up_heading_is_not_an_item(line: str) -> None:
    assert _texts(f"- {line}\n- Add a canary stage\n") == ["Add a canary stage"]


@pytest.mark.parametrize(
    "line",
    [
        "Drain traffic from a failing region automatically",
        "Quarantine nodes that fail three health checks",
        "Set up paging for the upload service",
        "Automated tests for the config loader",
        "Increased monitoring following a release",
        "Read the disk quota from the config",
    ],
)
def test_work_still_asked_for_is_an_item(line: str) -> None:
    assert _texts(f"- {line}\n") == [line]
