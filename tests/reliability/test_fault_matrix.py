"""Each fault at each kind of request, through `tracker sync` (see faults.py for the expectations).

A cell passes when the faulty sync ends with the documented exit code and a one-line message
naming the item (for an item's request) and the cause, nothing local is half-written, and a
following clean sync exits 0 with both sides agreeing, one issue per item and no edit lost.
"""

from __future__ import annotations

from functools import cache

import pytest

from tests.reliability import figures
from tests.reliability.faults import Fault, Mode
from tests.reliability.matrix import Prepared, cells, prepare, run_cell
from tests.reliability.world import KINDS

CELLS = [(kind, *cell) for kind in KINDS for cell in cells(kind)]


@cache
def prepared(kind: str) -> Prepared:
    return prepare(kind)


@pytest.mark.parametrize(
    ("kind", "fault", "at", "mode"), CELLS, ids=[f"{k}-{f.name}-{a}-{m}".replace(" ", "_") for k, f, a, m in CELLS]
)
def test_fault(kind: str, fault: Fault, at: str, mode: Mode) -> None:
    cell = run_cell(prepared(kind), fault, at, mode)
    figures.count(f"fault matrix {kind} ({mode})", not cell.problems)
    assert cell.problems == [], f"{cell.label}: exit {cell.code}: " + "\n".join(cell.problems)


def test_the_matrix_covers_every_fault_at_every_request_kind() -> None:
    figures.record(
        f"fault matrix: {len(CELLS)} cells = faults x request kinds x (persistent, once) over "
        + ", ".join(f"{k} {sum(c[0] == k for c in CELLS)}" for k in KINDS)
    )
    assert len(CELLS) == 2 * (15 * 5 + 14 * 4 + 2 * 14 * 9)
