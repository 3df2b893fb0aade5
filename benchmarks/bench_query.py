"""The read commands as whole processes, at 1,000 and 100,000 items, against the Python floor.

    .venv/bin/python benchmarks/bench_query.py [--items 1000,100000] [--runs 7] [--store sqlite,postgresql]
                                               [--pg-url postgresql://user@host/db]

Targets (issue 17): `status OWNER`, `status`, `list --owner X` and `show ID` each <= 60 ms, or
<= 5x the floor (`python -c pass`, timed in turns with them) on a slower machine; `list --format
json` and `export` of every item <= 1 s and <= 60 MB, memory flat in the number of items. Also
checks that these commands import neither pydantic nor rich (nor the GitHub and Jira clients).
The stores are filled once and kept (benchmarks/_fill.py); medians of --runs whole processes.

On PostgreSQL (issue 19) the same commands run against a local server: the throw-away one the
tests start (tests/postgres_server.py), or the empty database `--pg-url` names, filled with the same
rows. Target: `status OWNER` <= 200 ms whole process at 100,000 items; the others are printed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._fill import cached_store, filled_database, owner_name, write_config
from benchmarks._run import Timing, imported, ms, timed, tracker_cmd

QUICK = 0.060, 5.0  # seconds, or times the floor
STREAM = 1.0, 60.0  # seconds, MB
HEAVY = ("pydantic", "rich", "github", "jira")
PG_STATUS = 0.200  # seconds: `status OWNER` on PostgreSQL, whole process
STREAMS = (("list --status all --format json", ["list", "--status", "all", "--format", "json"]), ("export", ["export"]))


def quick_commands(items: int) -> list[tuple[str, list[str]]]:
    """The quick read commands timed on every store: (label, arguments)."""
    owner, item = owner_name(42), f"AI-{items // 2}"
    return [
        (f"status '{owner}'", ["status", owner]),
        ("status", ["status"]),
        (f"list --owner '{owner}'", ["list", "--owner", owner]),
        (f"show {item}", ["show", item]),
    ]


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


def postgres(sizes: list[int], runs: int, url: str | None) -> bool:
    """The read commands on a PostgreSQL store of each size (a fresh database each)."""
    server = None
    if url is None:
        from tests.postgres_server import PostgresServer

        server = PostgresServer.start()
    ok = True
    try:
        for items in sizes:
            name, db = server.create_database() if server else ("", url)
            assert db is not None
            config = Path(tempfile.mkdtemp(prefix="tracker-bench-pg-")) / "config.toml"
            write_config(config, 500)
            filled_database(db, items)
            base = [*tracker_cmd(), "--config", str(config), "--db", db]
            print(f"{items:,} items (PostgreSQL, local server); median of {runs} whole processes")
            for label, argv in [*quick_commands(items), ("report", ["report"])]:
                t = timed(base + argv, runs)
                target = label.startswith("status '")
                fine = t.wall <= PG_STATUS or not target
                ok &= fine
                note = f"(<= 200 ms)  {'ok' if fine else 'OVER'}" if target else ""
                print(f"  {label:34} {ms(t.wall)}  {t.ratio:5.1f}x floor   {note}")
            for label, argv in STREAMS:
                t = timed(base + argv, runs)
                print(f"  {label:34} {ms(t.wall)}  {t.ratio:5.1f}x floor   peak {t.peak_mb:5.1f} MB")
            if server:
                server.drop_database(name)
            elif len(sizes) > 1:
                print("  (--pg-url: one database, so one size only)")
                break
    finally:
        if server:
            server.stop()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", default="1000,100000", help="comma-separated store sizes")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--store", default="sqlite,postgresql", help="which stores: sqlite, postgresql or both")
    parser.add_argument("--pg-url", help="an empty PostgreSQL database to fill (default: a throw-away local server)")
    args = parser.parse_args()
    sizes = [int(n) for n in args.items.split(",")]
    stores = args.store.split(",")
    ok = sqlite(sizes, args.runs) if "sqlite" in stores else True
    if "postgresql" in stores:
        ok &= postgres(sizes, args.runs, args.pg_url)
    return 0 if ok else 1


def sqlite(sizes: list[int], runs: int) -> bool:
    ok, peaks = True, {}
    for items in sizes:
        db, config = cached_store(items)
        where = ["--config", str(config), "--db", str(db)]
        base = [*tracker_cmd(), *where]
        print(f"{items:,} items (SQLite, {db.name}); median of {runs} whole processes")
        for label, argv in quick_commands(items):
            ok &= quick(label, timed(base + argv, runs))
            heavy = imported(where + argv, HEAVY)
            ok &= not heavy
            if heavy:
                print(f"    imports {', '.join(heavy)}")
        for label, argv in STREAMS:
            t = timed(base + argv, runs)
            ok &= stream(label, t)
            peaks.setdefault(label, []).append(t.peak_mb)
        floor = timed([sys.executable, "-c", "pass"], runs)
        print(f"  {'(floor) python -c pass':34} {ms(floor.wall)}")
    for label, seen in peaks.items():
        if len(seen) > 1:
            print(f"peak memory of {label}: {' -> '.join(f'{p:.1f}' for p in seen)} MB over the sizes above")
    return ok


if __name__ == "__main__":
    raise SystemExit(main())
