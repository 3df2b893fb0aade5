"""Two commands at once, as real processes on one store: a sync and a sync, an edit, or an extract.

The first `tracker sync` is held inside its first write request (a gate on the fake) while the
other command runs: a second sync refuses in one line (exit 2); an edit or an extract goes through
and is not written over by the plan the sync made before it. An extract started while a sync holds
SQLite's write lock waits for it (busy timeout) instead of failing. All but the last run on the
PostgreSQL store too (its write lock is an advisory lock; the last test's pause is SQLite's).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.checks import problems
from tests.reliability.cli import config_text
from tests.reliability.scenario import NEW_ITEM, Row, document, rows
from tests.reliability.served import ServedWorld, child_env, served_world, start, tracker_process
from tests.reliability.world import request_kind

pytestmark = pytest.mark.both_stores  # the same rules on a shared PostgreSQL store

WRITE = {"github": "PATCH /issues/{n}", "jira-cloud": "PUT /issue/{n}", "jira-server": "PUT /issue/{n}"}


@contextmanager
def gated(w: ServedWorld) -> Iterator[tuple[threading.Event, threading.Event]]:
    """The first write request waits for `release`; `entered` says one is waiting."""
    entered, release = threading.Event(), threading.Event()
    real = w.fake.handle

    def handle(method: str, url: str, headers: Any, body: Any) -> Any:
        if request_kind(method, url) == WRITE[w.kind] and not release.is_set():
            entered.set()
            release.wait(60)
        return real(method, url, headers, body)

    w.fake.handle = handle  # type: ignore[method-assign]
    try:
        yield entered, release
    finally:
        release.set()
        w.fake.handle = real  # type: ignore[method-assign]


def ok(result: Any) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return str(result.stdout)


@contextmanager
def synced(kind: str, root: Path, store: Path | str | None = None) -> Iterator[ServedWorld]:
    """Three items synced; then Carol's AI-3 is reassigned to Bob there and AI-1 re-dated here,
    so the next sync writes AI-1 (held at the gate) before it pulls AI-3."""
    with served_world(kind, root, url=store if isinstance(store, str) else None) as w:
        (root / "config.toml").write_text(config_text(w, conflict="manual"), encoding="utf-8")
        (root / "pm.md").write_text(document(rows(3)), encoding="utf-8")
        ok(tracker_process(w, "extract", str(root / "pm.md")))
        ok(tracker_process(w, "sync"))
        w.fake.assign(w.key_of("AI-3"), w.account("Bob"))
        ok(tracker_process(w, "edit", "AI-1", "--due", "2027-09-09"))
        yield w


def conflicts(w: ServedWorld) -> list[dict[str, object]]:
    found: list[dict[str, object]] = json.loads(ok(tracker_process(w, "conflicts", "--format", "json")))
    return found


def test_a_second_sync_refuses_in_one_line_and_the_first_finishes(tmp_path: Path, store_location: Path | str) -> None:
    with synced("github", tmp_path, store_location) as w, gated(w) as (entered, release):
        first = start(w, "sync")
        assert entered.wait(60)
        second = tracker_process(w, "sync")
        release.set()
        out, err = first.communicate(timeout=120)
        assert (second.returncode, second.stdout) == (2, "")
        assert second.stderr == f"error: another tracker sync is running on {w.db}; try again when it ends\n"
        assert first.returncode == 0, out + err
        assert problems(w, {("AI-1", "due"): date(2027, 9, 9), ("AI-3", "owner"): "Bob"}) == []


@pytest.mark.parametrize("kind", ["github", "jira-cloud"])
def test_an_edit_made_during_a_sync_is_not_written_over(kind: str, tmp_path: Path, store_location: Path | str) -> None:
    with synced(kind, tmp_path, store_location) as w:
        with gated(w) as (entered, release):
            sync = start(w, "sync")
            assert entered.wait(60)
            ok(tracker_process(w, "edit", "AI-3", "--owner", "Alice"))  # while the sync holds its plan
            release.set()
            out, err = sync.communicate(timeout=120)
        assert sync.returncode == 0 and "AI-3: edited here during the sync" in out, out + err
        assert conflicts(w) == [
            {
                "item": "AI-3",
                "field": "owner",
                "here": "Alice",
                "trackers": {"remote": "Bob"},
                "conflicting": ["remote"],
            }
        ]
        ok(tracker_process(w, "resolve", "AI-3", "--take", "local"))
        ok(tracker_process(w, "sync"))
        assert problems(w, {("AI-3", "owner"): "Alice"}) == []


def test_an_extract_during_a_sync_goes_through_and_is_not_written_over(
    tmp_path: Path, store_location: Path | str
) -> None:
    reviewed = [*rows(3)[:2], Row(rows(3)[2].text, "Alice", None, None), Row(NEW_ITEM, "Bob", None, None)]
    with synced("jira-cloud", tmp_path, store_location) as w:
        (tmp_path / "pm.md").write_text(document(reviewed), encoding="utf-8")
        with gated(w) as (entered, release):
            sync = start(w, "sync")
            assert entered.wait(60)
            extracted = tracker_process(w, "extract", str(tmp_path / "pm.md"))
            release.set()
            out, err = sync.communicate(timeout=120)
        assert "0 new" not in ok(extracted) and sync.returncode == 0, out + err
        assert conflicts(w) == [
            {
                "item": "AI-3",
                "field": "owner",
                "here": "Alice",
                "trackers": {"remote": "Bob"},
                "conflicting": ["remote"],
            }
        ]
        ok(tracker_process(w, "resolve", "AI-3", "--take", "local"))
        ok(tracker_process(w, "sync"))
        assert problems(w, {("AI-3", "owner"): "Alice", ("AI-4", "text"): NEW_ITEM}) == []


@pytest.mark.sqlite_only  # the pause is SQLite's commit hook (tests/reliability/killer.py)
def test_an_extract_waits_while_a_sync_holds_the_write_lock(tmp_path: Path) -> None:
    with synced("github", tmp_path) as w:
        (tmp_path / "other.md").write_text(document([Row(NEW_ITEM, "Bob", None, None)]), encoding="utf-8")
        paused = tmp_path / "paused"
        sync = start(w, "sync", env=child_env(w, {"RELIABILITY_PAUSE_AT_COMMIT": f"0:2.5:{paused}"}))
        for _ in range(600):
            if paused.exists() or sync.poll() is not None:
                break
            time.sleep(0.05)
        assert paused.exists(), sync.communicate()
        began = time.monotonic()
        extracted = tracker_process(w, "extract", str(tmp_path / "other.md"))
        waited = time.monotonic() - began
        out, err = sync.communicate(timeout=120)
        assert extracted.returncode == 0 and extracted.stderr == "", extracted.stdout + extracted.stderr
        assert waited > 1.0 and sync.returncode == 0, (waited, out + err)
        ok(tracker_process(w, "sync"))
        assert problems(w, {("AI-4", "text"): NEW_ITEM, ("AI-1", "text"): rows(3)[0].text}) == []
