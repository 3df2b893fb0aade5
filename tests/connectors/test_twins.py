"""One record on GitHub and Jira at once, through both real client libraries against the fakes:
each issue names its twin, and an edit made on any side (here, GitHub, Jira) reaches every
other side in one `sync_with`, after which a sync has nothing left to write."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import responses

from connectors.github.connector import GitHubConnector
from connectors.jira.connector import JiraConnector
from tests.connectors.github_env import make_github
from tests.connectors.jira_env import make_jira
from tests.fakes.github_fake import FakeGitHub
from tests.fakes.jira_fake import FakeJira
from tests.support import Clock, add_postmortem, new_item
from tracker.config import Config, Person
from tracker.model import Status
from tracker.services.sync import sync_with
from tracker.services.targets import Target
from tracker.store import Store
from tracker.sync.apply import SyncReport
from tracker.sync.engine import SyncOptions, preview

PEOPLE = {
    "Alice": Person(github="alice", jira="acc-alice"),
    "Bob": Person(github="bob", jira="acc-bob"),
}


@dataclass
class World:
    store: Store
    clock: Clock
    github: GitHubConnector
    jira: JiraConnector
    gh: FakeGitHub
    jr: FakeJira

    @property
    def targets(self) -> list[Target]:
        return [Target(c.target, c, SyncOptions(target=c.target, clock=self.clock)) for c in (self.github, self.jira)]

    def sync(self) -> list[SyncReport]:
        reports = sync_with(self, self.targets)  # type: ignore[arg-type]  # a workspace needs only .store here
        assert not any(r.errors for r in reports), [r.errors for r in reports]
        return reports

    def planned(self) -> dict[str, list[object]]:
        return {t.name: list(preview(self.store, t.connector, t.options)) for t in self.targets}

    def keys(self, item_id: str) -> tuple[str, str]:
        links = self.store.get_item(item_id).links
        return str(links["github"].key), str(links["jira"].key)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    clock = Clock()
    config = Config(people=PEOPLE)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        github, gh = make_github(mock, fake_clock=clock, name="github", config=config)
        jira, jr = make_jira(mock, "cloud", clock=clock, name="jira", config=config)
        store = Store(tmp_path / "t.db")
        items = [new_item("Add canary deploys", 0, owner="Alice"), new_item("Page on burn rate", 1)]
        add_postmortem(store, items, targets=["github", "jira"])
        yield World(store, clock, github, jira, gh, jr)
        store.close()


def github_body(world: World, key: str) -> str:
    return world.gh.repo.issues[int(key)].body or ""


def jira_links(world: World, key: str) -> dict[str, str]:
    issue = next(i for i in world.jr.records.values() if i.key == key)
    return {str(link.get("globalId")): link["object"]["url"] for link in issue.links if link.get("globalId")}


def test_each_issue_names_its_twin_after_the_first_sync(world: World) -> None:
    world.sync()
    for item_id in ("AI-1", "AI-2"):
        gh_key, jira_key = world.keys(item_id)
        item = world.store.get_item(item_id)
        jira_url, gh_url = item.links["jira"].url, item.links["github"].url
        assert f"Also tracked in [{jira_key}]({jira_url}) (jira)" in github_body(world, gh_key)
        assert jira_links(world, jira_key) == {f"tracker-twin:github:{gh_key}": gh_url}
    assert world.planned() == {"github": [], "jira": []}


def test_a_second_sync_writes_nothing(world: World) -> None:
    world.sync()
    world.gh.requests.clear()
    world.jr.reset_requests()
    reports = world.sync()
    assert [r.writes for r in reports] == [0, 0]
    assert [method for method, _ in world.gh.requests if method != "GET"] == []
    assert [r.method for r in world.jr.log if r.method != "GET" and not r.path.endswith("/search/jql")] == []


def test_edits_on_every_side_converge_on_both_trackers(world: World) -> None:
    world.sync()
    gh1, jira1 = world.keys("AI-1")
    gh2, jira2 = world.keys("AI-2")
    world.clock.advance(60)
    world.gh.close(gh1)  # done on GitHub
    world.jr.set_due(jira2, date(2027, 3, 1))  # re-dated in Jira
    world.store.edit_item("AI-2", {"owner": "Bob"}, world.clock())  # reassigned here
    world.clock.advance(60)
    world.sync()
    first, second = world.store.get_item("AI-1"), world.store.get_item("AI-2")
    assert first.status == Status.DONE
    assert second.due == date(2027, 3, 1) and second.owner == "Bob"
    views = {v.key: v for v in world.gh.issues()} | {v.key: v for v in world.jr.issues()}
    assert views[gh1].closed and views[jira1].closed  # done reached Jira through GitHub
    assert views[gh2].due == views[jira2].due == date(2027, 3, 1)  # the Jira date reached GitHub
    assert views[gh2].assignee == "bob" and views[jira2].assignee == "acc-bob"
    assert world.planned() == {"github": [], "jira": []}
    assert "Also tracked in" in github_body(world, gh2)  # the twin line survives the body's rewrite


def test_a_twin_that_broke_is_no_longer_named(world: World) -> None:
    world.sync()
    gh1, jira1 = world.keys("AI-1")
    world.clock.advance(60)
    world.gh.delete(gh1)
    world.store.edit_item("AI-1", {"owner": "Bob"}, world.clock())  # the next push finds it gone
    reports = sync_with(world, world.targets)  # type: ignore[arg-type]
    assert any("AI-1" in r.broken for r in reports)
    world.sync()
    assert jira_links(world, jira1) == {}  # the broken GitHub twin is unlinked in Jira
    assert world.planned() == {"github": [], "jira": []}
