"""The fault matrix: each fault at each kind of request, through `tracker sync`, then a clean sync.

One prepared state per tracker, whose next sync makes every kind of request the connector has:
pulls (an issue closed, one reassigned there), pushes (an owner, a due date, a status here),
creates (two new items, one in progress: Jira moves it and links the postmortem), and, on GitHub,
due-date milestones. Each cell restores that state, syncs with the fault, checks the exit code,
the message and that nothing local is half-written, then syncs cleanly and checks convergence.
"""

from __future__ import annotations

import copy
import re
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from tests.reliability.checks import problems
from tests.reliability.cli import Ran, tracker
from tests.reliability.faults import (
    ITEM_ID,
    ITEM_KINDS,
    MODES,
    Fault,
    Mode,
    expected_exit,
    faults_for,
    injected,
    kinds_for,
)
from tests.reliability.scenario import NEW_ITEM, Key, Row, document, rows
from tests.reliability.world import Fake, World, world
from tests.support import Clock
from tracker.config import Config
from tracker.model import LinkState, Status, SyncFields
from tracker.services.extract import run_import
from tracker.store.db import integrity_problems
from tracker.sync.actions import UpdateLocal
from tracker.sync.engine import preview, to_fields
from tracker.sync.status import SyncState

ITEMS = 6
EXTRA = [
    Row(NEW_ITEM, "Alice", date(2027, 2, 14), None),
    Row("Rehearse the incident commander handover", "Bob", None, None),
]
ORACLE: dict[Key, object] = {
    ("AI-1", "status"): Status.DONE,  # closed there
    ("AI-2", "owner"): "Bob",  # reassigned there
    ("AI-3", "owner"): "Alice",  # reassigned here
    ("AI-4", "status"): Status.DONE,  # done here
    ("AI-5", "due"): date(2027, 5, 5),  # re-dated here
    ("AI-7", "text"): NEW_ITEM,
    ("AI-8", "status"): Status.IN_PROGRESS,
}


@dataclass
class Prepared:
    kind: str
    store: bytes
    fake: Fake
    clock: Clock


def _extract(w: World, items: list[Row]) -> None:
    path = w.root / "postmortem.md"
    path.write_text(document(items), encoding="utf-8")
    with w.store() as store:
        run_import([path], Config(), store, now=w.clock())
        with store.transaction() as conn:
            conn.execute("UPDATE postmortems SET url = ?", ("https://wiki.example/pm/checkout",))


def prepare(kind: str) -> Prepared:
    with tempfile.TemporaryDirectory() as tmp, world(kind, Path(tmp), Clock(datetime.now(UTC))) as w:
        _extract(w, rows(ITEMS))
        assert not w.sync().errors
        w.clock.advance(600)
        w.fake.close(w.key_of("AI-1"), "completed")
        w.fake.assign(w.key_of("AI-2"), w.account("Bob"))
        _extract(w, rows(ITEMS) + EXTRA)
        with w.store() as store:
            for (item, name), value in ORACLE.items():
                if item not in ("AI-1", "AI-2", "AI-7"):
                    store.edit_item(item, {name: value}, w.clock())
        return Prepared(kind, w.db.read_bytes(), w.fake, w.clock)


@contextmanager
def restored(prepared: Prepared, root: Path) -> Iterator[World]:
    memo: dict[int, object] = {}
    lock = getattr(prepared.fake, "_lock", None)
    if lock is not None:
        memo[id(lock)] = threading.RLock()
    clock, fake = copy.deepcopy((prepared.clock, prepared.fake), memo)
    (root / "tracker.db").write_bytes(prepared.store)
    with world(prepared.kind, root, clock, fake) as w:
        yield w


@dataclass
class Cell:
    kind: str
    fault: str
    at: str
    mode: Mode
    code: int = -1
    want: int = -1
    message: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.kind} | {self.fault} at {self.at} ({self.mode})"


def run_cell(prepared: Prepared, fault: Fault, at: str, mode: Mode = "persistent") -> Cell:
    cell = Cell(prepared.kind, fault.name, at, mode, want=expected_exit(prepared.kind, fault, at, mode))
    with tempfile.TemporaryDirectory() as tmp, restored(prepared, Path(tmp)) as w:
        before, pulls = _local(w), _pulls(w)
        with injected(w, fault, at, mode) as hits:
            ran = tracker(w, "sync")
        cell.code, cell.message = ran.code, _message(ran)
        if not hits:
            cell.problems.append(f"the sync never made a {at} request")
        cell.problems += _judge(cell, fault, ran) + _half_written(w, before, pulls, fault, at)
        again = tracker(w, "sync")
        if again.code != 0:
            cell.problems.append(f"the clean sync after it exited {again.code}: {_message(again)}")
        gone = fault.status in (404, 410) and at in ITEM_KINDS
        cell.problems += [p for p in problems(w, ORACLE) if not (gone and "link left broken" in p)]
    return cell


def _message(ran: Ran) -> str:
    lines = [ln.strip() for ln in ran.stderr.splitlines() if ln.strip()]
    lines += [ln.strip() for ln in ran.stdout.splitlines() if ln.strip().startswith(("error:", "warning:"))]
    return " | ".join(lines)


def _judge(cell: Cell, fault: Fault, ran: Ran) -> list[str]:
    found = []
    if cell.code != cell.want:
        found.append(f"exit {cell.code}, want {cell.want}: {cell.message or ran.stdout.strip()}")
    if "Traceback" in ran.stderr or len(ran.stderr.strip().splitlines()) > 1:
        found.append(f"stderr is not one line: {ran.stderr!r}")
    if cell.want == 0:
        return found
    lines = cell.message.split(" | ")
    said = [ln for ln in lines if re.search(fault.cause, ln, re.I)]
    if not said:
        found.append(f"no message names the cause ({fault.cause}): {cell.message!r}")
    elif cell.at in ITEM_KINDS and not any(ITEM_ID.search(ln) for ln in said):
        found.append(f"the message does not name the item: {cell.message!r}")
    return found


def _local(w: World) -> dict[str, SyncFields]:
    with w.store() as store:
        return {i.id: to_fields(i) for i in store.items()}


def _pulls(w: World) -> dict[str, dict[str, object]]:
    with w.store() as store:
        plan = preview(store, w.connector(), w.options())
    return {a.item_id: {k: v for k, (_, v) in a.changes.items()} for a in plan if isinstance(a, UpdateLocal)}


def _half_written(
    w: World, before: dict[str, SyncFields], pulls: dict[str, dict[str, object]], fault: Fault, at: str
) -> list[str]:
    """Every item is as it was or fully pulled; every link is whole; the file is sound."""
    found = []
    with w.store() as store:
        found += integrity_problems(store.conn)
        now = {i.id: to_fields(i) for i in store.items()}
        links = SyncState(store).links("remote")
    for item_id, fields in now.items():
        old = before[item_id]
        if fields not in (old, old.with_changes(pulls.get(item_id, {}))):
            found.append(f"{item_id} half-written: {old.diff(fields)} (the whole pull was {pulls.get(item_id)})")
    for item_id, link in links.items():
        if link.state == LinkState.LINKED and (link.key is None or link.base is None):
            found.append(f"{item_id}: linked without a key or a last-synced state")
        if link.state == LinkState.BROKEN and not (fault.status in (404, 410) and at in ITEM_KINDS):
            found.append(f"{item_id}: link marked broken by a {fault.name}")
    return found


def cells(kind: str) -> list[tuple[Fault, str, Mode]]:
    return [(fault, at, mode) for mode in MODES for fault in faults_for(kind) for at in kinds_for(kind)]
