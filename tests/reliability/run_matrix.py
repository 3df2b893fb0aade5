"""Print the reliability figures: crash points tried/survived and the fault matrix.

    .venv/bin/python -m tests.reliability.run_matrix                 # 8-item sweep + matrix (~2.5 min)
    .venv/bin/python -m tests.reliability.run_matrix --items 50      # every point of the 50-item scenario
    .venv/bin/python -m tests.reliability.run_matrix --sigkill       # add the SIGKILL sample (~3 min)
    .venv/bin/python -m tests.reliability.run_matrix --pairs         # add every item on two trackers (~8 min)
    .venv/bin/python -m tests.reliability.run_matrix --only matrix   # or: --only crash

Exits 1 if any crash point or matrix cell fails, printing which.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter

from tests.reliability.matrix import cells, prepare, run_cell
from tests.reliability.runner import Sweep, sweep
from tests.reliability.world import KINDS, PAIRS


def crash_figures(items: int, every: int, sigkill: bool, pairs: bool = False) -> list[str]:
    failures: list[str] = []
    results: list[tuple[str, Sweep]] = [("in-process", sweep(kind, items, every)) for kind in KINDS]
    if pairs:
        results += [("two trackers", sweep(kind, items, every)) for kind in PAIRS]
    if sigkill:
        from tests.reliability.sigkill import killed_sweep

        results += [("SIGKILL sample", killed_sweep(kind)) for kind in KINDS]
    for how, result in results:
        print(f"crash, {how}: {result.line()}")
        failures += [f"  {result.kind}: {f}" for f in result.failures]
    tried = sum(r.tried for _, r in results)
    print(f"crash points: {sum(r.survived for _, r in results)}/{tried} survived")
    return failures


def matrix_figures() -> list[str]:
    failures: list[str] = []
    tally: Counter[tuple[str, str, bool]] = Counter()
    for kind in KINDS:
        prepared = prepare(kind)
        for fault, at, mode in cells(kind):
            cell = run_cell(prepared, fault, at, mode)
            tally[(kind, mode, not cell.problems)] += 1
            failures += [f"  {cell.label}: {p}" for p in cell.problems]
    for kind in KINDS:
        for mode in ("persistent", "once"):
            ok, bad = tally[(kind, mode, True)], tally[(kind, mode, False)]
            print(f"fault matrix, {kind} ({mode}): {ok}/{ok + bad} cells passed")
    total = sum(tally.values())
    print(f"fault matrix: {total - len({f.split(':')[0] for f in failures})}/{total} cells passed")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=8, help="items in the crash scenario (>= 8)")
    parser.add_argument("--every", type=int, default=1, help="crash at every Nth point only")
    parser.add_argument("--sigkill", action="store_true", help="also SIGKILL real processes at a sample")
    parser.add_argument("--pairs", action="store_true", help="also crash with every item on two trackers")
    parser.add_argument("--only", choices=("crash", "matrix"))
    args = parser.parse_args(argv)
    began, failures = time.monotonic(), []
    if args.only != "matrix":
        failures += crash_figures(args.items, args.every, args.sigkill, args.pairs)
    if args.only != "crash":
        failures += matrix_figures()
    print(f"({time.monotonic() - began:.0f} s)")
    print("\n".join(failures), file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
