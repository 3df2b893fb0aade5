"""The in-memory tracker as a contract-suite environment."""

from __future__ import annotations

from datetime import date
from typing import Literal

from connectors.memory.connector import MemoryConnector, MemoryTracker
from tests.connectors.harness import RemoteView
from tracker.config import Config, MemoryTarget
from tracker.model import Status
from tracker.people import People


class MemoryHandle:
    def __init__(self, tracker: MemoryTracker) -> None:
        self.tracker = tracker

    def issues(self) -> list[RemoteView]:
        return [
            RemoteView(
                key=i.key,
                title=i.fields.text,
                closed=i.fields.status in (Status.DONE, Status.WONT_DO),
                closed_reason={Status.DONE: "completed", Status.WONT_DO: "not_planned"}.get(i.fields.status),  # type: ignore[arg-type]
                assignee=i.fields.owner,
                due=i.fields.due,
                marker=i.item_id,
            )
            for i in self.tracker.issues.values()
            if not i.deleted
        ]

    def close(self, key: str, reason: Literal["completed", "not_planned"] = "completed") -> None:
        self.tracker.touch(key, status=Status.DONE if reason == "completed" else Status.WONT_DO)

    def reopen(self, key: str) -> None:
        self.tracker.touch(key, status=Status.OPEN)

    def assign(self, key: str, account: str | None) -> None:
        self.tracker.touch(key, owner=account)

    def set_due(self, key: str, due: date | None) -> None:
        self.tracker.touch(key, due=due)

    def set_title(self, key: str, title: str) -> None:
        self.tracker.touch(key, text=title)

    def delete(self, key: str) -> None:
        self.tracker.touch(key, deleted=True)

    def request_count(self) -> int:
        return self.tracker.requests

    def reset_requests(self) -> None:
        self.tracker.requests = 0

    def fail_next(self, status: int, **kw: object) -> None:
        raise NotImplementedError("the memory tracker does not fail")


def make_memory(clock: object, config: Config) -> tuple[MemoryConnector, MemoryHandle]:
    tracker = MemoryTracker(clock=clock)  # type: ignore[arg-type]
    connector = MemoryConnector("remote", MemoryTarget(kind="memory"), config, People(config.people), tracker=tracker)
    return connector, MemoryHandle(tracker)
