"""End to end: the `tracker` command in a subprocess against the fake trackers on 127.0.0.1."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.cli.e2e import DOC, tracker
from tests.fakes.github_fake import FakeGitHub
from tests.fakes.jira_fake import FakeJira
from tracker.model import Priority, utcnow
from tracker.store import Store


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


def _fake_links(fake: FakeGitHub) -> dict[str, tuple[str, str]]:
    """Item id -> (key, url) of every marked issue, as the fake GitHub holds it."""
    return {
        view.marker: (view.key, fake.json.issue(fake.repo, fake.issue(view.key))["html_url"])
        for view in fake.issues()
        if view.marker
    }


def _extract(tmp_path: Path, env: dict[str, str], doc: str = DOC) -> None:
    (tmp_path / "pm.md").write_text(doc)
    extracted = tracker(tmp_path, env, "extract", str(tmp_path / "pm.md"))
    assert extracted.returncode == 0, extracted.stdout + extracted.stderr


def test_sync_ends_with_the_links_of_the_issues_it_created(
    github: tuple[FakeGitHub, dict[str, str]], tmp_path: Path
) -> None:
    fake, env = github
    _extract(tmp_path, env)
    result = tracker(tmp_path, env, "sync")
    assert result.returncode == 0, result.stdout + result.stderr
    links = _fake_links(fake)
    assert sorted(links) == ["AI-1", "AI-2", "AI-3"]
    expected = [f"  created {item} as {key}: {url}" for item, (key, url) in sorted(links.items())]
    lines = result.stdout.splitlines()
    assert lines[0].startswith("gh: 3 created") and lines[-3:] == expected
    again = tracker(tmp_path, env, "sync")
    assert again.returncode == 0 and "created AI-" not in again.stdout  # nothing new: no links


def test_sync_json_lists_the_created_issues_with_their_links(
    github: tuple[FakeGitHub, dict[str, str]], tmp_path: Path
) -> None:
    fake, env = github
    _extract(tmp_path, env)
    result = tracker(tmp_path, env, "sync", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    (report,) = json.loads(result.stdout)
    assert report["created"] == ["AI-1", "AI-2", "AI-3"]
    links = _fake_links(fake)
    assert report["created_issues"] == [
        {"item": item, "key": links[item][0], "url": links[item][1]} for item in report["created"]
    ]


def test_after_many_creates_sync_lists_twenty_links_and_counts_the_rest(
    github: tuple[FakeGitHub, dict[str, str]], tmp_path: Path
) -> None:
    fake, env = github
    rows = "".join(f"| Harden service number {n} | | |\n" for n in range(1, 24))
    _extract(tmp_path, env, DOC.split("| Add a canary")[0] + rows)
    result = tracker(tmp_path, env, "sync")
    assert result.returncode == 0, result.stdout + result.stderr
    links = _fake_links(fake)
    assert len(links) == 23
    listed = [line for line in result.stdout.splitlines() if line.startswith("  created ")]
    assert len(listed) == 20
    assert set(listed) <= {f"  created {item} as {key}: {url}" for item, (key, url) in links.items()}
    assert result.stdout.splitlines()[-1] == "  … and 3 more: tracker list --format json shows every link"
    every = json.loads(tracker(tmp_path, env, "list", "--format", "json").stdout)
    assert {r["id"]: (r["links"]["gh"]["key"], r["links"]["gh"]["url"]) for r in every} == links


def _strings(value: object) -> list[str]:
    """Every string in parsed JSON, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _assert_no_python_reprs(data: object) -> None:
    for text in _strings(data):
        assert not any(r in text for r in ("datetime.", "['", "('", "Status.", "Priority.", "(none)")), text
        assert not (text.startswith("'") and text.endswith("'")), text


def test_dry_run_json_holds_json_values_not_python_reprs(
    github: tuple[FakeGitHub, dict[str, str]], tmp_path: Path
) -> None:
    fake, env = github
    _extract(tmp_path, env)
    store = Store(tmp_path / "t.db")
    store.edit_item("AI-1", {"labels": ["db", "oncall"], "priority": Priority.HIGH}, utcnow())
    store.close()
    dry = tracker(tmp_path, env, "sync", "--dry-run", "--format", "json")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    plan = json.loads(dry.stdout)
    _assert_no_python_reprs(plan)
    fields = {action["item"]: action["fields"] for action in plan["gh"]}
    assert fields["AI-1"] == {
        "text": "Add a canary stage to the payments deploy",
        "owner": "Alice",
        "due": "2026-12-01",
        "status": "open",
        "priority": "high",
        "labels": ["db", "oncall"],
    }
    assert fields["AI-3"] == {"text": "Write the failover runbook", "owner": "Carol", "status": "open"}
    assert tracker(tmp_path, env, "sync").returncode == 0
    links = _fake_links(fake)
    fake.set_due(links["AI-1"][0], date(2027, 2, 1))
    fake.set_due(links["AI-2"][0], None)
    pulled = tracker(tmp_path, env, "sync", "--dry-run", "--format", "json")
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    actions = json.loads(pulled.stdout)["gh"]
    _assert_no_python_reprs(actions)
    assert {a["item"]: (a["action"], a["changes"]) for a in actions} == {
        "AI-1": ("update_local", {"due": ["2026-12-01", "2027-02-01"]}),
        "AI-2": ("update_local", {"due": ["2027-01-15", None]}),  # cleared there: null, not "(none)"
    }
