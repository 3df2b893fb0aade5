"""SIGKILL a real `tracker sync` process at a sample of its requests and commits; recover; check.

The sample: for each of the scenario's three syncs, one request and one commit, picked by a seeded
random generator from the counts of a clean run, each killed before and after (12 kills per tracker).
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from tests.reliability.crash import PHASES
from tests.reliability.runner import Sweep, play
from tests.reliability.served import Kill, served_world

ITEMS = 8


def sample(kind: str, requests: list[int], commits: list[int]) -> list[Kill]:
    rng = random.Random(f"sigkill-{kind}")
    kills = []
    for call, (n_requests, n_commits) in enumerate(zip(requests, commits, strict=True), 1):
        for what, n in (("http", n_requests), ("commit", n_commits)):
            index = rng.randrange(n)
            kills += [Kill(call, what, index, phase) for phase in PHASES]  # type: ignore[arg-type]
    return kills


def killed_sweep(kind: str, count: int = ITEMS) -> Sweep:
    result = Sweep(kind, count)
    with tempfile.TemporaryDirectory() as tmp, served_world(kind, Path(tmp)) as w:
        clean = play(w, count, w.trip, None)
        assert clean.problems == [], clean.problems
    for kill in sample(kind, w.requests, w.commits):
        with tempfile.TemporaryDirectory() as tmp, served_world(kind, Path(tmp), kill) as k:
            outcome = play(k, count, k.trip, kill.phase)
        result.tried += 1
        fired = k.trip.fired
        result.kinds[f"{kill.kind}: {fired.what if fired else '-'}"] += 1
        if fired is None:
            result.failures.append(f"{kill}: the child was never killed")
        elif outcome.problems:
            result.failures.append(f"{kill} ({fired.what} in {fired.step!r}): " + "; ".join(outcome.problems[:6]))
        else:
            result.survived += 1
    return result
