"""HTTP requests per sync against the fake GitHub, GitLab and Jira servers, and the planner's speed.

Prints one table, a row per connector, for 1,000 items: requests of the first sync, of the sync
after it (which re-lists the first sync's own writes made within the overlap, once), of a no-change
sync, and of a sync with 10 remote and 10 local changes; then the wall time of planning 100,000 items.
Targets: no-change <= 2 requests; 10+10 changes <= 2 + 10 writes + list pages; planning < 1 s.
Run: python benchmarks/bench_sync.py [--items N] [--only github,gitlab,jira-cloud,jira-server]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.connectors.conftest import PEOPLE
from tests.support import Clock, add_postmortem, new_item
from tracker.config import Config
from tracker.connector import PostmortemRef, RemoteIssue
from tracker.model import LinkState, Status, SyncFields
from tracker.store import Store
from tracker.sync.engine import SyncOptions, run_sync
from tracker.sync.plan import LocalRecord, plan


def github_env(clock: Clock, config: Config) -> tuple[object, object]:
    """The contract-suite GitHub environment, with the hourly write budget lifted: a real
    1,000-item first sync stops at 500 writes and resumes an hour later (tested elsewhere)."""
    import responses

    from tests.connectors.github_env import connect
    from tests.fakes.github_fake import FakeGitHub

    mock = responses.RequestsMock(assert_all_requests_are_fired=False)
    mock.start()
    fake = FakeGitHub(clock=clock, write_step=timedelta(0))
    fake.install(mock)
    fake.on_close(mock.stop)
    return connect(fake, config=config, writes_per_hour=100_000), fake


def gitlab_env(clock: Clock, config: Config) -> tuple[object, object]:
    """The contract-suite GitLab environment, with the fake's request budget (2,000 a minute) lifted."""
    from tests.connectors.gitlab_env import make_gitlab_env

    connector, fake = make_gitlab_env(clock, config)
    fake.limit_requests(1_000_000)
    return connector, fake


def builders() -> dict[str, Callable[[Clock, Config], tuple[object, object]]]:
    from tests.connectors.jira_env import make_jira_env

    return {
        "github": github_env,
        "gitlab": gitlab_env,
        "jira-cloud": lambda c, cfg: make_jira_env(c, cfg, "cloud"),
        "jira-server": lambda c, cfg: make_jira_env(c, cfg, "server"),
    }


@dataclass(frozen=True)
class Row:
    kind: str
    first: int
    first_s: float
    settle: int
    quiet: int
    changed: int


COLUMNS = ("connector", "first sync of {items}", "next sync", "no-change sync", "10 remote + 10 local")


def bench_target(kind: str, items: int) -> Row:
    clock = Clock()
    connector, remote = builders()[kind](clock, Config(people=PEOPLE[kind]))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        owners = ["Alice", "Bob", None]
        ids = add_postmortem(
            store,
            [
                new_item(
                    f"Follow-up task {n}",
                    n,
                    owner=owners[n % 3],
                    due=date(2027, 1, 1) + timedelta(days=n % 90),
                )
                for n in range(items)
            ],
        ).ids
        options = SyncOptions(target="remote", default_target=True, clock=clock, overlap=timedelta(seconds=60))

        def measured() -> tuple[int, float]:
            remote.reset_requests()  # type: ignore[attr-defined]
            start = time.perf_counter()
            report = run_sync(store, connector, options)  # type: ignore[arg-type]
            assert not report.errors, report.errors[:3]
            return remote.request_count(), time.perf_counter() - start  # type: ignore[attr-defined]

        first, first_s = measured()
        clock.advance(600)
        settle, _ = measured()  # re-lists the first sync's own writes made within the overlap, once
        clock.advance(600)
        quiet, _ = measured()
        clock.advance(600)
        for n in range(10):
            item = store.get_item(ids[n])
            key = item.links["remote"].key
            remote.set_due(key, date(2028, 1, 1) + timedelta(days=n))  # type: ignore[attr-defined]
            mine = store.get_item(ids[100 + n])
            store.edit_item(mine.id, {"owner": "Bob" if mine.owner != "Bob" else "Alice"}, clock())
        changed, _ = measured()
        store.close()
    closer = getattr(remote, "close_env", None)
    if closer:
        closer()
    return Row(kind, first, first_s, settle, quiet, changed)


def table(rows: list[Row], items: int) -> str:
    """The requests of each sync, a row per connector (Markdown)."""
    head = [c.format(items=f"{items:,}") for c in COLUMNS]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    for r in rows:
        cells = [r.kind, f"{r.first} ({r.first_s:.1f} s)", str(r.settle), str(r.quiet), str(r.changed)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def bench_planning(items: int) -> None:
    now = datetime(2026, 11, 1, tzinfo=UTC)
    pm = PostmortemRef(title="Outage")
    records, remote = [], []
    for n in range(items):
        base = SyncFields(text=f"Task {n}", owner="Alice", due=date(2027, 1, 1), status=Status.OPEN)
        local = base.with_changes({"due": date(2027, 2, 1)}) if n % 100 == 0 else base
        records.append(LocalRecord(f"AI-{n}", local, now, pm, LinkState.LINKED, f"#{n}", base))
        if n % 50 == 0:
            remote.append(RemoteIssue(f"#{n}", "u", now, base.with_changes({"owner": "Bob"}), f"AI-{n}"))
    start = time.perf_counter()
    actions = plan(records, remote, "newest")
    elapsed = time.perf_counter() - start
    print(
        f"planning {items} linked items ({len(remote)} changed there, {items // 100} here): "
        f"{elapsed * 1000:.0f} ms, {len(actions)} actions (target < 1000 ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--plan-items", type=int, default=100_000)
    parser.add_argument("--only", default="github,gitlab,jira-cloud,jira-server")
    args = parser.parse_args()
    rows = [bench_target(kind, args.items) for kind in args.only.split(",")]
    print(f"HTTP requests per sync ({args.items:,} items):")
    print(table(rows, args.items))
    bench_planning(args.plan_items)


if __name__ == "__main__":
    main()
