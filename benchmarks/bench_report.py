"""`tracker report` as whole processes, at 1,000 and 100,000 items across 500 owners.

    .venv/bin/python benchmarks/bench_report.py [--items 1000,100000] [--runs 7]

Times `tracker --config C --db X report --format F --as-of 2026-11-22 --output /dev/null` for
F = json, html, markdown (and table), with the Python floor (`python -c pass`, timed in turns)
and the ratio to it, and each command's peak memory. Target (issue 17): <= 500 ms at 100,000
items for json, html and markdown. Also checks that the report imports neither the GitHub and
Jira clients nor pydantic. The stores are filled once and kept (benchmarks/_fill.py).

The floor lines say what no Python report can go under on this machine: the CLI's start-up
(`tracker --version`) plus `report_floor.py`, a process that runs the report's own query and writes
each row as a line of JSON, nothing else. `--stages` times each stage of the JSON report in-process
(query, rows, postmortems and names, flags and groups, each renderer).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._fill import cached_store
from benchmarks._run import imported, ms, timed, tracker_cmd
from tracker.store.queries import active_rows_query

AS_OF = "2026-11-22"
FLOOR_SCRIPT = Path(__file__).with_name("report_floor.py")
REPORT_SQL = active_rows_query("+")[0]  # what the unfiltered report runs on SQLite
TARGET = 0.5  # seconds at 100,000 items
FORMATS = ("json", "html", "markdown", "table")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", default="1000,100000", help="comma-separated store sizes")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--stages", action="store_true", help="also time each stage of the JSON report in-process")
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
        start = timed([*base, "--version"], args.runs)
        print(f"  {'(floor) tracker --version':26} {ms(start.wall)}   the CLI's start-up")
        rows = timed([sys.executable, str(FLOOR_SCRIPT), str(db), REPORT_SQL, os.devnull], args.runs)
        print(
            f"  {'(floor) rows in, JSON out':26} {ms(rows.wall)}   report_floor.py: the report's query, one line "
            "per row, nothing else"
        )
        print(f"  {'':26} {ms(start.wall + rows.wall - floor.wall)}   the two together: under this no report can go")
        if args.stages:
            stages(db, config)
    return 0 if ok else 1


def stages(db: Path, config: Path) -> None:
    """Where the time of `report --format json` goes, stage by stage in this process (best of 3)."""
    import gc
    from datetime import date

    from tracker import report as reporting
    from tracker.config_load import load_view
    from tracker.people import People
    from tracker.report.build import ReportOptions, assemble, targets_for
    from tracker.report.clock import zone
    from tracker.report.flags import FlagSettings
    from tracker.report.owners import stored_names
    from tracker.store.reader import Reader

    gc.disable()  # as the report does
    view = load_view(config)
    reader = Reader.open(db)
    people = People(view.people)
    settings = FlagSettings(date.fromisoformat(AS_OF), view.due_soon_days, view.stale_days, zone(view.timezone))
    rows = reader.active_rows()
    pms, names = reader.postmortems(), stored_names(reader, people)
    done = assemble(rows, pms, settings, targets_for(view, people), names, ReportOptions(), view.timezone)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("the query alone", lambda: reader.conn.execute(REPORT_SQL).fetchall()),
        ("active_rows (query + rows)", reader.active_rows),
        ("postmortems and names", lambda: (reader.postmortems(), stored_names(reader, people))),
        ("flag, group, sort (assemble)",
         lambda: assemble(rows, pms, settings, targets_for(view, people), names, ReportOptions(), view.timezone)),
        ("render json", lambda: "".join(reporting.chunks(done, "json"))),
        ("render html", lambda: reporting.render(done, "html")),
        ("render markdown", lambda: reporting.render(done, "markdown")),
    ]  # fmt: skip
    print(f"  stages of the report, in-process ({len(rows):,} active items, best of 3):")
    for label, step in steps:
        best = min(_seconds(step) for _ in range(3))
        print(f"    {label:30} {ms(best)}")
    reader.close()
    gc.enable()


def _seconds(step: Callable[[], object]) -> float:
    began = time.perf_counter()
    step()
    return time.perf_counter() - began


if __name__ == "__main__":
    raise SystemExit(main())
