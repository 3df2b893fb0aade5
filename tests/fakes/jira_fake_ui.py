"""What a person does in Jira's UI, straight on the fake's state (not requests): the RemoteHandle."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from tests.connectors.harness import RemoteView
from tests.fakes.jira_fake_model import FakeIssue
from tests.fakes.jira_fake_state import JiraState

WONT_DO = {"Won't Do", "Won't Fix", "Duplicate", "Cannot Reproduce"}


class PersonInTheUi(JiraState):
    def issues(self) -> list[RemoteView]:
        return [self._view(i) for i in sorted(self.records.values(), key=lambda i: i.id)]

    def _view(self, issue: FakeIssue) -> RemoteView:
        closed = self.workflow.category(issue.status) == "done"
        reason: Literal["completed", "not_planned"] | None = None
        if closed:
            reason = "not_planned" if issue.resolution in WONT_DO else "completed"
        marker = next((label[8:].upper() for label in sorted(issue.labels) if label.startswith("tracker-")), None)
        return RemoteView(issue.key, issue.summary, closed, reason, issue.assignee, issue.due(), marker)

    def close(self, key: str, reason: Literal["completed", "not_planned"] = "completed") -> None:
        with self._lock:
            self._move(
                self.record(key),
                self.workflow.first_in("done"),
                "Done" if reason == "completed" else "Won't Do",
            )

    def reopen(self, key: str) -> None:
        with self._lock:
            self._move(self.record(key), self.workflow.initial)

    def assign(self, key: str, account: str | None) -> None:
        with self._lock:
            self._set(key, assignee=account)

    def set_due(self, key: str, due: date | None) -> None:
        with self._lock:
            self._set(key, duedate=due.isoformat() if due else None)

    def set_title(self, key: str, title: str) -> None:
        with self._lock:
            self._set(key, summary=title)

    def delete(self, key: str) -> None:
        with self._lock:
            del self.records[self.record(key).id]

    def _set(self, key: str, **values: Any) -> None:
        issue = self.record(key)
        for name, value in values.items():
            setattr(issue, name, value)
        issue.updated = self.tick()
