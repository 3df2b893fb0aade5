"""One PostgreSQL store shared by many processes (issue 19), against the fake GitHub server.

- Eight `tracker` processes at once for a while (extract, edit, sync, report, two of each): every
  edit that reported success is in the store and on the tracker afterwards, no item has two issues,
  and the store is consistent (`checks.problems`). 8 s by default; 30 s under `-m slow`.
- The server cuts a command's connection (`pg_terminate_backend`) while it waits for the store's
  write lock, inside an extract and in the middle of a sync: exit 2 with one line, nothing
  half-written, and the next run converges.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.reliability.checks import problems
from tests.reliability.cli import config_text
from tests.reliability.scenario import NEW_ITEM, Row, document, rows
from tests.reliability.served import ServedWorld, served_world, start, tracker_process
from tracker.store import Store

_KEYS, _WRITE = 1953655666, 2  # tracker.store.pg's advisory-lock keys (a test must not import them blindly:
# the assertion below that a process waits on *this* lock checks they still agree)


def ok(result: Any) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return str(result.stdout)


@contextmanager
def pg_world(root: Path, url: str) -> Iterator[ServedWorld]:
    """Three items extracted and synced to the fake GitHub, in the PostgreSQL store at `url`."""
    with served_world("github", root, url=url) as w:
        (root / "config.toml").write_text(config_text(w, conflict="manual"), encoding="utf-8")
        (root / "pm.md").write_text(document(rows(3)), encoding="utf-8")
        ok(tracker_process(w, "extract", str(root / "pm.md")))
        ok(tracker_process(w, "sync"))
        yield w


def _run_for(seconds: float, w: ServedWorld, argv: Callable[[int], list[str]], seen: list[tuple[int, Any]]) -> None:
    """Run `tracker argv(n)` again and again until the time is up, keeping (n, result) of each."""
    deadline, n = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        proc = start(w, *argv(n))
        out, err = proc.communicate(timeout=180)
        seen.append((n, subprocess.CompletedProcess(proc.args, proc.returncode, out, err)))
        n += 1


def _concurrently(w: ServedWorld, root: Path, seconds: float) -> None:
    (root / "other.md").write_text(document([Row(NEW_ITEM, "Bob", None, None)]), encoding="utf-8")
    first = date(2027, 1, 1)
    workers: dict[str, Callable[[int], list[str]]] = {
        "extract pm": lambda n: ["extract", str(root / "pm.md")],
        "extract other": lambda n: ["extract", str(root / "other.md")],
        "edit AI-1": lambda n: ["edit", "AI-1", "--due", (first + timedelta(days=n)).isoformat()],
        "edit AI-2": lambda n: ["edit", "AI-2", "--due", (first + timedelta(days=n)).isoformat()],
        "sync 1": lambda n: ["sync"],
        "sync 2": lambda n: ["sync"],
        "report 1": lambda n: ["report"],
        "report 2": lambda n: ["status"],
    }
    seen: dict[str, list[tuple[int, Any]]] = {name: [] for name in workers}
    threads = [threading.Thread(target=_run_for, args=(seconds, w, f, seen[name])) for name, f in workers.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for name, results in seen.items():
        assert results, f"{name} never ran"
        for _, result in results:
            if name.startswith("sync") and result.returncode == 2:  # the other sync held the lock
                assert result.stderr == f"error: another tracker sync is running on {w.db}; try again when it ends\n"
                continue
            assert result.returncode in ((0, 3) if name.startswith("sync") else (0,)), (name, result)
    # the last edit each editor saw succeed is what the store and the tracker hold
    oracle: dict[tuple[str, str], object] = {}
    for item in ("AI-1", "AI-2"):
        last = max(n for n, r in seen[f"edit {item}"] if r.returncode == 0)
        oracle[(item, "due")] = first + timedelta(days=last)
    for _ in range(20):  # a sync still running in a thread cannot be, but a cursor race can ask for one more
        result = tracker_process(w, "sync")
        if result.returncode == 0:
            break
    ok(result)
    assert problems(w, oracle) == []


@pytest.mark.postgres
def test_eight_processes_at_once_lose_no_edit_and_file_no_duplicate(tmp_path: Path, pg_url: str) -> None:
    with pg_world(tmp_path, pg_url) as w:
        _concurrently(w, tmp_path, float(os.environ.get("TRACKER_CONCURRENCY_SECONDS", "8")))


@pytest.mark.slow
@pytest.mark.postgres
def test_eight_processes_for_thirty_seconds(tmp_path: Path, pg_url: str) -> None:
    with pg_world(tmp_path, pg_url) as w:
        _concurrently(w, tmp_path, 30.0)


# -- the connection cut mid-command ---------------------------------------------------------------


@contextmanager
def write_lock_held(url: str) -> Iterator[psycopg.Connection[Any]]:
    """Hold the store's write lock from outside, so the next command's write waits on it."""
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_advisory_lock(%s, %s)", (_KEYS, _WRITE))
        try:
            yield admin
        finally:
            admin.execute("SELECT pg_advisory_unlock_all()")


def terminate_the_waiter(admin: psycopg.Connection[Any], proc: subprocess.Popen[str]) -> None:
    """Wait (bounded) until a tracker process waits on the write lock, then cut its connection."""
    for _ in range(1200):
        row = admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = 'tracker' AND wait_event_type = 'Lock' "
            "AND wait_event = 'advisory' AND datname = current_database()"
        ).fetchone()
        if row is not None:
            assert admin.execute("SELECT pg_terminate_backend(%s)", (row[0],)).fetchone()[0]
            return
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    raise AssertionError("no tracker process waited on the write lock")


def one_line_lost(proc: subprocess.Popen[str]) -> None:
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, out + err
    assert err.count("\n") == 1 and err.startswith("error: ") and "lost the connection to the store" in err, err
    assert "Traceback" not in out + err


def counts(url: str) -> tuple[int, int, int]:
    """Postmortems, items, and links to an issue that are complete."""
    store = Store(url)
    try:
        links = sum(link.state.value == "linked" for i in store.items() for link in i.links.values())
        return len(store.postmortems()), len(store.items()), links
    finally:
        store.close()


@pytest.mark.postgres
def test_a_connection_cut_during_an_extract_writes_nothing_and_the_next_run_converges(
    tmp_path: Path, pg_url: str
) -> None:
    with served_world("github", tmp_path, url=pg_url) as w:
        (tmp_path / "config.toml").write_text(config_text(w), encoding="utf-8")
        (tmp_path / "pm.md").write_text(document(rows(5)), encoding="utf-8")
        assert counts(pg_url) == (0, 0, 0)  # (migrated now: the extract below waits on the write lock only)
        with write_lock_held(pg_url) as admin:
            extract = start(w, "extract", str(tmp_path / "pm.md"))
            terminate_the_waiter(admin, extract)
            one_line_lost(extract)
        assert counts(pg_url) == (0, 0, 0)
        assert "5 new" in ok(tracker_process(w, "extract", str(tmp_path / "pm.md")))
        assert "0 new" in ok(tracker_process(w, "extract", str(tmp_path / "pm.md")))
        assert counts(pg_url) == (1, 5, 0)


@pytest.mark.postgres
@pytest.mark.parametrize("at_request", [0, 2])
def test_a_connection_cut_during_a_sync_leaves_no_half_write_and_the_next_sync_converges(
    tmp_path: Path, pg_url: str, at_request: int
) -> None:
    """The lock is taken from outside when the sync sends its `at_request`th write to GitHub, so
    the store write that follows it (the link of an issue just created) is the one cut."""
    with served_world("github", tmp_path, url=pg_url) as w:
        (tmp_path / "config.toml").write_text(config_text(w), encoding="utf-8")
        (tmp_path / "pm.md").write_text(document(rows(4)), encoding="utf-8")
        ok(tracker_process(w, "extract", str(tmp_path / "pm.md")))
        admin = psycopg.connect(pg_url, autocommit=True)
        writes, real = [0], w.fake.handle

        def handle(method: str, url: str, headers: Any, body: Any) -> Any:
            if method in ("POST", "PATCH") and "/issues" in url:
                if writes[0] == at_request:
                    admin.execute("SELECT pg_advisory_lock(%s, %s)", (_KEYS, _WRITE))
                writes[0] += 1
            return real(method, url, headers, body)

        w.fake.handle = handle  # type: ignore[method-assign]
        try:
            sync = start(w, "sync")
            terminate_the_waiter(admin, sync)
            one_line_lost(sync)
        finally:
            admin.execute("SELECT pg_advisory_unlock_all()")
            admin.close()
            w.fake.handle = real  # type: ignore[method-assign]
        linked_before = counts(pg_url)[2]
        assert linked_before < 4  # the cut sync did not finish
        ok(tracker_process(w, "sync"))
        assert counts(pg_url) == (1, 4, 4)
        assert problems(w, {}) == []  # one issue per item (none filed twice), both sides agree
