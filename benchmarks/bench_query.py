"""The read commands as whole processes, at 1,000 and 100,000 items, against the Python floor.

    .venv/bin/python benchmarks/bench_query.py [--items 1000,100000] [--runs 7]

Targets (issue 17): `status OWNER`, `status`, `list --owner X` and `show ID` each <= 60 ms, or
<= 5x the floor (`python -c pass`, timed in turns with them) on a slower machine; `list --format
json` and `export` of every item <= 1 s and <= 60 MB, memory flat in the number of items. Also
checks that these commands import neither pydantic nor rich (nor the GitHub and Jira clients).
The stores are filled once and kept (benchmarks/_fill.py); medians of --runs whole processes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._fill import cached_store, owner_name
from benchmarks._run import Timing, imported, ms, timed, tracker_cmd

QUICK = 0.060, 5.0  # seconds, or times the floor
STREAM = 1.0, 60.0  # seconds, MB
HEAVY = ("pydantic", "rich", "github", "jira")


def quick(label: str, t: Timing) -> bool:
    ok = t.wall <= QUICK[0] or t.ratio <= QUICK[1]
    print(f"  {label:34} {ms(t.wall)}  {t.ratio:5.1f}x floor   (<= 60 ms or 5x)  {'ok' if ok else 'OVER'}")
    return ok


def stream(label: str, t: Timing) -> bool:
    ok = t.wall <= STREAM[0] and t.peak_mb <= STREAM[1]
    print(
        f"  {label:34} {ms(t.wall)}  {t.ratio:5.1f}x floor   peak {t.peak_mb:5.1f} MB   (<= 1 s, <= 60 MB)  "
        f"{'ok' if ok else 'OVER'}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", default="1000,100000", help="comma-separated store sizes")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    ok, peaks = True, {}
    for items in (int(n) for n in args.items.split(",")):
        db, config = cached_store(items)
        where = ["--config", str(config), "--db", str(db)]
        base = [*tracker_cmd(), *where]
        owner, item = owner_name(42), f"AI-{items // 2}"
        print(f"{items:,} items ({db.name}); median of {args.runs} whole processes")
        for label, argv in (
            (f"status '{owner}'", ["status", owner]),
            ("status", ["status"]),
            (f"list --owner '{owner}'", ["list", "--owner", owner]),
            (f"show {item}", ["show", item]),
        ):
            ok &= quick(label, timed(base + argv, args.runs))
            heavy = imported(where + argv, HEAVY)
            ok &= not heavy
            if heavy:
                print(f"    imports {', '.join(heavy)}")
        for label, argv in (("list --status all --format json", ["list", "--status", "all", "--format", "json"]),
                            ("export", ["export"])):  # fmt: skip
            t = timed(base + argv, args.runs)
            ok &= stream(label, t)
            peaks.setdefault(label, []).append(t.peak_mb)
        floor = timed([sys.executable, "-c", "pass"], args.runs)
        print(f"  {'(floor) python -c pass':34} {ms(floor.wall)}")
    for label, seen in peaks.items():
        if len(seen) > 1:
            print(f"peak memory of {label}: {' -> '.join(f'{p:.1f}' for p in seen)} MB over the sizes above")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
