"""`ticket_key`: each connector recognises references to its own repository or project, and nothing else."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import responses

from connectors.github.connector import GitHubConnector
from connectors.gitlab.connector import GitLabConnector
from connectors.jira.connector import JiraConnector
from connectors.memory.connector import MemoryConnector
from tracker.config import Config, GitHubTarget, GitLabTarget, JiraTarget, MemoryTarget
from tracker.people import People


@pytest.fixture
def offline() -> Iterator[responses.RequestsMock]:
    """No request may leave: `ticket_key` is pure (any request would fail with ConnectionError)."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock
        assert len(mock.calls) == 0


def github(**target: Any) -> GitHubConnector:
    values: dict[str, Any] = {"kind": "github", "repo": "octo/tracker"} | target
    return GitHubConnector("gh", GitHubTarget.model_validate(values), Config(), People({}), token="ghp_x")


def jira(**target: Any) -> JiraConnector:
    values: dict[str, Any] = {"kind": "jira", "url": "https://acme.atlassian.net", "project": "PROJ"} | target
    return JiraConnector("jira", JiraTarget.model_validate(values), Config(), People({}), token="t", email="e@x")


@pytest.mark.parametrize(
    ("ticket", "key"),
    [
        ("#123", "123"),
        (" #12 ", "12"),
        ("#007", "7"),
        ("octo/tracker#12", "12"),
        ("Octo/Tracker#12", "12"),
        ("https://github.com/octo/tracker/issues/12", "12"),
        ("https://github.com/octo/tracker/issues/12/", "12"),
        ("https://github.com/Octo/Tracker/issues/12#issuecomment-1", "12"),
        ("http://www.github.com/octo/tracker/issues/12?x=1", "12"),
        ("123", None),  # a bare number could be anything's
        ("#0", None),
        ("other/repo#12", None),
        ("octo/tracker-2#12", None),
        ("https://github.com/other/repo/issues/12", None),
        ("https://github.com/octo/tracker/pull/12", None),
        ("https://ghe.acme.com/octo/tracker/issues/12", None),  # another server's repository of that name
        ("https://github.com/octo/tracker/issues/abc", None),
        ("PROJ-7", None),
        ("b/289114", None),
        ("", None),
        ("https://github.com:99999/octo/tracker/issues/1", None),
    ],
)
def test_github_ticket_key(offline: responses.RequestsMock, ticket: str, key: str | None) -> None:
    assert github().ticket_key(ticket) == key


@pytest.mark.parametrize(
    ("base_url", "ticket", "key"),
    [
        ("https://ghe.acme.com/api/v3", "https://ghe.acme.com/octo/tracker/issues/12", "12"),
        ("https://ghe.acme.com/api/v3/", "https://GHE.acme.com/octo/tracker/issues/12", "12"),
        ("https://ghe.acme.com/api/v3", "https://github.com/octo/tracker/issues/12", None),
        ("https://api.acme.ghe.com", "https://acme.ghe.com/octo/tracker/issues/12", "12"),
        ("http://127.0.0.1:8123/api/v3", "http://127.0.0.1:8123/octo/tracker/issues/3", "3"),
        ("http://127.0.0.1:8123/api/v3", "http://127.0.0.1:8124/octo/tracker/issues/3", None),
        ("https://ghe.acme.com/api/v3", "#12", "12"),
    ],
)
def test_github_ticket_key_on_an_enterprise_server(
    offline: responses.RequestsMock, base_url: str, ticket: str, key: str | None
) -> None:
    assert github(base_url=base_url).ticket_key(ticket) == key


@pytest.mark.parametrize(
    ("ticket", "key"),
    [
        ("PROJ-7", "PROJ-7"),
        ("proj-7", "PROJ-7"),
        ("PROJ-007", "PROJ-7"),
        (" PROJ-12 ", "PROJ-12"),
        ("https://acme.atlassian.net/browse/PROJ-7", "PROJ-7"),
        ("https://ACME.atlassian.net/browse/proj-7/", "PROJ-7"),
        ("https://acme.atlassian.net/browse/PROJ-7?focusedCommentId=1", "PROJ-7"),
        ("JIRA-12", None),  # another project
        ("PROJX-7", None),
        ("PROJ-0", None),
        ("PROJ-", None),
        ("https://other.atlassian.net/browse/PROJ-7", None),
        ("https://acme.atlassian.net/browse/JIRA-7", None),
        ("https://acme.atlassian.net/projects/PROJ/issues/PROJ-7", None),
        ("#12", None),
        ("b/289114", None),
        ("https://github.com/octo/tracker/issues/12", None),
    ],
)
def test_jira_ticket_key(offline: responses.RequestsMock, ticket: str, key: str | None) -> None:
    assert jira().ticket_key(ticket) == key


def test_jira_ticket_key_under_a_context_path_and_another_project_key(offline: responses.RequestsMock) -> None:
    connector = jira(url="https://jira.acme.com/jira/", project="ops", deployment="server")
    assert connector.ticket_key("https://jira.acme.com/jira/browse/OPS-3") == "OPS-3"
    assert connector.ticket_key("https://jira.acme.com/browse/OPS-3") is None  # not this server's path
    assert connector.ticket_key("ops-3") == "OPS-3"
    assert connector.ticket_key("PROJ-3") is None


@pytest.mark.parametrize(
    ("ticket", "key"),
    [
        ("#7", "7"),
        ("ops/incidents#7", "7"),
        ("https://gitlab.com/ops/incidents/-/issues/7", "7"),
        ("https://gitlab.com/ops/incidents/-/issues/7#note_1", "7"),
        ("https://GITLAB.com:443/ops/incidents/-/issues/7", "7"),
        ("https://github.com/ops/incidents/issues/7", None),
        ("octo/tracker#7", None),
        ("PROJ-7", None),
        ("#0", None),
    ],
)
def test_gitlab_ticket_key(offline: responses.RequestsMock, ticket: str, key: str | None) -> None:
    target = GitLabTarget(kind="gitlab", project="ops/incidents")
    assert GitLabConnector("gl", target, Config(), People({}), token="glpat-x").ticket_key(ticket) == key


def test_memory_ticket_key() -> None:
    connector = MemoryConnector("demo", MemoryTarget(kind="memory"), Config(), People({}))
    assert connector.ticket_key("MEM-3") == "MEM-3"
    assert connector.ticket_key("memory://demo/MEM-3") == "MEM-3"
    assert connector.ticket_key("memory://other/MEM-3") is None
    assert connector.ticket_key("PROJ-3") is None
