"""The fake Jira's state: issues, workflow, users, projects, the clock, and who may call it."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.fakes.jira_fake_base import FakeServer, error
from tests.fakes.jira_fake_model import FakeIssue, FakeUser, Mode, Renderer, Workflow

_API = r"/rest/api/(?:2|latest)"


class JiraState(FakeServer):
    """Subclasses list their routes in ROUTES: (method, path regex under /rest/api/2, handler name)."""

    ROUTES: tuple[tuple[str, str, str], ...] = ()

    def __init__(
        self,
        mode: Mode = "cloud",
        *,
        base_url: str = "https://jira.fake",
        clock: Callable[[], datetime] | None = None,
        email: str = "bot@example.com",
        token: str = "fake-token-123",
    ) -> None:
        super().__init__(base_url)
        self.mode: Mode = mode
        self.clock = clock or (lambda: datetime.now(UTC))
        self.email, self.token = email, token
        self.workflow = Workflow()
        names = ("acc-alice", "acc-bob") if mode == "cloud" else ("alice", "bob")
        self.users = {n: FakeUser(n, n.removeprefix("acc-").capitalize()) for n in names}
        self.bot = FakeUser("acc-bot" if mode == "cloud" else "tracker-bot", "Tracker Bot", email=email)
        self.projects = {"PROJ": "10000"}
        self.records: dict[int, FakeIssue] = {}
        self.queries: list[str] = []  # every JQL the fake evaluated
        self._last = datetime.min.replace(tzinfo=UTC)
        self._ids = {"issue": 10000, "link": 10000, "comment": 100}
        self._numbers: dict[str, int] = {}
        self._routes = [(m, re.compile(_API + p), getattr(self, h)) for m, p, h in self.ROUTES]

    # -- state helpers ----------------------------------------------------------------------

    @property
    def render(self) -> Renderer:
        return Renderer(self.base_url, self.mode, self.workflow, self.users, self.projects)

    def tick(self) -> datetime:
        """The time of a write: the clock, strictly increasing, to the millisecond like Jira."""
        now = self.clock()
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        self._last = max(now, self._last + timedelta(milliseconds=1))
        return self._last

    def _next(self, kind: str) -> int:
        self._ids[kind] += 1
        return self._ids[kind]

    def add_issue(self, project: str = "PROJ", *, summary: str = "An issue", **values: Any) -> FakeIssue:
        """A new issue, straight into the state (no request); `values` are FakeIssue attributes."""
        now = self.tick()
        self._numbers[project] = self._numbers.get(project, 0) + 1
        issue = FakeIssue(
            self._next("issue"),
            f"{project}-{self._numbers[project]}",
            project,
            "Task",
            summary,
            now,
            now,
            status=self.workflow.initial,
        )
        for name, value in values.items():
            setattr(issue, name, value)
        self.records[issue.id] = issue
        return issue

    def record(self, key: str) -> FakeIssue:
        found = next((i for i in self.records.values() if i.key == key or str(i.id) == key), None)
        if found is None:
            raise error(404)
        return found

    def _move(self, issue: FakeIssue, status: str, resolution: str | None = None) -> None:
        issue.status = status
        done = self.workflow.category(status) == "done"
        issue.resolution = (resolution or "Done") if done else None
        issue.updated = self.tick()
        issue.resolved = issue.updated if done else None

    def user_zone(self) -> ZoneInfo:
        return ZoneInfo(self.bot.time_zone)

    def authorised(self, headers: dict[str, str]) -> bool:
        given = headers.get("authorization", "")
        if self.mode == "cloud":
            return given == "Basic " + base64.b64encode(f"{self.email}:{self.token}".encode()).decode()
        return given == f"Bearer {self.token}"

    def route(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        for route_method, pattern, handler in self._routes:
            match = pattern.fullmatch(path)
            if match and route_method == method:
                result: tuple[int, Any] = handler(query, body, *match.groups())
                return result
        raise error(404, f"null for uri: {self.base_url}{path}")
