"""`tracker extract` on layouts a newcomer brought: a metadata table, mentions, yearless dates,
`Owner: X — task` lines, `(AI owner: ..., target: ...)`, Status words and subjects as owners."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

Cli = Callable[..., Result]

DOC = """# Queue lag

| Field | Value |
| --- | --- |
| **Date** | Tue, 10 Nov 2026 |
| **Postmortem review** | Mon, 16 Nov 2026 |

## Action Items

- @Priya Raman add a lag alert by Dec 1
- Rotate the broker certificates within two weeks
- Add a canary (AI owner: Alice, target: 2026-12-01)

Owner: Carol — tune the consumer batch size, due: Nov 30

## Follow-ups

The platform team will add a consumer lag SLO.

| Action item | Owner | Status | Ticket |
| --- | --- | --- | --- |
| Add partition autoscaling | Bob | In progress | JIRA-12 |
| Remove the legacy topic | Carol | Won't do | b/289114 |
| Upgrade the client library | Dan | Blocked | #123 |
"""


def test_newcomer_layouts_through_the_cli(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "queue-lag.md"
    path.write_text(DOC, encoding="utf-8")
    result = cli("extract", "--dry-run", "--format", "json", str(path))
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.stdout)
    assert (doc["incident_date"], doc["review_date"]) == ("2026-11-10", "2026-11-16")
    assert [(i["text"], i["owner"], i["due"], i["status"]) for i in doc["items"]] == [
        ("add a lag alert by Dec 1", "Priya Raman", "2026-12-01", "open"),
        ("Rotate the broker certificates within two weeks", None, "2026-11-30", "open"),
        ("Add a canary", "Alice", "2026-12-01", "open"),
        ("tune the consumer batch size", "Carol", "2026-11-30", "open"),
        ("The platform team will add a consumer lag SLO.", "platform team", None, "open"),
        ("Add partition autoscaling", "Bob", None, "in_progress"),
        ("Remove the legacy topic", "Carol", None, "wont_do"),
        ("Upgrade the client library", "Dan", None, "open"),
    ]


def test_a_yearless_due_without_any_date_is_warned_not_guessed(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "undated.md"
    path.write_text("# Undated\n\n## Action Items\n\n- Add a lag alert (due: Dec 1)\n", encoding="utf-8")
    result = cli("extract", "--dry-run", "--format", "json", str(path))
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.stdout)
    assert doc["items"][0]["due"] is None
    assert "'Dec 1' on item 1 has no year and no date to resolve it against" in result.stderr
