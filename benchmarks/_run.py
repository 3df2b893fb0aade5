"""Timing whole `tracker` processes against the Python floor, for the benchmarks (standard library only).

Every figure is the median of `runs` runs of a whole process, run in turns with the floor
(`python -c pass`, the same interpreter and environment), so that a busy machine slows both
alike; ratios to the floor are what carry from one machine to another. Peak memory is the
largest resident set of the runs (`os.wait4`). Commands run as an installed tool does: with a
bytecode cache, even where PYTHONDONTWRITEBYTECODE is set.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PYCACHE = Path(tempfile.gettempdir()) / "tracker-bench" / "pycache"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
FLOOR = [sys.executable, "-c", "pass"]


def tracker_cmd() -> list[str]:
    """This environment's `tracker`, or $TRACKER_BENCH_CMD (to time another checkout the same way)."""
    other = os.environ.get("TRACKER_BENCH_CMD")
    if other:
        return shlex.split(other)
    exe = shutil.which("tracker", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "tracker"]


@dataclass(frozen=True)
class Timing:
    wall: float  # seconds, median
    peak_mb: float  # largest resident set, MB
    floor: float  # the floor's median wall time in the same turns

    @property
    def ratio(self) -> float:
        return self.wall / self.floor


def once(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of one process; its output goes nowhere."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed: {err}")
    return wall, usage.ru_maxrss / 1024


def timed(argv: list[str], runs: int) -> Timing:
    once(argv)  # warm the page cache, the bytecode cache and the config cache
    walls, peaks, floors = [], [], []
    for _ in range(runs):
        floors.append(once(FLOOR)[0])
        wall, peak = once(argv)
        walls.append(wall)
        peaks.append(peak)
    return Timing(statistics.median(walls), max(peaks), statistics.median(floors))


def imported(args: list[str], names: tuple[str, ...]) -> list[str]:
    """Which of these top-level modules a whole `tracker ARGS...` process imported."""
    probe = (
        "import sys\nsys.argv = ['tracker', *sys.argv[1:]]\nfrom tracker.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"import json\nsys.stderr.write(json.dumps(sorted(m for m in {list(names)!r} if m in sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV, text=True
    )
    found: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return found


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f} ms"
