"""End to end: the `tracker` command in a subprocess against the fake trackers on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.e2e import DOC, tracker
from tests.fakes.github_fake import FakeGitHub
from tests.fakes.jira_fake import FakeJira


def _run_cycle(tmp_path: Path, env: dict[str, str], remote: object, assignee: str) -> None:
    (tmp_path / "pm.md").write_text(DOC)
    extracted = tracker(tmp_path, env, "extract", str(tmp_path / "pm.md"))
    assert extracted.returncode == 0, extracted.stderr
    dry = tracker(tmp_path, env, "sync", "--dry-run")
    assert dry.returncode == 0 and dry.stdout.count("create issue") == 3, dry.stdout + dry.stderr
    assert remote.issues() == []  # type: ignore[attr-defined]
    first = tracker(tmp_path, env, "sync")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "3 created" in first.stdout
    issues = remote.issues()  # type: ignore[attr-defined]
    assert len(issues) == 3 and {i.assignee for i in issues} == {assignee, None, issues[1].assignee}
    remote.close(issues[0].key, "completed")  # type: ignore[attr-defined]
    second = tracker(tmp_path, env, "sync", "--format", "json")
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout)[0]["updated_local"] == ["AI-1"]
    listed = json.loads(tracker(tmp_path, env, "list", "--status", "all", "--format", "json").stdout)
    assert [r["status"] for r in listed] == ["done", "open", "open"]
    assert len(remote.issues()) == 3  # type: ignore[attr-defined]
    for stream in (first.stdout, first.stderr, second.stdout, second.stderr):
        assert all(secret not in stream for secret in env.values() if secret)


def test_tracker_sync_against_github_over_http(github: tuple[FakeGitHub, dict[str, str]], tmp_path: Path) -> None:
    fake, env = github
    _run_cycle(tmp_path, env, fake, "alice")


def test_tracker_sync_against_jira_over_http(jira: tuple[FakeJira, dict[str, str]], tmp_path: Path) -> None:
    fake, env = jira
    _run_cycle(tmp_path, env, fake, "acc-alice" if fake.mode == "cloud" else "alice")


def test_bad_token_is_one_line_exit_2_and_nothing_written(
    github: tuple[FakeGitHub, dict[str, str]], tmp_path: Path
) -> None:
    fake, _ = github
    (tmp_path / "pm.md").write_text(DOC)
    tracker(tmp_path, {}, "extract", str(tmp_path / "pm.md"))
    result = tracker(tmp_path, {"GH_TOKEN": "ghp_WRONG_TOKEN_VALUE"}, "sync")
    assert result.returncode == 2, result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "GH_TOKEN" in result.stderr
    assert "ghp_WRONG_TOKEN_VALUE" not in result.stderr + result.stdout and "Traceback" not in result.stderr
    assert fake.issues() == []


def test_doctor_checks_the_target_and_the_people_accounts(
    github: tuple[FakeGitHub, dict[str, str]], tmp_path: Path
) -> None:
    _, env = github
    ok = tracker(tmp_path, env, "doctor")
    assert ok.returncode == 0, ok.stdout + ok.stderr  # a missing label is a warning: the first sync adds it
    lines = ok.stdout.splitlines()
    assert "ok   target gh: token $GH_TOKEN and repository octo/tracker" in lines
    assert "ok   target gh: person 'Alice'" in lines and "ok   target gh: person 'Bob'" in lines
    assert any(line.startswith("warn target gh: label 'action-item'") for line in lines)
    config = tmp_path / "config.toml"
    config.write_text(config.read_text() + '[people.Zed]\ngithub = "zed-nobody"\n')
    bad = tracker(tmp_path, env, "doctor")
    assert bad.returncode == 1 and "ok   config: " in bad.stdout
    (zed,) = [line for line in bad.stdout.splitlines() if "'Zed'" in line]
    assert zed.startswith("FAIL target gh: person 'Zed': github login 'zed-nobody' cannot be assigned")
    assert "correct [people.'Zed'] github" in zed and "ok   target gh: person 'Alice'" in bad.stdout
    wrong = tracker(tmp_path, {"GH_TOKEN": "ghp_NOT_IT"}, "doctor")
    assert wrong.returncode == 1 and "ghp_NOT_IT" not in wrong.stdout
    (token,) = [line for line in wrong.stdout.splitlines() if line.startswith("FAIL")]
    assert "401" in token and "— set $GH_TOKEN to a token" in token


def test_doctor_on_jira_checks_people_accounts(jira: tuple[FakeJira, dict[str, str]], tmp_path: Path) -> None:
    _, env = jira
    good = tracker(tmp_path, env, "doctor")
    assert good.returncode == 0, good.stdout + good.stderr
    config = tmp_path / "config.toml"
    config.write_text(config.read_text() + '[people.Zed]\njira = "nobody-here"\n')
    bad = tracker(tmp_path, env, "doctor")
    (zed,) = [line for line in bad.stdout.splitlines() if line.startswith("FAIL")]
    assert bad.returncode == 1 and "person 'Zed': jira account 'nobody-here' is not a Jira user — correct" in zed


def _adopt_cycle(tmp_path: Path, env: dict[str, str], in_progress: str) -> None:
    """Sync, lose the store, adopt from the marked issues: every report format comes out the same."""
    config = tmp_path / "config.toml"
    config.write_text(config.read_text() + "\n[policy]\ndue_days = 30\n")
    reviewed = DOC.replace("Incident date: 2026-10-02", "Incident date: 2026-10-02\nReview date: 2026-10-05")
    (tmp_path / "pm.md").write_text(reviewed)
    assert tracker(tmp_path, env, "extract", str(tmp_path / "pm.md")).returncode == 0
    assert tracker(tmp_path, env, "edit", "AI-2", "--status", "in_progress").returncode == 0
    assert tracker(tmp_path, env, "sync").returncode == 0
    assert tracker(tmp_path, env, "edit", "AI-1", "--owner", "Bob").returncode == 0  # reassigned after the review
    assert tracker(tmp_path, env, "sync").returncode == 0
    args = ("report", "--as-of", "2026-12-10")
    before = {fmt: tracker(tmp_path, env, *args, "--format", fmt).stdout for fmt in ("json", "markdown", "csv")}
    assert "derived" in before["markdown"]  # the third item's deadline comes from the policy
    for suffix in ("", "-wal", "-shm"):
        Path(f"{tmp_path / 't.db'}{suffix}").unlink(missing_ok=True)
    adopted = tracker(tmp_path, env, "sync", "--adopt")
    assert adopted.returncode == 0, adopted.stdout + adopted.stderr
    after = {fmt: tracker(tmp_path, env, *args, "--format", fmt).stdout for fmt in ("json", "markdown", "csv")}
    assert after == before
    # the nightly job then extracts the postmortems again: the adopted records are the document's
    assert tracker(tmp_path, env, "extract", str(tmp_path / "pm.md")).returncode == 0
    listed = json.loads(tracker(tmp_path, env, "list", "--status", "all", "--format", "json").stdout)
    assert [(r["id"], r["status"]) for r in listed] == [("AI-1", "open"), ("AI-2", in_progress), ("AI-3", "open")]
    assert listed[0]["owner"] == "Bob" and listed[0]["section"]  # the tracker's owner, the document's section
    synced = tracker(tmp_path, env, "sync", "--format", "json")
    assert synced.returncode == 0 and json.loads(synced.stdout)[0]["created"] == []


def test_adopt_after_a_lost_store_reports_the_same_on_github(
    github: tuple[FakeGitHub, dict[str, str]], tmp_path: Path
) -> None:
    _adopt_cycle(tmp_path, github[1], "open")  # GitHub has no in-progress state to read back


def test_adopt_after_a_lost_store_reports_the_same_on_jira(
    jira: tuple[FakeJira, dict[str, str]], tmp_path: Path
) -> None:
    _adopt_cycle(tmp_path, jira[1], "in_progress")
