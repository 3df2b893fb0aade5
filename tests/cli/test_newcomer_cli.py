"""What a newcomer tripped over, each through the `tracker` command."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.e2e import DOC, tracker
from tests.fakes.github_fake import FakeGitHub

Fake = tuple[FakeGitHub, dict[str, str]]


def _flags(tmp_path: Path, env: dict[str, str]) -> dict[str, list[str]]:
    shown = tracker(tmp_path, env, "report", "--as-of", "2026-10-10", "--format", "json")
    report = json.loads(shown.stdout)
    return {item["text"]: item["flags"] for group in report["groups"] for item in group["items"]}


def test_an_issue_reassigned_on_github_is_no_longer_unassignable(github: Fake, tmp_path: Path) -> None:
    fake, env = github
    (tmp_path / "pm.md").write_text(DOC)
    assert tracker(tmp_path, env, "extract", str(tmp_path / "pm.md")).returncode == 0
    assert tracker(tmp_path, env, "sync").returncode == 0
    runbook = "Write the failover runbook"  # Carol: no [people] account, so no assignee
    assert "unassignable" in _flags(tmp_path, env)[runbook]
    canary, alert, written = sorted(fake.issues(), key=lambda i: int(i.key))
    fake.assign(written.key, "bob")  # a person on GitHub hands it to Bob
    fake.assign(alert.key, None)  # and unassigns Bob's alert: no assignee there now
    for _ in range(2):  # the state holds over more syncs
        assert tracker(tmp_path, env, "sync").returncode == 0
        flags = _flags(tmp_path, env)
        assert "unassignable" not in flags.get(runbook, [])
        assert "unassignable" in flags["Alert on checkout error rate above 2%"]
    fake.assign(written.key, "zoe-gh")  # a login [people] does not know is still an assignee
    assert tracker(tmp_path, env, "sync").returncode == 0
    assert "unassignable" not in _flags(tmp_path, env).get(runbook, [])
    assert canary.key
