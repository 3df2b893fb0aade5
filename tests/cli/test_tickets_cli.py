"""End to end: work a document says is tracked already (its ticket) is linked, never filed a second time."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.e2e import tracker
from tests.fakes.github_fake import FakeGitHub
from tests.fakes.jira_fake import FakeJira

DOC = """# Login outage

Incident date: 2026-03-15

## Action items

| Action item | Owner | Ticket |
| --- | --- | --- |
| Add rate limiting to the login endpoint | Alice | {tracked} |
| Page on login error rate above 5% | Bob | b/289114 |
| Rotate the session signing keys | Alice | {elsewhere} |
| Write the login runbook | Bob | {missing} |
"""


def _json(result: Any) -> Any:
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def _extract(tmp_path: Path, env: dict[str, str], **tickets: str) -> None:
    (tmp_path / "pm.md").write_text(DOC.format(**tickets))
    dry = _json(tracker(tmp_path, env, "extract", "--dry-run", "--format", "json", str(tmp_path / "pm.md")))
    assert [i["ticket"] for i in dry[0]["items"]] == [
        tickets["tracked"],
        "b/289114",
        tickets["elsewhere"],
        tickets["missing"],
    ]
    stored = tracker(tmp_path, env, "extract", str(tmp_path / "pm.md"))
    assert stored.returncode == 0 and "ticket" in stored.stdout, stored.stdout + stored.stderr


def _show(tmp_path: Path, env: dict[str, str], item: str) -> Any:
    return _json(tracker(tmp_path, env, "show", item, "--format", "json"))


def test_github_ticket_links_the_existing_issue_instead_of_filing_it(
    github: tuple[FakeGitHub, dict[str, str]], tmp_path: Path
) -> None:
    fake, env = github
    first = fake.add_issue("Rate-limit /login", "Filed by the on-call.", assignees=["bob"])
    second = fake.add_issue("Rotate keys quarterly", "Someone's plan.")
    page = f"{fake.origin}/octo/tracker/issues/{second}"  # the issue page on this (Enterprise) server
    _extract(tmp_path, env, tracked=f"#{first}", elsewhere=page, missing="octo/tracker#99")

    dry = tracker(tmp_path, env, "sync", "--dry-run")
    assert f"link AI-1 to existing {first} (its ticket #{first})" in dry.stdout, dry.stdout
    assert f"link AI-3 to existing {second} (its ticket {page})" in dry.stdout
    assert "skip AI-4: ticket octo/tracker#99 not found; no issue created" in dry.stdout
    assert dry.stdout.count("create issue") == 1 and "create issue for AI-2" in dry.stdout
    dry_json = _json(tracker(tmp_path, env, "sync", "--dry-run", "--format", "json"))["gh"]
    assert {"action": "link_ticket", "item": "AI-1", "key": first, "ticket": f"#{first}"} in dry_json

    synced = tracker(tmp_path, env, "sync")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "gh: 1 created, 2 linked to their tickets" in synced.stdout
    assert f"  linked AI-1 to {first} (its ticket): {fake.origin}/octo/tracker/issues/{first}" in synced.stdout
    assert synced.stdout.count("warning: AI-4: ticket octo/tracker#99 not found on gh; no issue created") == 1
    issues = fake.issues()
    assert len(issues) == 3  # the two that were there and AI-2's: nothing filed twice, nothing for AI-4
    assert [(i.key, i.marker) for i in issues] == [(first, None), (second, None), ("3", "AI-2")]
    assert fake.issue(first).body == "Filed by the on-call." and fake.issue(first).title == "Rate-limit /login"

    linked = _show(tmp_path, env, "AI-1")
    assert linked["ticket"] == f"#{first}"
    link = linked["links"]["gh"]
    assert link["key"] == first and link["state"] == "linked" and link["by_ticket"] is True
    assert link["url"] == f"{fake.origin}/octo/tracker/issues/{first}"
    assert linked["text"] == "Rate-limit /login" and linked["owner"] == "Bob"  # the issue's values won
    filed = _show(tmp_path, env, "AI-2")
    assert filed["ticket"] == "b/289114" and filed["links"]["gh"]["key"] == "3"
    assert filed["links"]["gh"]["by_ticket"] is False
    missing = _show(tmp_path, env, "AI-4")
    assert missing["links"] == {} and missing["ticket"] == "octo/tracker#99"
    shown = tracker(tmp_path, env, "show", "AI-1")
    assert f"   ticket  #{first}" in shown.stdout and "[linked, through its ticket]" in shown.stdout

    fake.close(first, "completed")
    closed = _json(tracker(tmp_path, env, "sync", "--format", "json"))[0]
    assert closed["updated_local"] == ["AI-1"] and closed["created"] == []
    assert _show(tmp_path, env, "AI-1")["status"] == "done"
    again = tracker(tmp_path, env, "sync", "--dry-run")
    assert "gh: 1 planned" in again.stdout and "skip AI-4" in again.stdout, again.stdout  # AI-4 is retried
    assert len(fake.issues()) == 3


def test_jira_ticket_links_the_existing_issue_instead_of_filing_it(
    jira: tuple[FakeJira, dict[str, str]], tmp_path: Path
) -> None:
    fake, env = jira
    tracked = fake.add_issue(summary="Rate-limit /login", description="Filed by the on-call.")
    _extract(tmp_path, env, tracked=tracked.key.lower(), elsewhere="OPS-4", missing=f"{fake.base_url}/browse/PROJ-99")

    dry = tracker(tmp_path, env, "sync", "--dry-run")
    assert f"link AI-1 to existing {tracked.key} (its ticket {tracked.key.lower()})" in dry.stdout, dry.stdout
    assert f"skip AI-4: ticket {fake.base_url}/browse/PROJ-99 not found; no issue created" in dry.stdout
    assert dry.stdout.count("create issue") == 2  # b/289114 and OPS-4 name other trackers' issues

    synced = tracker(tmp_path, env, "sync")
    assert synced.returncode == 0, synced.stdout + synced.stderr
    assert "jira: 2 created, 1 linked to their tickets" in synced.stdout
    assert f"ticket {fake.base_url}/browse/PROJ-99 not found on jira; no issue created" in synced.stdout
    issues = fake.issues()
    assert len(issues) == 3 and issues[0].key == tracked.key and issues[0].marker is None
    assert tracked.labels == [] and tracked.description == "Filed by the on-call."  # left as it was

    linked = _show(tmp_path, env, "AI-1")
    link = linked["links"]["jira"]
    assert link["key"] == tracked.key and link["url"] == f"{fake.base_url}/browse/{tracked.key}"
    assert link["state"] == "linked" and link["by_ticket"] is True
    assert linked["text"] == "Rate-limit /login" and linked["ticket"] == tracked.key.lower()
    assert _show(tmp_path, env, "AI-3")["ticket"] == "OPS-4"
    assert _show(tmp_path, env, "AI-2")["links"]["jira"]["by_ticket"] is False

    fake.close(tracked.key, "completed")
    closed = _json(tracker(tmp_path, env, "sync", "--format", "json"))[0]
    assert closed["updated_local"] == ["AI-1"] and closed["created"] == []
    assert _show(tmp_path, env, "AI-1")["status"] == "done"
    assert len(fake.issues()) == 3
