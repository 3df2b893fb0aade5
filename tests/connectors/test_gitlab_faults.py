"""Faults on every GitLab call a sync makes: the sync fails cleanly (a typed error, or errors in its
report), and once GitLab answers again the next syncs converge with one issue per item.

Beside `tests/reliability`'s fault matrix (which runs GitLab through the CLI too), the faults only
GitLab's fake makes (400, 409, an answer lost after the write), straight through the engine.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.connectors.gitlab_env import make_gitlab_env
from tests.fakes.gitlab_fake import FakeGitLab, FaultKind
from tests.support import Clock, add_postmortem, new_item, open_store
from tracker.config import Config, Person
from tracker.connector import Connector
from tracker.errors import RemoteError
from tracker.model import LinkState, Status
from tracker.store import Store
from tracker.sync.engine import SyncOptions, preview, run_sync

CALLS = [("GET", "/issues?"), ("POST", "/issues"), ("PUT", "/issues/"), ("GET", "/users")]
FAULTS: list[tuple[int, FaultKind]] = [
    (500, "status"),
    (502, "status"),
    (400, "status"),
    (409, "status"),
    (422, "status"),
    (429, "status"),
    (0, "timeout"),
    (0, "lost_answer"),
    (0, "reset"),
    (200, "truncated"),
    (200, "malformed"),
    (401, "status"),
    (403, "status"),
]


class World:
    def __init__(self, tmp: Path) -> None:
        self.clock = Clock()
        config = Config(people={"Alice": Person(gitlab="alice"), "Bob": Person(gitlab="bob")})
        connector, fake = make_gitlab_env(self.clock, config)
        self.connector: Connector = connector
        self.fake: FakeGitLab = fake
        self.store: Store = open_store(tmp)
        self.options = SyncOptions(
            target="remote", policy="newest", overlap=timedelta(seconds=60), default_target=True, clock=self.clock
        )
        items = [
            new_item("Add pre-deployment checks", 0, owner="Alice", due=date(2026, 12, 1)),
            new_item("Alert on login errors", 1, owner="Bob"),
            new_item("Write the runbook", 2),
        ]
        self.ids = add_postmortem(self.store, items).ids

    def sync(self) -> list[str]:
        """One sync; its errors as text (a run stopped by a typed error is one error)."""
        self.clock.advance(300)
        try:
            report = run_sync(self.store, self.connector, self.options)
        except RemoteError as exc:
            return [str(exc)]
        return [str(e) for e in report.errors]

    def settle(self) -> None:
        """GitLab answers again: two syncs, then both sides agree and nothing is planned."""
        self.fake._faults.clear()
        self.sync()
        assert self.sync() == []
        self.clock.advance(300)
        assert list(preview(self.store, self.connector, self.options)) == []
        markers = sorted(v.marker or "" for v in self.fake.issues())
        assert markers == sorted(self.ids)  # one issue per item, never a duplicate
        for item_id in self.ids:
            assert self.store.get_item(item_id).links["remote"].state == LinkState.LINKED


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = World(tmp_path)
    yield w
    w.store.close()
    w.fake.close_env()


def _fail(fake: FakeGitLab, call: tuple[str, str], status: int, kind: FaultKind, times: int) -> None:
    method, path = call
    headers = {"Retry-After": "1"} if status == 429 else None
    fake.fail_next(status, times=times, method=method, path_contains=path, headers=headers, kind=kind)


@pytest.mark.parametrize("times", [1, 100], ids=["once", "always"])
@pytest.mark.parametrize(("status", "kind"), FAULTS, ids=[f"{s}-{k}" for s, k in FAULTS])
@pytest.mark.parametrize("call", CALLS, ids=[f"{m} {p}" for m, p in CALLS])
def test_a_fault_in_the_first_sync(
    world: World, call: tuple[str, str], status: int, kind: FaultKind, times: int
) -> None:
    _fail(world.fake, call, status, kind, times)
    errors = world.sync()
    assert all("glpat" not in e for e in errors)
    if times > 1 and call != ("PUT", "/issues/"):  # a fault that lasts is said (a first sync makes no PUT)
        assert errors != []
    world.settle()


@pytest.mark.parametrize("times", [1, 100], ids=["once", "always"])
@pytest.mark.parametrize(("status", "kind"), FAULTS, ids=[f"{s}-{k}" for s, k in FAULTS])
@pytest.mark.parametrize("call", CALLS, ids=[f"{m} {p}" for m, p in CALLS])
def test_a_fault_in_a_later_sync(world: World, call: tuple[str, str], status: int, kind: FaultKind, times: int) -> None:
    assert world.sync() == []
    world.store.edit_item(world.ids[0], {"owner": "Bob", "status": Status.DONE}, world.clock())
    world.store.edit_item(world.ids[1], {"owner": "Alice", "due": date(2027, 1, 1)}, world.clock())
    world.fake.assign(world.connector.fetch("3").key, "alice")
    _fail(world.fake, call, status, kind, times)
    errors = world.sync()
    assert all("glpat" not in e for e in errors)
    if times > 1 and call in (("GET", "/issues?"), ("PUT", "/issues/")):  # the calls a later sync makes
        assert errors != []
    world.settle()
    assert world.store.get_item(world.ids[0]).status == Status.DONE
    assert world.store.get_item(world.ids[2]).owner == "Alice"
