"""Crash points: every HTTP request the fake receives and every store commit, before or after.

`Tripwire` numbers the points as they happen. Armed at (n, phase), it raises `Crash` there:

- an HTTP request, "before": the request never reaches the tracker;
  "after": the tracker did the work, the answer is lost with the process;
- a commit, "before": the transaction is rolled back, as SQLite does for a dead writer;
  "after": it is on disk, and the process dies on the next instruction.

`Crash` is a BaseException, so no `except Exception` in the code under test can swallow it.
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from tests.reliability.world import World, request_kind
from tracker.store import db

Phase = Literal["before", "after"]
PHASES: tuple[Phase, ...] = ("before", "after")


class Crash(BaseException):
    """The process dies here."""


@dataclass(frozen=True)
class Point:
    index: int
    kind: Literal["http", "commit"]
    what: str  # the request kind, or the code that commits
    step: str  # the scenario step it happened in


@dataclass
class Tripwire:
    armed: tuple[int, Phase] | None = None
    step: str = ""  # the scenario step running; "" between steps (recovery, checks): no points
    points: list[Point] = field(default_factory=list)
    fired: Point | None = None

    def reach(self, kind: Literal["http", "commit"], what: str) -> int:
        if not self.step:
            return -1
        self.points.append(Point(len(self.points), kind, what, self.step))
        return len(self.points) - 1

    def check(self, index: int, phase: Phase) -> None:
        if self.armed == (index, phase):
            self.armed = None
            self.fired = self.points[index]
            raise Crash(f"crash {phase} {self.points[index]}")


def commit_site() -> str:
    """The tracker code that asked for this commit (the applier step, the engine, an edit...)."""
    frame = sys._getframe(2)
    names: list[str] = []
    while frame is not None and len(names) < 2:
        module, name = frame.f_globals.get("__name__", ""), frame.f_code.co_name
        if module.startswith("tracker.") and module != "tracker.store.db" and name != "transaction":
            if name == "_one":
                name += f"({type(frame.f_locals.get('action')).__name__})"
            names.append(name)
            if not name.startswith("_save_link"):
                break
        frame = frame.f_back  # type: ignore[assignment]
    return "<".join(names) or "scenario (test code)"


@contextlib.contextmanager
def armed(world: World, trip: Tripwire) -> Iterator[Tripwire]:
    """Route the world's fakes (each side's) and every store commit through `trip` while inside."""
    real_handles = [side.fake.handle for side in world.sides]
    real_transaction = db.transaction
    prefix = "+" in world.kind  # several trackers: a point names the one it was on

    def tripped(side: World, real_handle: Any) -> Any:
        def handle(method: str, url: str, headers: Any, body: Any) -> Any:
            what = request_kind(method, urlsplit(url).path)
            index = trip.reach("http", f"{side.target} {what}" if prefix else what)
            trip.check(index, "before")
            answer = real_handle(method, url, headers, body)
            trip.check(index, "after")
            return answer

        return handle

    @contextlib.contextmanager
    def transaction(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
        with real_transaction(conn, path) as inner:
            yield inner
            index = trip.reach("commit", commit_site())
            trip.check(index, "before")
        trip.check(index, "after")

    for side, real_handle in zip(world.sides, real_handles, strict=True):
        side.fake.handle = tripped(side, real_handle)  # type: ignore[method-assign]
    db.transaction = transaction  # type: ignore[assignment]
    try:
        yield trip
    finally:
        db.transaction = real_transaction
        for side, real_handle in zip(world.sides, real_handles, strict=True):
            side.fake.handle = real_handle  # type: ignore[method-assign]
