"""The contract environments: one fixture, every connector behind the same protocol."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest

from tests.connectors.gitlab_env import fake_gitlab  # noqa: F401  (the fixture of the GitLab fake's tests)
from tests.connectors.harness import RemoteHandle
from tests.support import Clock, open_store
from tracker.config import Config, Person
from tracker.connector import Connector
from tracker.store import Store
from tracker.sync.apply import SyncReport
from tracker.sync.engine import SyncOptions, preview, run_sync
from tracker.sync.plan import Policy

PEOPLE = {
    "memory": {"Alice": Person(), "Bob": Person()},
    "github": {"Alice": Person(github="alice"), "Bob": Person(github="bob")},
    "gitlab": {"Alice": Person(gitlab="alice"), "Bob": Person(gitlab="bob")},
    "jira-cloud": {"Alice": Person(jira="acc-alice"), "Bob": Person(jira="acc-bob")},
    "jira-server": {"Alice": Person(jira="alice"), "Bob": Person(jira="bob")},
}
PEOPLE["jira-three-step"] = PEOPLE["jira-cloud"]  # Jira Cloud with To Do -> In Progress -> Done only
PEOPLE["jira-review"] = PEOPLE["jira-server"]  # Jira DC with a review step before Done
ACCOUNTS = {
    "memory": {"Alice": "Alice", "Bob": "Bob"},
    "github": {"Alice": "alice", "Bob": "bob"},
    "gitlab": {"Alice": "alice", "Bob": "bob"},
    "jira-cloud": {"Alice": "acc-alice", "Bob": "acc-bob"},
    "jira-server": {"Alice": "alice", "Bob": "bob"},
}
ACCOUNTS["jira-three-step"] = ACCOUNTS["jira-cloud"]
ACCOUNTS["jira-review"] = ACCOUNTS["jira-server"]
KINDS = ["memory", "github", "gitlab", "jira-cloud", "jira-server", "jira-three-step", "jira-review"]


@dataclass
class Env:
    kind: str
    connector: Connector
    remote: RemoteHandle
    store: Store
    clock: Clock
    policy: Policy = "newest"
    extra: dict[str, object] = field(default_factory=dict)

    def account(self, person: str) -> str:
        return ACCOUNTS[self.kind][person]

    def options(self) -> SyncOptions:
        return SyncOptions(
            target="remote",
            policy=self.policy,
            overlap=timedelta(seconds=60),
            default_target=True,
            clock=self.clock,
        )

    def sync(self) -> SyncReport:
        return run_sync(self.store, self.connector, self.options())

    def plan(self) -> list[object]:
        return list(preview(self.store, self.connector, self.options()))

    def later(self, seconds: float = 600) -> None:
        """Time passes between syncs (longer than the listing overlap)."""
        self.clock.advance(seconds)


def _builders() -> dict[str, Callable[[Clock, Config], tuple[Connector, RemoteHandle]]]:
    from tests.connectors.memory_env import make_memory

    builders: dict[str, Callable[[Clock, Config], tuple[Connector, RemoteHandle]]] = {"memory": make_memory}  # type: ignore[dict-item]
    try:
        from tests.connectors.github_env import make_github_env

        builders["github"] = make_github_env
    except ImportError:
        pass
    try:
        from tests.connectors.gitlab_env import make_gitlab_env

        builders["gitlab"] = make_gitlab_env
    except ImportError:
        pass
    try:
        from tests.connectors.jira_env import make_jira_env
        from tests.fakes import jira_fake_workflows as workflows

        builders["jira-cloud"] = lambda c, cfg: make_jira_env(c, cfg, "cloud")
        builders["jira-server"] = lambda c, cfg: make_jira_env(c, cfg, "server")
        builders["jira-three-step"] = lambda c, cfg: make_jira_env(c, cfg, "cloud", workflows.three_step())
        builders["jira-review"] = lambda c, cfg: make_jira_env(c, cfg, "server", workflows.review())
    except ImportError:
        pass
    return builders


@pytest.fixture(params=KINDS)
def env(request: pytest.FixtureRequest, tmp_path: Path, store_location: Path | str) -> Iterator[Env]:
    builders = _builders()
    if request.param not in builders:
        pytest.skip(f"no {request.param} environment")
    clock = Clock()
    config = Config(people=PEOPLE[request.param])
    connector, remote = builders[request.param](clock, config)
    store = open_store(store_location)
    yield Env(request.param, connector, remote, store, clock)
    store.close()
    closer = getattr(remote, "close_env", None)
    if closer:
        closer()
