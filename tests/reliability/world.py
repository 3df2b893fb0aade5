"""One world for a reliability run: a fake tracker, a store file and a shared clock.

Every `sync()` is a fresh "process": a new Store on the file and a new connector (new HTTP session,
new client start-up), closed afterwards whatever happens, so a crash inside it leaves exactly what a
dead process would: the file and the remote state.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import responses

from tests.connectors.conftest import ACCOUNTS, PEOPLE
from tests.connectors.harness import RemoteView
from tests.fakes.github_fake import FakeGitHub
from tests.fakes.gitlab_fake import FakeGitLab
from tests.fakes.jira_fake import FakeJira
from tests.support import Clock
from tracker.config import Config
from tracker.connector import Connector
from tracker.store import Store
from tracker.sync.apply import SyncReport
from tracker.sync.engine import SyncOptions, run_sync

KINDS = ("github", "gitlab", "jira-cloud", "jira-server")
TARGET = "remote"
Fake = FakeGitHub | FakeGitLab | FakeJira


def new_fake(kind: str, clock: Clock) -> Fake:
    if kind == "github":
        return FakeGitHub(clock=clock)
    if kind == "gitlab":
        return FakeGitLab(clock=clock)
    return FakeJira("cloud" if kind == "jira-cloud" else "server", clock=clock)


@dataclass
class World:
    kind: str
    root: Path
    clock: Clock
    fake: Fake
    url: str | None = None  # a PostgreSQL store (else the SQLite file under root)

    @property
    def db(self) -> Path | str:
        return self.url or self.root / "tracker.db"

    @property
    def config(self) -> Config:
        return Config(people=PEOPLE[self.kind])

    def account(self, person: str | None) -> str | None:
        return ACCOUNTS[self.kind][person] if person else None

    def connector(self) -> Connector:
        """A connector as a new process would build it (no-wait retries, sleeps recorded on the fake)."""
        if isinstance(self.fake, FakeGitHub):
            from tests.connectors.github_env import connect as github

            return github(self.fake, config=self.config, name=TARGET, due_as_milestone=True)
        if isinstance(self.fake, FakeGitLab):
            from tests.connectors.gitlab_env import connect as gitlab

            return gitlab(self.fake, config=self.config, name=TARGET)
        from tests.connectors.jira_env import connect as jira

        return jira(self.fake, config=self.config, name=TARGET)

    def options(self) -> SyncOptions:
        return SyncOptions(
            target=TARGET, policy="newest", overlap=timedelta(seconds=60), default_target=True, clock=self.clock
        )

    @contextmanager
    def store(self) -> Iterator[Store]:
        store = Store(self.db)
        try:
            yield store
        finally:
            store.close()

    def sync(self) -> SyncReport:
        with self.store() as store:
            return run_sync(store, self.connector(), self.options())

    def issues(self) -> list[RemoteView]:
        return self.fake.issues()

    def key_of(self, item_id: str) -> str:
        (key,) = [v.key for v in self.issues() if v.marker == item_id]
        return key


@contextmanager
def world(kind: str, root: Path, clock: Clock | None = None, fake: Fake | None = None) -> Iterator[World]:
    """A world whose fake answers through `responses` (in-process; nothing leaves the process)."""
    clock = clock or Clock()
    fake = fake or new_fake(kind, clock)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake.install(mock)
        yield World(kind, root, clock, fake)


_NUMBERS = re.compile(r"/(?:[A-Z]+-)?\d+(?=/|$)")


def request_kind(method: str, path: str) -> str:
    """A request's kind: its method and path with issue numbers/keys and the query folded away."""
    path = path.split("?", 1)[0]
    path = re.sub(r"^.*/rest/api/(?:2|latest)|^/api/v[34]", "", path)
    path = re.sub(r"^/repos/[^/]+/[^/]+|^/repositories/\d+|^/projects/[^/]+", "", path) or "/"
    return f"{method.upper()} {_NUMBERS.sub('/{n}', path)}"
