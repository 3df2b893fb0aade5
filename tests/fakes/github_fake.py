"""A stateful in-memory GitHub REST API: issues, labels, milestones, assignees and comments.

`FakeGitHub.handle(method, url, headers, body) -> (status, headers, body)` is the whole server;
`install(responses_mock)` puts it behind `responses`, and `tests/fakes/http_server.serve(fake.handle)`
puts it on a real socket (call `fake.rebase(url + "/api/v3")` first so its URLs point there).

What it copies from GitHub (see /work/shared/api-notes.md §1-2): full objects with URLs on its own
host; `state`/`labels`/`since`/`sort`/`direction` filters; pagination (`per_page` 30 by default,
100 at most) with `Link: <URL>; rel="next", <URL>; rel="last"` (+ prev/first) pointing at
`/repositories/{id}/...`, which it routes too; 410 for deleted issues, 404 for unknown ones; 422
`validation-error` bodies for unassignable users, unknown milestones, missing titles; PRs in issue
lists (with `pull_request`); labels created on first use; rate-limit headers on every answer;
`state_reason` ignored unless `state` changes. `updated_at` follows an injectable clock and moves
at least one second per write, so `since` is deterministic.

Faults: `fail_next(status, ..., kind=...)`; person-side edits and the request log: `FakeGitHubHandle`
(the `RemoteHandle` the contract suite drives), which this class includes.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit

import requests

from tests.fakes.github_fake_endpoints import ROUTES, Endpoints, Req, Result
from tests.fakes.github_fake_handle import FakeGitHubHandle
from tests.fakes.github_fake_json import Json, RepoRec, error

DEFAULT_BASE = "https://github.fake/api/v3"
ASSIGNABLE = ("alice", "bob", "carol")
WRITES = ("POST", "PATCH", "PUT", "DELETE")
FaultKind = Literal["status", "timeout", "connect_timeout", "reset", "malformed", "truncated"]
Answer = tuple[int, dict[str, str], bytes]
SECONDARY = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
_DEFAULT_MESSAGES = {
    401: "Bad credentials",
    403: "Resource not accessible by personal access token",
    404: "Not Found",
    410: "This issue was deleted",
    422: "Validation Failed",
    429: SECONDARY,
}


class FakeTimeout(requests.exceptions.ReadTimeout, TimeoutError):
    """A read timeout (raised through `responses`; the socket server drops the connection)."""


class FakeConnectTimeout(requests.exceptions.ConnectTimeout, TimeoutError):
    """A connect timeout."""


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


class FakeGitHub(Endpoints, FakeGitHubHandle):
    def __init__(
        self,
        base_url: str = DEFAULT_BASE,
        *,
        repo: str = "octo/tracker",
        token: str | None = "fake-token",
        clock: Callable[[], datetime] | None = None,
        assignable: tuple[str, ...] = ASSIGNABLE,
        write_step: timedelta = timedelta(seconds=1),
    ) -> None:
        self.rebase(base_url)
        self.token = token
        self.clock = clock or _wall
        self.write_step = write_step  # each write's updated_at is at least this much after the last
        self.assignable = {login.lower() for login in assignable}
        self.requests: list[tuple[str, str]] = []
        self.sleeps: list[float] = []  # a no-wait RetryPolicy can record here
        self.rate_limit_hits = 0  # requests refused by `limit_writes`
        self.write_times: list[float] = []
        self.reset_epoch = int(time.time()) + 3600
        self._faults: list[Fault] = []
        self._limit: tuple[Callable[[], float], int, int] | None = None
        self._closers: list[Callable[[], None]] = []
        self._last = datetime(2000, 1, 1, tzinfo=UTC)
        self._ids = 100
        owner, name = repo.split("/")
        self.repo = RepoRec(self._new_id(), owner, name, self.tick())
        self.repos = {self.repo.full_name.lower(): self.repo}

    # --- wiring ----------------------------------------------------------------------------------

    def rebase(self, base_url: str) -> None:
        parts = urlsplit(base_url.rstrip("/"))
        self.base_url = base_url.rstrip("/")
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.prefix = parts.path
        self.json = Json(self.base_url, self.origin)

    def install(self, responses_mock: Any) -> None:
        """Answer every request to this fake's host through `responses` (a RequestsMock)."""
        pattern = re.compile(re.escape(self.origin) + r"(:\d+)?(/.*)?$")  # PyGithub adds ":443"
        for method in ("GET", "HEAD", *WRITES):
            responses_mock.add_callback(method, pattern, callback=self._from_responses)

    def _from_responses(self, request: Any) -> tuple[int, dict[str, str], bytes]:
        body = request.body.encode() if isinstance(request.body, str) else request.body or b""
        return self.handle(request.method, request.url, dict(request.headers), body)

    def on_close(self, fn: Callable[[], None]) -> None:
        self._closers.append(fn)

    def close_env(self) -> None:
        while self._closers:
            self._closers.pop()()

    # --- time ------------------------------------------------------------------------------------

    def tick(self) -> datetime:
        """A write's time: the clock's, truncated to seconds, at least `write_step` after the last."""
        now = self.clock().astimezone(UTC).replace(microsecond=0)
        self._last = max(now, self._last + self.write_step)
        return self._last

    def set_time(self, when: datetime) -> None:
        """Freeze the clock at `when` (writes then move `write_step` each)."""
        self.clock = lambda: when
        self._last = min(self._last, when - self.write_step)

    def _new_id(self) -> int:
        self._ids += 1
        return self._ids

    # --- faults and limits -----------------------------------------------------------------------

    def fail_next(
        self,
        status: int,
        *,
        times: int = 1,
        method: str | None = None,
        path_contains: str | None = None,
        headers: dict[str, str] | None = None,
        body: str | None = None,
        kind: FaultKind = "status",
    ) -> None:
        """The next `times` matching requests fail: with `status` (and `headers`/`body`), or with a
        timeout / connection reset / malformed JSON / truncated answer per `kind`."""
        self._faults.append(Fault(status, times, method, path_contains, dict(headers or {}), body, kind))

    def fail_secondary_limit(self, retry_after: int | None = None, *, status: int = 403, **match: Any) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
        self.fail_next(status, headers=headers, body=json.dumps(error(SECONDARY, status)), **match)

    def fail_primary_limit(self, reset_in: float, *, status: int = 403, **match: Any) -> None:
        headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time() + reset_in))}
        body = json.dumps(error("API rate limit exceeded for user ID 1.", status))
        self.fail_next(status, headers=headers, body=body, **match)

    def limit_writes(self, clock: Callable[[], float], per_minute: int = 80, per_hour: int = 500) -> None:
        """Enforce GitHub's content-creation limits against `clock` (403 secondary limit beyond)."""
        self._limit = (clock, per_minute, per_hour)

    def _take_fault(self, method: str, path: str) -> Fault | None:
        for fault in self._faults:
            if fault.times > 0 and fault.matches(method, path):
                fault.times -= 1
                return fault
        return None

    def _faulted(self, fault: Fault, method: str, url: str, headers: Mapping[str, str], body: bytes) -> Answer:
        if fault.kind == "timeout":
            raise FakeTimeout("read timed out (injected)")
        if fault.kind == "connect_timeout":
            raise FakeConnectTimeout("connect timed out (injected)")
        if fault.kind == "reset":
            raise requests.exceptions.ConnectionError("Connection reset by peer (injected)")
        if fault.kind == "truncated":
            status, out_headers, payload = self._serve(method, url, headers, body)
            return status, out_headers, payload[: len(payload) // 2]
        if fault.kind == "malformed":
            return fault.status or 200, self._headers(fault.headers), b'{"message": "oops", '
        message = _DEFAULT_MESSAGES.get(fault.status, "Server Error")
        payload = fault.body.encode() if fault.body is not None else json.dumps(error(message, fault.status)).encode()
        return fault.status, self._headers(fault.headers), payload

    def _over_limit(self, method: str) -> bool:
        if self._limit is None or method not in WRITES:
            return False
        clock, per_minute, per_hour = self._limit
        now = clock()
        minute = sum(t > now - 60 for t in self.write_times)
        hour = sum(t > now - 3600 for t in self.write_times)
        if minute >= per_minute or hour >= per_hour:
            self.rate_limit_hits += 1
            return True
        self.write_times.append(now)
        return False

    # --- the server ------------------------------------------------------------------------------

    def handle(self, method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> Answer:
        method = method.upper()
        parts = urlsplit(url)
        path = parts.path[len(self.prefix) :] if parts.path.startswith(self.prefix) else parts.path
        target = path + (f"?{parts.query}" if parts.query else "")
        self.requests.append((method, target))
        fault = self._take_fault(method, target)
        if fault is not None:
            return self._faulted(fault, method, target, headers, body or b"")
        return self._serve(method, target, headers, body or b"")

    def _serve(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> Answer:
        lowered = {k.lower(): v for k, v in headers.items()}
        if self.token is not None and lowered.get("authorization") not in (
            f"token {self.token}",
            f"Bearer {self.token}",
        ):
            return self._answer(401, error("Bad credentials", 401))
        if self._over_limit(method):
            return self._answer(403, error(SECONDARY, 403), {"Retry-After": "60"})
        path, _, query = target.partition("?")
        try:
            data = json.loads(body) if body else None
        except ValueError:
            return self._answer(400, error("Problems parsing JSON", 400))
        status, payload, extra = self._route(method, path, parse_qsl(query, keep_blank_values=True), data)
        return self._answer(status, payload, extra)

    def _answer(self, status: int, payload: Any, extra: dict[str, str] | None = None) -> Answer:
        content = b"" if payload is None else json.dumps(payload).encode()
        return status, self._headers(extra or {}), content

    def _headers(self, extra: dict[str, str]) -> dict[str, str]:
        used = len(self.requests)
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-RateLimit-Limit": "5000",
            "X-RateLimit-Remaining": str(max(0, 5000 - used)),
            "X-RateLimit-Used": str(used),
            "X-RateLimit-Reset": str(self.reset_epoch),
            "X-RateLimit-Resource": "core",
        }
        lowered = {k.lower() for k in extra}
        return {**{k: v for k, v in headers.items() if k.lower() not in lowered}, **extra}

    def _route(self, method: str, path: str, query: list[tuple[str, str]], data: Any) -> Result:
        if path == "/rate_limit" and method == "GET":
            return 200, self._rate_limit(), {}
        match = re.fullmatch(r"/(?:repos/([^/]+)/([^/]+)|repositories/(\d+))(/.*)?", path)
        repo = self._repo(match) if match else None
        if match is None or repo is None:
            return 404, error("Not Found", 404), {}
        rest = match.group(4) or ""
        for verb, pattern, handler in ROUTES:
            found = re.fullmatch(pattern, rest)
            if found and verb == method:
                result: Result = handler(self, Req(repo, found, dict(query), query, data))
                return result
        return 404, error("Not Found", 404), {}

    def _repo(self, match: re.Match[str]) -> RepoRec | None:
        if match.group(3):
            return next((r for r in self.repos.values() if r.id == int(match.group(3))), None)
        return self.repos.get(f"{match.group(1)}/{match.group(2)}".lower())

    def _rate_limit(self) -> dict[str, Any]:
        used = len(self.requests)
        core = {"limit": 5000, "remaining": max(0, 5000 - used), "reset": self.reset_epoch, "used": used}
        search = {"limit": 30, "remaining": 30, "reset": self.reset_epoch, "used": 0}
        return {"resources": {"core": core, "search": search}, "rate": core}
