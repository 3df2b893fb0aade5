"""One world for a reliability run: a fake tracker, a store file and a shared clock.

Every `sync()` is a fresh "process": a new Store on the file and a new connector (new HTTP session,
new client start-up), closed afterwards whatever happens, so a crash inside it leaves exactly what a
dead process would: the file and the remote state.

A kind "github+jira-cloud" is a `Fanout`: one store and clock, one fake per tracker, every item
routed to both (`extract --target github --target jira`), synced as `tracker sync` syncs several
targets (`tracker.services.sync.sync_with`, in rounds). Its `sides` are one-tracker worlds on the
same store, each under its own target name, which the checks go through one by one.
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
#: Two trackers at once (see `Fanout`).
PAIRS = ("github+jira-cloud", "gitlab+jira-server")
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
    target: str = TARGET
    default_target: bool = True  # False: items reach this target only through `routes`

    @property
    def sides(self) -> tuple[World, ...]:
        """The one-tracker worlds this one syncs with (itself)."""
        return (self,)

    @property
    def routes(self) -> tuple[str, ...]:
        """The targets an extract routes its postmortem to (none: the default target)."""
        return ()

    def remote(self, role: int) -> World:
        """The tracker on which a person edits the issues of items of this role."""
        return self

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

            return github(self.fake, config=self.config, name=self.target, due_as_milestone=True)
        if isinstance(self.fake, FakeGitLab):
            from tests.connectors.gitlab_env import connect as gitlab

            return gitlab(self.fake, config=self.config, name=self.target)
        from tests.connectors.jira_env import connect as jira

        return jira(self.fake, config=self.config, name=self.target)

    def options(self) -> SyncOptions:
        return SyncOptions(
            target=self.target,
            policy="newest",
            overlap=timedelta(seconds=60),
            default_target=self.default_target,
            clock=self.clock,
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


@dataclass
class Fanout(World):
    """Every item on two (or more) trackers at once; `kind` is theirs joined by "+"."""

    parts: tuple[World, ...] = ()

    @property
    def sides(self) -> tuple[World, ...]:
        return self.parts

    @property
    def routes(self) -> tuple[str, ...]:
        return tuple(side.target for side in self.parts)

    def remote(self, role: int) -> World:
        return self.parts[role % len(self.parts)]  # edits there are spread over every tracker

    def connector(self) -> Connector:
        raise TypeError("a fan-out world has a connector per side (see `sides`)")

    def sync(self) -> SyncReport:
        """`tracker sync` of every target: one report with the errors of all."""
        from tracker.services.sync import sync_with
        from tracker.services.targets import Target

        with self.store() as store:
            targets = [Target(side.target, side.connector(), side.options()) for side in self.parts]
            reports = sync_with(_Opened(store), targets)  # type: ignore[arg-type]
        return SyncReport(self.target, errors=[e for r in reports for e in r.errors])

    def issues(self) -> list[RemoteView]:
        raise TypeError("a fan-out world has issues per side (see `sides`)")


@dataclass(frozen=True)
class _Opened:
    """The part of a Workspace that `sync_with` uses: the store, open already."""

    store: Store


def _fanout(kind: str, root: Path, clock: Clock) -> Fanout:
    parts = tuple(
        World(part, root, clock, new_fake(part, clock), target=part.split("-")[0], default_target=False)
        for part in kind.split("+")
    )
    return Fanout(kind, root, clock, parts[0].fake, target=kind, parts=parts)


@contextmanager
def world(kind: str, root: Path, clock: Clock | None = None, fake: Fake | None = None) -> Iterator[World]:
    """A world whose fakes answer through `responses` (in-process; nothing leaves the process)."""
    clock = clock or Clock()
    w = _fanout(kind, root, clock) if "+" in kind else World(kind, root, clock, fake or new_fake(kind, clock))
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for side in w.sides:
            side.fake.install(mock)
        yield w


_NUMBERS = re.compile(r"/(?:[A-Z]+-)?\d+(?=/|$)")


def request_kind(method: str, path: str) -> str:
    """A request's kind: its method and path with issue numbers/keys and the query folded away."""
    path = path.split("?", 1)[0]
    path = re.sub(r"^.*/rest/api/(?:2|latest)|^/api/v[34]", "", path)
    path = re.sub(r"^/repos/[^/]+/[^/]+|^/repositories/\d+|^/projects/[^/]+", "", path) or "/"
    return f"{method.upper()} {_NUMBERS.sub('/{n}', path)}"
