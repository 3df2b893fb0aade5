"""Crash the scenario at every HTTP request and every store commit, before and after; recover; check.

The per-point sweep runs the scenario with 8 items (every role of `scenario.py` once: every request
kind and every commit site the scenario reaches, each crash point of them). The 50-item scenario
runs clean, and crashed at a sample of its points; its full sweep (about 2,000 points) is slow.
With every item on two trackers at once (`world.PAIRS`, synced in rounds as `tracker sync` does),
1 point in 12 and the first of each request kind and commit site are crashed at; every point is slow.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from tests.reliability import figures
from tests.reliability.runner import Sweep, run, sweep
from tests.reliability.world import KINDS, PAIRS

SWEEP_ITEMS = 8
FULL_ITEMS = 50
SAMPLE_EVERY = 41  # 50 items: 8 or 9 points (x2 phases) per tracker
PAIR_SAMPLE_EVERY = 12  # two trackers, 8 items: 1 point in 12, and the first of each request kind and commit site


def _report(result: Sweep, what: str, *, detail: bool = False) -> None:
    figures.record(f"crash {what} {result.line()}")
    for kind in sorted(result.kinds) if detail else ():
        figures.record(f"    {result.kinds[kind]:4d} x {kind}")
    assert result.failures == [], "\n".join(result.failures)
    assert result.survived == result.tried > 0


@pytest.mark.parametrize("kind", KINDS)
def test_every_crash_point_of_the_small_scenario_is_survived(kind: str) -> None:
    _report(sweep(kind, SWEEP_ITEMS), "in-process, every point:", detail=True)


@pytest.mark.parametrize("kind", KINDS)
def test_the_50_item_scenario_survives_a_sample_of_crash_points(kind: str) -> None:
    _report(sweep(kind, FULL_ITEMS, every=SAMPLE_EVERY), f"in-process, 1 point in {SAMPLE_EVERY}:")


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_every_crash_point_of_the_50_item_scenario_is_survived(kind: str) -> None:
    _report(sweep(kind, FULL_ITEMS), "in-process, every point:")


@pytest.mark.parametrize("kind", KINDS)
def test_the_first_sync_creates_50_issues_and_the_scenario_ends_in_agreement(kind: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        outcome = run(kind, Path(tmp), FULL_ITEMS)
    creates = [p for p in outcome.points if p.step == "sync 1" and p.what in ("POST /issues", "POST /issue/bulk")]
    assert len(creates) == (1 if kind.startswith("jira") else FULL_ITEMS)  # Jira creates in bulk
    assert outcome.problems == []


@pytest.mark.parametrize("kind", PAIRS[:1])
def test_one_record_on_two_trackers_survives_a_crash_at_each_request_kind_and_commit_site(kind: str) -> None:
    _report(sweep(kind, SWEEP_ITEMS, PAIR_SAMPLE_EVERY, each_kind=True), "two trackers, a sample:", detail=True)


@pytest.mark.slow
@pytest.mark.parametrize("kind", PAIRS)
def test_one_record_on_two_trackers_survives_every_crash_point(kind: str) -> None:
    _report(sweep(kind, SWEEP_ITEMS), "two trackers, every point:")
