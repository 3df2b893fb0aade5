"""Random edits on both sides, then sync: both sides agree and a further sync plans nothing; and the
same with every item on two trackers at once (`FanOutEdits`)."""

from __future__ import annotations

import contextlib
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from tests.connectors.conftest import ACCOUNTS, PEOPLE, _builders
from tests.connectors.harness import RemoteHandle
from tests.reliability.checks import one_issue_per_item, problems
from tests.reliability.world import world
from tests.support import Clock, add_postmortem, new_item
from tracker.config import Config
from tracker.model import Status, SyncFields
from tracker.store import Store
from tracker.sync.engine import SyncOptions, preview, run_sync, to_fields

OWNERS = st.sampled_from(["Alice", "Bob", None])
DUES = st.one_of(st.none(), st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)))
TEXTS = st.sampled_from(["Fix the alert", "Write the runbook", "Add a canary", "Rotate keys"])
STATUSES = st.sampled_from([Status.OPEN, Status.DONE, Status.WONT_DO])
ITEM = st.integers(min_value=0, max_value=3)
FEW = st.integers(min_value=0, max_value=1)


def edit_remote(
    remote: RemoteHandle, kind: str, key: str, owner: str | None, account: str | None, due: date | None, status: Status
) -> None:
    """A person's edit of one issue there: assignee, due date and open / closed (and why)."""
    if owner is not None or kind not in ("github", "gitlab"):  # unassigning keeps the body's owner (README)
        remote.assign(key, account)
    remote.set_due(key, due)
    if status == Status.OPEN:
        remote.reopen(key)
    else:
        remote.close(key, "completed" if status == Status.DONE else "not_planned")


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
        edit_remote(self.remote, self.kind, self._key(n), owner, self.accounts[owner], due, status)

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


class FanOutEdits(RuleBasedStateMachine):
    """Every item on two trackers at once (routed by its postmortem's targets), random edits here and
    on either tracker, then a sync of both as `tracker sync` makes it (`sync_with`, in rounds).

    After each sync: no errors, one issue per item on each tracker, every side agrees field by field
    and nothing is left to plan (`tests.reliability.checks.problems`), and each field has the value
    `newest` owes it: the only new value if one side (or several alike) changed it; else, when the
    side edited last (by its own edit time) is one of those that changed it, that side's value."""

    kind = "github+jira-cloud"

    def __init__(self) -> None:
        super().__init__()
        self.stack = contextlib.ExitStack()
        root = Path(self.stack.enter_context(tempfile.TemporaryDirectory()))
        self.world = self.stack.enter_context(world(self.kind, root))
        self.clock = self.world.clock
        with self.world.store() as store:
            items = [new_item(f"Task {n}", n, owner="Alice") for n in range(2)]  # few: edits often meet
            self.ids = add_postmortem(store, items, targets=self.world.routes).ids
        self.agreed: dict[str, dict[str, object]] = {}
        self.sync()

    def teardown(self) -> None:
        self.stack.close()

    @rule(n=FEW, owner=OWNERS, due=DUES, text=TEXTS, status=STATUSES)
    def edit_here(self, n: int, owner: str | None, due: date | None, text: str, status: Status) -> None:
        self.clock.advance(3)
        with self.world.store() as store:
            store.edit_item(self.ids[n], {"owner": owner, "due": due, "text": text, "status": status}, self.clock())

    @rule(side=st.integers(min_value=0, max_value=1), n=FEW, owner=OWNERS, due=DUES, status=STATUSES)
    def edit_there(self, side: int, n: int, owner: str | None, due: date | None, status: Status) -> None:
        self.clock.advance(3)
        there = self.world.sides[side]
        edit_remote(there.fake, there.kind, there.key_of(self.ids[n]), owner, there.account(owner), due, status)

    @rule()
    def sync(self) -> None:
        self.clock.advance(120)
        before = self._sides()
        report = self.world.sync()
        assert report.errors == []
        self.clock.advance(120)
        assert problems(self.world, {}) == []
        here = self._sides()["here"]
        for item_id, (values, _) in here.items():
            for name in FIELDS:
                wanted = self._newest(item_id, name, before)
                assert wanted is None or values[name] in wanted, (item_id, name, values[name], wanted, before)
        self.agreed = {item_id: values for item_id, (values, _) in here.items()}

    def _sides(self) -> dict[str, dict[str, tuple[dict[str, object], datetime]]]:
        """Per side (here, each target): per item, its synced fields and its last edit time there."""
        with self.world.store() as store:
            seen = {"here": {i.id: (_values(to_fields(i)), i.updated) for i in store.items()}}
        for side in self.world.sides:
            issues = side.connector().list_changed(None)
            seen[side.target] = {i.item_id: (_values(i.fields), i.updated) for i in issues if i.item_id}
        return seen

    def _newest(self, item_id: str, name: str, before: dict[str, Seen]) -> set[object] | None:
        """The values `newest` allows for this field after the sync (None: before the first sync)."""
        if item_id not in self.agreed:
            return None
        last = self.agreed[item_id][name]
        sides = {side: seen[item_id] for side, seen in before.items()}
        changed = {side: values[name] for side, (values, _) in sides.items() if values[name] != last}
        latest = max(sides, key=lambda side: sides[side][1])
        if latest in changed:
            return {changed[latest]}
        return set(changed.values()) or {last}

    @invariant()
    def one_issue_per_item_on_each_tracker(self) -> None:
        with self.world.store() as store:
            items = store.items()
        for side in self.world.sides:
            assert one_issue_per_item(side, items) == []


FIELDS = ("owner", "due", "text", "status")
Seen = dict[str, tuple[dict[str, object], datetime]]


def _values(fields: SyncFields) -> dict[str, object]:
    return {name: fields.get(name) for name in FIELDS}


class GitLabJiraFanOut(FanOutEdits):
    kind = "gitlab+jira-server"


FanOutEdits.TestCase.settings = settings(max_examples=10, stateful_step_count=8, deadline=None)
GitLabJiraFanOut.TestCase.settings = settings(max_examples=30, stateful_step_count=10, deadline=None)
TestFanOutEdits = FanOutEdits.TestCase
TestGitLabJiraFanOut = pytest.mark.slow(GitLabJiraFanOut.TestCase)
