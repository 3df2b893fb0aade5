"""GitLab behind the fake server, wired the way the tests and the contract suite use it.

- `fake_gitlab` fixture: a `FakeGitLab` installed in a fresh `responses` mock (stopped after the test).
- `client(fake, **kw)`: a real `gitlab.Gitlab` for it (private token, no wait: `time.sleep` is the
  caller's to patch; python-gitlab sleeps through `gitlab.utils.time.sleep`).
- `connect(fake, ...)`: a `GitLabConnector` for a fake already on the wire (retries sleep through
  `fake.sleeps.append`: recorded, never waited).
- `make_gitlab_env(clock, config)`: the contract-suite builder; starts its own mock, which
  `remote.close_env()` stops. The fake shares the test clock, so `updated_at` follows it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from typing import Any

import gitlab
import pytest
import responses

from connectors.gitlab.connector import GitLabConnector
from tests.fakes.gitlab_fake import FakeGitLab
from tracker.config import Config, GitLabTarget, Person
from tracker.people import People
from tracker.retry import RetryPolicy

PEOPLE = {"Alice": Person(gitlab="alice"), "Bob": Person(gitlab="bob")}


def client(fake: FakeGitLab, **kw: Any) -> gitlab.Gitlab:
    options: dict[str, Any] = {"private_token": fake.token, "per_page": None} | kw
    if options["per_page"] is None:
        del options["per_page"]
    return gitlab.Gitlab(fake.origin, **options)


@pytest.fixture
def fake_gitlab() -> Iterator[FakeGitLab]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeGitLab()
        fake.install(mock)
        yield fake


def gitlab_target(fake: FakeGitLab, **overrides: Any) -> GitLabTarget:
    values: dict[str, Any] = {
        "kind": "gitlab",
        "url": fake.origin,
        "project": fake.project.path_with_namespace,
        "labels": ["action-item"],
        "token_env": "GITLAB_TOKEN",
    }
    return GitLabTarget.model_validate(values | overrides)


def connect(
    fake: FakeGitLab,
    *,
    name: str = "remote",
    config: Config | None = None,
    people: Mapping[str, Person] | None = None,
    retry: RetryPolicy | None = None,
    token: str | None = None,
    **target: Any,
) -> GitLabConnector:
    config = config or Config(people=dict(PEOPLE))
    persons = People(people if people is not None else config.people)
    policy = retry or RetryPolicy(max_retries=4, max_rate_wait=config.sync.max_rate_wait, sleep=fake.sleeps.append)
    return GitLabConnector(
        name,
        gitlab_target(fake, **target),
        config,
        persons,
        token=token if token is not None else fake.token,
        retry=policy,
    )


def make_gitlab_env(clock: Callable[[], datetime], config: Config) -> tuple[GitLabConnector, FakeGitLab]:
    mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    mock.start()
    fake = FakeGitLab(clock=clock)
    fake.install(mock)
    fake.on_close(mock.stop)
    fake.on_close(mock.reset)
    return connect(fake, config=config), fake
