"""`tracker` in-process against a world's fake: the real CLI path (config file, connector registry,
error handling, exit codes), with the connectors' waits recorded instead of slept.

The only seam: `connectors.registry.load_connector_class` is wrapped so the connector it builds gets
a RetryPolicy whose `sleep` appends to `world.fake.sleeps` (a 60-second rate-limit wait, retried four
times, would otherwise take four minutes per test).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from typer.testing import CliRunner

import connectors.registry as registry
from tests.reliability.world import TARGET, World
from tracker.cli.app import _register, app
from tracker.retry import RetryPolicy

GH_TOKEN_ENV, GL_TOKEN_ENV, JIRA_TOKEN_ENV, JIRA_EMAIL_ENV = (
    "RELIABILITY_GH_TOKEN",
    "RELIABILITY_GL_TOKEN",
    "RELIABILITY_JIRA_TOKEN",
    "RELIABILITY_JIRA_EMAIL",
)


@dataclass(frozen=True)
class Ran:
    code: int
    stdout: str
    stderr: str


def config_text(world: World, conflict: str = "newest") -> str:
    fake, people = world.fake, ""
    for person in ("Alice", "Bob"):
        account = world.account(person)
        people += f'[people.{person}]\n{world.kind.split("-")[0]} = "{account}"\n'
    head = f'[sync]\ndefault_target = "{TARGET}"\nconflict = "{conflict}"\n\n[targets.{TARGET}]\n'
    if world.kind == "github":
        return head + (
            f'kind = "github"\nrepo = "octo/tracker"\nbase_url = "{fake.base_url}"\n'
            f'token_env = "{GH_TOKEN_ENV}"\ndue_as_milestone = true\n\n{people}'
        )
    if world.kind == "gitlab":
        return head + (
            f'kind = "gitlab"\nurl = "{fake.origin}"\nproject = "{fake.project.path_with_namespace}"\n'
            f'token_env = "{GL_TOKEN_ENV}"\nlabels = ["action-item"]\n\n{people}'
        )
    mode = "cloud" if world.kind == "jira-cloud" else "server"
    email = f'email_env = "{JIRA_EMAIL_ENV}"\n' if mode == "cloud" else ""
    return head + (
        f'kind = "jira"\nurl = "{fake.base_url}"\nproject = "PROJ"\ndeployment = "{mode}"\n'
        f'token_env = "{JIRA_TOKEN_ENV}"\n{email}\n{people}'
    )


def secrets(world: World) -> dict[str, str]:
    """The environment a user would set: the tokens the fake accepts."""
    fake: Any = world.fake
    if world.kind in ("github", "gitlab"):
        return {GH_TOKEN_ENV if world.kind == "github" else GL_TOKEN_ENV: fake.token}
    return {JIRA_TOKEN_ENV: fake.token, JIRA_EMAIL_ENV: fake.email}


@contextmanager
def _no_waits(world: World) -> Iterator[None]:
    real = registry.load_connector_class

    def load(kind: str) -> Any:
        cls: Any = real(kind)

        def build(name: str, target: Any, config: Any, people: Any) -> Any:
            sync = config.sync
            retry = RetryPolicy(
                max_retries=sync.max_retries, max_rate_wait=sync.max_rate_wait, sleep=world.fake.sleeps.append
            )
            return cls(name, target, config, people, retry=retry)

        return build

    registry.load_connector_class = load  # type: ignore[assignment]
    try:
        yield
    finally:
        registry.load_connector_class = real


@contextmanager
def _environ(values: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def tracker(world: World, *args: str, env: dict[str, str] | None = None) -> Ran:
    """Run `tracker --db ... --config ... ARGS` in this process; the config is written on first use."""
    _register()
    config = world.root / "config.toml"
    if not config.exists():
        config.write_text(config_text(world), encoding="utf-8")
    argv = ["--db", str(world.db), "--config", str(config), *args]
    with _environ(secrets(world) if env is None else env), _no_waits(world):
        result = CliRunner().invoke(app, argv, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback would have reached the user: fail loudly
    return Ran(result.exit_code, result.stdout, result.stderr)
