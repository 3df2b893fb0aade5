"""`python -m tests.reliability.killer ARGS...`: run `tracker ARGS...`, dying by SIGKILL at a commit.

RELIABILITY_KILL_AT_COMMIT="N:before" (or "N:after") kills this process at its Nth store commit
(0-based), before or after COMMIT. RELIABILITY_PAUSE_AT_COMMIT="N:SECONDS:PATH" holds the Nth
transaction open (SQLite's write lock taken) for SECONDS, after creating PATH to say so.
RELIABILITY_COUNT_COMMITS=PATH writes the number of commits made to PATH at exit.
Test-side only: nothing in `tracker` knows about it.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tracker.store import db


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _pause(spec: str | None, number: int) -> None:
    at, seconds, marker = (spec or "::").split(":", 2)
    if at and int(at) == number:
        Path(marker).touch()
        time.sleep(float(seconds))


def install(kill_at: tuple[int, str] | None, count_to: str | None, pause: str | None = None) -> None:
    real = db.transaction
    made = [0]

    @contextlib.contextmanager
    def transaction(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
        with real(conn, path) as inner:
            yield inner
            _pause(pause, made[0])
            if kill_at == (made[0], "before"):
                _die()
        if kill_at == (made[0], "after"):
            _die()
        made[0] += 1

    db.transaction = transaction  # type: ignore[assignment]
    if count_to:
        atexit.register(lambda: Path(count_to).write_text(str(made[0])))


def main() -> None:
    spec = os.environ.get("RELIABILITY_KILL_AT_COMMIT")
    number, _, phase = (spec or "").partition(":")
    kill_at = (int(number), phase) if spec else None
    install(kill_at, os.environ.get("RELIABILITY_COUNT_COMMITS"), os.environ.get("RELIABILITY_PAUSE_AT_COMMIT"))
    from tracker.cli import main as tracker

    sys.argv = ["tracker", *sys.argv[1:]]
    tracker()


if __name__ == "__main__":
    main()
