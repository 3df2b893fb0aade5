"""The realistic scenario every crash run replays, and the oracle of what must survive it.

1. extract a postmortem of N items (a table with owners, due dates, priorities); the document's
   URL is known (as after an import), so Jira also gets a remote link; one item is set in progress;
2. first sync (creates N issues);
3. in the tracker, a person closes, closes as not planned, reassigns and re-dates issues; here,
   people change owners, due dates, texts and statuses (never the same field of the same item as
   the remote edit, so no conflict policy is involved); second sync; with two trackers, the
   remote edits of roles 0 and 2 are made on the first, those of roles 1 and 3 on the second;
4. the postmortem is edited (a text changes, an item goes, one is added, an owner changes) and
   extracted again; an item closed there is marked won't do here; third sync.

Items play roles by `index % 10`, so any N >= 8 exercises every path. The oracle is the value each
edited (item, field) must have once all is synced: a later step overrides an earlier one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from tests.reliability.world import World
from tracker.config import Config
from tracker.model import Priority, Status
from tracker.services.extract import run_import

PHRASES = [
    "Add a canary stage to the deploy pipeline",
    "Alert on login error rate above two percent",
    "Write the database failover runbook",
    "Rotate the expired TLS certificates",
    "Load test the session cache before peak season",
    "Document the on-call escalation path",
    "Remove unused feature flags from the config repo",
    "Set connection pool limits on the API gateway",
    "Automate schema migration dry runs in CI",
    "Review retry budgets in the payment client",
    "Add synthetic probes for the sign-in page",
    "Cap queue depth in the notification workers",
    "Backfill missing audit log entries",
    "Page the owning team on disk pressure",
    "Split the monolith health check by dependency",
    "Pin base image versions in every Dockerfile",
    "Track deploy frequency on the team dashboard",
    "Move secrets out of environment files",
    "Rehearse a region evacuation every quarter",
    "Shorten DNS TTLs for the edge records",
    "Archive stale dashboards nobody reads",
    "Limit concurrent batch jobs at night",
    "Add an integration test for token refresh",
    "Tune garbage collection on the search nodes",
    "Publish a customer status page template",
]
NEW_ITEM = "Replace the legacy cron host with a managed scheduler"
OWNERS = ("Alice", "Bob", None)
TITLE = "Checkout outage"
Key = tuple[str, str]  # (item id, field)


@dataclass(frozen=True)
class Row:
    text: str
    owner: str | None
    due: date | None
    priority: Priority | None


def rows(count: int) -> list[Row]:
    out = []
    for i in range(count):
        text = PHRASES[i % len(PHRASES)] + (f" (phase {i // len(PHRASES) + 1})" if i >= len(PHRASES) else "")
        owner = {1: "Bob", 2: "Carol", 7: "Alice"}.get(i % 10, OWNERS[i % 3])
        due = date(2026, 12, 1 + i % 28) if i % 3 != 2 else None
        out.append(Row(text, owner, due, Priority.HIGH if i % 4 == 0 else None))
    return out


def document(items: list[Row]) -> str:
    lines = [f"# {TITLE}", "", "Incident date: 2026-10-02", "", "## Action items", ""]
    lines += ["| Action item | Owner | Due | Priority |", "| --- | --- | --- | --- |"]
    for row in items:
        due = row.due.isoformat() if row.due else ""
        lines.append(f"| {row.text} | {row.owner or ''} | {due} | {row.priority or ''} |")
    return "\n".join(lines) + "\n"


def edited_rows(count: int) -> list[Row]:
    """The postmortem after its review: role 4 reworded, role 6 dropped, role 7 reassigned, one added."""
    out = []
    for i, row in enumerate(rows(count)):
        if i % 10 == 6:
            continue
        if i % 10 == 4:
            row = Row(row.text + " before each release", row.owner, row.due, row.priority)
        if i % 10 == 7:
            row = Row(row.text, "Bob", row.due, row.priority)
        out.append(row)
    return [*out, Row(NEW_ITEM, "Alice", date(2027, 2, 14), None)]


def item_id(index: int) -> str:
    return f"AI-{index + 1}"


@dataclass
class Step:
    name: str
    run: Callable[[World], None]
    expect: Callable[[int], dict[Key, object]]  # item count -> the oracle this step adds
    local: bool = True  # a person's command here (re-run after a crash) rather than a sync


class Scenario:
    def __init__(self, count: int) -> None:
        self.count = count
        self.steps = [
            Step("extract", self._extract(rows(count), url=True), self._doc_expect),
            Step("edit before sync", self._edits(self._first_edits()), lambda n: self._first_edits()),
            Step("sync 1", _sync, _nothing, local=False),
            Step("remote edits", self._remote_edits, self._remote_expect),
            Step("local edits", self._edits(self._second_edits()), lambda n: self._second_edits()),
            Step("sync 2", _sync, _nothing, local=False),
            Step("extract again", self._extract(edited_rows(count)), self._reextract_expect),
            Step("edit after review", self._edits(self._third_edits()), lambda n: self._third_edits()),
            Step("sync 3", _sync, _nothing, local=False),
        ]

    def ids(self, role: int) -> list[str]:
        return [item_id(i) for i in range(self.count) if i % 10 == role]

    # -- the edits ----------------------------------------------------------------------------

    def _first_edits(self) -> dict[Key, object]:
        return {(i, "status"): Status.IN_PROGRESS for i in self.ids(4)}

    def _second_edits(self) -> dict[Key, object]:
        edits: dict[Key, object] = {(i, "owner"): "Alice" for i in self.ids(1)}
        edits |= {(i, "due"): date(2027, 3, 3) for i in self.ids(2)}
        edits |= {(i, "text"): rows(self.count)[int(i[3:]) - 1].text + " (revised)" for i in self.ids(3)}
        return edits | {(i, "status"): Status.DONE for i in self.ids(5)}

    def _third_edits(self) -> dict[Key, object]:
        return {(i, "status"): Status.WONT_DO for i in self.ids(0)}

    def _remote_edits(self, world: World) -> None:
        """On the tracker of each role (`world.remote`; with two trackers, roles alternate)."""
        world.clock.advance(600)
        there = world.remote
        for i in self.ids(0):
            there(0).fake.close(there(0).key_of(i), "completed")
        for i in self.ids(1):
            there(1).fake.close(there(1).key_of(i), "not_planned")
        for i in self.ids(2):
            there(2).fake.assign(there(2).key_of(i), there(2).account("Bob"))
        for i in self.ids(3):
            there(3).fake.set_due(there(3).key_of(i), date(2027, 6, 30))
        world.clock.advance(5)

    def _remote_expect(self, count: int) -> dict[Key, object]:
        expect: dict[Key, object] = {(i, "status"): Status.DONE for i in self.ids(0)}
        expect |= {(i, "status"): Status.WONT_DO for i in self.ids(1)}
        expect |= {(i, "owner"): "Bob" for i in self.ids(2)}
        return expect | {(i, "due"): date(2027, 6, 30) for i in self.ids(3)}

    # -- documents ----------------------------------------------------------------------------

    def _extract(self, items: list[Row], *, url: bool = False) -> Callable[[World], None]:
        def run(world: World) -> None:
            path = world.root / "postmortem.md"
            path.write_text(document(items), encoding="utf-8")
            with world.store() as store:
                run_import([path], Config(), store, now=world.clock(), targets=world.routes)
                if url:
                    with store.transaction() as conn:
                        conn.execute("UPDATE postmortems SET url = ?", ("https://wiki.example/pm/checkout",))

        return run

    def _doc_expect(self, count: int) -> dict[Key, object]:
        expect: dict[Key, object] = {}
        for n, row in enumerate(rows(count)):
            expect |= {(item_id(n), "text"): row.text, (item_id(n), "owner"): row.owner}
            expect |= {(item_id(n), "due"): row.due, (item_id(n), "status"): Status.OPEN}
        return expect

    def _reextract_expect(self, count: int) -> dict[Key, object]:
        expect: dict[Key, object] = {
            (i, "text"): f"{rows(count)[int(i[3:]) - 1].text} before each release" for i in self.ids(4)
        }
        expect |= {(i, "status"): Status.REMOVED for i in self.ids(6)}
        expect |= {(i, "owner"): "Bob" for i in self.ids(7)}
        new = item_id(count)
        return expect | {(new, "text"): NEW_ITEM, (new, "owner"): "Alice", (new, "due"): date(2027, 2, 14)}

    def _edits(self, edits: dict[Key, object]) -> Callable[[World], None]:
        def run(world: World) -> None:
            with world.store() as store:
                for (item, name), value in edits.items():
                    store.edit_item(item, {name: value}, world.clock())

        return run


def _sync(world: World) -> None:
    report = world.sync()
    assert report is None or not report.errors, report.errors  # None: a child process, exit 0 checked


def _nothing(count: int) -> dict[Key, object]:
    return {}


def write_doc(path: Path, count: int) -> None:
    path.write_text(document(rows(count)), encoding="utf-8")
