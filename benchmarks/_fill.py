"""A synthetic store and config for the benchmarks, filled through the real schema and kept between runs.

    python benchmarks/_fill.py DB --items N [--owners N]     # fill DB (what `cached_store` runs)
    python benchmarks/_fill.py postgresql://... --items N   # fill an empty PostgreSQL database

`cached_store(items)` returns (store, config) under $TRACKER_BENCH_CACHE (default: the temp dir,
`tracker-bench/`), named by the item count, the schema version and this file's contents, so a
100,000-item store is filled once (~10 s), not on every run, and never out of date. The fill is
seeded: every run measures the same data. Items: 45% open, 10% in progress, 40% done, 3% won't do,
2% removed; 5% ownerless, 15% undated, 20% with a derived due date; 60% linked to GitHub or Jira (2%
of the links broken). The config names 300 of the 500 owners in `[people]` and two targets.

This module imports only the standard library (the fill itself runs in a child process), so the
benchmark process that times the commands stays small.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import subprocess
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OWNERS = 500
STATUSES = ["open"] * 45 + ["in_progress"] * 10 + ["done"] * 40 + ["wont_do"] * 3 + ["removed"] * 2
ITEM_COLUMNS = (
    "id, num, postmortem_id, text, category, section, owner, owner_key, due, due_derived, status, "
    "priority, labels, position, created, updated, edited_fields"
)
PM_COLUMNS = (
    "id, title, source, content_hash, incident_date, review_date, services, impact, url, target, imported, targets"
)
LINK_COLUMNS = "item_id, target, state, key, url, remote_updated, synced_at, remote_assigned, warning, base"


def owner_name(n: int) -> str:
    return f"Owner {n:03d}"


def cached_store(items: int, owners: int = OWNERS) -> tuple[Path, Path]:
    """(store, config) with `items` items; filled in a child process the first time."""
    folder = Path(os.environ.get("TRACKER_BENCH_CACHE") or Path(tempfile.gettempdir()) / "tracker-bench")
    folder.mkdir(parents=True, exist_ok=True)
    stamp = hashlib.sha256(Path(__file__).read_bytes() + _schema_source()).hexdigest()[:12]
    db = folder / f"store-{items}-{owners}-{stamp}.db"
    config = folder / f"config-{owners}-{stamp}.toml"
    if not config.exists():
        write_config(config, owners)
    if not db.exists():
        partial = db.with_suffix(f".{os.getpid()}.partial")
        print(f"filling {items:,} items into {db} (kept for the next runs) ...", file=sys.stderr, flush=True)
        subprocess.run(
            [sys.executable, __file__, str(partial), "--items", str(items), "--owners", str(owners)], check=True
        )
        partial.replace(db)
    return db, config


def filled_database(url: str, items: int, owners: int = OWNERS) -> None:
    """Fill the empty PostgreSQL database at `url` (in a child process, as `cached_store` does)."""
    print(f"filling {items:,} items into {url} ...", file=sys.stderr, flush=True)
    subprocess.run([sys.executable, __file__, url, "--items", str(items), "--owners", str(owners)], check=True)


def _schema_source() -> bytes:
    """The store's schema code: a new migration means a new store file, never a migrated old one."""
    return (ROOT / "tracker" / "store" / "db.py").read_bytes()


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


def fill(db: Path | str, items: int, owners: int = OWNERS, seed: int = 7) -> None:
    """Fill the empty store `db`: a file, or a PostgreSQL database by its URL (the same rows)."""
    sys.path.insert(0, str(ROOT))
    from tracker.store import Store

    rnd = random.Random(seed)
    store = Store(db)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    per_pm = 10
    pms = []
    for p in range(items // per_pm + 1):
        incident = date(2025, 6, 1) + timedelta(days=rnd.randrange(500))
        target = "jira" if p % 5 == 0 else None
        pms.append(
            (f"PM-{p + 1}", f"Incident {p + 1}: service degraded", f"pm/{p + 1}.md", "h", incident.isoformat(),
             None, "[]", None, None, target, base.isoformat(), f'["{target}"]' if target else "[]")
        )  # fmt: skip
    rows, links = [], []
    for n in range(1, items + 1):
        owner = None if rnd.random() < 0.05 else owner_name(rnd.randrange(owners))
        due = None if rnd.random() < 0.15 else date(2026, 6, 1) + timedelta(days=rnd.randrange(300))
        updated = base + timedelta(minutes=rnd.randrange(60 * 24 * 325))
        item_id = f"AI-{n}"
        rows.append(
            (item_id, n, f"PM-{(n - 1) // per_pm + 1}", f"Action item number {n}: fix the thing", None, None, owner,
             owner.lower() if owner else None, due and due.isoformat(), int(rnd.random() < 0.2),
             rnd.choice(STATUSES), None, "[]", n % per_pm, base.isoformat(), updated.isoformat(), "[]")
        )  # fmt: skip
        if rnd.random() < 0.6:
            target = "gh" if rnd.random() < 0.7 else "jira"
            state = "broken" if rnd.random() < 0.02 else "linked"
            url = (
                f"https://github.com/acme/incidents/issues/{n}"
                if target == "gh"
                else f"https://acme.atlassian.net/browse/OPS-{n}"
            )
            links.append(
                (item_id, target, state, str(n), url, updated.isoformat(), updated.isoformat(),
                 int(rnd.random() < 0.9), None, None)
            )  # fmt: skip
    with store.transaction() as conn:
        conn.executemany(f"INSERT INTO postmortems ({PM_COLUMNS}) VALUES ({','.join('?' * 12)})", pms)
        conn.executemany(f"INSERT INTO items ({ITEM_COLUMNS}) VALUES ({','.join('?' * 17)})", rows)
        conn.executemany(f"INSERT INTO links ({LINK_COLUMNS}) VALUES ({','.join('?' * 10)})", links)
        meta = "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        conn.execute(meta, ("next_item", str(items)))
        conn.execute(meta, ("next_postmortem", str(len(pms))))
    store.conn.execute("ANALYZE")
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", help="store file, or postgresql:// URL of an empty database")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--owners", type=int, default=OWNERS)
    args = parser.parse_args()
    fill(args.db if args.db.startswith(("postgresql://", "postgres://")) else Path(args.db), args.items, args.owners)


if __name__ == "__main__":
    main()
