"""Replay the scenario with one crash, recover, check; and sweep every crash point.

After the crash the person does what anyone would: runs the interrupted command again (a sync, or
the edit/extract that died), then `tracker sync`. The checks run right after that one sync, and
again at the end of the scenario, which goes on as planned (a crash must not leave a trap for later
edits either).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.reliability.checks import problems
from tests.reliability.crash import PHASES, Crash, Phase, Point, Tripwire, armed
from tests.reliability.scenario import Key, Scenario
from tests.reliability.world import World, world


@dataclass
class Outcome:
    points: list[Point]
    crashed: Point | None = None
    phase: Phase | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.crashed is None:
            return "no crash"
        p = self.crashed
        return f"#{p.index} {self.phase} {p.kind} {p.what} in {p.step!r}"


def run(kind: str, root: Path, count: int, at: tuple[int, Phase] | None = None) -> Outcome:
    """The scenario in this process, crashed (a BaseException) at point `at` if given."""
    trip = Tripwire(armed=at)
    with world(kind, root) as w, armed(w, trip):
        return play(w, count, trip, at[1] if at else None)


def play(w: World, count: int, trip: Tripwire, phase: Phase | None) -> Outcome:
    """Run the scenario's steps; a step that raises Crash is recovered from, then checked."""
    oracle: dict[Key, object] = {}
    outcome = Outcome(trip.points)
    for step in Scenario(count).steps:
        trip.step = step.name
        try:
            step.run(w)
        except Crash:
            trip.step = ""
            outcome.crashed, outcome.phase = trip.fired, phase
            _recover(w, step.run if step.local else None)
            oracle |= step.expect(count)
            outcome.problems += [f"after recovery: {p}" for p in problems(w, oracle)]
            continue
        trip.step = ""
        oracle |= step.expect(count)
    outcome.problems += [f"at the end: {p}" for p in problems(w, oracle)]
    return outcome


def _recover(w: World, rerun: object) -> None:
    if callable(rerun):
        rerun(w)  # the person runs the command that died again
    report = w.sync()
    assert report is None or not report.errors, report.errors  # None: a child process, exit 0 checked


@dataclass
class Sweep:
    kind: str
    count: int
    tried: int = 0
    survived: int = 0
    failures: list[str] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)

    def line(self) -> str:
        http = sorted(k for k in self.kinds if k.startswith("http"))
        commits = sorted(k for k in self.kinds if k.startswith("commit"))
        return (
            f"{self.kind}: {self.survived}/{self.tried} crash points survived ({self.count} items; "
            f"{len(http)} request kinds, {len(commits)} commit sites)"
        )


def chosen(points: list[Point], every: int, each_kind: bool = False) -> list[Point]:
    """Every `every`-th point; with `each_kind`, also the first of each request kind and commit site."""
    picked = set(range(0, len(points), every))
    if each_kind:
        first: dict[tuple[str, str], int] = {}
        for p in points:
            first.setdefault((p.kind, p.what), p.index)
        picked |= set(first.values())
    return [points[i] for i in sorted(picked)]


def sweep(kind: str, count: int, every: int = 1, *, each_kind: bool = False) -> Sweep:
    """Crash at every `every`-th point (before and after), each in a fresh world (see `chosen`)."""
    result = Sweep(kind, count)
    with tempfile.TemporaryDirectory() as tmp:
        clean = run(kind, Path(tmp), count)
    assert clean.problems == [], clean.problems
    result.kinds.update(f"{p.kind}: {p.what}" for p in clean.points)
    for point in chosen(clean.points, every, each_kind):
        for phase in PHASES:
            with tempfile.TemporaryDirectory() as tmp:
                outcome = run(kind, Path(tmp), count, (point.index, phase))
            result.tried += 1
            if outcome.crashed is None:
                result.failures.append(f"#{point.index} {phase}: the crash point was never reached")
            elif outcome.problems:
                result.failures.append(f"{outcome.label}: " + "; ".join(outcome.problems[:6]))
            else:
                result.survived += 1
    return result
