"""A postmortem is the same one after a rename, a move, in another clone or on another machine.

Each scenario runs the real `tracker` against the fake GitHub (and Jira for adopt) over HTTP and
ends with one issue per action item: nothing is ever filed twice.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from tests.cli.e2e import DOC, tracker
from tests.fakes.github_fake import FakeGitHub
from tests.fakes.jira_fake import FakeJira
from tracker.store import Store
from tracker.store.db import MIGRATIONS

Fake = tuple[FakeGitHub, dict[str, str]]


def _created(result_stdout: str) -> list[str]:
    return [item for target in json.loads(result_stdout) for item in target["created"]]


def _sync(tmp_path: Path, env: dict[str, str], *db: str) -> list[str]:
    result = tracker(tmp_path, env, *db, "sync", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    return _created(result.stdout)


def _extract(tmp_path: Path, env: dict[str, str], *args: str) -> str:
    result = tracker(tmp_path, env, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stderr


def _open_items(tmp_path: Path, env: dict[str, str], *db: str) -> list[dict[str, object]]:
    listed = tracker(tmp_path, env, *db, "list", "--format", "json")
    items: list[dict[str, object]] = json.loads(listed.stdout)
    return items


def _repo(where: Path) -> Path:
    """A git work tree holding the postmortem in docs/."""
    (where / ".git").mkdir(parents=True)
    (where / "docs").mkdir()
    (where / "docs" / "checkout.md").write_text(DOC)
    return where


def test_a_renamed_document_is_the_same_postmortem(github: Fake, tmp_path: Path) -> None:
    fake, env = github
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "checkout.md").write_text(DOC)
    _extract(tmp_path, env, "extract", str(docs))
    assert len(_sync(tmp_path, env)) == 3
    (docs / "checkout.md").rename(docs / "2026-10-02-checkout.md")
    note = _extract(tmp_path, env, "extract", str(docs))
    assert "PM-1: moved from checkout.md to 2026-10-02-checkout.md" in note
    assert _sync(tmp_path, env) == [] and len(fake.issues()) == 3
    assert len(_open_items(tmp_path, env)) == 3


def test_a_folder_moved_inside_the_repository_keeps_its_postmortems(github: Fake, tmp_path: Path) -> None:
    fake, env = github
    repo = _repo(tmp_path / "repo")
    _extract(tmp_path, env, "extract", str(repo / "docs"))
    assert len(_sync(tmp_path, env)) == 3
    (repo / "archive").mkdir()
    (repo / "docs").rename(repo / "archive" / "2026")
    note = _extract(tmp_path, env, "extract", str(repo / "archive"))
    assert "PM-1: moved from docs/checkout.md to archive/2026/checkout.md" in note
    assert _sync(tmp_path, env) == [] and len(fake.issues()) == 3


def test_a_second_clone_at_another_path_is_the_same_postmortem(github: Fake, tmp_path: Path) -> None:
    fake, env = github
    first = _repo(tmp_path / "alice" / "postmortems")
    _extract(tmp_path, env, "extract", str(first / "docs" / "checkout.md"))
    assert len(_sync(tmp_path, env)) == 3
    second = tmp_path / "ci" / "checkout"
    shutil.copytree(first, second)
    note = _extract(tmp_path, env, "extract", str(second))  # the whole clone this time
    assert "moved" not in note
    assert _sync(tmp_path, env) == [] and len(fake.issues()) == 3
    shown = json.loads(tracker(tmp_path, env, "list", "--format", "json").stdout)
    assert {item["postmortem"]["id"] for item in shown} == {"PM-1"}  # type: ignore[index]


def test_a_folder_copied_outside_git_is_named_from_the_folder_given(github: Fake, tmp_path: Path) -> None:
    fake, env = github
    (tmp_path / "a" / "pm").mkdir(parents=True)
    (tmp_path / "a" / "pm" / "checkout.md").write_text(DOC)
    _extract(tmp_path, env, "extract", str(tmp_path / "a" / "pm"))
    assert len(_sync(tmp_path, env)) == 3
    shutil.copytree(tmp_path / "a" / "pm", tmp_path / "b" / "elsewhere")
    _extract(tmp_path, env, "extract", str(tmp_path / "b" / "elsewhere"))
    assert _sync(tmp_path, env) == [] and len(fake.issues()) == 3


def _adopt_elsewhere(tmp_path: Path, env: dict[str, str]) -> None:
    laptop = _repo(tmp_path / "home" / "alice" / "pm")
    _extract(tmp_path, env, "extract", str(laptop))
    assert len(_sync(tmp_path, env)) == 3
    runner = tmp_path / "runner" / "work"
    shutil.copytree(laptop, runner)
    other = ("--db", str(tmp_path / "ci.db"))
    adopted = tracker(tmp_path, env, *other, "sync", "--adopt")
    assert adopted.returncode == 0, adopted.stdout + adopted.stderr
    note = _extract(tmp_path, env, *other, "extract", str(runner))
    assert "moved" not in note
    stored = Store(tmp_path / "ci.db").postmortems()
    assert [pm.source for pm in stored.values()] == ["docs/checkout.md"]
    assert _sync(tmp_path, env, *other) == []
    assert len(_open_items(tmp_path, env, *other)) == 3


def test_adopt_then_extract_on_another_machine_files_nothing_twice_on_github(github: Fake, tmp_path: Path) -> None:
    fake, env = github
    _adopt_elsewhere(tmp_path, env)
    assert len(fake.issues()) == 3
    bodies = [rec.body or "" for rec in fake.repo.issues.values()]
    assert all("**Source:** docs/checkout.md" in body and str(tmp_path) not in body for body in bodies)


def test_adopt_then_extract_on_another_machine_files_nothing_twice_on_jira(
    jira: tuple[FakeJira, dict[str, str]], tmp_path: Path
) -> None:
    fake, env = jira
    _adopt_elsewhere(tmp_path, env)
    assert len(fake.issues()) == 3


OTHER_DOC = (
    DOC.replace("Add a canary stage to the payments deploy", "Rotate the gateway credentials")
    .replace("Alert on checkout error rate above 2%", "Page the payments team on gateway timeouts")
    .replace("Write the failover runbook", "Review the vendor's status page subscriptions")
)


def test_two_documents_sharing_a_title_are_two_postmortems(github: Fake, tmp_path: Path) -> None:
    fake, env = github
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "first.md").write_text(DOC)
    _extract(tmp_path, env, "extract", str(docs))
    (docs / "second.md").write_text(OTHER_DOC)  # same title and incident date, other work
    assert "moved" not in _extract(tmp_path, env, "extract", str(docs))
    assert len(_sync(tmp_path, env)) == 6
    _extract(tmp_path, env, "extract", str(docs))
    assert _sync(tmp_path, env) == [] and len(fake.issues()) == 6


def test_a_copy_is_stored_only_when_told_which_postmortem_it_is(github: Fake, tmp_path: Path) -> None:
    fake, env = github
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "checkout.md").write_text(DOC)
    _extract(tmp_path, env, "extract", str(docs))
    assert len(_sync(tmp_path, env)) == 3
    shutil.copy(docs / "checkout.md", docs / "checkout-copy.md")
    before = (tmp_path / "t.db").read_bytes()
    copied = tracker(tmp_path, env, "extract", str(docs / "checkout-copy.md"))
    assert copied.returncode == 0
    (warning,) = copied.stderr.strip().splitlines()
    assert "same title, date and items as PM-1 (checkout.md)" in warning and "--as PM-1" in warning
    assert (tmp_path / "t.db").read_bytes() == before
    assert _sync(tmp_path, env) == []
    # the original goes away: the copy is now where it lives
    (docs / "checkout.md").unlink()
    moved = _extract(tmp_path, env, "extract", str(docs))
    assert "PM-1: moved from checkout.md to checkout-copy.md" in moved
    assert _sync(tmp_path, env) == [] and len(fake.issues()) == 3


def test_as_and_new_settle_an_unclear_match(tmp_path: Path) -> None:
    env: dict[str, str] = {}
    (tmp_path / "config.toml").write_text("")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(DOC)
    _extract(tmp_path, env, "extract", str(docs / "a.md"))
    (docs / "a.md").rename(docs / "b.md")
    (docs / "b.md").write_text(OTHER_DOC)  # renamed and rewritten: is it PM-1?
    unclear = tracker(tmp_path, env, "extract", str(docs / "b.md"))
    assert "same title and date, but other items, as PM-1 (a.md, file gone)" in unclear.stderr
    assert len(_open_items(tmp_path, env)) == 3
    told = tracker(tmp_path, env, "extract", str(docs / "b.md"), "--as", "pm-1")
    assert told.returncode == 0 and "PM-1: moved from a.md to b.md" in told.stderr
    items = json.loads(tracker(tmp_path, env, "list", "--status", "all", "--format", "json").stdout)
    assert {i["postmortem"]["id"] for i in items} == {"PM-1"}  # type: ignore[index]
    (docs / "c.md").write_text(OTHER_DOC)
    fresh = tracker(tmp_path, env, "extract", str(docs / "c.md"), "--new")
    assert fresh.returncode == 0 and "PM-2: 3 new" in fresh.stdout
    both = tracker(tmp_path, env, "extract", str(docs), "--as", "PM-1")
    assert both.returncode == 2 and "exactly one document" in both.stderr
    clash = tracker(tmp_path, env, "extract", str(docs / "c.md"), "--as", "PM-1")
    assert "this file is PM-2 already" in clash.stderr
    contradiction = tracker(tmp_path, env, "extract", str(docs / "c.md"), "--as", "PM-1", "--new")
    assert contradiction.returncode == 2 and "contradict" in contradiction.stderr


def test_source_url_links_every_issue_to_its_document(github: Fake, tmp_path: Path) -> None:
    fake, env = github
    config = tmp_path / "config.toml"
    config.write_text('[extract]\nsource_url = "https://github.com/acme/pm/blob/main/{path}"\n' + config.read_text())
    repo = _repo(tmp_path / "repo")
    (repo / "docs" / "checkout.md").rename(repo / "docs" / "check out.md")
    _extract(tmp_path, env, "extract", str(repo))
    assert len(_sync(tmp_path, env)) == 3
    for rec in fake.repo.issues.values():
        assert "**Link:** https://github.com/acme/pm/blob/main/docs/check%20out.md" in (rec.body or "")
    config.write_text(config.read_text().replace("https://", "ftp://"))
    refused = tracker(tmp_path, env, "extract", str(repo))
    assert refused.returncode == 2 and "extract.source_url" in refused.stderr


def test_the_migration_names_stored_postmortems_by_relative_path(tmp_path: Path) -> None:
    repo = _repo(tmp_path / "repo")
    loose = tmp_path / "loose"
    loose.mkdir()
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    for step in MIGRATIONS[:3]:
        assert isinstance(step, str)
        conn.executescript(step)
    conn.execute("PRAGMA user_version = 3")
    rows = [
        ("PM-1", str(repo / "docs" / "checkout.md")),  # in a git work tree that is still here
        ("PM-2", str(loose / "db.md")),  # outside any work tree: its file name
        ("PM-3", "/gone/a/db.md"),  # a clash: one more folder
        ("PM-4", "adopted:gh:Title:"),  # not a path: left alone
    ]
    for pm_id, source in rows:
        conn.execute(
            "INSERT INTO postmortems (id, title, source, content_hash) VALUES (?, 't', ?, 'h')", (pm_id, source)
        )
    conn.commit()
    conn.close()
    stored = {pm.id: pm.source for pm in Store(db).postmortems().values()}
    assert stored == {"PM-1": "docs/checkout.md", "PM-2": "db.md", "PM-3": "a/db.md", "PM-4": "adopted:gh:Title:"}
