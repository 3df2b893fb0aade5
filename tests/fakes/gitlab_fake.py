"""A stateful in-memory GitLab REST API v4: projects, issues, labels, milestones and users.

`FakeGitLab.handle(method, url, headers, body) -> (status, headers, body)` is the whole server;
`install(responses_mock)` puts it behind `responses`, and `tests/fakes/http_server.serve(fake.handle)`
puts it on a real socket (call `fake.rebase(url)` first so its URLs point there). Drive it with the
real `python-gitlab` client: `gitlab.Gitlab(fake.origin, private_token=fake.token)`.

What it follows (docs.gitlab.com): "REST API" (authentication: `PRIVATE-TOKEN` or
`Authorization: Bearer`, 401 `{"message": "401 Unauthorized"}`, 404 `{"message": "404 Project Not
Found"}`, projects by id or URL-encoded path), "Projects API" (`GET /projects/:id`), "Users API"
(`GET /user`, `GET /users?username=`), "Issues API" (create, get by `iid`, edit with `state_event`,
`labels`/`add_labels`/`remove_labels`, `assignee_ids`, `due_date`, `milestone_id`; list with
`state`, `labels` (incl. `None`/`Any`), `updated_after`/`updated_before` (inclusive), `iids[]`,
`search`, `order_by`, `sort`; delete for owners), "Labels API" (list, create; labels used on an
issue are created on first use; a scoped label `scope::value` replaces the issue's other label of
that scope), "Milestones API" (list, create), "REST API pagination" (offset: `X-Page`,
`X-Per-Page`, `X-Next-Page`, `X-Prev-Page`, `X-Total`, `X-Total-Pages`, `Link`; per_page 20 by
default, 100 at most; keyset (`pagination=keyset`, `Link: rel="next"`, no totals) only on
`/projects` and `/users` — GitLab does not offer it for issues and answers offset pages there),
and "Rate limits" (`RateLimit-Limit`, `-Observed`, `-Remaining`, `-Reset`, `-ResetTime` on every
answer, as GitLab.com sends them; 429 with `Retry-After` beyond `limit_requests`).
`updated_at` follows an injectable clock, with milliseconds, and moves at least `write_step` per
change; an edit that changes nothing leaves it alone.

Left out: notes, merge requests, groups, epics, weights, time tracking, `sudo`, `private_token` as
a query parameter, OAuth scopes, `X-Total` omission above 10,000 rows, ETags, GraphQL, and the
Premium/Free differences beyond two switches (`scoped_labels`, `multiple_assignees`).

Faults: `fail_next(status, kind=...)` (status / timeout / reset / truncated / malformed) and
`fail_rate_limit(retry_after)`; every request lands in `requests` (`count()` filters them).
The person's side (`tests.fakes.gitlab_fake_handle`) makes it a contract-suite `RemoteHandle`.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import formatdate
from typing import Any, Literal
from urllib.parse import parse_qsl, unquote, urlsplit

import requests

from tests.fakes.gitlab_fake_endpoints import OWNER, Endpoints, Req, Result, message
from tests.fakes.gitlab_fake_handle import FakeGitLabHandle
from tests.fakes.gitlab_fake_model import IssueRec, ProjectRec, UserRec

DEFAULT_ORIGIN = "https://gitlab.fake"
USERS = ("alice", "bob", "carol")
FaultKind = Literal["status", "timeout", "lost_answer", "reset", "malformed", "truncated"]
Answer = tuple[int, dict[str, str], bytes]
_PROJECT = r"/projects/(?P<project>[^/]+)"
ROUTES: list[tuple[str, str, Callable[[Any, Req], Result]]] = [
    ("GET", r"/user", lambda fake, req: (200, req.user.json_self(), {})),
    ("GET", r"/users", lambda fake, req: fake._users(req)),
    ("GET", _PROJECT, lambda fake, req: (200, req.project.json(), {})),
    ("GET", _PROJECT + r"/issues", lambda fake, req: fake._list_issues(req)),
    ("POST", _PROJECT + r"/issues", lambda fake, req: fake._create_issue(req)),
    ("GET", _PROJECT + r"/issues/(?P<iid>\d+)", lambda fake, req: fake._get_issue(req)),
    ("PUT", _PROJECT + r"/issues/(?P<iid>\d+)", lambda fake, req: fake._edit_issue(req)),
    ("DELETE", _PROJECT + r"/issues/(?P<iid>\d+)", lambda fake, req: fake._delete_issue(req)),
    ("GET", _PROJECT + r"/labels", lambda fake, req: fake._labels(req)),
    ("POST", _PROJECT + r"/labels", lambda fake, req: fake._create_label(req)),
    ("GET", _PROJECT + r"/milestones", lambda fake, req: fake._milestones(req)),
    ("POST", _PROJECT + r"/milestones", lambda fake, req: fake._create_milestone(req)),
]


class FakeTimeout(requests.exceptions.ReadTimeout, TimeoutError):
    """A read timeout (raised through `responses`; the socket server drops the connection)."""


@dataclass
class Fault:
    status: int
    times: int
    method: str | None = None
    path_contains: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    kind: FaultKind = "status"

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method.upper() == method) and (
            self.path_contains is None or self.path_contains in path
        )


def _wall() -> datetime:
    return datetime.now(UTC)


class FakeGitLab(Endpoints, FakeGitLabHandle):
    def __init__(
        self,
        origin: str = DEFAULT_ORIGIN,
        *,
        project: str = "acme/incidents",
        token: str = "glpat-fake-token",
        me: str = "tracker-bot",
        users: tuple[str, ...] = USERS,
        clock: Callable[[], datetime] | None = None,
        write_step: timedelta = timedelta(milliseconds=1),
        scoped_labels: bool = True,
        multiple_assignees: bool = True,
    ) -> None:
        self.rebase(origin)
        self.clock = clock or _wall
        self.write_step = write_step
        self.scoped_labels = scoped_labels  # Premium: one label per scope on an issue
        self.multiple_assignees = multiple_assignees  # Premium; Free keeps the first assignee
        self.requests: list[tuple[str, str]] = []
        self.sleeps: list[float] = []  # the waits of a RetryPolicy given `sleeps.append`
        self.rate_limit = 2000
        self.reset_epoch = int(time.time()) + 60
        self._window_start = 0
        self._faults: list[Fault] = []
        self._closers: list[Callable[[], None]] = []
        self._last = datetime(2000, 1, 1, tzinfo=UTC)
        self._ids = 100
        self.users: dict[str, UserRec] = {}
        self.projects: dict[int, ProjectRec] = {}
        self.me = self.add_user(me, name="Tracker Bot")
        self.token = token
        self.tokens: dict[str, str] = {token: me}
        for username in users:
            self.add_user(username)
        self.project = self.add_project(project)

    # --- wiring ------------------------------------------------------------------------------------

    def rebase(self, origin: str) -> None:
        self.origin = origin.rstrip("/")
        for user in getattr(self, "users", {}).values():
            user.origin = self.origin
        for project in getattr(self, "projects", {}).values():
            project.origin = self.origin

    def install(self, responses_mock: Any) -> None:
        """Answer every request to this fake's host through `responses` (a RequestsMock)."""
        pattern = re.compile(re.escape(self.origin) + r"(:\d+)?(/.*)?$")
        for method in ("GET", "HEAD", "POST", "PUT", "DELETE"):
            responses_mock.add_callback(method, pattern, callback=self._from_responses)

    def _from_responses(self, request: Any) -> Answer:
        body = request.body.encode() if isinstance(request.body, str) else request.body or b""
        return self.handle(request.method, request.url, dict(request.headers), body)

    def on_close(self, fn: Callable[[], None]) -> None:
        self._closers.append(fn)

    def close_env(self) -> None:
        while self._closers:
            self._closers.pop()()

    # --- seeding -----------------------------------------------------------------------------------

    def _new_id(self) -> int:
        self._ids += 1
        return self._ids

    def add_user(self, username: str, *, name: str | None = None, member: bool = True) -> UserRec:
        user = UserRec(self._new_id(), username, name or username.title(), self.origin)
        self.users[username.lower()] = user
        if member:
            for project in self.projects.values():
                project.members.setdefault(username, 30)
        return user

    def add_project(self, path: str, *, access: int = OWNER) -> ProjectRec:
        """A project the token's user has `access` to (50 owner, 40 maintainer, 30 developer)."""
        project = ProjectRec(self._new_id(), path, self.origin, self.tick())
        project.members = {u.username: 30 for u in self.users.values()} | {self.me.username: access}
        self.projects[project.id] = project
        return project

    def issue(self, iid: int, project: ProjectRec | None = None) -> IssueRec:
        return (project or self.project).issues[iid]

    def touch(self, iid: int, **changes: Any) -> IssueRec:
        """A person's edit in the web UI: set fields directly and bump `updated_at`."""
        rec = self.issue(iid)
        for name, value in changes.items():
            setattr(rec, name, value)
        rec.updated_at = self.tick()
        return rec

    # --- time --------------------------------------------------------------------------------------

    def tick(self) -> datetime:
        """A write's time: the clock's, to the millisecond, at least `write_step` after the last."""
        now = self.clock().astimezone(UTC)
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        self._last = max(now, self._last + self.write_step)
        return self._last

    # --- faults, limits and the request log --------------------------------------------------------

    def fail_next(
        self,
        status: int = 500,
        *,
        times: int = 1,
        method: str | None = None,
        path_contains: str | None = None,
        headers: dict[str, str] | None = None,
        body: str | None = None,
        kind: FaultKind = "status",
    ) -> None:
        """The next `times` matching requests fail: with `status` (and `headers`/`body`), or with a
        read timeout / connection reset / malformed JSON / truncated answer per `kind`; `lost_answer`
        serves the request, then times out (a write that happened, as the client cannot tell)."""
        self._faults.append(Fault(status, times, method, path_contains, dict(headers or {}), body, kind))

    def fail_rate_limit(self, retry_after: int | None = 1, *, times: int = 1, **match: Any) -> None:
        """429 "Retry later" as Rack::Attack answers it (with `Retry-After` unless None)."""
        headers = {"RateLimit-Remaining": "0"}
        if retry_after is not None:
            headers["Retry-After"] = str(retry_after)
        self.fail_next(429, times=times, headers=headers, body="Retry later\n", **match)

    def limit_requests(self, limit: int, *, reset_in: int = 60) -> None:
        """Allow `limit` requests in the window (from now); beyond, 429 with `Retry-After`."""
        self.rate_limit = limit
        self.reset_epoch = int(time.time()) + reset_in
        self._window_start = len(self.requests)

    def count(self, method: str | None = None, path_contains: str | None = None) -> int:
        """How many requests arrived (that match), faulted ones included."""
        return sum(
            (method is None or m == method.upper()) and (path_contains is None or path_contains in p)
            for m, p in self.requests
        )

    def _take_fault(self, method: str, path: str) -> Fault | None:
        for fault in self._faults:
            if fault.times > 0 and fault.matches(method, path):
                fault.times -= 1
                return fault
        return None

    def _faulted(self, fault: Fault, method: str, url: str, headers: Mapping[str, str], body: bytes) -> Answer:
        if fault.kind == "timeout":
            raise FakeTimeout("read timed out (injected)")
        if fault.kind == "lost_answer":  # the write happened, the answer never arrived
            self._serve(method, url, headers, body)
            raise FakeTimeout("read timed out after the server acted (injected)")
        if fault.kind == "reset":
            raise requests.exceptions.ConnectionError("Connection reset by peer (injected)")
        if fault.kind == "truncated":
            status, out_headers, payload = self._serve(method, url, headers, body)
            return status, out_headers, payload[: len(payload) // 2]
        if fault.kind == "malformed":
            return fault.status or 200, self._headers(fault.headers), b'{"message": "oops", '
        payload = fault.body.encode() if fault.body is not None else json.dumps(_server_error(fault.status)).encode()
        return fault.status, self._headers(fault.headers), payload

    # --- the server --------------------------------------------------------------------------------

    def handle(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> Answer:
        method = method.upper()
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        self.requests.append((method, target))
        fault = self._take_fault(method, target)
        if fault is not None:
            return self._faulted(fault, method, target, headers, body or b"")
        return self._serve(method, target, headers, body or b"")

    def _serve(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> Answer:
        lowered = {k.lower(): v for k, v in headers.items()}
        user = self._authenticate(lowered)
        if user is None:
            return self._answer(401, message(401, "Unauthorized"))
        if self._throttled():
            extra = {"Retry-After": str(max(1, self.reset_epoch - int(time.time())))}
            return 429, self._headers(extra), b"Retry later\n"
        path, _, query = target.partition("?")
        if not path.startswith("/api/v4/"):
            return self._answer(404, {"error": "404 Not Found"})
        data = _body(body, lowered.get("content-type", ""))
        if data is None:
            return self._answer(400, {"error": "The provided content-type is not supported or the JSON is malformed"})
        req = Req(path[len("/api/v4") :], parse_qsl(query, keep_blank_values=True), data, user)
        status, payload, extra = self._route(method, req)
        return self._answer(status, payload, extra)

    def _authenticate(self, headers: Mapping[str, str]) -> UserRec | None:
        token = headers.get("private-token")
        bearer = headers.get("authorization", "")
        if token is None and bearer.startswith("Bearer "):
            token = bearer[len("Bearer ") :]
        username = self.tokens.get(token or "")
        return self.users.get(username.lower()) if username else None

    def _throttled(self) -> bool:
        used = len(self.requests) - self._window_start
        return used > self.rate_limit and time.time() < self.reset_epoch

    def _route(self, method: str, req: Req) -> Result:
        for verb, pattern, handler in ROUTES:
            found = re.fullmatch(pattern, req.path)
            if found is None:
                continue
            if "project" in found.groupdict():
                req.project = self._project(found.group("project"))
                if req.project is None:
                    return 404, message(404, "Project Not Found"), {}
            if verb == method:
                req.match = found
                return handler(self, req)
        return 404, {"error": "404 Not Found"}, {}

    def _project(self, ref: str) -> ProjectRec | None:
        ref = unquote(ref)
        if ref.isdigit():
            return self.projects.get(int(ref))
        return next((p for p in self.projects.values() if p.path_with_namespace.lower() == ref.lower()), None)

    def _answer(self, status: int, payload: Any, extra: dict[str, str] | None = None) -> Answer:
        content = b"" if payload is None else json.dumps(payload).encode()
        return status, self._headers(extra or {}), content

    def _headers(self, extra: dict[str, str]) -> dict[str, str]:
        used = len(self.requests) - self._window_start
        headers = {
            "Content-Type": "application/json",
            "RateLimit-Name": "throttle_authenticated_api",
            "RateLimit-Limit": str(self.rate_limit),
            "RateLimit-Observed": str(used),
            "RateLimit-Remaining": str(max(0, self.rate_limit - used)),
            "RateLimit-Reset": str(self.reset_epoch),
            "RateLimit-ResetTime": formatdate(self.reset_epoch, usegmt=True),
        }
        lowered = {k.lower() for k in extra}
        return {**{k: v for k, v in headers.items() if k.lower() not in lowered}, **extra}


def _body(body: bytes, content_type: str) -> dict[str, Any] | None:
    """The request's parameters: JSON or form-encoded (python-gitlab sends JSON); None if broken."""
    if not body:
        return {}
    if "json" in content_type:
        try:
            data = json.loads(body)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None
    return dict(parse_qsl(body.decode(), keep_blank_values=True))


def _server_error(status: int) -> dict[str, str]:
    return {"message": f"{status} Internal Server Error" if status == 500 else f"{status} Error"}
