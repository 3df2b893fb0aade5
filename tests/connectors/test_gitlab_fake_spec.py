"""The fake GitLab behaves as GitLab's REST API v4 does, as the real `python-gitlab` client sees it.

(The connector of issue 18 will be tested against this fake; these tests pin the fake itself.)
"""

from __future__ import annotations

from datetime import UTC, datetime
from unittest import mock

import gitlab
import pytest
from gitlab import exceptions

from tests.connectors.gitlab_env import client
from tests.fakes.gitlab_fake import FakeGitLab


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_a_bad_token_and_an_unknown_project_raise_the_clients_errors(fake_gitlab: FakeGitLab) -> None:
    bad = gitlab.Gitlab(fake_gitlab.origin, private_token="wrong")
    with pytest.raises(exceptions.GitlabAuthenticationError):
        bad.auth()
    with pytest.raises(exceptions.GitlabGetError) as caught:
        client(fake_gitlab).projects.get("acme/nothing-here")
    assert caught.value.response_code == 404


def test_an_issue_round_trips_through_create_edit_close(fake_gitlab: FakeGitLab) -> None:
    gl = client(fake_gitlab)
    gl.auth()
    assert gl.user is not None and gl.user.username == fake_gitlab.me.username
    project = gl.projects.get("acme/incidents")
    someone = next(u for u in fake_gitlab.users.values() if u.username != fake_gitlab.me.username)
    issue = project.issues.create(
        {"title": "Add canary deploys", "description": "body", "labels": "postmortem,priority::high",
         "due_date": "2026-12-01", "assignee_ids": [someone.id]}
    )  # fmt: skip
    created = _moment(issue.updated_at)
    assert issue.state == "opened" and issue.due_date == "2026-12-01"
    assert sorted(issue.labels) == ["postmortem", "priority::high"]
    assert [a["username"] for a in issue.assignees] == [someone.username]

    again = project.issues.get(issue.iid)
    again.labels = ["postmortem", "priority::low"]
    again.state_event = "close"
    again.save()
    fresh = project.issues.get(issue.iid)
    assert fresh.state == "closed" and fresh.closed_at is not None
    assert sorted(fresh.labels) == ["postmortem", "priority::low"]
    assert _moment(fresh.updated_at) > created


def test_one_label_per_scope_is_kept_on_an_issue(fake_gitlab: FakeGitLab) -> None:
    project = client(fake_gitlab).projects.get("acme/incidents")
    issue = project.issues.create({"title": "t", "labels": "priority::high"})
    issue.add_labels = "priority::low"  # (the API's add_labels; python-gitlab sends what is set)
    issue.save()
    assert project.issues.get(issue.iid).labels == ["priority::low"]


def test_listing_walks_every_page_and_filters_by_update_time(fake_gitlab: FakeGitLab) -> None:
    project = client(fake_gitlab, per_page=20).projects.get("acme/incidents")
    made = [project.issues.create({"title": f"item {n}"}) for n in range(45)]
    before = fake_gitlab.count("GET", "/issues")
    found = list(project.issues.list(iterator=True))
    assert sorted(i.iid for i in found) == sorted(i.iid for i in made)
    assert fake_gitlab.count("GET", "/issues") - before == 3  # 20 + 20 + 5
    since = made[39].updated_at
    later = project.issues.list(updated_after=since, get_all=True)
    assert sorted(i.iid for i in later) == sorted(i.iid for i in made[39:])


def test_a_rate_limited_answer_is_waited_out_and_retried(fake_gitlab: FakeGitLab) -> None:
    project = client(fake_gitlab).projects.get("acme/incidents")
    fake_gitlab.fail_rate_limit(retry_after=7, path_contains="/issues")
    with mock.patch("gitlab.utils.time.sleep") as slept:
        assert project.issues.list(get_all=True) == []
    assert [c.args[0] for c in slept.call_args_list] == [7]
    fake_gitlab.fail_rate_limit(retry_after=7, path_contains="/issues")
    with pytest.raises(exceptions.GitlabListError) as caught:
        project.issues.list(get_all=True, obey_rate_limit=False)
    assert caught.value.response_code == 429


def test_a_server_error_is_retried_only_when_asked(fake_gitlab: FakeGitLab) -> None:
    fake_gitlab.fail_next(503, path_contains="/issues")
    with pytest.raises(exceptions.GitlabListError):
        client(fake_gitlab).projects.get("acme/incidents").issues.list(get_all=True)
    fake_gitlab.fail_next(503, path_contains="/issues")
    with mock.patch("gitlab.utils.time.sleep"):
        issues = client(fake_gitlab, retry_transient_errors=True).projects.get("acme/incidents").issues
        assert issues.list(get_all=True) == []


def test_users_are_found_by_username(fake_gitlab: FakeGitLab) -> None:
    gl = client(fake_gitlab)
    someone = next(iter(fake_gitlab.users.values()))
    assert [u.id for u in gl.users.list(username=someone.username)] == [someone.id]
    assert gl.users.list(username="nobody-at-all") == []


def test_a_person_side_edit_moves_the_update_time(fake_gitlab: FakeGitLab) -> None:
    project = client(fake_gitlab).projects.get("acme/incidents")
    issue = project.issues.create({"title": "t"})
    fake_gitlab.touch(issue.iid, title="edited in the web UI")
    fresh = project.issues.get(issue.iid)
    assert fresh.title == "edited in the web UI"
    assert _moment(fresh.updated_at) > _moment(issue.updated_at)
    assert _moment(fresh.updated_at).tzinfo == UTC
