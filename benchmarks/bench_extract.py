"""Extraction throughput: generate N postmortems of about 5 KB in varied layouts, extract each one.

    .venv/bin/python benchmarks/bench_extract.py            # 2000 documents
    .venv/bin/python benchmarks/bench_extract.py --docs 10000

Documents are generated and extracted one at a time, so memory does not grow with N. Prints
documents/second (CPU time of extraction only), MB/second, items found, and peak memory
(ru_maxrss of the process, plus the tracemalloc peak of one extraction). Targets: >= 500 docs/s,
<= 150 MB for 10,000 documents. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tracker.extract import extract_text

SERVICES = ["checkout API", "search service", "login service", "billing worker", "image CDN", "job queue"]
PEOPLE = ["Alice Chen", "@bob", "Carol Diaz", "dmitri", "SRE team", "Platform team"]
VERBS = [
    "Add",
    "Document",
    "Automate",
    "Review",
    "Rotate",
    "Alert on",
    "Load-test",
    "Split",
    "Cap",
    "Monitor",
]
THINGS = [
    "the connection pool limits", "the failover runbook", "disk usage on the primary database",
    "retry budgets in the client library", "the deploy pipeline canary stage", "queue depth per tenant",
    "certificate expiry for edge hosts", "the on-call escalation policy", "stale feature flags",
]  # fmt: skip
PROSE = (
    "The team observed elevated error rates and began to investigate the upstream dependencies, "
    "checking dashboards, recent deploys and the status pages of third-party providers. "
)


def _task(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(THINGS)} for the {rng.choice(SERVICES)}"


def _day(rng: random.Random) -> date:
    return date(2025, 1, 1) + timedelta(days=rng.randrange(700))


def _header(rng: random.Random, n: int) -> list[str]:
    day = _day(rng)
    service = rng.choice(SERVICES)
    return [
        f"# Incident {n}: {service} outage",
        "",
        f"Incident date: {day.isoformat()}",
        f"Review Date: {(day + timedelta(days=3)):%B %d, %Y}",
        f"Affected services: {service}, {rng.choice(SERVICES)}",
        f"Impact: {rng.randrange(5, 95)}% of users saw errors for {rng.randrange(10, 200)} minutes.",
        "",
        "## Summary",
        "",
        PROSE * 4,
        "",
        "## Timeline",
        "",
        *[f"- {9 + i:02d}:{rng.randrange(60):02d} {PROSE[:90]}" for i in range(12)],
        "",
        "## Root cause",
        "",
        PROSE * 5,
        "",
        "## Detection",
        "",
        PROSE * 2,
        "",
        "## Lessons learned",
        "",
        "- Dashboards were helpful.",
        "- Alerting was too noisy.",
        "- The runbook was out of date.",
        "",
    ]


def _table(rng: random.Random) -> list[str]:
    rows = [
        "## Action items",
        "",
        "| Action item | Owner | Due | Priority | Status |",
        "|---|---|---|---|---|",
    ]
    for _ in range(rng.randrange(5, 9)):
        status = rng.choice(["Done", "Open", "In progress", ""])
        rows.append(f"| {_task(rng)} | {rng.choice(PEOPLE)} | {_day(rng)} | P{rng.randrange(4)} | {status} |")
    return rows


def _checkboxes(rng: random.Random) -> list[str]:
    rows = ["## Follow-ups", ""]
    for _ in range(rng.randrange(5, 9)):
        box = rng.choice(["[ ]", "[x]"])
        rows.append(f"- {box} {_task(rng)} — {rng.choice(PEOPLE)}, due {_day(rng)}")
    return rows


def _colon(rng: random.Random) -> list[str]:
    rows = ["Corrective and Preventative Measures:", ""]
    for _ in range(rng.randrange(5, 9)):
        rows.append(f"{_task(rng)} (Owner: {rng.choice(PEOPLE)}, Deadline: {_day(rng):%B %d, %Y})")
    return rows


def _nested(rng: random.Random) -> list[str]:
    rows = ["### Next Steps", ""]
    for label in ("Monitoring:", "Process:"):
        rows.append(f"- {label}")
        rows.extend(f"  - {_task(rng)} within two weeks" for _ in range(rng.randrange(2, 5)))
    return rows


def _plain(rng: random.Random) -> list[str]:
    return ["Action Items", *[f"{_task(rng)}." for _ in range(rng.randrange(5, 9))]]


LAYOUTS: list[Callable[[random.Random], list[str]]] = [_table, _checkboxes, _colon, _nested, _plain]


def generate(count: int, seed: int = 7) -> Iterator[str]:
    """`count` documents of about 5 KB, one at a time."""
    rng = random.Random(seed)
    for n in range(count):
        lines = _header(rng, n)
        for layout in rng.sample(LAYOUTS, 2):
            lines += [*layout(rng), ""]
        lines += ["## Conclusion", "", PROSE]
        yield "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000, help="number of documents (default 2000)")
    args = ap.parse_args()

    spent = 0.0
    size = items = 0
    for text in generate(args.docs):
        start = time.process_time()
        doc = extract_text(text, "bench.md")
        spent += time.process_time() - start
        size += len(text.encode())
        items += len(doc.items)

    tracemalloc.start()
    extract_text(next(generate(1)), "bench.md")
    _, one_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_mb = rss_kb / 1024 if sys.platform != "darwin" else rss_kb / 1024 / 1024

    print(f"documents        {args.docs}")
    print(f"average size     {size / args.docs / 1024:.1f} KB")
    print(f"items found      {items} ({items / args.docs:.1f} per document)")
    print(f"extraction time  {spent:.2f} s CPU")
    print(f"throughput       {args.docs / spent:.0f} documents/s, {size / spent / 1e6:.2f} MB/s")
    print(f"peak memory      {rss_mb:.0f} MB (process max RSS); {one_peak / 1024:.0f} KB per extraction")


if __name__ == "__main__":
    main()
