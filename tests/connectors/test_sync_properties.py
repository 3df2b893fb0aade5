"""Random edits on both sides, then sync: both sides agree and a further sync plans nothing."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from tests.connectors.conftest import ACCOUNTS, PEOPLE, _builders
from tests.support import Clock, add_postmortem, new_item
from tracker.config import Config
from tracker.model import Status
from tracker.store import Store
from tracker.sync.engine import SyncOptions, preview, run_sync, to_fields

OWNERS = st.sampled_from(["Alice", "Bob", None])
DUES = st.one_of(st.none(), st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)))
TEXTS = st.sampled_from(["Fix the alert", "Write the runbook", "Add a canary", "Rotate keys"])
STATUSES = st.sampled_from([Status.OPEN, Status.DONE, Status.WONT_DO])
ITEM = st.integers(min_value=0, max_value=3)


class TwoSidedEdits(RuleBasedStateMachine):
    kind = "memory"

    def __init__(self) -> None:
        super().__init__()
        self.dir = tempfile.TemporaryDirectory()
        self.clock = Clock()
        config = Config(people=PEOPLE[self.kind])
        self.connector, self.remote = _builders()[self.kind](self.clock, config)
        self.accounts = {**ACCOUNTS[self.kind], None: None}
        self.store = Store(Path(self.dir.name) / "t.db")
        result = add_postmortem(self.store, [new_item(f"Task {n}", n, owner="Alice") for n in range(4)])
        self.ids = result.ids
        self.options = SyncOptions(
            target="remote",
            policy="newest",
            default_target=True,
            clock=self.clock,
            overlap=timedelta(seconds=60),
        )
        run_sync(self.store, self.connector, self.options)

    def teardown(self) -> None:
        self.store.close()
        self.dir.cleanup()
        closer = getattr(self.remote, "close_env", None)
        if closer:
            closer()

    def _key(self, n: int) -> str:
        key = self.store.get_item(self.ids[n]).links["remote"].key
        assert key is not None
        return key

    @rule(n=ITEM, owner=OWNERS, due=DUES, text=TEXTS, status=STATUSES)
    def edit_here(self, n: int, owner: str | None, due: date | None, text: str, status: Status) -> None:
        self.clock.advance(3)
        self.store.edit_item(self.ids[n], {"owner": owner, "due": due, "text": text, "status": status}, self.clock())

    @rule(n=ITEM, owner=OWNERS, due=DUES, status=STATUSES)
    def edit_there(self, n: int, owner: str | None, due: date | None, status: Status) -> None:
        self.clock.advance(3)
        key = self._key(n)
        if owner is not None or self.kind not in ("github", "gitlab"):  # unassigning keeps the body's owner (README)
            self.remote.assign(key, self.accounts[owner])
        self.remote.set_due(key, due)
        if status == Status.OPEN:
            self.remote.reopen(key)
        else:
            self.remote.close(key, "completed" if status == Status.DONE else "not_planned")

    @rule()
    def sync(self) -> None:
        self.clock.advance(120)
        report = run_sync(self.store, self.connector, self.options)
        assert report.errors == []
        self.clock.advance(120)
        assert preview(self.store, self.connector, self.options) == []
        remote = {v.marker: v for v in self.remote.issues()}
        for item_id in self.ids:
            local = self.connector.project(to_fields(self.store.get_item(item_id)))
            there = remote[item_id]
            assert (self.accounts[local.owner], local.due, local.text) == (there.assignee, there.due, there.title)

    @invariant()
    def one_issue_per_item(self) -> None:
        markers = [v.marker for v in self.remote.issues()]
        assert sorted(markers) == sorted(self.ids)  # type: ignore[type-var]


TwoSidedEdits.TestCase.settings = settings(max_examples=60, stateful_step_count=12, deadline=None)
TestTwoSidedEdits = TwoSidedEdits.TestCase


class GitHubEdits(TwoSidedEdits):
    kind = "github"


class GitLabEdits(TwoSidedEdits):
    kind = "gitlab"


class JiraCloudEdits(TwoSidedEdits):
    kind = "jira-cloud"


class JiraServerEdits(TwoSidedEdits):
    kind = "jira-server"


# the real clients over HTTP fakes: fewer runs
for machine in (GitHubEdits, GitLabEdits, JiraCloudEdits, JiraServerEdits):
    machine.TestCase.settings = settings(max_examples=15, stateful_step_count=8, deadline=None)
TestGitHubEdits = GitHubEdits.TestCase
TestGitLabEdits = GitLabEdits.TestCase
TestJiraCloudEdits = JiraCloudEdits.TestCase
TestJiraServerEdits = JiraServerEdits.TestCase
