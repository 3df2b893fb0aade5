"""The suite's figures (crash points tried/survived, fault-matrix cells), printed after the run.

Tests `record` lines and `count` outcomes; `tests/reliability/conftest.py` prints them in pytest's
terminal summary, so they show without `-s`.
"""

from __future__ import annotations

from collections import Counter

LINES: list[str] = []
COUNTS: Counter[tuple[str, bool]] = Counter()


def record(line: str) -> None:
    LINES.append(line)


def count(group: str, ok: bool) -> None:
    COUNTS[(group, ok)] += 1


def summary() -> list[str]:
    groups = sorted({g for g, _ in COUNTS})
    out = list(LINES)
    for group in groups:
        ok, bad = COUNTS[(group, True)], COUNTS[(group, False)]
        out.append(f"{group}: {ok}/{ok + bad} passed")
    return out
