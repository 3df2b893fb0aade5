"""The Jira connector against the fake Jira, Cloud and Server/DC: requests, paging, workflow, errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import responses

from connectors.jira.connector import JiraConnector
from connectors.jira.fields import jql_quote
from tests.connectors.jira_env import connect, make_jira, people_for
from tests.fakes.jira_fake import MALFORMED, RESET, TIMEOUT, TRUNCATED, FakeJira
from tests.fakes.jira_fake_model import FakeIssue, Transition, Workflow
from tests.fakes.jira_jql import Clause, parse
from tracker.config import Config, Person, SyncSettings
from tracker.connector import IssueDraft, PostmortemRef
from tracker.errors import (
    AuthError,
    ItemRejectedError,
    RateLimitedError,
    RemoteError,
    RemoteGoneError,
    RemoteUnavailableError,
    TransitionMissingError,
)
from tracker.model import Priority, Status, SyncFields

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
SEARCH = r"/rest/api/2/search(/jql)?"


@pytest.fixture(params=["cloud", "server"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def jira(rsps: responses.RequestsMock, mode: str) -> tuple[JiraConnector, FakeJira]:
    return make_jira(rsps, mode)  # type: ignore[arg-type]


def draft(n: int, text: str | None = None, pm: PostmortemRef | None = None, **fields: object) -> IssueDraft:
    values = SyncFields(text=text if text is not None else f"Fix thing {n}").with_changes(dict(fields))
    return IssueDraft(f"AI-{n}", values, pm or PostmortemRef("Login outage", date(2026, 10, 30), "/pm/a.md"))


def seed(fake: FakeJira, count: int, *, start: int = 1, **values: Any) -> list[FakeIssue]:
    return [
        fake.add_issue(summary=f"Item {n}", labels=["action-item", f"tracker-ai-{n}"], **values)
        for n in range(start, start + count)
    ]


def started(conn: JiraConnector, fake: FakeJira) -> None:
    """Client start-up (GET serverInfo) done, request log cleared."""
    assert conn.mapper is not None
    fake.reset_requests()


def calls(fake: FakeJira) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in fake.log]


# -- creating -------------------------------------------------------------------------------


def test_create_120_drafts_sends_three_bulk_requests(jira: tuple[JiraConnector, FakeJira]) -> None:
    conn, fake = jira
    results = conn.create([draft(n) for n in range(1, 121)])
    assert [r.error for r in results] == [None] * 120
    bulks = fake.requests_to("POST", r"/rest/api/2/issue/bulk")
    assert [len(r.body["issueUpdates"]) for r in bulks] == [50, 50, 20]
    # serverInfo, then per chunk its bulk and one search for the times Jira gave them; nothing per issue
    assert fake.request_count() == 1 + 3 + 3
    searches = fake.requests_to("GET", SEARCH)
    if fake.mode == "cloud":  # read-after-write: the search names the new issues' ids
        assert [len(r.query["reconcileIssues"]) for r in searches] == [50, 50, 20]
    assert [r.issue.key for r in results if r.issue] == [v.key for v in fake.issues()]
    assert [r.issue.updated for r in results if r.issue] == [i.updated for i in fake.records.values()]
    assert [v.marker for v in fake.issues()] == [f"AI-{n}" for n in range(1, 121)]


def test_a_failing_element_reports_its_item_and_the_others_are_created(
    jira: tuple[JiraConnector, FakeJira],
) -> None:
    conn, fake = jira
    results = conn.create([draft(1), draft(2, text="   "), draft(3)])
    assert results[0].issue is not None and results[2].issue is not None
    error = results[1].error
    assert isinstance(error, ItemRejectedError) and error.item_id == "AI-2" and "summary" in str(error)
    assert len(fake.requests_to("POST", r".*/issue/bulk")) == 1
    assert [v.marker for v in fake.issues()] == ["AI-1", "AI-3"]


def test_unknown_priority_name_is_rejected_naming_the_field(rsps: responses.RequestsMock, mode: str) -> None:
    conn, _fake = make_jira(rsps, mode, priority_map={"high": "Urgent"})  # type: ignore[arg-type]
    results = conn.create([draft(1, priority=Priority.HIGH), draft(2, priority=Priority.LOW)])
    assert isinstance(results[0].error, ItemRejectedError) and "priority" in str(results[0].error)
    assert results[1].issue is not None and results[1].issue.fields.priority == Priority.LOW


def test_owner_jira_refuses_is_created_unassigned_with_a_warning(rsps: responses.RequestsMock, mode: str) -> None:
    people = people_for(mode) | {"Carol": Person(jira="nobody-here")}  # type: ignore[arg-type]
    conn, fake = make_jira(rsps, mode, people=people)  # type: ignore[arg-type]
    results = conn.create([draft(1, owner="Carol"), draft(2, owner="Alice")])
    first = results[0].issue
    assert first is not None and not first.assigned and "Carol" in first.warnings[0]
    assert {v.marker: v.assignee for v in fake.issues()} == {"AI-1": None, "AI-2": people["Alice"].jira}
    assert len(fake.requests_to("POST", r".*/issue/bulk")) == 2  # the second only for AI-1
    again = conn.fetch(first.key)
    assert again.fields.owner == "Carol" and not again.assigned


def test_unmapped_owner_is_named_in_the_description_and_read_back(
    jira: tuple[JiraConnector, FakeJira],
) -> None:
    conn, fake = jira
    (result,) = conn.create([draft(1, owner="Dana Smith")])
    assert result.issue is not None
    record = fake.record(result.issue.key)
    assert record.assignee is None and "*Owner:* Dana Smith" in (record.description or "")
    assert conn.fetch(record.key).fields.owner == "Dana Smith"
    fake.assign(record.key, next(iter(fake.users)))
    assert conn.fetch(record.key).fields.owner == "Alice"  # an assignee wins over the text


def test_unassigning_in_jira_clears_a_mapped_owner(jira: tuple[JiraConnector, FakeJira]) -> None:
    conn, fake = jira
    (result,) = conn.create([draft(1, owner="Alice")])
    assert result.issue is not None and result.issue.assigned
    assert "Owner" not in (fake.record(result.issue.key).description or "")
    fake.assign(result.issue.key, None)
    assert conn.fetch(result.issue.key).fields.owner is None


def test_created_issue_carries_the_postmortem_and_a_remote_link(jira: tuple[JiraConnector, FakeJira]) -> None:
    conn, fake = jira
    pm = PostmortemRef("DB *failover*", date(2026, 10, 30), "/pm/db.md", url="https://wiki.example/pm/7")
    (result,) = conn.create([draft(1, pm=pm)])
    assert result.issue is not None and result.issue.postmortem == pm
    record = fake.record(result.issue.key)
    assert record.links[0]["object"] == {"url": "https://wiki.example/pm/7", "title": "DB *failover*"}
    assert "*Incident date:* 2026\\-10\\-30" in (record.description or "")
    assert conn.fetch(record.key).postmortem == pm  # what adopt rebuilds a lost store from


def test_long_text_is_shortened_in_the_summary_and_kept_whole(jira: tuple[JiraConnector, FakeJira]) -> None:
    conn, fake = jira
    text = " ".join(f"word{n}" for n in range(80))  # ~550 characters
    (result,) = conn.create([draft(1, text=text)])
    assert result.issue is not None
    summary = fake.record(result.issue.key).summary
    assert len(summary) <= 255 and summary.endswith("…") and text.startswith(summary[:-1].rstrip())
    assert conn.fetch(result.issue.key).fields.text == text
    fake.set_title(result.issue.key, "Retitled in Jira")
    assert conn.fetch(result.issue.key).fields.text == "Retitled in Jira"


# -- reading --------------------------------------------------------------------------------


def test_list_changed_reads_every_page(jira: tuple[JiraConnector, FakeJira], mode: str) -> None:
    conn, fake = jira
    seed(fake, 250)
    found = conn.list_changed(None)
    assert sorted(i.item_id or "" for i in found) == sorted(f"AI-{n}" for n in range(1, 251))
    searches = fake.requests_to("GET", SEARCH)
    assert len(searches) == 3
    if mode == "cloud":
        assert {r.path for r in searches} == {"/rest/api/2/search/jql"}
        assert ["nextPageToken" in r.query for r in searches] == [False, True, True]
    else:
        assert {r.path for r in searches} == {"/rest/api/2/search"}
        assert [r.query["startAt"] for r in searches] == [["0"], ["100"], ["200"]]
    assert fake.requests_to("GET", r".*/field") == []


def test_cloud_never_calls_the_removed_search(rsps: responses.RequestsMock) -> None:
    conn, fake = make_jira(rsps, "cloud")
    seed(fake, 3)
    conn.list_changed(None)
    conn.find_by_markers(["AI-1"])
    assert fake.requests_to(None, r"/rest/api/2/search") == []
    status, _, body = fake.handle("GET", f"{fake.base_url}/rest/api/2/search?jql=x", {}, None)
    assert status == 401  # unauthenticated first, like Jira
    auth = {"Authorization": conn._client._creds.extra_secrets[0].join(["Basic ", ""])}
    status, _, body = fake.handle("GET", f"{fake.base_url}/rest/api/2/search?jql=x", auth, None)
    assert status == 410 and b"/rest/api/3/search/jql" in body


def test_no_change_listing_of_1000_issues_costs_at_most_two_requests(rsps: responses.RequestsMock, mode: str) -> None:
    conn, fake = make_jira(rsps, mode, clock=lambda: T0)  # type: ignore[arg-type]
    seed(fake, 1000)
    started(conn, fake)
    assert conn.list_changed(T0 + timedelta(minutes=30)) == []
    assert fake.request_count() <= 2  # GET myself (JQL time zone, once) + one search page
    assert conn.list_changed(T0 + timedelta(minutes=40)) == []
    assert fake.request_count() <= 3
    assert fake.requests_to("GET", r".*/field") == []


def test_listing_keeps_an_overlap_and_skips_older_issues(rsps: responses.RequestsMock, mode: str) -> None:
    now = [T0]
    conn, fake = make_jira(rsps, mode, clock=lambda: now[0])  # type: ignore[arg-type]
    seed(fake, 2)
    now[0] = T0 + timedelta(hours=1)
    seed(fake, 1, start=3)
    found = conn.list_changed(T0 + timedelta(hours=1, seconds=30))
    assert [i.item_id for i in found] == ["AI-3"]  # within the overlap; the older two are not
    assert fake.queries[-1].endswith('updated >= "2026/11/01 09:58"')


def test_jql_dates_are_in_the_api_users_time_zone(rsps: responses.RequestsMock, mode: str) -> None:
    config = Config(people=people_for(mode), sync=SyncSettings(overlap_seconds=0))  # type: ignore[arg-type]
    now = [T0]
    conn, fake = make_jira(rsps, mode, config=config, clock=lambda: now[0])  # type: ignore[arg-type]
    fake.bot.time_zone = "America/Los_Angeles"
    seed(fake, 1)
    now[0] = T0 + timedelta(hours=2)
    seed(fake, 1, start=2)
    found = conn.list_changed(T0 + timedelta(hours=1))
    assert [i.item_id for i in found] == ["AI-2"]
    assert fake.queries[-1].endswith('updated >= "2026/11/01 02:00"')  # 10:00 UTC in Los Angeles (PST)


def test_find_by_markers_asks_in_chunks(jira: tuple[JiraConnector, FakeJira]) -> None:
    conn, fake = jira
    seed(fake, 120)
    found = conn.find_by_markers([f"AI-{n}" for n in range(1, 122)])
    assert sorted(found) == sorted(f"AI-{n}" for n in range(1, 121))
    assert len(fake.requests_to("GET", SEARCH)) == 3
    assert all(" AND labels in (" in q for q in fake.queries)


@pytest.mark.parametrize(
    ("status", "resolution", "expected"),
    [
        ("To Do", None, Status.OPEN),
        ("In Progress", None, Status.IN_PROGRESS),
        ("Done", "Done", Status.DONE),
        ("Done", "Won't Do", Status.WONT_DO),
        ("Done", "Won't Fix", Status.WONT_DO),
        ("Done", "Duplicate", Status.WONT_DO),
        ("Done", "Cannot Reproduce", Status.WONT_DO),
    ],
)
def test_status_is_read_by_category_and_resolution(
    jira: tuple[JiraConnector, FakeJira], status: str, resolution: str | None, expected: Status
) -> None:
    conn, fake = jira
    (issue,) = seed(fake, 1, status=status, resolution=resolution)
    assert conn.fetch(issue.key).fields.status == expected


# -- updating and the workflow --------------------------------------------------------------


def test_update_costs_one_put_and_a_status_change_a_transition_and_a_read(
    jira: tuple[JiraConnector, FakeJira],
) -> None:
    conn, fake = jira
    (created,) = conn.create([draft(1)])
    assert created.issue is not None
    key = created.issue.key
    fake.reset_requests()
    issue = conn.update(key, draft(1, due=date(2027, 1, 1)), frozenset({"due"}))
    assert issue.fields.due == date(2027, 1, 1)
    assert issue.updated == fake.record(key).updated  # Jira's time of the edit, not our clock
    # the PUT answers 204, no body: one small read of `updated`
    assert calls(fake) == [("PUT", f"/rest/api/2/issue/{key}"), ("GET", f"/rest/api/2/issue/{key}")]
    assert fake.log[1].query == {"fields": ["updated"]}
    assert fake.record(key).duedate == "2027-01-01"
    assert fake.log[0].body == {"fields": {"duedate": "2027-01-01"}}
    fake.reset_requests()
    issue = conn.update(key, draft(1, due=date(2027, 1, 1), status=Status.DONE), frozenset({"status"}))
    assert issue.fields.status == Status.DONE
    assert calls(fake) == [
        ("GET", f"/rest/api/2/issue/{key}/transitions"),
        ("POST", f"/rest/api/2/issue/{key}/transitions"),
        ("GET", f"/rest/api/2/issue/{key}"),
    ]


def test_wont_do_moves_to_done_with_the_resolution(jira: tuple[JiraConnector, FakeJira]) -> None:
    conn, fake = jira
    (created,) = conn.create([draft(1, status=Status.WONT_DO)])
    assert created.issue is not None and created.issue.fields.status == Status.WONT_DO
    (view,) = fake.issues()
    assert view.closed and view.closed_reason == "not_planned"
    posted = fake.requests_to("POST", r".*/transitions")[0].body
    assert posted["fields"] == {"resolution": {"name": "Won't Do"}} and posted["transition"]["id"] == 31
    assert conn.fetch(view.key).fields.status == Status.WONT_DO


def test_transitions_are_chosen_by_category_whatever_the_names(jira: tuple[JiraConnector, FakeJira]) -> None:
    conn, fake = jira
    fake.workflow = Workflow(
        statuses={"Backlog": ("1", "new"), "Doing": ("2", "indeterminate"), "Shipped": ("3", "done")},
        transitions=[
            Transition("5", "Start", "Doing"),
            Transition("6", "Ship", "Shipped"),
            Transition("7", "Shelve", "Backlog"),
        ],
        initial="Backlog",
    )
    results = conn.create([draft(1, status=Status.IN_PROGRESS), draft(2), draft(3, status=Status.DONE)])
    assert [fake.record(r.issue.key).status for r in results if r.issue] == ["Doing", "Backlog", "Shipped"]
    assert len(fake.requests_to("GET", r".*/transitions")) == 1  # new issues share their transitions
    key = results[0].issue.key if results[0].issue else ""
    assert conn.update(key, draft(1, status=Status.OPEN), frozenset({"status"})).fields.status == Status.OPEN
    assert fake.record(key).status == "Backlog"


def test_status_map_names_the_target_status(rsps: responses.RequestsMock, mode: str) -> None:
    conn, fake = make_jira(rsps, mode, status_map={"in_progress": "In Review"})  # type: ignore[arg-type]
    fake.workflow.add_status("In Review", "indeterminate")
    fake.workflow.add_transition("Send to review", "In Review")
    (result,) = conn.create([draft(1, status=Status.IN_PROGRESS)])
    assert result.issue is not None and fake.record(result.issue.key).status == "In Review"
    assert conn.fetch(result.issue.key).fields.status == Status.IN_PROGRESS


def test_missing_transition_is_reported_and_the_rest_goes_on(jira: tuple[JiraConnector, FakeJira]) -> None:
    conn, fake = jira
    fake.workflow.remove_transitions("Done")
    results = conn.create([draft(1, status=Status.DONE), draft(2)])
    first, second = results[0].issue, results[1].issue
    assert first is not None and first.fields.status == Status.OPEN and "transition" in first.warnings[0]
    assert second is not None
    with pytest.raises(TransitionMissingError) as caught:
        conn.update(second.key, draft(2, status=Status.DONE, due=date(2027, 1, 1)), frozenset({"status", "due"}))
    assert caught.value.item_id == "AI-2"
    assert fake.record(second.key).duedate == "2027-01-01"  # the other fields were written
    other = conn.update(first.key, draft(1, owner="Bob"), frozenset({"owner"}))
    assert other.fields.owner == "Bob"


@pytest.mark.parametrize(("before", "after"), [(Status.DONE, Status.WONT_DO), (Status.WONT_DO, Status.DONE)])
def test_done_and_wont_do_swap_by_reopening(
    jira: tuple[JiraConnector, FakeJira], before: Status, after: Status
) -> None:
    conn, fake = jira
    (created,) = conn.create([draft(1, status=before)])
    assert created.issue is not None
    issue = conn.update(created.issue.key, draft(1, status=after), frozenset({"status"}))
    assert issue.fields.status == after
    assert fake.record(issue.key).resolution == ("Won't Do" if after == Status.WONT_DO else "Done")
    fake.workflow.remove_transitions("To Do", source="Done")
    fake.workflow.remove_transitions("In Progress", source="Done")
    with pytest.raises(TransitionMissingError):
        conn.update(issue.key, draft(1, status=before), frozenset({"status"}))


def test_moving_to_the_status_it_already_has_is_fine(jira: tuple[JiraConnector, FakeJira]) -> None:
    conn, fake = jira
    (issue,) = seed(fake, 1, status="Done", resolution="Done")
    assert conn.update(issue.key, draft(1, status=Status.DONE), frozenset({"status"})).fields.status == Status.DONE


def test_assignee_is_set_by_account_id_or_name_never_searched(jira: tuple[JiraConnector, FakeJira], mode: str) -> None:
    conn, fake = jira
    (created,) = conn.create([draft(1, owner="Alice")])
    assert created.issue is not None
    conn.update(created.issue.key, draft(1, owner="Bob"), frozenset({"owner"}))
    field = "accountId" if mode == "cloud" else "name"
    bulk = fake.requests_to("POST", r".*/issue/bulk")[0].body["issueUpdates"][0]["fields"]
    put = fake.requests_to("PUT", r".*/issue/[^/]+")[0].body["fields"]
    assert bulk["assignee"] == {field: people_for(mode)["Alice"].jira}  # type: ignore[arg-type]
    assert put["assignee"] == {field: people_for(mode)["Bob"].jira}  # type: ignore[arg-type]
    assert [r for r in fake.log if "user/search" in r.path or r.path.endswith("/assignee")] == []
    conn.update(created.issue.key, draft(1, owner=None), frozenset({"owner"}))
    assert fake.issues()[0].assignee is None


# -- failures -------------------------------------------------------------------------------


def test_429_with_retry_after_is_waited_out(jira: tuple[JiraConnector, FakeJira]) -> None:
    conn, fake = jira
    seed(fake, 2)
    fake.fail_next(429, headers={"Retry-After": "7"}, path_contains="search")
    assert len(conn.list_changed(None)) == 2
    assert fake.sleeps == [7.0] and len(fake.requests_to("GET", SEARCH)) == 2


def test_429_without_retry_after_waits_for_the_rate_limit_reset(jira: tuple[JiraConnector, FakeJira]) -> None:
    conn, fake = jira
    reset = (datetime.now(UTC) + timedelta(seconds=90)).strftime("%Y-%m-%dT%H:%MZ")
    fake.fail_next(429, headers={"X-RateLimit-Reset": reset}, path_contains="search")
    assert conn.list_changed(None) == []
    assert len(fake.sleeps) == 1 and 0 <= fake.sleeps[0] <= 91


def test_429_on_a_bulk_create_is_retried_without_duplicates(jira: tuple[JiraConnector, FakeJira]) -> None:
    conn, fake = jira
    fake.fail_next(429, method="POST", path_contains="bulk", headers={"Retry-After": "2"})
    results = conn.create([draft(1), draft(2)])
    assert [r.error for r in results] == [None, None] and len(fake.issues()) == 2
    assert fake.sleeps == [2.0]


def test_503_with_retry_after_is_waited_out(jira: tuple[JiraConnector, FakeJira]) -> None:
    conn, fake = jira
    (issue,) = seed(fake, 1)
    fake.fail_next(503, headers={"Retry-After": "3"}, method="GET")
    assert conn.fetch(issue.key).item_id == "AI-1" and fake.sleeps == [3.0]


def test_rate_limit_longer_than_allowed_stops_with_rate_limited(rsps: responses.RequestsMock, mode: str) -> None:
    config = Config(people=people_for(mode), sync=SyncSettings(max_rate_wait=5))  # type: ignore[arg-type]
    conn, fake = make_jira(rsps, mode, config=config)  # type: ignore[arg-type]
    fake.fail_next(429, headers={"Retry-After": "600"}, path_contains="search")
    with pytest.raises(RateLimitedError):
        conn.list_changed(None)


@pytest.mark.parametrize("fault", [500, 502, TIMEOUT, RESET, MALFORMED, TRUNCATED])
def test_transient_read_failures_are_retried(jira: tuple[JiraConnector, FakeJira], fault: int) -> None:
    conn, fake = jira
    (issue,) = seed(fake, 1)
    started(conn, fake)
    fake.fail_next(fault, method="GET")
    assert conn.fetch(issue.key).key == issue.key
    assert fake.request_count() == 2 and len(fake.sleeps) == 1


def test_persistent_server_errors_end_as_remote_unavailable(jira: tuple[JiraConnector, FakeJira]) -> None:
    conn, fake = jira
    started(conn, fake)
    fake.fail_next(500, times=10, path_contains="search")
    with pytest.raises(RemoteUnavailableError):
        conn.list_changed(None)
    assert fake.request_count() == 5  # the first try and max_retries=4


def test_server_error_on_create_is_not_repeated(jira: tuple[JiraConnector, FakeJira]) -> None:
    conn, fake = jira
    fake.fail_next(500, method="POST", path_contains="bulk", apply=True)  # created, but the answer is lost
    results = conn.create([draft(1), draft(2)])
    assert all(isinstance(r.error, RemoteUnavailableError) for r in results)
    assert [r.error.item_id for r in results if isinstance(r.error, RemoteError)] == ["AI-1", "AI-2"]
    assert len(fake.requests_to("POST", r".*/bulk")) == 1 and len(fake.issues()) == 2
    assert sorted(conn.find_by_markers(["AI-1", "AI-2"])) == ["AI-1", "AI-2"]  # recovery finds them


@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials_raise_auth_error_without_secrets(
    jira: tuple[JiraConnector, FakeJira], status: int
) -> None:
    conn, fake = jira
    fake.fail_next(status, body=json.dumps({"errorMessages": [f"bad credentials {fake.token}"], "errors": {}}))
    with pytest.raises(AuthError) as caught:
        conn.list_changed(None)
    message = str(caught.value)
    assert str(status) in message and "JIRA_TOKEN" in message and "\n" not in message
    assert fake.token not in message and "Basic" not in message and "Bearer" not in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_wrong_token_is_an_auth_error(rsps: responses.RequestsMock, mode: str) -> None:
    fake = FakeJira(mode)  # type: ignore[arg-type]
    fake.install(rsps)
    fake.token = "the-real-one"
    conn = connect(fake)
    fake.token = "something-else"
    with pytest.raises(AuthError):
        conn.fetch("PROJ-1")
    assert len(fake.log) == 1  # no retry of a 401


def test_missing_environment_variables_are_named(monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    fake = FakeJira(mode)  # type: ignore[arg-type]
    monkeypatch.delenv("JIRA_TOKEN", raising=False)
    monkeypatch.delenv("JIRA_EMAIL", raising=False)
    from tests.connectors.jira_env import jira_target

    target = jira_target(fake)
    with pytest.raises(AuthError, match="JIRA_TOKEN"):
        JiraConnector("remote", target, Config(), None)  # type: ignore[arg-type]
    monkeypatch.setenv("JIRA_TOKEN", "tok-SECRET-42")
    if mode == "cloud":
        with pytest.raises(AuthError, match="JIRA_EMAIL"):
            JiraConnector("remote", target, Config(), None)  # type: ignore[arg-type]
        monkeypatch.setenv("JIRA_EMAIL", "me@example.com")
    conn = JiraConnector("remote", target, Config(), None)  # type: ignore[arg-type]
    assert "SECRET" not in repr(conn) and "SECRET" not in repr(conn._client._creds)


def test_deleted_issue_is_gone(jira: tuple[JiraConnector, FakeJira]) -> None:
    conn, fake = jira
    (issue,) = seed(fake, 1)
    fake.delete(issue.key)
    with pytest.raises(RemoteGoneError):
        conn.fetch(issue.key)
    with pytest.raises(RemoteGoneError) as caught:
        conn.update(issue.key, draft(1, due=date(2027, 1, 1)), frozenset({"due"}))
    assert caught.value.item_id == "AI-1"


def test_field_error_on_update_names_the_field(jira: tuple[JiraConnector, FakeJira]) -> None:
    conn, fake = jira
    (issue,) = seed(fake, 1)
    body = json.dumps({"errorMessages": [], "errors": {"duedate": "Error parsing date string"}})
    fake.fail_next(400, method="PUT", body=body)
    with pytest.raises(ItemRejectedError) as caught:
        conn.update(issue.key, draft(1, due=date(2027, 1, 1)), frozenset({"due"}))
    assert "duedate" in str(caught.value) and caught.value.item_id == "AI-1"


# -- JQL stays JQL --------------------------------------------------------------------------

HOSTILE = [
    'action-item" OR labels is not EMPTY OR labels = "x',
    'a\\" OR project = "PROJ',
    'x")) OR ((key = "PROJ-1',
]


@pytest.mark.parametrize("label", HOSTILE)
def test_a_hostile_label_stays_one_literal(rsps: responses.RequestsMock, mode: str, label: str) -> None:
    conn, fake = make_jira(rsps, mode, labels=[label])  # type: ignore[arg-type]
    seed(fake, 5)
    assert conn.list_changed(None) == []
    assert parse(fake.queries[-1]) == [Clause("project", "=", ("PROJ",)), Clause("labels", "=", (label,))]
    fake.record("PROJ-1").labels.append(label)
    assert [i.key for i in conn.list_changed(None)] == ["PROJ-1"]  # matched as the literal it is


def test_a_hostile_project_key_stays_one_literal(rsps: responses.RequestsMock, mode: str) -> None:
    project = 'PROJ" OR project = "PROJ'
    conn, fake = make_jira(rsps, mode, project=project)  # type: ignore[arg-type]
    seed(fake, 5)
    with pytest.raises(RemoteError, match="does not exist"):
        conn.list_changed(None)
    assert parse(fake.queries[-1])[0] == Clause("project", "=", (project,))
    assert fake.queries[-1].startswith(f"project = {jql_quote(project)} AND ")


# -- the doctor, and a real socket ------------------------------------------------------------


def test_check_reports_a_healthy_target_and_named_problems(rsps: responses.RequestsMock, mode: str) -> None:
    conn, fake = make_jira(rsps, mode)  # type: ignore[arg-type]
    healthy = conn.check()
    assert [f.problem for f in healthy] == [None] * len(healthy) and len(healthy) >= 4
    bad = connect(fake, project="NOPE", status_map={"done": "Shipped"})
    failed = {f.check: f for f in bad.check() if f.problem}
    assert set(failed) == {"project NOPE", "status_map.done"}
    assert "correct project" in failed["project NOPE"].fix
    assert "'Shipped'" in (failed["status_map.done"].problem or "") and "use one of:" in failed["status_map.done"].fix


def test_over_real_http(mode: str) -> None:
    fake = FakeJira(mode)  # type: ignore[arg-type]
    with fake.serve_http() as url:
        assert url.startswith("http://127.0.0.1:")
        conn = connect(fake)
        results = conn.create([draft(1, owner="Alice", status=Status.IN_PROGRESS), draft(2)])
        assert [r.error for r in results] == [None, None]
        fake.fail_next(RESET, method="GET")
        found = conn.list_changed(None)
        assert sorted(i.item_id or "" for i in found) == ["AI-1", "AI-2"]
        first = next(i for i in found if i.item_id == "AI-1")
        updated = conn.update(first.key, draft(1, text="Renamed"), frozenset({"text"}))
        assert updated.fields.text == "Renamed"
    assert len(fake.sleeps) == 1 and fake.requests_to("GET", SEARCH)


def test_a_policy_due_date_reads_back_as_derived_until_someone_re_dates_it(
    jira: tuple[JiraConnector, FakeJira],
) -> None:
    conn, fake = jira
    written = draft(1, due=date(2026, 12, 1))
    (result,) = conn.create([IssueDraft(written.item_id, written.fields, written.postmortem, due_derived=True)])
    assert result.issue is not None and result.issue.due_derived
    assert conn.fetch(result.issue.key).due_derived
    fake.set_due(result.issue.key, date(2027, 1, 1))  # a person moves it in Jira: now it is theirs
    again = conn.fetch(result.issue.key)
    assert again.fields.due == date(2027, 1, 1) and not again.due_derived
    (plain,) = conn.create([draft(2, due=date(2026, 12, 1))])
    assert plain.issue is not None and not conn.fetch(plain.issue.key).due_derived
