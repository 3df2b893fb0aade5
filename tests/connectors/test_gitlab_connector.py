"""The GitLab connector: python-gitlab through `responses` against the stateful fake GitLab.

Covers the mapping (description, scoped priority, wont-do, native due date, assignees), request
budgets, the create-not-retried rule, typed errors, rate limits, ticket keys, doctor, config,
hostile text (Hypothesis) and one run over real HTTP.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.gitlab.connector import GitLabConnector
from connectors.gitlab.mapping import DERIVED_LINE, description_for, labels_for, status_for
from connectors.registry import load_connector_class
from tests.connectors.gitlab_env import connect
from tests.fakes.gitlab_fake import FakeGitLab
from tests.fakes.http_server import serve
from tracker.config import Config, GitLabTarget, Person, parse_config
from tracker.connector import TWINS, IssueDraft, PostmortemRef, Twin
from tracker.errors import (
    AuthError,
    ConfigError,
    ItemRejectedError,
    RateLimitedError,
    RemoteGoneError,
    RemoteUnavailableError,
)
from tracker.model import Priority, Status, SyncFields
from tracker.people import People

PM = PostmortemRef("Login outage", date(2026, 10, 30), "/pm/outage.md")


def draft(item_id: str = "AI-1", text: str = "Rotate the signing keys", **fields: Any) -> IssueDraft:
    return IssueDraft(item_id, SyncFields(text=text, **fields), PM)


def create(conn: GitLabConnector, d: IssueDraft) -> Any:
    (result,) = conn.create([d])
    assert result.error is None, result.error
    assert result.issue is not None
    return result.issue


@pytest.fixture
def gl(fake_gitlab: FakeGitLab) -> GitLabConnector:
    return connect(fake_gitlab)


# --- mapping -----------------------------------------------------------------------------------


def test_an_item_becomes_an_issue_with_native_fields(gl: GitLabConnector, fake_gitlab: FakeGitLab) -> None:
    d = draft(owner="Alice", due=date(2026, 12, 1), priority=Priority.HIGH, labels=("db",))
    issue = create(gl, d)
    rec = fake_gitlab.issue(int(issue.key))
    assert rec.title == "Rotate the signing keys" and rec.due_date == date(2026, 12, 1)
    assert sorted(rec.labels) == ["action-item", "db", "priority::high"]
    assert [u.username for u in rec.assignees] == ["alice"]
    assert rec.description is not None and rec.description.endswith("<!-- tracker:AI-1 -->")
    assert "**Postmortem:** Login outage" in rec.description and "**Due:**" not in rec.description
    assert issue.fields == d.fields and issue.item_id == "AI-1" and issue.assigned
    assert issue.url == f"{fake_gitlab.origin}/acme/incidents/-/issues/{issue.key}"
    assert gl.fetch(issue.key) == issue


def test_the_description_names_the_twins_and_an_update_of_twins_rewrites_them(
    gl: GitLabConnector, fake_gitlab: FakeGitLab
) -> None:
    issue = create(gl, draft())
    jira = Twin("jira", "OPS-12", "https://acme.atlassian.net/browse/OPS-12")
    gl.update(issue.key, replace(draft(), twins=(jira,)), frozenset({TWINS}))
    description = fake_gitlab.issue(int(issue.key)).description or ""
    line = "Also tracked in [OPS-12](https://acme.atlassian.net/browse/OPS-12) (jira)"
    assert line in description and description.endswith("<!-- tracker:AI-1 -->")
    assert gl.fetch(issue.key).fields == issue.fields  # the twin line is no part of the item's text
    gl.update(issue.key, draft(), frozenset({TWINS}))  # the twin broke: no longer named
    assert "Also tracked in" not in (fake_gitlab.issue(int(issue.key)).description or "")


def test_a_long_hostile_text_is_shortened_in_the_title_and_kept_whole(gl: GitLabConnector) -> None:
    text = "Ping @oncall and <!-- tracker:AI-9 --> " + "word " * 40
    issue = create(gl, draft(text=text.strip()))
    fetched = gl.fetch(issue.key)
    assert fetched.fields.text == text.strip() and fetched.item_id == "AI-1"


def test_an_owner_without_an_account_is_written_not_assigned(gl: GitLabConnector, fake_gitlab: FakeGitLab) -> None:
    issue = create(gl, draft(owner="Carol Jones"))
    rec = fake_gitlab.issue(int(issue.key))
    assert rec.assignees == [] and "**Owner:** Carol Jones" in (rec.description or "")
    assert issue.fields.owner == "Carol Jones" and not issue.assigned and issue.warnings == ()


def test_an_account_that_is_no_user_or_no_member_is_a_warning(fake_gitlab: FakeGitLab) -> None:
    fake_gitlab.add_user("dave", member=False)
    people = {"Ghost": Person(gitlab="ghost"), "Dave": Person(gitlab="dave")}
    gl = connect(fake_gitlab, people=people)
    ghost = create(gl, draft("AI-1", owner="Ghost"))
    dave = create(gl, draft("AI-2", owner="Dave"))
    assert not ghost.assigned and "ghost" in ghost.warnings[0] and "is not a user" in ghost.warnings[0]
    assert not dave.assigned and "cannot be assigned" in dave.warnings[0]


def test_wont_do_is_a_closed_issue_with_the_wont_do_label(gl: GitLabConnector, fake_gitlab: FakeGitLab) -> None:
    issue = create(gl, draft(status=Status.WONT_DO))
    rec = fake_gitlab.issue(int(issue.key))
    assert rec.state == "closed" and "wont-do" in rec.labels and issue.fields.status == Status.WONT_DO
    done = gl.update(issue.key, draft(status=Status.DONE), frozenset({"status"}))
    assert rec.state == "closed" and "wont-do" not in rec.labels and done.fields.status == Status.DONE
    reopened = gl.update(issue.key, draft(status=Status.OPEN), frozenset({"status"}))
    assert rec.state == "opened" and reopened.fields.status == Status.OPEN
    again = gl.update(issue.key, draft(status=Status.WONT_DO, labels=("x",)), frozenset({"status", "labels"}))
    assert sorted(rec.labels) == ["action-item", "wont-do", "x"] and again.fields.labels == ("x",)
    assert status_for("opened", ["wont-do"], "wont-do") == Status.OPEN  # reopened by a person: open


def test_in_progress_and_removed_are_projected(gl: GitLabConnector) -> None:
    fields = SyncFields(
        "t", owner="", status=Status.IN_PROGRESS, labels=("action-item", "priority::low", "wont-do", "x")
    )
    assert gl.project(fields) == SyncFields("t", status=Status.OPEN, labels=("x",))
    assert gl.project(SyncFields("t", status=Status.REMOVED)).status == Status.WONT_DO


def test_one_priority_label_replaces_another(gl: GitLabConnector, fake_gitlab: FakeGitLab) -> None:
    issue = create(gl, draft(priority=Priority.LOW))
    updated = gl.update(issue.key, draft(priority=Priority.CRITICAL), frozenset({"priority"}))
    assert sorted(fake_gitlab.issue(int(issue.key)).labels) == ["action-item", "priority::critical"]
    assert updated.fields.priority == Priority.CRITICAL
    assert labels_for(SyncFields("t", priority=Priority.HIGH), ["action-item"], "wont-do") == [
        "action-item",
        "priority::high",
    ]


def test_owner_and_due_edits_and_clears(gl: GitLabConnector, fake_gitlab: FakeGitLab) -> None:
    issue = create(gl, draft(owner="Alice", due=date(2026, 12, 1)))
    moved = gl.update(issue.key, draft(owner="Bob", due=date(2027, 1, 2)), frozenset({"owner", "due"}))
    rec = fake_gitlab.issue(int(issue.key))
    assert [u.username for u in rec.assignees] == ["bob"] and rec.due_date == date(2027, 1, 2)
    assert moved.fields.owner == "Bob" and moved.fields.due == date(2027, 1, 2)
    cleared = gl.update(issue.key, draft(), frozenset({"owner", "due"}))
    assert rec.assignees == [] and rec.due_date is None and cleared.fields.owner is None


def test_a_person_assigning_in_gitlab_is_read_through_people(gl: GitLabConnector, fake_gitlab: FakeGitLab) -> None:
    issue = create(gl, draft(owner="Alice"))
    fake_gitlab.assign(issue.key, "bob")
    assert gl.fetch(issue.key).fields.owner == "Bob"
    fake_gitlab.assign(issue.key, "carol")  # no [people] entry: the username
    assert gl.fetch(issue.key).fields.owner == "carol"


def test_a_derived_due_date_is_said_in_the_description() -> None:
    derived = IssueDraft("AI-1", SyncFields("t", due=date(2027, 1, 1)), PM, due_derived=True)
    assert DERIVED_LINE in description_for(derived)
    assert DERIVED_LINE not in description_for(draft(due=date(2027, 1, 1)))


def test_a_derived_due_date_reads_back(gl: GitLabConnector) -> None:
    issue = create(gl, IssueDraft("AI-1", SyncFields("t", due=date(2027, 1, 1)), PM, due_derived=True))
    assert issue.due_derived and issue.postmortem == PM


# --- reading and request budgets -----------------------------------------------------------------


def test_listing_is_incremental_by_updated_after(gl: GitLabConnector, fake_gitlab: FakeGitLab) -> None:
    first = create(gl, draft("AI-1"))
    second = create(gl, draft("AI-2"))
    fake_gitlab.add_user("erin")
    assert [i.key for i in gl.list_changed(second.updated)] == [second.key]
    assert sorted(i.key for i in gl.list_changed(None)) == sorted([first.key, second.key])
    (_, path) = fake_gitlab.requests[-2]
    assert "updated_after=" in path and "labels=action-item" in path and "state=all" in path


def test_unmarked_and_foreign_issues_are_not_listed(gl: GitLabConnector, fake_gitlab: FakeGitLab) -> None:
    create(gl, draft("AI-1"))
    project = fake_gitlab.project
    other = connect(fake_gitlab, labels=["other"])
    create(other, draft("AI-2"))
    assert [i.item_id for i in gl.list_changed(None)] == ["AI-1"]
    assert len(project.issues) == 2


def test_every_page_is_read(gl: GitLabConnector, fake_gitlab: FakeGitLab) -> None:
    gl.create([draft(f"AI-{n}") for n in range(130)])
    fake_gitlab.reset_requests()
    assert len(gl.list_changed(None)) == 130
    assert fake_gitlab.count("GET", "/issues") == 2  # 100 per page


def test_find_by_markers_prefers_the_oldest_duplicate(gl: GitLabConnector) -> None:
    first = create(gl, draft("AI-1"))
    create(gl, draft("AI-1"))
    create(gl, draft("AI-2"))
    found = gl.find_by_markers(["AI-1", "AI-3"])
    assert list(found) == ["AI-1"] and found["AI-1"].key == first.key


def test_request_counts_of_a_first_and_a_no_change_listing(gl: GitLabConnector, fake_gitlab: FakeGitLab) -> None:
    fake_gitlab.reset_requests()
    results = gl.create([draft(f"AI-{n}", owner=("Alice", "Bob", None)[n % 3]) for n in range(9)])
    assert all(r.error is None for r in results)
    assert fake_gitlab.count("POST") == 9 and fake_gitlab.count("GET", "/users") == 2  # one look-up per user
    assert fake_gitlab.request_count() == 11
    latest = max(r.issue.updated for r in results if r.issue)
    fake_gitlab.reset_requests()
    assert len(gl.list_changed(latest + timedelta(seconds=1))) == 0
    assert fake_gitlab.request_count() == 1  # the lazy project costs no GET


def test_an_update_with_nothing_to_send_is_one_read(gl: GitLabConnector, fake_gitlab: FakeGitLab) -> None:
    issue = create(gl, draft())
    fake_gitlab.reset_requests()
    assert gl.update(issue.key, draft(), frozenset()) == issue
    assert fake_gitlab.requests == [("GET", f"/api/v4/projects/acme%2Fincidents/issues/{issue.key}")]


# --- retries and errors ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["status", "timeout", "lost_answer", "reset"])
def test_a_create_is_never_repeated_after_a_server_error_or_timeout(fake_gitlab: FakeGitLab, kind: str) -> None:
    gl = connect(fake_gitlab)
    fake_gitlab.fail_next(502, method="POST", kind=kind)  # type: ignore[arg-type]
    (result,) = gl.create([draft()])
    assert isinstance(result.error, RemoteUnavailableError) and result.issue is None
    assert fake_gitlab.count("POST") == 1 and fake_gitlab.sleeps == []
    assert len(fake_gitlab.project.issues) == (1 if kind == "lost_answer" else 0)  # found again by its marker


def test_a_rate_limited_create_waits_and_is_sent_again(gl: GitLabConnector, fake_gitlab: FakeGitLab) -> None:
    fake_gitlab.fail_rate_limit(retry_after=7, method="POST")
    create(gl, draft())
    assert fake_gitlab.count("POST") == 2 and fake_gitlab.sleeps == [7.0] and len(fake_gitlab.project.issues) == 1


def test_a_rate_limit_without_retry_after_waits_for_the_reset(gl: GitLabConnector, fake_gitlab: FakeGitLab) -> None:
    fake_gitlab.fail_rate_limit(retry_after=None)
    gl.list_changed(None)
    assert len(fake_gitlab.sleeps) == 1 and 0 < fake_gitlab.sleeps[0] <= 62


def test_a_rate_limit_longer_than_max_rate_wait_stops(fake_gitlab: FakeGitLab) -> None:
    gl = connect(fake_gitlab, config=Config.model_validate({"sync": {"max_rate_wait": 5}}))
    fake_gitlab.fail_rate_limit(retry_after=3600)
    with pytest.raises(RateLimitedError) as caught:
        gl.list_changed(None)
    assert caught.value.target == "remote" and fake_gitlab.sleeps == []


def test_reads_and_edits_are_retried_after_server_errors(gl: GitLabConnector, fake_gitlab: FakeGitLab) -> None:
    issue = create(gl, draft())
    fake_gitlab.fail_next(503, method="GET", times=2)
    assert gl.fetch(issue.key) == issue
    fake_gitlab.fail_next(500, method="PUT", kind="timeout")
    assert gl.update(issue.key, draft(due=date(2027, 1, 1)), frozenset({"due"})).fields.due == date(2027, 1, 1)
    assert len(fake_gitlab.sleeps) == 3


def test_a_server_error_that_lasts_is_remote_unavailable(gl: GitLabConnector, fake_gitlab: FakeGitLab) -> None:
    fake_gitlab.fail_next(500, times=10)
    with pytest.raises(RemoteUnavailableError, match="list issues"):
        gl.list_changed(None)
    assert fake_gitlab.count() == 5  # 1 + max_retries


def test_a_bad_token_is_an_auth_error_that_never_shows_the_token(fake_gitlab: FakeGitLab) -> None:
    gl = connect(fake_gitlab, token="glpat-wrong-secret-value")
    with pytest.raises(AuthError) as caught:
        gl.list_changed(None)
    assert "GITLAB_TOKEN" in str(caught.value) and "glpat" not in str(caught.value)
    (result,) = gl.create([draft("AI-1"), draft("AI-2")])[:1]
    assert isinstance(result.error, AuthError) and fake_gitlab.count("POST") == 1


def test_forbidden_and_unknown_project_are_auth_errors(gl: GitLabConnector, fake_gitlab: FakeGitLab) -> None:
    fake_gitlab.fail_next(403, body='{"message": "403 Forbidden"}')
    with pytest.raises(AuthError, match="403 Forbidden"):
        gl.list_changed(None)
    with pytest.raises(AuthError, match="not found"):
        connect(fake_gitlab, project="acme/nothing").fetch("1")


def test_a_deleted_issue_is_gone(gl: GitLabConnector, fake_gitlab: FakeGitLab) -> None:
    issue = create(gl, draft())
    fake_gitlab.delete(issue.key)
    with pytest.raises(RemoteGoneError):
        gl.fetch(issue.key)
    with pytest.raises(RemoteGoneError):
        gl.update(issue.key, draft(text="x"), frozenset({"text"}))
    with pytest.raises(RemoteGoneError):
        gl.fetch("PROJ-1")


def test_a_refused_item_is_rejected_and_the_rest_go_on(gl: GitLabConnector, fake_gitlab: FakeGitLab) -> None:
    fake_gitlab.fail_next(400, method="POST", body='{"error": "title is too long"}')
    bad, good, odd = gl.create([draft("AI-1"), draft("AI-2"), draft("AI 3")])
    assert isinstance(bad.error, ItemRejectedError) and "title is too long" in str(bad.error)
    assert bad.error.item_id == "AI-1" and good.issue is not None
    assert isinstance(odd.error, ItemRejectedError)


@pytest.mark.parametrize("kind", ["truncated", "malformed", "reset"])
def test_a_garbled_or_dropped_read_is_retried(gl: GitLabConnector, fake_gitlab: FakeGitLab, kind: str) -> None:
    issue = create(gl, draft())
    fake_gitlab.fail_next(200, method="GET", kind=kind)  # type: ignore[arg-type]
    assert gl.fetch(issue.key) == issue and len(fake_gitlab.sleeps) == 1


def test_a_garbled_answer_is_remote_unavailable(gl: GitLabConnector, fake_gitlab: FakeGitLab) -> None:
    fake_gitlab.fail_next(200, kind="malformed", times=10)
    with pytest.raises(RemoteUnavailableError):
        gl.list_changed(None)


def test_no_token_is_an_auth_error(monkeypatch: pytest.MonkeyPatch, fake_gitlab: FakeGitLab) -> None:
    monkeypatch.delenv("GITLAB_TOKEN", raising=False)
    target = GitLabTarget(kind="gitlab", project="acme/incidents")
    with pytest.raises(AuthError, match="GITLAB_TOKEN"):
        GitLabConnector("remote", target, Config(), People({}))


# --- ticket keys -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ticket", "key"),
    [
        ("#12", "12"),
        ("acme/incidents#12", "12"),
        ("ACME/Incidents#012", "12"),
        ("acme/other#12", None),
        ("https://gitlab.fake/acme/incidents/-/issues/12", "12"),
        ("https://gitlab.fake/acme/incidents/issues/12/", "12"),
        ("https://gitlab.fake/acme/incidents/-/work_items/12", "12"),
        ("https://gitlab.fake/acme/other/-/issues/12", None),
        ("https://gitlab.com/acme/incidents/-/issues/12", None),
        ("https://gitlab.fake/acme/incidents/-/merge_requests/12", None),
        ("PROJ-12", None),
    ],
)
def test_ticket_keys_of_this_project(gl: GitLabConnector, ticket: str, key: str | None) -> None:
    assert gl.ticket_key(ticket) == key


def test_ticket_keys_of_a_nested_project_on_a_relative_root(fake_gitlab: FakeGitLab) -> None:
    target = GitLabTarget(kind="gitlab", url="https://git.acme.com/gitlab", project="ops/sre/incidents")
    gl = GitLabConnector("remote", target, Config(), People({}), token="t")
    assert gl.ticket_key("https://git.acme.com/gitlab/ops/sre/incidents/-/issues/7") == "7"
    assert gl.ticket_key("https://git.acme.com/ops/sre/incidents/-/issues/7") is None
    assert gl.ticket_key("ops/sre/incidents#7") == "7" and gl.ticket_key("sre/incidents#7") is None
    numeric = GitLabConnector("remote", target.model_copy(update={"project": "42"}), Config(), People({}), token="t")
    assert numeric.ticket_key("#7") == "7" and numeric.ticket_key("ops/sre/incidents#7") is None


# --- doctor ------------------------------------------------------------------------------------


def test_doctor_passes_on_a_good_setup(fake_gitlab: FakeGitLab) -> None:
    gl = connect(fake_gitlab)
    create(gl, draft())
    findings = gl.check()
    assert [f.check for f in findings] == [
        "token $GITLAB_TOKEN and project acme/incidents",
        "label 'action-item'",
        "person 'Alice'",
        "person 'Bob'",
    ]
    assert all(f.problem is None for f in findings)


def test_doctor_names_a_missing_label_and_an_unknown_username(fake_gitlab: FakeGitLab) -> None:
    gl = connect(fake_gitlab, people={"Alice": Person(gitlab="alice"), "Zed": Person(gitlab="zed")})
    findings = {f.check: f for f in gl.check()}
    label = findings["label 'action-item'"]
    assert label.problem is not None and not label.blocking
    assert findings["person 'Alice'"].problem is None
    zed = findings["person 'Zed'"]
    assert zed.problem is not None and "'zed'" in zed.problem and zed.blocking


def test_doctor_stops_at_a_bad_token_or_project(fake_gitlab: FakeGitLab) -> None:
    (bad,) = connect(fake_gitlab, token="wrong").check()
    assert bad.problem is not None and "401" in bad.problem and "api scope" in bad.fix
    (gone,) = connect(fake_gitlab, project="acme/gone").check()
    assert gone.problem is not None and "acme/gone" in gone.problem


# --- config and registry -----------------------------------------------------------------------


def test_a_gitlab_target_is_configured_and_registered() -> None:
    config = parse_config(
        {
            "people": {"Alice": {"gitlab": "alice"}},
            "targets": {"gl": {"kind": "gitlab", "project": "group/sub/name", "token_env": "GL_TOKEN"}},
        }
    )
    _, target = config.target("gl")
    assert isinstance(target, GitLabTarget) and target.url == "https://gitlab.com" and target.labels == ["action-item"]
    assert People(config.people).account("Alice", "gitlab") == "alice"
    assert load_connector_class("gitlab") is GitLabConnector


@pytest.mark.parametrize(
    "target",
    [
        {"kind": "gitlab", "project": "name-only"},
        {"kind": "gitlab", "project": "a/b", "token_env": "glpat-abcdefghijklmnop"},
        {"kind": "gitlab", "project": "a/b", "token": "x"},
        {"kind": "gitlab", "project": "a/b", "url": "gitlab.com"},
    ],
)
def test_a_bad_gitlab_target_is_refused(target: dict[str, str]) -> None:
    with pytest.raises(ConfigError):
        parse_config({"targets": {"gl": target}})


def test_times_are_read_as_gitlab_writes_them(gl: GitLabConnector) -> None:
    issue = create(gl, draft())
    assert issue.updated.tzinfo is not None and issue.updated.astimezone(UTC) <= datetime.now(UTC) + timedelta(days=1)


# --- hostile text and real HTTP ------------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=200))
def test_any_text_and_owner_read_back_as_written(fake_gitlab: FakeGitLab, text: str) -> None:
    gl = connect(fake_gitlab)
    if not text.strip():
        text = "x" + text
    issue = create(gl, draft(text=text, owner="@here <b>" + text[:20]))
    fetched = gl.fetch(issue.key)
    assert fetched.fields.text == text and fetched.fields.owner == "@here <b>" + text[:20]
    assert fetched.item_id == "AI-1" and "@here" not in (fake_gitlab.issue(int(issue.key)).description or "")


def test_one_run_over_real_http(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    fake = FakeGitLab()
    with serve(fake.handle) as url:
        fake.rebase(url)
        gl = connect(fake)
        (created,) = gl.create([draft(owner="Alice", due=date(2027, 1, 2))])
        assert created.issue is not None and created.issue.url.startswith(url)
        fake.close("1", "not_planned")
        fake.fail_next(0, method="GET", kind="reset")  # the server drops the connection once
        (listed,) = gl.list_changed(None)
        assert listed.fields.status == Status.WONT_DO and len(fake.sleeps) == 1
        updated = gl.update("1", draft(owner="Bob", status=Status.WONT_DO), frozenset({"owner"}))
        assert updated.fields.owner == "Bob" and gl.fetch("1") == updated
        assert fake.issues()[0].assignee == "bob"
