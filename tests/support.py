"""Helpers shared by tests: a controllable clock and quick ways to fill a store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tracker.model import Postmortem, Status
from tracker.reextract.plan import NewItem
from tracker.services.extract import store_document
from tracker.store import ImportResult, Store

START = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


class Clock:
    """A clock tests move by hand; shared by the engine and a fake tracker."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(milliseconds=1)  # strictly increasing, like real time
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def new_item(text: str, position: int, **fields: object) -> NewItem:
    values: dict[str, object] = {
        "category": None,
        "section": "Action Items",
        "owner": None,
        "due": None,
        "due_derived": False,
        "status": Status.OPEN,
        "priority": None,
    }
    values.update(fields)
    return NewItem(text=text, position=position, **values)  # type: ignore[arg-type]


def add_postmortem(
    store: Store,
    items: list[NewItem],
    *,
    source: str = "/pm/outage.md",
    title: str = "Login outage",
    target: str | None = None,
    targets: Sequence[str] = (),
    now: datetime = START,
) -> ImportResult:
    pm = Postmortem(
        id="",
        title=title,
        source=source,
        content_hash="x",
        incident_date=date(2026, 10, 30),
        targets=list(targets) or ([target] if target else []),
    )
    known = store.postmortem_by_source(source)
    if known is not None:
        pm = pm.model_copy(update={"id": known.id})
    return store_document(store, pm, items, now)


def open_store(location: Path | str) -> Store:
    """The store at `location`: a folder (its `tracker.db`), a store file, or a PostgreSQL URL
    (the `store_location` fixture gives either backend's)."""
    if isinstance(location, Path) and (location.is_dir() or not location.suffix):
        return Store(location / "tracker.db")
    return Store(location)
