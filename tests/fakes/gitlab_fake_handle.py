"""The person's side of the fake GitLab: edits made as in the web UI, and the request log.

Mixed into `FakeGitLab`; together they implement `tests.connectors.harness.RemoteHandle`. These
edits change state directly (they are not requests) and move `updated_at` like any write. Won't do
is the convention of the GitLab connector: a closed issue with the `wont-do` label.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from tests.connectors.harness import RemoteView
from tests.fakes.gitlab_fake_model import IssueRec, ProjectRec, UserRec

ZWJ = "\u200d"
WONT_DO = "wont-do"
_MARKER = re.compile(r"<!-- tracker:([A-Za-z0-9_.:-]+) -->")


class FakeGitLabHandle:
    project: ProjectRec
    users: dict[str, UserRec]
    requests: list[tuple[str, str]]

    def touch(self, iid: int, **changes: Any) -> IssueRec:
        raise NotImplementedError

    def issues(self) -> list[RemoteView]:
        return [self._view(rec) for rec in self.project.issues.values()]

    def close(self, key: str, reason: Literal["completed", "not_planned"] = "completed") -> None:
        rec = self.project.issues[int(key)]
        labels = [n for n in rec.labels if n.lower() != WONT_DO] + ([WONT_DO] if reason == "not_planned" else [])
        self.touch(int(key), state="closed", labels=labels)
        rec.closed_at = rec.updated_at

    def reopen(self, key: str) -> None:
        self.touch(int(key), state="opened", closed_at=None, closed_by=None)

    def assign(self, key: str, account: str | None) -> None:
        self.touch(int(key), assignees=[self.users[account.lower()]] if account else [])

    def set_due(self, key: str, due: date | None) -> None:
        self.touch(int(key), due_date=due)

    def set_title(self, key: str, title: str) -> None:
        self.touch(int(key), title=title)

    def delete(self, key: str) -> None:
        del self.project.issues[int(key)]

    def request_count(self) -> int:
        return len(self.requests)

    def reset_requests(self) -> None:
        self.requests.clear()

    def _view(self, rec: IssueRec) -> RemoteView:
        is_closed = rec.state == "closed"
        wont = WONT_DO in {n.lower() for n in rec.labels}
        markers = _MARKER.findall(rec.description or "")
        return RemoteView(
            key=str(rec.iid),
            title=rec.title.replace(ZWJ, ""),  # what a reader sees
            closed=is_closed,
            closed_reason=("not_planned" if wont else "completed") if is_closed else None,
            assignee=rec.assignees[0].username if rec.assignees else None,
            due=rec.due_date,
            marker=markers[-1] if markers else None,
        )
