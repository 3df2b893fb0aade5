"""Jira (Cloud or Server/DC) behind the fake server, wired the way the tests and the contract suite use it.

- `make_jira(responses_mock, mode)`: a connector talking to a `FakeJira` installed in your mock.
- `make_jira_env(clock, config, mode)`: the contract-suite builder; starts its own mock, which
  `remote.close_env()` stops. The fake shares the test clock, so `updated` follows it.

Retries sleep through `fake.sleeps.append` (recorded, never waited).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import responses

from connectors.jira.connector import JiraConnector
from tests.fakes.jira_fake import FakeJira
from tests.fakes.jira_fake_model import Mode, Workflow
from tracker.config import Config, JiraTarget, Person
from tracker.people import People
from tracker.retry import RetryPolicy

ACCOUNTS: dict[str, dict[str, str]] = {
    "cloud": {"Alice": "acc-alice", "Bob": "acc-bob"},
    "server": {"Alice": "alice", "Bob": "bob"},
}


def people_for(mode: Mode) -> dict[str, Person]:
    return {name: Person(jira=account) for name, account in ACCOUNTS[mode].items()}


def jira_target(fake: FakeJira, **overrides: Any) -> JiraTarget:
    values: dict[str, Any] = {
        "kind": "jira",
        "url": fake.base_url,
        "project": "PROJ",
        "deployment": fake.mode,
        "labels": ["action-item"],
        "token_env": "JIRA_TOKEN",
        "email_env": "JIRA_EMAIL" if fake.mode == "cloud" else None,
    }
    return JiraTarget.model_validate(values | overrides)


def connect(
    fake: FakeJira,
    *,
    name: str = "remote",
    config: Config | None = None,
    people: Mapping[str, Person] | None = None,
    retry: RetryPolicy | None = None,
    **target: Any,
) -> JiraConnector:
    """A connector for `fake` (already on the wire) with a no-wait retry policy."""
    config = config or Config(people=people_for(fake.mode))
    persons = People(people if people is not None else config.people)
    policy = retry or RetryPolicy(max_retries=4, max_rate_wait=config.sync.max_rate_wait, sleep=fake.sleeps.append)
    return JiraConnector(
        name,
        jira_target(fake, **target),
        config,
        persons,
        token=fake.token,
        email=fake.email if fake.mode == "cloud" else None,
        retry=policy,
    )


def make_jira(responses_mock: responses.RequestsMock, mode: Mode, **kw: Any) -> tuple[JiraConnector, FakeJira]:
    fake = FakeJira(mode, clock=kw.pop("clock", None))
    fake.install(responses_mock)
    return connect(fake, **kw), fake


def make_jira_env(
    clock: Callable[[], datetime], config: Config, mode: Mode, workflow: Workflow | None = None
) -> tuple[JiraConnector, FakeJira]:
    mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    mock.start()
    fake = FakeJira(mode, clock=clock)
    if workflow is not None:
        fake.workflow = workflow
    fake.install(mock)
    fake.on_close(mock.stop)
    fake.on_close(mock.reset)
    return connect(fake, config=config), fake
