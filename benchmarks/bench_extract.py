"""Extraction throughput and quality.

    .venv/bin/python benchmarks/bench_extract.py            # 2000 documents
    .venv/bin/python benchmarks/bench_extract.py --docs 10000
    .venv/bin/python benchmarks/bench_extract.py --compiled  # + the wheel's compiled extractor
    .venv/bin/python benchmarks/bench_extract.py --gold ../shared/corpus/real/gold.json   # + a labelled set
    .venv/bin/python benchmarks/bench_extract.py --markdown-it --corpus ../shared/corpus  # parser comparison

Throughput: N postmortems of about 5 KB in varied layouts are generated and extracted one at a
time, so memory does not grow with N. Prints the build measured (the checkout's editable install is
pure Python), documents/second (CPU time of extraction only), MB/second, items found, and peak
memory (ru_maxrss of the process, plus the tracemalloc peak of one extraction). `--compiled` also
builds the wheel, whose extractor mypyc compiles (setup.py), and measures that build the same way
in a process of its own. Target: >= 2,000 docs/s, memory flat in N.

Measured (December 2026, a quiet 2-core machine, `--compiled` three times): compiled 2,150-2,220
docs/s, pure Python 1,350-1,370 (1.6x); 49 MB max RSS at 2,000 and at 10,000 documents (39 KB per
extraction) in both. The week before, with fewer rules (none of those the blind-labelled
documents called for: sign-offs, other markups, pasted and grid tables, closing dates, e-mail
tails, ...), compiled 2,360-2,470 and pure 1,455-1,490; the same run of that commit's wheel beside
this one's measured 2,387 against 2,145, so the rules cost about 10% compiled and 8% pure. The pure figure was 970-990
before the extract-speed work (bounded caches of recurring texts, hand-read headings and bullets,
cheap pre-tests) on a slower machine of the same kind, where that work measured 1,080-1,160.

Quality: for each labelled set (the seeds, our own and the blind-labelled documents under tests/fixtures/, and any
`--gold` file), precision and recall of the items whose confidence reaches each threshold (0.3,
0.5, 0.7, 0.9 and the default `[extract] min_confidence`), matched as the corpus's score.py
matches. Below the threshold an item is still extracted, but stored as proposed. Prints figures;
asserts nothing.

markdown-it-py as the block parser (issue 15; `--markdown-it` prints the comparison): its
`MarkdownIt("commonmark").enable("table").parse(text)` alone costs about 1,100-1,300 µs per
generated document and 1,000 µs per corpus document, 8-10x what our whole block reader (`lines` +
`blocks`: about 120-130 µs on either) costs on the same texts, and more than the whole extraction. Its
tokens would also not give what the plain-text reader needs: they carry line ranges (`map`) per
block only, and the layouts pasted from other tools are not Markdown to it: a run of "•" bullets,
"a)" entries, "Owner: X" lines and a re-flowed "| A | B | |---|" table under a plain "Action Items"
line is one paragraph token, and text indented four spaces after a blank line is a code block
(our reader keeps it as text). We would have to re-split its paragraphs line by line, which is
what `lines.py` does now. So the block reader stays.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if importlib.util.find_spec("tracker") is None:  # not installed: the checkout's; else the installed build
    sys.path.insert(0, str(ROOT))

from tracker.extract import extract_text, extractor  # noqa: E402 (after the path is set)
from tracker.extract.result import ExtractedItem  # noqa: E402

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


FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
THRESHOLDS = (0.3, 0.5, 0.7, 0.9)


def _matcher() -> Callable[[list[dict[str, object]], list[dict[str, object]]], list[tuple[int, int]]]:
    """score.py's one-to-one matching of gold to predicted items (a copy lives beside the seeds)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("corpus_score", FIXTURES / "corpus" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    match: Callable[[list[dict[str, object]], list[dict[str, object]]], list[tuple[int, int]]] = module.match
    return match


def _labelled(gold_file: Path) -> list[tuple[list[dict[str, object]], list[ExtractedItem]]]:
    """(gold items, extracted items) per document of a labelled set."""
    from tracker.extract import read_document

    gold = json.loads(gold_file.read_text())
    out = []
    for name, labels in gold.items():
        text, _ = read_document(gold_file.parent / name)
        out.append((labels["items"], list(extract_text(text, name).items)))
    return out


def curve(gold_file: Path, thresholds: list[float]) -> list[tuple[float, float, float, int]]:
    """(threshold, precision, recall, items kept) over one labelled set."""
    match = _matcher()
    docs = _labelled(gold_file)
    rows = []
    for threshold in thresholds:
        tp = fp = fn = 0
        for gold, found in docs:
            kept = [{"text": i.text} for i in found if i.confidence >= threshold]
            pairs = match(gold, kept)
            tp, fp, fn = tp + len(pairs), fp + len(kept) - len(pairs), fn + len(gold) - len(pairs)
        precision = tp / (tp + fp) if tp + fp else 1.0
        rows.append((threshold, precision, tp / (tp + fn) if tp + fn else 1.0, tp + fp))
    return rows


def rule_report(gold_files: list[Path]) -> dict[str, tuple[int, int]]:
    """Per rule (reason kind): (items it voted for, of which gold items) over the labelled sets."""
    match = _matcher()
    counts: dict[str, list[int]] = {}
    for gold_file in gold_files:
        for gold, found in _labelled(gold_file):
            right = {pi for _, pi in match(gold, [{"text": i.text} for i in found])}
            for n, item in enumerate(found):
                for kind in {r.split(":", 1)[0] for r in item.reasons}:
                    tally = counts.setdefault(kind, [0, 0])
                    tally[0] += 1
                    tally[1] += n in right
    return {kind: (voted, hits) for kind, (voted, hits) in sorted(counts.items())}


def print_curves(extra: list[Path]) -> None:
    from tracker.config import ExtractSettings

    default = ExtractSettings().min_confidence
    thresholds = sorted({*THRESHOLDS, default})
    sets = [FIXTURES / "corpus" / "gold.json", FIXTURES / "own" / "gold.json", FIXTURES / "blind" / "gold.json", *extra]
    for gold_file in sets:
        print(f"quality          {gold_file} (default threshold {default})")
        for threshold, precision, recall, kept in curve(gold_file, thresholds):
            mark = "  <- default" if threshold == default else ""
            print(f"  >= {threshold:.2f}        P {precision:.3f}  R {recall:.3f}  ({kept} items){mark}")
    print("rules            voted  precision   (over every labelled set above)")
    for kind, (voted, hits) in rule_report(sets).items():
        print(f"  {kind:<16}{voted:>5}  {hits / voted:.3f}")


def _corpus_texts(corpus: Path | None) -> list[str]:
    """The documents under tests/fixtures/ and under `corpus` (read in place), when given."""
    from tracker.extract import read_document

    bases = [FIXTURES, *([corpus] if corpus else [])]
    paths = [p for base in bases if base.is_dir() for p in sorted(base.rglob("*"))]
    return [read_document(p)[0] for p in paths if p.suffix in (".md", ".txt") and p.is_file()]


def _block_reader(text: str) -> object:
    """The plain-text block reader alone: normalise, classify lines, group them into blocks."""
    from tracker.extract.blocks import build_blocks
    from tracker.extract.lines import classify_lines, normalise

    return build_blocks(classify_lines(normalise(text)))


def _per_doc_us(parse: Callable[[str], object], texts: list[str], rounds: int = 3) -> float:
    """Best-of-`rounds` CPU microseconds per document of `parse` over `texts`."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for text in texts:
            parse(text)
        best = min(best, time.process_time() - start)
    return best / len(texts) * 1e6


def compare_markdown_it(count: int, corpus: Path | None) -> None:
    """Time markdown-it-py's `parse` (CommonMark + tables) against our block reader, on the same texts."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    sets = [("generated", list(generate(count))), ("corpus", _corpus_texts(corpus))]
    print("block structure  µs/document (CPU, best of 3): markdown-it-py md.parse vs our block reader")
    for name, texts in sets:
        if not texts:
            continue
        ours, theirs = _per_doc_us(_block_reader, texts), _per_doc_us(md.parse, texts)
        print(f"  {name:<10} {len(texts):>5} docs  markdown-it {theirs:7.0f}  ours {ours:7.0f}  ({theirs / ours:.1f}x)")


def build_kind() -> str:
    """Which build of the extractor this process runs: the modules compiled by mypyc, or interpreted."""
    return "pure Python" if extractor.__file__ and extractor.__file__.endswith(".py") else "compiled (mypyc)"


def throughput(docs: int) -> None:
    """Extract `docs` generated documents one at a time; print documents/s and peak memory."""
    spent = 0.0
    size = items = 0
    for text in generate(docs):
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

    print(f"build            {build_kind()}")
    print(f"documents        {docs}")
    print(f"average size     {size / docs / 1024:.1f} KB")
    print(f"items found      {items} ({items / docs:.1f} per document)")
    print(f"extraction time  {spent:.2f} s CPU")
    print(f"throughput       {docs / spent:.0f} documents/s, {size / spent / 1e6:.2f} MB/s")
    print(f"peak memory      {rss_mb:.0f} MB (process max RSS); {one_peak / 1024:.0f} KB per extraction")


def compiled_throughput(docs: int) -> None:
    """Build the wheel (`setup.py` compiles the extractor with mypyc), unpack it in a temporary
    directory and measure the throughput of that build in a process of its own."""
    with tempfile.TemporaryDirectory() as tmp:
        wheels = Path(tmp) / "wheels"
        build = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels)]
        subprocess.run([*build, str(ROOT)], check=True, stdout=subprocess.DEVNULL)
        site = Path(tmp) / "site"
        with zipfile.ZipFile(next(wheels.glob("*.whl"))) as wheel:
            wheel.extractall(site)
        env = {**os.environ, "PYTHONPATH": str(site)}
        child = [sys.executable, __file__, "--docs", str(docs), "--throughput-only"]
        subprocess.run(child, check=True, env=env, cwd=tmp)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000, help="number of documents (default 2000)")
    ap.add_argument("--gold", type=Path, action="append", default=[], help="another labelled set's gold.json")
    ap.add_argument(
        "--markdown-it", action="store_true", help="also time markdown-it-py's parser against our block reader"
    )
    ap.add_argument("--corpus", type=Path, help="with --markdown-it: a folder of more documents to time")
    ap.add_argument(
        "--compiled", action="store_true", help="also build the wheel (extractor compiled by mypyc) and time it"
    )
    ap.add_argument("--throughput-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    throughput(args.docs)
    if args.throughput_only:
        return
    if args.compiled:
        compiled_throughput(args.docs)
    if args.markdown_it:
        compare_markdown_it(min(args.docs, 1000), args.corpus)
    print_curves(args.gold)


if __name__ == "__main__":
    main()
