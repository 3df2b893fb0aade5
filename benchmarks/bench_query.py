"""Wall time of `tracker status OWNER` and `tracker list --owner OWNER` as whole processes, 100,000 items.

Target: <= 150 ms each. Run: python benchmarks/bench_query.py [--items N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._fill import fill_store


def tracker_cmd() -> list[str]:
    exe = shutil.which("tracker", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "tracker"]


def installed_env(pycache: Path) -> dict[str, str]:
    """Run as an installed tool does: with a bytecode cache (this environment sets
    PYTHONDONTWRITEBYTECODE, which would recompile every module on every start)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def wall(argv: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        empty = Path(tmp) / "empty.toml"
        empty.write_text("")
        owners = fill_store(db, items=args.items)
        base = [*tracker_cmd(), "--config", str(empty), "--db", str(db)]
        env = installed_env(Path(tmp) / "pycache")
        wall([*base, "status", owners[0]], 1, env)  # warm the page cache
        for command in ("list", "extract", "sync", "report", "export"):  # and the bytecode cache
            subprocess.run([*base, command, "--help"], stdout=subprocess.DEVNULL, env=env, check=False)
        print(f"store: {args.items} items, {len(owners)} owners; median of {args.runs} runs, with a bytecode cache")
        cases = [
            ("tracker --version (start-up floor)", [*tracker_cmd(), "--version"]),
            ("tracker status OWNER (target <= 150 ms)", [*base, "status", owners[0]]),
            ("tracker list --owner OWNER (target <= 150 ms)", [*base, "list", "--owner", owners[0]]),
            ("tracker status (all owners)", [*base, "status"]),
        ]
        for label, argv in cases:
            print(f"{label:48} {wall(argv, args.runs, env) * 1000:5.0f} ms")


if __name__ == "__main__":
    main()
