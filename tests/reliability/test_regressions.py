"""Regression tests for what the reliability suite found, each shown to fail without its fix."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import responses

from tests.connectors.jira_env import make_jira
from tests.fakes.jira_fake import MALFORMED
from tests.reliability.cli import config_text
from tests.reliability.crash import PHASES
from tests.reliability.faults import FAULTS
from tests.reliability.matrix import prepare, run_cell
from tests.reliability.runner import run
from tests.reliability.scenario import write_doc
from tests.reliability.served import served_world, tracker_process
from tests.support import add_postmortem, new_item, open_store
from tracker.connector import IssueDraft, PostmortemRef, RemoteIssue
from tracker.errors import AuthError, RemoteUnavailableError
from tracker.model import LinkState, Status, SyncFields
from tracker.sync.actions import UpdateLocal, UpdateRemote
from tracker.sync.plan import LocalRecord, plan
from tracker.sync.status import SyncState

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
PM = PostmortemRef("Checkout outage", date(2026, 10, 2), "/pm/checkout.md")


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


# -- re-extraction must not undo what a person changed in the tracker ---------------------------


def test_reextracting_keeps_owner_due_and_text_pulled_from_the_tracker(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    doc = [new_item("Write the failover runbook", 0, owner="Carol", due=date(2026, 12, 1)), new_item("Add alerts", 1)]
    (ai1, ai2) = add_postmortem(store, doc).ids
    pulled = {"owner": "Bob", "due": date(2027, 6, 30), "text": "Write the failover runbook for EU"}
    with store.transaction():
        SyncState(store).set_item_fields(ai1, pulled, T0)
        SyncState(store).set_item_fields(ai2, {"status": Status.DONE}, T0)
    add_postmortem(store, doc)  # the same document, extracted again
    item = store.get_item(ai1)
    assert (item.owner, item.due, item.text) == ("Bob", date(2027, 6, 30), "Write the failover runbook for EU")
    assert store.get_item(ai2).status == Status.DONE


def test_an_item_whose_status_was_pulled_still_comes_back_after_removal(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    doc = [new_item("Write the failover runbook", 0), new_item("Add alerts", 1)]
    ai1 = add_postmortem(store, doc).ids[0]
    with store.transaction():
        SyncState(store).set_item_fields(ai1, {"status": Status.OPEN, "owner": "Bob"}, T0)
    add_postmortem(store, doc[1:])
    assert store.get_item(ai1).status == Status.REMOVED
    add_postmortem(store, doc)
    assert store.get_item(ai1).status == Status.OPEN  # status is not frozen by a pull


# -- an update cut short by a crash is finished, not taken for a person's edit -------------------


def _record(pushing: frozenset[str]) -> LocalRecord:
    base = SyncFields(text="Fix it", status=Status.DONE)
    local = base.with_changes({"status": Status.WONT_DO})
    return LocalRecord("AI-1", local, T0, PM, link=LinkState.LINKED, key="7", base=base, pushing=pushing)


def test_the_planner_finishes_a_push_that_was_cut_short() -> None:
    reopened = RemoteIssue("7", "u", T0 + timedelta(hours=1), SyncFields(text="Fix it", status=Status.OPEN), "AI-1")
    (finish,) = plan([_record(frozenset({"status"}))], [reopened], "newest")
    assert isinstance(finish, UpdateRemote) and finish.changes == {"status": (Status.OPEN, Status.WONT_DO)}
    (pull,) = plan([_record(frozenset())], [reopened], "newest")  # a person's edit, newer: it wins
    assert isinstance(pull, UpdateLocal) and pull.changes == {"status": (Status.WONT_DO, Status.OPEN)}


def test_a_pull_keeps_only_the_unconfirmed_fields_it_still_pushes() -> None:
    rec = _record(frozenset({"status"}))
    moved = SyncFields(text="Fix it", status=Status.WONT_DO, owner="Bob")  # the push landed; Bob came there
    (pull,) = plan([rec], [RemoteIssue("7", "u", T0, moved, "AI-1")], "newest")
    assert isinstance(pull, UpdateLocal) and pull.changes == {"owner": (None, "Bob")} and pull.pushing == frozenset()
    reopened = moved.with_changes({"status": Status.OPEN})  # cut short, and Bob came there
    pull, push = plan([rec], [RemoteIssue("7", "u", T0, reopened, "AI-1")], "newest")
    assert isinstance(pull, UpdateLocal) and pull.pushing == frozenset({"status"}) and isinstance(push, UpdateRemote)


def _sync3_points(kind: str) -> list[tuple[int, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        clean = run(kind, Path(tmp), 8)
    return [(p.index, ph) for p in clean.points if p.step == "sync 3" and p.kind == "http" for ph in PHASES]


def _failing(kind: str, points: list[tuple[int, str]]) -> list[tuple[int, str]]:
    failing = []
    for at in points:
        with tempfile.TemporaryDirectory() as tmp:
            if run(kind, Path(tmp), 8, at).problems:  # type: ignore[arg-type]
                failing.append(at)
    return failing


@pytest.mark.parametrize("kind", ["github", "jira-server"])
def test_a_crash_inside_done_to_wont_do_loses_nothing(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    points = _sync3_points(kind)
    with monkeypatch.context() as patch:  # the fix switched off: the suite must see the lost edit
        patch.setattr(SyncState, "mark_pushing", lambda *a: None)
        broken = _failing(kind, points)
    assert broken, "the crash harness no longer reaches the reopen-then-close window"
    assert _failing(kind, broken) == []


# -- Jira: an edit answered with something that is not Jira's answer did not happen --------------


def test_an_edit_answered_200_with_a_non_json_body_is_an_error(rsps: responses.RequestsMock) -> None:
    conn, fake = make_jira(rsps, "cloud")
    (created,) = conn.create([IssueDraft("AI-1", SyncFields(text="Fix it"), PM)])
    assert created.issue is not None
    fake.fail_next(MALFORMED, method="PUT", times=10, body="<html>Log in to continue</html>")
    with pytest.raises(RemoteUnavailableError, match="malformed"):
        conn.update(
            created.issue.key, IssueDraft("AI-1", SyncFields(text="Fix it", owner="Alice"), PM), frozenset({"owner"})
        )
    assert fake.issues()[0].assignee is None
    fake.faults.clear()
    fake.fail_next(MALFORMED, method="PUT")  # once: retried, then it lands
    conn.update(
        created.issue.key, IssueDraft("AI-1", SyncFields(text="Fix it", owner="Alice"), PM), frozenset({"owner"})
    )
    assert fake.issues()[0].assignee == "acc-alice"


def test_a_put_answered_with_garbage_loses_no_edit_through_the_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    malformed = next(f for f in FAULTS if f.name == "malformed JSON")
    prepared = prepare("jira-cloud")
    with monkeypatch.context() as patch:  # the fix switched off: the edit is lost
        patch.setattr("connectors.jira.client._no_content", lambda answer: None)
        assert any("edit was lost" in p for p in run_cell(prepared, malformed, "PUT /issue/{n}").problems)
    assert run_cell(prepared, malformed, "PUT /issue/{n}").problems == []


def test_a_bulk_create_stopped_by_a_refused_token_names_its_items(rsps: responses.RequestsMock) -> None:
    conn, fake = make_jira(rsps, "server")
    fake.fail_next(401, method="POST", path_contains="/issue/bulk")
    drafts = [IssueDraft(f"AI-{n}", SyncFields(text=f"Fix {n}"), PM) for n in (3, 4, 9)]
    with pytest.raises(AuthError, match=r"AI-3 and 2 more: Jira refused the credentials \(HTTP 401\)"):
        conn.create(drafts)


# -- library logging never reaches the terminal (only a real process shows it: pytest owns logging) --


def test_client_libraries_print_nothing_on_a_real_terminal(tmp_path: Path) -> None:
    (tmp_path / "gh").mkdir(), (tmp_path / "jira").mkdir()
    with served_world("github", tmp_path / "gh") as w:
        write_doc(w.root / "pm.md", 2)
        assert tracker_process(w, "extract", str(w.root / "pm.md")).returncode == 0
        moved = f"{w.fake.base_url}/repositories/{w.fake.repo.id}/issues?state=all&labels=action-item&per_page=100"  # type: ignore[union-attr]
        w.fake.fail_next(301, method="GET", path_contains="/issues", headers={"Location": moved}, body="")  # type: ignore[call-arg]
        renamed = tracker_process(w, "sync")  # PyGithub logs the redirect it follows at INFO
        assert (renamed.returncode, renamed.stderr) == (0, ""), renamed.stderr
    with served_world("jira-cloud", tmp_path / "jira") as w:
        (w.root / "config.toml").write_text(config_text(w).replace("[sync]\n", "[sync]\nmax_retries = 0\n"))
        write_doc(w.root / "pm.md", 2)
        for args in (("extract", str(w.root / "pm.md")), ("sync",), ("done", "AI-1")):
            assert tracker_process(w, *args).returncode == 0
        w.fake.fail_next(MALFORMED, method="GET", path_contains="/issue/PROJ-1?", times=5, body="<html>Sign in</html>")
        login_page = tracker_process(w, "sync")  # jira logs the answer's body through the root logger
        assert login_page.returncode == 3 and "AI-1: reading PROJ-1: Jira sent a malformed answer" in login_page.stdout
        assert login_page.stderr == ""


def test_a_follow_up_warning_names_its_item_once(rsps: responses.RequestsMock) -> None:
    conn, fake = make_jira(rsps, "cloud")
    fake.fail_next(500, method="POST", path_contains="/remotelink")
    pm = PostmortemRef("Checkout outage", None, None, "https://wiki.example/pm")
    (created,) = conn.create([IssueDraft("AI-5", SyncFields(text="Fix it"), pm)])
    assert created.issue is not None
    said = "linking PROJ-1 to its postmortem: Jira failed (HTTP 500): Internal server error."
    assert created.issue.warnings == (said,)  # the applier puts "AI-5: " in front, once


# -- two trackers: an issue found by its marker after a crashed create is a twin the others must name


@pytest.mark.parametrize("phase", PHASES)
def test_a_jira_create_whose_answer_died_is_named_on_github_by_the_recovering_sync(phase: str) -> None:
    """The Jira create of the first sync lands, the process dies (after the request, or before the
    link is saved); the next sync finds the issues by their markers. Before the fix that sync went
    round once only (finding an issue was no "move"), and left the GitHub issues without their twin
    line for a further sync to write."""
    kind = "github+jira-cloud"
    with tempfile.TemporaryDirectory() as tmp:
        points = run(kind, Path(tmp), 8).points
    create = next(p.index for p in points if p.what == "jira POST /issue/bulk")
    save = next(p.index for p in points[create:] if p.what == "_save_link<_create")  # Jira's first
    at = create if phase == "after" else save
    with tempfile.TemporaryDirectory() as tmp:
        outcome = run(kind, Path(tmp), 8, (at, phase))  # type: ignore[arg-type]
    assert outcome.crashed is not None and outcome.crashed.step == "sync 1"
    assert outcome.problems == []
