"""Benchmark: `tracker report` and `tracker status` on a store of 100,000 items across 500 owners.

    .venv/bin/python benchmarks/bench_report.py [--items N] [--owners N] [--runs N] [--keep DIR]

Fills a temporary store through the Store schema (raw `executemany`, seeded, so every run measures
the same data), then times whole processes (median of --runs):

    tracker --config C --db X report --format json --as-of 2026-11-22 --output /dev/null
    tracker --config C --db X status
    tracker --config C --db X status OWNER

and prints wall times, each command's peak RSS (from `os.wait4`, per process), the targets
(report <= 1 s and <= 200 MB, status <= 150 ms), and whether `github` / `jira` were imported on
these paths (they must not be). The config names 300 of the owners in `[people]` and two targets
(github and jira), so the unassignable checks do real work.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

AS_OF = date(2026, 11, 22)
STATUSES = ["open"] * 45 + ["in_progress"] * 10 + ["done"] * 40 + ["wont_do"] * 3 + ["removed"] * 2
ITEM_COLUMNS = (
    "id, num, postmortem_id, text, category, section, owner, owner_key, due, due_derived, status, "
    "priority, labels, position, created, updated, edited_fields"
)
LINK_COLUMNS = "item_id, target, state, key, url, remote_updated, synced_at, remote_assigned, warning, base"


def owner_name(n: int) -> str:
    return f"Owner {n:03d}"


def write_config(path: Path, owners: int) -> None:
    lines = [
        "[report]",
        'timezone = "Europe/Berlin"',
        "[sync]",
        'default_target = "gh"',
        "[targets.gh]",
        'kind = "github"',
        'repo = "acme/incidents"',
        "[targets.jira]",
        'kind = "jira"',
        'url = "https://acme.atlassian.net"',
        'project = "OPS"',
    ]
    for n in range(min(owners, 300)):
        lines += [f'[people."{owner_name(n)}"]', f'github = "owner-{n}"', f'email = "owner{n}@example.com"']
        if n % 2:
            lines.append(f'jira = "acct-{n}"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def fill(db: Path, items: int, owners: int, seed: int = 7) -> None:
    """Runs in a child process (`--fill`), so this process stays small: a forked child's peak RSS
    starts from its parent's, and the timed commands are forked from here."""
    sys.path.insert(0, str(ROOT))
    from tracker.store import Store

    rnd = random.Random(seed)
    store = Store(db)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    pms, rows, links = [], [], []
    per_pm = 10
    for p in range(items // per_pm + 1):
        incident = date(2025, 6, 1) + timedelta(days=rnd.randrange(500))
        target = "jira" if p % 5 == 0 else None
        pms.append(
            (
                f"PM-{p + 1}",
                f"Incident {p + 1}: service degraded",
                f"pm/{p + 1}.md",
                "h",
                incident.isoformat(),
                None,
                "[]",
                None,
                None,
                target,
                base.isoformat(),
            )
        )
    for n in range(1, items + 1):
        owner = None if rnd.random() < 0.05 else owner_name(rnd.randrange(owners))
        due = None if rnd.random() < 0.15 else date(2026, 6, 1) + timedelta(days=rnd.randrange(300))
        updated = base + timedelta(minutes=rnd.randrange(60 * 24 * 325))
        item_id = f"AI-{n}"
        rows.append(
            (
                item_id,
                n,
                f"PM-{(n - 1) // per_pm + 1}",
                f"Action item number {n}: fix the thing",
                None,
                None,
                owner,
                owner.lower() if owner else None,
                due and due.isoformat(),
                int(rnd.random() < 0.2),
                rnd.choice(STATUSES),
                None,
                "[]",
                n % per_pm,
                base.isoformat(),
                updated.isoformat(),
                "[]",
            )
        )
        if rnd.random() < 0.6:
            target = "gh" if rnd.random() < 0.7 else "jira"
            state = "broken" if rnd.random() < 0.02 else "linked"
            url = (
                f"https://github.com/acme/incidents/issues/{n}"
                if target == "gh"
                else f"https://acme.atlassian.net/browse/OPS-{n}"
            )
            links.append(
                (
                    item_id,
                    target,
                    state,
                    str(n),
                    url,
                    updated.isoformat(),
                    updated.isoformat(),
                    int(rnd.random() < 0.9),
                    None,
                    None,
                )
            )
    with store.transaction() as conn:
        conn.executemany(f"INSERT INTO postmortems VALUES ({','.join('?' * 11)})", pms)
        conn.executemany(f"INSERT INTO items ({ITEM_COLUMNS}) VALUES ({','.join('?' * 17)})", rows)
        conn.executemany(f"INSERT INTO links ({LINK_COLUMNS}) VALUES ({','.join('?' * 10)})", links)
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('next_item', ?)", (str(items),))
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('next_postmortem', ?)", (str(len(pms)),))
    store.conn.execute("ANALYZE")
    store.close()


ENV = dict(os.environ)


def run(cmd: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in KiB, exit code of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    return wall, usage.ru_maxrss, proc.returncode


def timed(label: str, cmd: list[str], runs: int, limit_s: float, limit_mb: float | None = None) -> bool:
    results = [run(cmd) for _ in range(runs)]
    wall = statistics.median(r[0] for r in results)
    rss_mb = max(r[1] for r in results) / 1024
    ok = wall <= limit_s and (limit_mb is None or rss_mb <= limit_mb)
    mem = f"  (limit {limit_mb:.0f} MB)" if limit_mb else ""
    print(
        f"{label:<34} median {wall * 1000:7.1f} ms (limit {limit_s * 1000:.0f} ms)   "
        f"peak RSS {rss_mb:6.1f} MB{mem}   {'ok' if ok else 'OVER'}"
    )
    return ok


IMPORT_CHECK = """
import sys
from typer.testing import CliRunner
from tracker.cli.app import _register, app
try:
    _register()
except ImportError:
    import tracker.cli.report_cmd
args = sys.argv[1:]
result = CliRunner().invoke(app, args)
assert result.exit_code in (0, 1), (result.exit_code, result.output, result.exception)
print(sorted(m for m in ("github", "jira", "requests", "rich") if m in sys.modules))
"""


def imported_modules(args: list[str]) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_CHECK, *args], capture_output=True, text=True, check=True, cwd=ROOT
    )
    found: list[str] = json.loads(out.stdout.strip().replace("'", '"'))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--owners", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the store in this directory and keep it")
    parser.add_argument(
        "--pycache",
        type=Path,
        help="let the timed commands cache bytecode here (PYTHONPYCACHEPREFIX), even when "
        "PYTHONDONTWRITEBYTECODE is set, as an installed tool would have .pyc files",
    )
    parser.add_argument("--fill", type=Path, help=argparse.SUPPRESS)  # internal: fill this store, exit
    opts = parser.parse_args()
    if opts.fill:
        fill(opts.fill, opts.items, opts.owners)
        return 0
    work = opts.keep or Path(tempfile.mkdtemp(prefix="bench-report-"))
    work.mkdir(parents=True, exist_ok=True)
    db, config = work / "bench.db", work / "bench.toml"
    if db.exists():
        db.unlink()
    start = time.perf_counter()
    sizes = ["--items", str(opts.items), "--owners", str(opts.owners)]
    subprocess.run([sys.executable, __file__, "--fill", str(db), *sizes], check=True)
    write_config(config, opts.owners)
    print(f"filled {opts.items:,} items / {opts.owners} owners in {time.perf_counter() - start:.1f} s: {db}")
    exe = str(Path(sys.executable).with_name("tracker"))
    if opts.pycache:
        ENV.pop("PYTHONDONTWRITEBYTECODE", None)
        ENV["PYTHONPYCACHEPREFIX"] = str(opts.pycache)
        run([exe, "--version"])  # fill the cache
    cached = "no" if ENV.get("PYTHONDONTWRITEBYTECODE") else "yes"
    print(f"bytecode cache for the timed commands: {cached} (PYTHONDONTWRITEBYTECODE / --pycache)")
    base = [exe, "--config", str(config), "--db", str(db)]
    report = ["report", "--format", "json", "--as-of", AS_OF.isoformat(), "--output", os.devnull]
    overview, one = ["status", "--as-of", AS_OF.isoformat()], ["status", owner_name(42)]
    ok = timed("tracker report --format json", base + report, opts.runs, 1.0, 200)
    ok &= timed("tracker status", base + overview, opts.runs, 0.150)
    ok &= timed(f"tracker status '{owner_name(42)}'", base + one, opts.runs, 0.150)
    ok &= timed("(floor) tracker --version", [exe, "--version"], opts.runs, 0.150)
    for args in (report, overview, one):
        mods = imported_modules(["--config", str(config), "--db", str(db), *args])
        bad = [m for m in mods if m in ("github", "jira")]
        ok &= not bad
        print(
            f"modules after `tracker {' '.join(args[:1])}`: {mods or 'none'} -> "
            f"{'github/jira imported!' if bad else 'no github/jira'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
