"""Fill a store quickly with synthetic items, through the real schema (shared by the benchmarks)."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tracker.store import Store
from tracker.store.rows import owner_key

STATUSES = ["open"] * 6 + ["in_progress", "done", "done", "wont_do"]


def fill_store(
    path: Path, *, items: int = 100_000, owners: int = 500, per_postmortem: int = 10, seed: int = 7
) -> list[str]:
    """Write `items` items over `owners` owners (plus some ownerless); return the owner names."""
    rng = random.Random(seed)
    names = [f"Owner {n:03d}" for n in range(owners)]
    now = datetime(2026, 11, 1, tzinfo=UTC).isoformat()
    store = Store(path)
    conn = store.conn
    with store.transaction():
        conn.executemany(
            "INSERT INTO postmortems (id, title, source, content_hash, incident_date, services, imported) "
            "VALUES (?, ?, ?, 'x', ?, '[]', ?)",
            [
                (
                    f"PM-{p}",
                    f"Incident {p}",
                    f"/pm/{p}.md",
                    str(date(2026, 1, 1) + timedelta(days=p % 300)),
                    now,
                )
                for p in range(1, items // per_postmortem + 2)
            ],
        )
        rows = []
        for n in range(1, items + 1):
            owner = rng.choice(names) if rng.random() > 0.05 else None
            due = date(2026, 6, 1) + timedelta(days=rng.randrange(365)) if rng.random() > 0.2 else None
            rows.append(
                (
                    f"AI-{n}",
                    n,
                    f"PM-{n // per_postmortem + 1}",
                    f"Follow-up task number {n} for the service",
                    "Action Items",
                    owner,
                    owner_key(owner),
                    due.isoformat() if due else None,
                    rng.choice(STATUSES),
                    json.dumps([]),
                    n % per_postmortem,
                    now,
                    now,
                )
            )
        conn.executemany(
            "INSERT INTO items (id, num, postmortem_id, text, section, owner, owner_key, due, status, labels, "
            "position, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('next_item', ?)", (str(items),))
    conn.execute("ANALYZE")
    store.close()
    return names
