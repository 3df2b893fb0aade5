"""The GitHub connector: PyGithub through `responses` against the stateful fake GitHub.

Covers round trips, request budgets, PRs, assignee fallback, typed errors, retries and rate limits,
write pacing with a fake clock, hostile text (Hypothesis), milestones and one run over real HTTP.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import responses
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.github.body import MARKER_RE, ZWJ, body_for, marker_for, parse_body, text_for, title_for
from connectors.github.connector import GitHubConnector
from connectors.github.mapping import labels_for, state_for, to_remote_issue
from tests.connectors.github_env import PEOPLE, connect, github_target, make_github
from tests.fakes.github_fake import FakeGitHub
from tests.fakes.http_server import serve
from tracker.config import Config, Person
from tracker.connector import SYNCED_STATUSES, IssueDraft, PostmortemRef
from tracker.errors import (
    AuthError,
    ItemRejectedError,
    RateLimitedError,
    RemoteGoneError,
    RemoteUnavailableError,
)
from tracker.model import Priority, Status, SyncFields
from tracker.people import People
from tracker.retry import RetryPolicy

PM = PostmortemRef("Login outage", date(2026, 10, 30), "/pm/outage.md")
TOKEN = "ghp_s3cr3tTOKENvalue"


def draft(item_id: str = "AI-1", text: str = "Rotate the signing keys", **fields: Any) -> IssueDraft:
    return IssueDraft(item_id, SyncFields(text=text, **fields), PM)


class FakeMonotonic:
    """A monotonic clock whose sleeps only move it forward."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def rsps() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def gh(rsps: responses.RequestsMock) -> tuple[GitHubConnector, FakeGitHub]:
    return make_github(rsps)


def sent(rsps: responses.RequestsMock, method: str) -> list[dict[str, Any]]:
    return [json.loads(c.request.body or b"{}") for c in rsps.calls if c.request.method == method]


def count(fake: FakeGitHub, method: str, pattern: str = "") -> int:
    return sum(1 for m, path in fake.requests if m == method and re.search(pattern, path))


# --- round trips ------------------------------------------------------------------------------


def test_create_then_list_reads_back_every_field(gh: tuple[GitHubConnector, FakeGitHub]) -> None:
    connector, fake = gh
    fields = dict(owner="Alice", due=date(2027, 1, 2), priority=Priority.HIGH, labels=("db", "sre"))
    (result,) = connector.create([draft(**fields)])
    assert result.error is None and result.issue is not None
    assert result.issue.fields == SyncFields(text="Rotate the signing keys", **fields)  # type: ignore[arg-type]
    assert result.issue.assigned and result.issue.item_id == "AI-1" and result.issue.postmortem == PM
    (listed,) = connector.list_changed(None)
    assert listed == result.issue
    rec = fake.issue(result.issue.key)
    assert rec.title == "Rotate the signing keys" and rec.assignees == ["alice"]
    assert rec.labels == ["action-item", "priority:high", "db", "sre"]
    assert fake.issues()[0].due == date(2027, 1, 2) and fake.issues()[0].marker == "AI-1"


def test_create_a_finished_item_closes_it(gh: tuple[GitHubConnector, FakeGitHub]) -> None:
    connector, fake = gh
    (result,) = connector.create([draft(status=Status.WONT_DO)])
    assert result.issue is not None and result.issue.fields.status == Status.WONT_DO
    assert (fake.issue("1").state, fake.issue("1").state_reason) == ("closed", "not_planned")


@pytest.mark.parametrize(
    ("changed", "keys"),
    [
        ({"status"}, {"state", "state_reason"}),
        ({"owner"}, {"assignees", "body"}),
        ({"due"}, {"body"}),
        ({"text"}, {"title", "body"}),
        ({"priority"}, {"labels"}),
        ({"labels", "status"}, {"labels", "state", "state_reason"}),
    ],
)
def test_update_patches_only_the_changed_fields(
    gh: tuple[GitHubConnector, FakeGitHub], rsps: responses.RequestsMock, changed: set[str], keys: set[str]
) -> None:
    connector, fake = gh
    connector.create([draft(owner="Alice", priority=Priority.LOW, labels=("db",))])
    new = draft(
        text="Rotate all keys",
        owner="Bob",
        due=date(2027, 5, 5),
        status=Status.DONE,
        priority=Priority.CRITICAL,
        labels=("db", "net"),
    )
    fake.reset_requests()
    issue = connector.update("1", new, frozenset(changed))
    assert fake.requests == [("PATCH", "/repos/octo/tracker/issues/1")]  # no GET before or after
    patch = sent(rsps, "PATCH")[-1]
    assert set(patch) == keys
    if "labels" in patch:  # the full list, our own labels included
        assert patch["labels"] == labels_for(new.fields, ["action-item"])
    for name in changed:
        assert issue.fields.get(name) == new.fields.get(name)
    assert issue == connector.fetch("1")


def test_done_to_wont_do_changes_the_close_reason(gh: tuple[GitHubConnector, FakeGitHub]) -> None:
    connector, fake = gh
    connector.create([draft(status=Status.DONE)])
    issue = connector.update("1", draft(status=Status.WONT_DO), frozenset({"status"}))
    assert issue.fields.status == Status.WONT_DO and fake.issue("1").state_reason == "not_planned"


def test_project_folds_statuses_github_cannot_hold(gh: tuple[GitHubConnector, FakeGitHub]) -> None:
    connector, _ = gh
    assert connector.project(SyncFields("x", status=Status.IN_PROGRESS)).status == Status.OPEN
    assert connector.project(SyncFields("x", status=Status.REMOVED)).status == Status.WONT_DO
    assert connector.project(SyncFields("x", status=Status.DONE)).status == Status.DONE
    assert connector.project(SyncFields("x", labels=("action-item", "db"))).labels == ("db",)


def test_person_edits_in_the_ui_are_read_back(gh: tuple[GitHubConnector, FakeGitHub]) -> None:
    connector, fake = gh
    connector.create([draft(owner="Alice", due=date(2027, 1, 1))])
    fake.set_title("1", "Rotate only the API keys")
    fake.set_due("1", date(2027, 3, 3))
    fake.assign("1", "bob")
    fake.close("1", "not_planned")
    (issue,) = connector.list_changed(None)
    assert issue.fields == SyncFields("Rotate only the API keys", "Bob", date(2027, 3, 3), Status.WONT_DO)
    fake.set_due("1", None)
    fake.assign("1", None)
    (issue,) = connector.list_changed(None)
    assert issue.fields.due is None and issue.fields.owner == "Alice" and not issue.assigned  # the Owner line


def test_long_text_gets_a_short_title_and_the_full_text_in_the_body(
    gh: tuple[GitHubConnector, FakeGitHub],
) -> None:
    connector, fake = gh
    text = "Make the deploy pipeline check schema migrations against a production snapshot " * 4
    (result,) = connector.create([draft(text=text)])
    title = fake.issue("1").title
    assert len(title) <= 120 and title.endswith("…") and text.startswith(title[:-1])
    assert result.issue is not None and result.issue.fields.text == text


def test_list_changed_uses_since_and_skips_unmarked_issues(gh: tuple[GitHubConnector, FakeGitHub]) -> None:
    connector, fake = gh
    connector.create([draft("AI-1"), draft("AI-2", "Second")])
    fake.add_issue("Someone else's issue", "no marker here", labels=["action-item"])
    later = fake.tick() + timedelta(seconds=5)
    fake.set_time(later)
    fake.set_title("2", "Second, retitled")
    changed = connector.list_changed(later)
    assert [(i.item_id, i.fields.text) for i in changed] == [("AI-2", "Second, retitled")]
    assert "since=" + later.strftime("%Y-%m-%dT%H") in fake.requests[-1][1].replace("%3A", ":")


def test_find_by_markers_prefers_the_oldest_duplicate(gh: tuple[GitHubConnector, FakeGitHub]) -> None:
    connector, _ = gh
    connector.create([draft("AI-1"), draft("AI-2"), draft("AI-1", "duplicate from a retried POST")])
    found = connector.find_by_markers(["AI-1", "AI-9"])
    assert list(found) == ["AI-1"] and found["AI-1"].key == "1"


# --- request budget ---------------------------------------------------------------------------


def seed(fake: FakeGitHub, n: int) -> None:
    for i in range(n):
        fake.add_issue(f"Item {i}", body_for(draft(f"AI-{i}", f"Item {i}")), labels=["action-item"])


def test_no_change_listing_of_1000_issues_costs_one_request(gh: tuple[GitHubConnector, FakeGitHub]) -> None:
    connector, fake = gh
    seed(fake, 1000)
    since = fake.tick() + timedelta(seconds=1)
    fake.reset_requests()
    assert connector.list_changed(since) == []
    assert fake.request_count() == 1  # GET repo is never needed: the repo object is lazy
    fake.set_time(since + timedelta(seconds=10))
    fake.set_title("500", "Item 500, edited")
    (changed,) = connector.list_changed(since)
    assert (changed.key, changed.item_id) == ("500", "AI-499") and fake.request_count() == 2
    fake.reset_requests()
    assert len(connector.list_changed(None)) == 1000
    assert fake.request_count() == 10 and count(fake, "GET", r"/issues/\d+") == 0  # 10 pages, no per-item GETs
    assert all(path.startswith("/repositories/") for _, path in fake.requests[1:])  # followed rel="next"


def test_pull_requests_are_ignored_without_fetching_them(gh: tuple[GitHubConnector, FakeGitHub]) -> None:
    connector, fake = gh
    connector.create([draft("AI-1")])
    fake.add_pull_request("Fix", body_for(draft("AI-2", "Looks like an item")), labels=["action-item"])
    fake.reset_requests()
    assert [i.item_id for i in connector.list_changed(None)] == ["AI-1"]
    assert fake.request_count() == 1


# --- assignees, rejections, gone issues -------------------------------------------------------


def carol_connector(fake: FakeGitHub) -> GitHubConnector:
    people = {**PEOPLE, "Carol": Person(github="carol-x")}  # carol-x is no collaborator
    return connect(fake, config=Config(people=people))


def test_unassignable_owner_is_created_unassigned_with_a_warning(
    gh: tuple[GitHubConnector, FakeGitHub], rsps: responses.RequestsMock
) -> None:
    _, fake = gh
    connector = carol_connector(fake)
    (result,) = connector.create([draft(owner="Carol")])
    assert result.issue is not None
    assert result.issue.warnings == ("owner Carol (login carol-x) cannot be assigned on octo/tracker",)
    assert result.issue.fields.owner == "Carol" and not result.issue.assigned
    assert [p.get("assignees") for p in sent(rsps, "POST")] == [["carol-x"], []]
    assert fake.issue("1").assignees == [] and len(fake.issues()) == 1


def test_unassignable_owner_on_update_clears_the_assignee(gh: tuple[GitHubConnector, FakeGitHub]) -> None:
    _, fake = gh
    connector = carol_connector(fake)
    connector.create([draft(owner="Alice")])
    issue = connector.update("1", draft(owner="Carol"), frozenset({"owner"}))
    assert issue.warnings and issue.fields.owner == "Carol" and fake.issue("1").assignees == []


def test_other_422_rejects_that_draft_and_names_the_field(gh: tuple[GitHubConnector, FakeGitHub]) -> None:
    connector, fake = gh
    body = json.dumps(
        {
            "message": "Validation Failed",
            "errors": [{"resource": "Issue", "field": "title", "code": "too_long"}],
            "documentation_url": "x",
        }
    )
    fake.fail_next(422, method="POST", body=body)
    first, second = connector.create([draft("AI-1"), draft("AI-2")])
    assert isinstance(first.error, ItemRejectedError) and "'title'" in str(first.error)
    assert first.error.item_id == "AI-1" and second.issue is not None


@pytest.mark.parametrize("how", ["delete", "unknown"])
def test_gone_issues_raise_remote_gone(gh: tuple[GitHubConnector, FakeGitHub], how: str) -> None:
    connector, fake = gh
    connector.create([draft()])
    key = "1" if how == "delete" else "77"
    if how == "delete":
        fake.delete("1")
    with pytest.raises(RemoteGoneError) as err:
        connector.update(key, draft(owner="Bob"), frozenset({"owner"}))
    assert err.value.item_id == "AI-1" and ("410" if how == "delete" else "404") in str(err.value)
    with pytest.raises(RemoteGoneError):
        connector.fetch(key)
    assert connector.list_changed(None) == [] if how == "delete" else True


# --- auth ---------------------------------------------------------------------------------------


def test_rejected_token_is_an_auth_error_that_never_shows_the_token(
    gh: tuple[GitHubConnector, FakeGitHub],
) -> None:
    _, fake = gh
    connector = connect(fake, token=TOKEN)
    with pytest.raises(AuthError) as err:
        connector.list_changed(None)
    message = str(err.value)
    assert "$GITHUB_TOKEN" in message and "401" in message and "\n" not in message
    results = connector.create([draft("AI-1"), draft("AI-2")])
    assert all(isinstance(r.error, AuthError) for r in results) and count(fake, "POST") == 1
    for text in (message, str(results[0].error), repr(connector), repr(connector.client)):
        assert TOKEN not in text


def test_missing_token_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRACKER_GH", raising=False)
    target = github_target(FakeGitHub(), token_env="TRACKER_GH")
    with pytest.raises(AuthError, match="TRACKER_GH"):
        GitHubConnector("remote", target, Config(), People({}))
    monkeypatch.setenv("TRACKER_GH", TOKEN)
    assert TOKEN not in repr(GitHubConnector("remote", target, Config(), People({})))


def test_forbidden_without_rate_limit_is_an_auth_error(gh: tuple[GitHubConnector, FakeGitHub]) -> None:
    connector, fake = gh
    fake.fail_next(403)
    with pytest.raises(AuthError, match="403"):
        connector.list_changed(None)
    assert fake.request_count() == 1


# --- rate limits and retries --------------------------------------------------------------------


@pytest.mark.parametrize(("status", "retry_after", "waited"), [(403, 7, 7.0), (403, None, 60.0), (429, 2, 2.0)])
def test_secondary_limit_waits_then_succeeds(
    gh: tuple[GitHubConnector, FakeGitHub], status: int, retry_after: int | None, waited: float
) -> None:
    connector, fake = gh
    connector.create([draft()])
    fake.fail_secondary_limit(retry_after, status=status, method="GET")
    assert len(connector.list_changed(None)) == 1
    assert fake.sleeps == [waited] and count(fake, "GET") == 2


def test_primary_limit_waits_until_the_reset(gh: tuple[GitHubConnector, FakeGitHub]) -> None:
    connector, fake = gh
    fake.fail_primary_limit(30)
    assert connector.list_changed(None) == []
    assert len(fake.sleeps) == 1 and 29 <= fake.sleeps[0] <= 32


def test_primary_limit_beyond_max_rate_wait_stops_with_rate_limited(
    gh: tuple[GitHubConnector, FakeGitHub],
) -> None:
    connector, fake = gh
    fake.fail_primary_limit(2 * 3600)
    with pytest.raises(RateLimitedError, match="resume after") as err:
        connector.list_changed(None)
    assert err.value.target == "remote" and fake.sleeps == [] and fake.request_count() == 1


def test_rate_limited_create_is_repeated_once_refused(gh: tuple[GitHubConnector, FakeGitHub]) -> None:
    connector, fake = gh
    fake.fail_secondary_limit(1, method="POST")
    (result,) = connector.create([draft()])
    assert result.issue is not None and count(fake, "POST") == 2 and len(fake.issues()) == 1


@pytest.mark.parametrize("kind", ["status", "timeout", "connect_timeout", "reset", "malformed", "truncated"])
def test_read_faults_are_retried_with_backoff(gh: tuple[GitHubConnector, FakeGitHub], kind: str) -> None:
    connector, fake = gh
    connector.create([draft()])
    status = 500 if kind == "status" else 200  # a 200 with a garbled or cut body for those kinds
    fake.fail_next(status, times=2, method="GET", kind=kind)  # type: ignore[arg-type]
    assert len(connector.list_changed(None)) == 1
    assert count(fake, "GET") == 3 and len(fake.sleeps) == 2 and all(0 < s <= 30 for s in fake.sleeps)


def test_server_errors_outlasting_the_retries_are_remote_unavailable(
    gh: tuple[GitHubConnector, FakeGitHub],
) -> None:
    connector, fake = gh
    fake.fail_next(503, times=99)
    with pytest.raises(RemoteUnavailableError, match="503"):
        connector.fetch("1")
    assert fake.request_count() == 5  # one try + max_retries (4)


@pytest.mark.parametrize("kind", ["status", "timeout", "truncated"])
def test_create_is_never_repeated_after_a_5xx_or_timeout(gh: tuple[GitHubConnector, FakeGitHub], kind: str) -> None:
    connector, fake = gh
    fake.fail_next(502, method="POST", kind=kind)  # type: ignore[arg-type]
    first, second = connector.create([draft("AI-1"), draft("AI-2")])
    assert isinstance(first.error, RemoteUnavailableError) and first.error.item_id == "AI-1"
    assert second.issue is not None and count(fake, "POST") == 2  # one POST each: nothing repeated
    if kind == "truncated":  # it landed: the engine finds it through its marker
        assert connector.find_by_markers(["AI-1"])["AI-1"].key == "1"


def test_an_issue_missing_its_fields_is_remote_unavailable(gh: tuple[GitHubConnector, FakeGitHub]) -> None:
    connector, fake = gh
    fake.fail_next(200, method="GET", body='[{"title": "half an issue"}]')
    with pytest.raises(RemoteUnavailableError, match="unusable issue") as err:
        connector.list_changed(None)
    assert "\n" not in str(err.value)


def test_an_item_id_no_marker_can_carry_is_rejected_alone(gh: tuple[GitHubConnector, FakeGitHub]) -> None:
    connector, fake = gh
    bad, good = connector.create([draft("AI 1 -->"), draft("AI-2")])
    assert isinstance(bad.error, ItemRejectedError) and good.issue is not None and count(fake, "POST") == 1


# --- write pacing -------------------------------------------------------------------------------


def paced(rsps: responses.RequestsMock, **target: Any) -> tuple[GitHubConnector, FakeGitHub, FakeMonotonic]:
    clock = FakeMonotonic()
    fake = FakeGitHub()
    fake.install(rsps)
    fake.limit_writes(clock)  # the fake refuses writes beyond 80/min and 500/h, as GitHub does
    connector = connect(fake, clock=clock, retry=RetryPolicy(sleep=clock.sleep), **target)
    return connector, fake, clock


def create_in_batches(connector: GitHubConnector, n: int) -> list[Any]:
    drafts = [draft(f"AI-{i}", f"Item {i}") for i in range(n)]
    return [r for start in range(0, n, 50) for r in connector.create(drafts[start : start + 50])]


def busiest_minute(times: list[float]) -> int:
    return max(sum(1 for t in times if start <= t < start + 60) for start in times)


def test_300_creates_are_paced_under_the_content_limits(rsps: responses.RequestsMock) -> None:
    connector, fake, clock = paced(rsps)
    results = create_in_batches(connector, 300)
    assert all(r.issue is not None for r in results) and len(fake.issues()) == 300
    assert fake.rate_limit_hits == 0 and busiest_minute(fake.write_times) <= 80
    assert 180 <= clock.now - 1000 <= 240  # three waits of about a minute, no more


def test_without_pacing_the_fake_would_refuse(rsps: responses.RequestsMock) -> None:
    """The control for the test above: the fake's limit is real."""
    connector, fake, _ = paced(rsps, writes_per_minute=10_000)
    create_in_batches(connector, 100)
    assert fake.rate_limit_hits > 0


def test_the_hourly_budget_stops_at_500_with_a_resume_time(rsps: responses.RequestsMock) -> None:
    connector, fake, clock = paced(rsps)
    results = create_in_batches(connector, 600)
    assert sum(r.issue is not None for r in results) == 500 and count(fake, "POST") == 500
    errors = [r.error for r in results[500:]]
    assert all(isinstance(e, RateLimitedError) for e in errors)
    assert re.search(r"resume after \d\d:\d\d UTC", str(errors[0])) and fake.rate_limit_hits == 0
    assert clock.now - 1000 < 3600  # it did not sit out the hour


# --- milestones and doctor ----------------------------------------------------------------------


def test_due_dates_become_milestones_when_asked(rsps: responses.RequestsMock) -> None:
    connector, fake = make_github(rsps, due_as_milestone=True)
    due, other = date(2027, 1, 2), date(2027, 2, 3)
    connector.create([draft("AI-1", due=due), draft("AI-2", due=due), draft("AI-3", due=other)])
    titles = {m.title: m.number for m in fake.repo.milestones.values()}
    assert titles == {"Due 2027-01-02": 1, "Due 2027-02-03": 2}
    assert fake.repo.milestones[1].due_on == "2027-01-02T00:00:00Z"
    assert [fake.issue(k).milestone for k in ("1", "2", "3")] == [1, 1, 2]
    assert count(fake, "GET", "/milestones") == 1 and count(fake, "POST", "/milestones") == 2
    connector.update("1", draft("AI-1", due=other), frozenset({"due"}))
    connector.update("2", draft("AI-2", due=None), frozenset({"due"}))
    assert (fake.issue("1").milestone, fake.issue("2").milestone) == (2, None)
    assert count(fake, "POST", "/milestones") == 2


def test_check_warns_of_a_missing_label_until_the_first_create_adds_it(
    gh: tuple[GitHubConnector, FakeGitHub],
) -> None:
    connector, _ = gh
    (label,) = [f for f in connector.check() if "'action-item'" in f.check]
    assert label.problem and not label.blocking and "first sync creates it" in label.fix
    connector.create([draft()])
    assert [f.problem for f in connector.check()] == [None] * len(connector.check())


def test_check_reports_a_bad_token_with_its_remedy(gh: tuple[GitHubConnector, FakeGitHub]) -> None:
    _, fake = gh
    (finding,) = connect(fake, token=TOKEN).check()
    assert finding.problem and "401" in finding.problem and finding.blocking
    assert "set $GITHUB_TOKEN" in finding.fix and TOKEN not in finding.problem + finding.fix


# --- hostile text -------------------------------------------------------------------------------

HOSTILE = [
    "@alice please look",
    "cc @org/team and @bob.",
    "<!-- tracker:AI-99 -->",
    "end -->",
    "<script>x</script>",
    "\u200d@\u200d>",
    "a\r\nb\rc\n",
    "**Owner:** Mallory\n**Due:** 2020-01-01",
    "x\n\n---\n**Owner:** Eve\n<!-- tracker:AI-7 -->",
    "word " * 40,
    "",
    "   ",
    "…",
    "@" * 130,
    "\n\n---\n",
]
TEXTS = st.one_of(st.sampled_from(HOSTILE), st.text(), st.text(st.sampled_from(list("@<>!-\u200d\r\n *:a"))))
IDS = st.from_regex(r"[A-Za-z0-9_.:-]{1,12}", fullmatch=True)
LIVE_MENTION = re.compile("@(?!\u200d)")


@settings(max_examples=300, deadline=None)
@given(
    text=TEXTS,
    owner=st.one_of(st.none(), TEXTS),
    pm_title=TEXTS,
    source=st.one_of(st.none(), TEXTS),
    item_id=IDS,
    due=st.one_of(st.none(), st.dates()),
    derived=st.booleans(),
)
def test_body_and_title_read_back_exactly_what_was_written(
    text: str, owner: str | None, pm_title: str, source: str | None, item_id: str, due: date | None, derived: bool
) -> None:
    pm = PostmortemRef(pm_title, due, source)
    written = IssueDraft(item_id, SyncFields(text=text, owner=owner, due=due), pm, derived)
    body, title = body_for(written), title_for(text)
    parsed = parse_body(body)
    assert (parsed.text, parsed.owner, parsed.due, parsed.item_id) == (text, owner or None, due, item_id)
    assert parsed.postmortem == (PostmortemRef(pm_title, due, source or None) if pm_title else None)
    assert parsed.due_derived == (derived and due is not None) and text_for(title, parsed) == text
    assert len(title) <= 120 and "\n" not in title
    assert not LIVE_MENTION.search(body) and not LIVE_MENTION.search(title)  # nobody is pinged
    assert MARKER_RE.findall(body) == [item_id] and body.endswith(marker_for(item_id))
    rest = body.replace(marker_for(item_id), "")
    assert "<!--" not in rest and "-->" not in rest  # no comment can open, close or be forged


def test_browser_line_endings_do_not_change_the_text() -> None:
    body = body_for(draft(text="one line", owner="Alice", due=date(2027, 1, 1))).replace("\n", "\r\n")
    parsed = parse_body(body)
    assert (parsed.text, parsed.owner, parsed.due) == ("one line", "Alice", date(2027, 1, 1))


LABEL = st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True)
FIELDS = st.builds(
    SyncFields,
    text=TEXTS,
    owner=st.sampled_from([None, "Alice", "Bob", "Zed", "@carol"]),
    due=st.one_of(st.none(), st.dates()),
    status=st.sampled_from(SYNCED_STATUSES),  # a proposed item never reaches a connector
    priority=st.one_of(st.none(), st.sampled_from(list(Priority))),
    labels=st.lists(LABEL, max_size=3).map(lambda xs: tuple(sorted(set(xs)))),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=FIELDS)
def test_issue_json_maps_back_to_the_projected_fields(
    gh: tuple[GitHubConnector, FakeGitHub], fields: SyncFields
) -> None:
    connector, _ = gh
    people = People(PEOPLE)
    want = connector.project(fields)
    login = people.account(want.owner, "github")
    state, reason = state_for(want.status)
    raw = {
        "number": 7,
        "html_url": "https://github.fake/octo/tracker/issues/7",
        "updated_at": "2027-01-01T00:00:00Z",
        "title": title_for(want.text),
        "body": body_for(IssueDraft("AI-7", want, PM)),
        "state": state,
        "state_reason": reason,
        "labels": [{"name": n} for n in labels_for(want, ["action-item"])],
        "assignees": [{"login": login}] if login else [],
        "assignee": {"login": login} if login else None,
    }
    issue = to_remote_issue(raw, people, ["action-item"])
    assert issue.fields == want and issue.assigned == bool(login) and issue.updated == datetime(2027, 1, 1, tzinfo=UTC)


def test_hostile_text_survives_the_real_round_trip(gh: tuple[GitHubConnector, FakeGitHub]) -> None:
    connector, fake = gh
    drafts = [draft(f"AI-{n}", text) for n, text in enumerate(HOSTILE)]
    assert all(r.issue is not None for r in connector.create(drafts))
    assert {i.item_id: i.fields.text for i in connector.list_changed(None)} == {
        d.item_id: d.fields.text for d in drafts
    }
    assert not any(LIVE_MENTION.search(rec.title + (rec.body or "")) for rec in fake.repo.issues.values())
    assert ZWJ not in fake.issues()[0].title  # what people see has no joiners


# --- over a real socket -------------------------------------------------------------------------


def test_end_to_end_over_http(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    fake = FakeGitHub()
    with serve(fake.handle) as url:
        fake.rebase(url + "/api/v3")
        connector = connect(fake)
        (created,) = connector.create([draft(owner="Alice", due=date(2027, 1, 2))])
        assert created.issue is not None and created.issue.url.startswith(url)
        fake.close("1", "completed")
        fake.fail_next(0, method="GET", kind="reset")  # the server drops the connection once
        (listed,) = connector.list_changed(None)
        assert listed.fields.status == Status.DONE and len(fake.sleeps) == 1
        updated = connector.update("1", draft(owner="Bob", status=Status.DONE), frozenset({"owner"}))
        assert updated.fields.owner == "Bob" and connector.fetch("1") == updated
        assert fake.issues()[0].assignee == "bob"


def test_a_policy_due_date_reads_back_as_derived_until_someone_re_dates_it(
    gh: tuple[GitHubConnector, FakeGitHub],
) -> None:
    connector, fake = gh
    (result,) = connector.create([IssueDraft("AI-1", SyncFields(text="Fix it", due=date(2026, 12, 1)), PM, True)])
    assert result.issue is not None and result.issue.due_derived
    assert connector.fetch(result.issue.key).due_derived
    fake.set_due(result.issue.key, date(2027, 1, 1))  # a person rewrites the Due line
    again = connector.fetch(result.issue.key)
    assert again.fields.due == date(2027, 1, 1) and not again.due_derived


def test_a_twin_line_is_a_link_and_a_url_that_is_no_plain_link_is_left_out() -> None:
    from dataclasses import replace

    from connectors.github.body import twin_line
    from tracker.connector import Twin

    gitlab = Twin("gitlab", "7", "https://gitlab.example.com/acme/x/-/issues/7")
    assert twin_line(gitlab) == "Also tracked in [#7](https://gitlab.example.com/acme/x/-/issues/7) (gitlab)"
    hostile = Twin("@ops <b>", "OPS-1", "javascript:alert(1)")
    line = twin_line(hostile)
    assert "javascript" not in line and "](" not in line and "@ops <b>" not in line  # no link, no mention, no tag
    written = replace(draft(text="Rotate keys", owner="Alice"), twins=(gitlab, hostile))
    parsed = parse_body(body_for(written))
    assert (parsed.text, parsed.owner, parsed.item_id) == ("Rotate keys", "Alice", "AI-1")
