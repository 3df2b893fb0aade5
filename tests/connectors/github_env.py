"""GitHub behind the fake server, wired the way the tests and the contract suite use it.

- `make_github(responses_mock, **kw)`: a connector talking to a `FakeGitHub` installed in your mock.
- `make_github_env(clock, config)`: the contract-suite builder; starts its own mock, which
  `remote.close_env()` stops. The fake shares the test clock, so `updated_at` follows it.
- `connect(fake, ...)`: a connector for a fake that is already on the wire (mock or socket).

Retries sleep through `fake.sleeps.append` (recorded, never waited).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import responses

from connectors.github.connector import GitHubConnector
from tests.fakes.github_fake import FakeGitHub
from tracker.config import Config, GitHubTarget, Person
from tracker.people import People
from tracker.retry import RetryPolicy

PEOPLE = {"Alice": Person(github="alice"), "Bob": Person(github="bob")}


def github_target(fake: FakeGitHub, **overrides: Any) -> GitHubTarget:
    values: dict[str, Any] = {
        "kind": "github",
        "repo": fake.repo.full_name,
        "base_url": fake.base_url,
        "labels": ["action-item"],
        "token_env": "GITHUB_TOKEN",
    }
    return GitHubTarget.model_validate(values | overrides)


def connect(
    fake: FakeGitHub,
    *,
    name: str = "remote",
    config: Config | None = None,
    people: Mapping[str, Person] | None = None,
    retry: RetryPolicy | None = None,
    clock: Callable[[], float] | None = None,
    token: str | None = None,
    **target: Any,
) -> GitHubConnector:
    """A connector for `fake` with a no-wait retry policy (sleeps land in `fake.sleeps`)."""
    config = config or Config(people=dict(PEOPLE))
    persons = People(people if people is not None else config.people)
    policy = retry or RetryPolicy(max_retries=4, max_rate_wait=config.sync.max_rate_wait, sleep=fake.sleeps.append)
    extra: dict[str, Any] = {"clock": clock} if clock is not None else {}
    return GitHubConnector(
        name,
        github_target(fake, **target),
        config,
        persons,
        token=token if token is not None else fake.token,
        retry=policy,
        **extra,
    )


def make_github(
    responses_mock: responses.RequestsMock,
    *,
    fake_clock: Callable[[], datetime] | None = None,
    **kw: Any,
) -> tuple[GitHubConnector, FakeGitHub]:
    """A fake installed in `responses_mock` and a connector for it; `kw` goes to `connect`."""
    fake = FakeGitHub(clock=fake_clock)
    fake.install(responses_mock)
    return connect(fake, **kw), fake


def make_github_env(clock: Callable[[], datetime], config: Config) -> tuple[GitHubConnector, FakeGitHub]:
    mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    mock.start()
    fake = FakeGitHub(clock=clock)
    fake.install(mock)
    fake.on_close(mock.stop)
    fake.on_close(mock.reset)
    return connect(fake, config=config), fake
