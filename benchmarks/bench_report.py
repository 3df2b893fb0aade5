"""`tracker report` as whole processes, at 1,000 and 100,000 items across 500 owners.

    .venv/bin/python benchmarks/bench_report.py [--items 1000,100000] [--runs 7]

Times `tracker --config C --db X report --format F --as-of 2026-11-22 --output /dev/null` for
F = json, html, markdown (and table), with the Python floor (`python -c pass`, timed in turns)
and the ratio to it, and each command's peak memory. Target (issue 17): <= 500 ms at 100,000
items for json, html and markdown. Also checks that the report imports neither the GitHub and
Jira clients nor pydantic. The stores are filled once and kept (benchmarks/_fill.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._fill import cached_store
from benchmarks._run import imported, ms, timed, tracker_cmd

AS_OF = "2026-11-22"
TARGET = 0.5  # seconds at 100,000 items
FORMATS = ("json", "html", "markdown", "table")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", default="1000,100000", help="comma-separated store sizes")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    ok = True
    for items in (int(n) for n in args.items.split(",")):
        db, config = cached_store(items)
        where = ["--config", str(config), "--db", str(db)]
        base = [*tracker_cmd(), *where]
        print(f"{items:,} items ({db.name}); median of {args.runs} whole processes")
        for fmt in FORMATS:
            argv = [*base, "report", "--format", fmt, "--as-of", AS_OF, "--output", os.devnull]
            t = timed(argv, args.runs)
            judged = fmt != "table" and items >= 100_000
            verdict = ("ok" if t.wall <= TARGET else "OVER") if judged else ""
            ok &= verdict != "OVER"
            print(
                f"  report --format {fmt:9} {ms(t.wall)}  {t.ratio:5.1f}x floor   peak {t.peak_mb:6.1f} MB"
                f"{'   (<= 500 ms) ' + verdict if judged else ''}"
            )
        heavy = imported([*where, "report", "--format", "json", "--as-of", AS_OF, "--output", os.devnull],
                         ("github", "jira", "pydantic", "rich"))  # fmt: skip
        ok &= not heavy
        print(f"  modules the report imported of github, jira, pydantic, rich: {', '.join(heavy) or 'none'}")
        floor = timed([sys.executable, "-c", "pass"], args.runs)
        print(f"  {'(floor) python -c pass':26} {ms(floor.wall)}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
