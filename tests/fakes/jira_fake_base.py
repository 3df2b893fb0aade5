"""HTTP plumbing of the fake Jira: request log, fault injection, `responses` and real-socket adapters.

Transport faults are special statuses: TIMEOUT, RESET (no answer), MALFORMED (200 with broken JSON)
and TRUNCATED (the real answer, cut in half, after the work was done).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from tests.fakes.http_server import serve

Response = tuple[int, dict[str, str], bytes]
JSON_HEADERS = {"Content-Type": "application/json;charset=UTF-8"}
TIMEOUT, RESET, MALFORMED, TRUNCATED = -1, -2, -3, -4
REMOVED_SEARCH = (
    "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. "
    "A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046"
)
MESSAGES = {
    400: "Bad request.",
    401: "Client must be authenticated to access this resource.",
    403: "You do not have permission to perform this operation.",
    404: "Issue does not exist or you do not have permission to see it.",
    410: REMOVED_SEARCH,
    429: "Rate limit exceeded.",
    500: "Internal server error.",
    502: "Bad gateway.",
    503: "Service unavailable.",
    504: "Gateway timeout.",
}


class FakeTimeout(Exception):
    """The server never answers."""


class FakeReset(Exception):
    """The server drops the connection."""


class Reply(Exception):
    """Answer now with this status and JSON body (raised from deep inside a route)."""

    def __init__(self, status: int, payload: Any = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status, self.payload, self.headers = status, payload, headers or {}


def error(status: int, message: str | None = None, errors: dict[str, str] | None = None) -> Reply:
    messages = [message or MESSAGES.get(status, "Error")] if errors is None else []
    return Reply(status, {"errorMessages": messages, "errors": errors or {}})


@dataclass
class Fault:
    status: int
    times: int
    method: str | None
    path_contains: str | None
    headers: dict[str, str]
    body: str | None
    apply: bool  # do the work first, then fail the answer (a lost response)

    def matches(self, method: str, target: str) -> bool:
        return (self.method is None or self.method.upper() == method) and (
            self.path_contains is None or self.path_contains in target
        )


@dataclass(frozen=True)
class Logged:
    method: str
    path: str  # without the base URL's path prefix
    query: dict[str, list[str]]
    headers: dict[str, str] = field(repr=False)
    body: Any = None


class FakeServer:
    """Subclasses implement `route(method, path, query, body) -> (status, payload)` and `authorised`."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.log: list[Logged] = []
        self.faults: list[Fault] = []
        self.sleeps: list[float] = []  # filled by a retry policy wired to this fake, if any
        self._lock = threading.RLock()
        self._closers: list[Any] = []

    # -- the pure core ----------------------------------------------------------------------

    def handle(self, method: str, url: str, headers: dict[str, str], body: bytes | str | None) -> Response:
        with self._lock:
            parts = urlsplit(url)
            prefix = urlsplit(self.base_url).path
            path = parts.path[len(prefix) :] if prefix and parts.path.startswith(prefix) else parts.path
            payload = _json(body)
            method = method.upper()
            self.log.append(Logged(method, path, parse_qs(parts.query, keep_blank_values=True), headers, payload))
            fault = self._take_fault(method, f"{path}?{parts.query}")
            if fault is not None and not fault.apply:
                return self._fault_response(fault)
            reply = self._answer(method, path, parse_qs(parts.query, keep_blank_values=True), headers, payload)
            return reply if fault is None else self._fault_after(fault, reply)

    def _answer(
        self, method: str, path: str, query: dict[str, list[str]], headers: dict[str, str], payload: Any
    ) -> Response:
        try:
            if not self.authorised({k.lower(): v for k, v in headers.items()}):
                raise error(401)
            status, out = self.route(method, path, query, payload)
            return _response(status, out, {})
        except Reply as reply:
            return _response(reply.status, reply.payload, reply.headers)

    def route(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        raise NotImplementedError

    def authorised(self, headers: dict[str, str]) -> bool:
        return True

    # -- faults -----------------------------------------------------------------------------

    def fail_next(
        self,
        status: int,
        *,
        times: int = 1,
        method: str | None = None,
        path_contains: str | None = None,
        headers: dict[str, str] | None = None,
        body: str | None = None,
        apply: bool = False,
    ) -> None:
        """The next `times` matching requests fail with `status` (or TIMEOUT, RESET, MALFORMED, TRUNCATED)."""
        with self._lock:
            apply = apply or status == TRUNCATED
            self.faults.append(Fault(status, times, method, path_contains, headers or {}, body, apply))

    def _take_fault(self, method: str, target: str) -> Fault | None:
        for fault in self.faults:
            if fault.matches(method, target):
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
                return fault
        return None

    def _fault_response(self, fault: Fault) -> Response:
        if fault.status == TIMEOUT:
            raise FakeTimeout("read timed out (injected)")
        if fault.status == RESET:
            raise FakeReset("connection reset by peer (injected)")
        if fault.status == MALFORMED:
            return 200, dict(JSON_HEADERS), (fault.body or '{"issues": [{"id": ').encode()
        if fault.status == TRUNCATED:
            raise AssertionError("TRUNCATED applies to a real answer")
        body = fault.body if fault.body is not None else json.dumps(error(fault.status).payload)
        return fault.status, {**JSON_HEADERS, **fault.headers}, body.encode()

    def _fault_after(self, fault: Fault, reply: Response) -> Response:
        if fault.status == TRUNCATED:
            status, headers, body = reply
            return status, headers, body[: max(1, len(body) // 2)]
        return self._fault_response(fault)

    # -- the request log --------------------------------------------------------------------

    def request_count(self) -> int:
        return len(self.log)

    def reset_requests(self) -> None:
        with self._lock:
            self.log.clear()

    def requests_to(self, method: str | None = None, path: str | None = None) -> list[Logged]:
        """Logged requests with this method whose path matches the regex `path` (anchored at the end)."""
        return [
            r
            for r in self.log
            if (method is None or r.method == method) and (path is None or re.fullmatch(path, r.path))
        ]

    # -- adapters ---------------------------------------------------------------------------

    def install(self, mock: Any) -> None:
        """Answer every request to `base_url` made through `requests` inside a `responses` mock."""
        pattern = re.compile(re.escape(self.base_url) + r"(?:[/?].*)?$")
        for method in ("GET", "POST", "PUT", "DELETE"):
            mock.add_callback(method, pattern, callback=self._responses_callback)

    def _responses_callback(self, request: Any) -> Response:
        try:
            return self.handle(request.method, request.url, dict(request.headers), request.body)
        except FakeTimeout as exc:
            raise requests.exceptions.ReadTimeout(str(exc)) from None
        except FakeReset as exc:
            raise requests.exceptions.ConnectionError(str(exc)) from None

    @contextmanager
    def serve_http(self) -> Iterator[str]:
        """Serve on 127.0.0.1 (a real socket); `base_url` follows while it runs."""
        before = self.base_url

        def handler(method: str, path: str, headers: dict[str, str], body: bytes) -> Response:
            return self.handle(method, path, headers, body)

        with serve(handler) as url:
            self.base_url = url
            try:
                yield url
            finally:
                self.base_url = before

    def on_close(self, closer: Any) -> None:
        self._closers.append(closer)

    def close_env(self) -> None:
        while self._closers:
            self._closers.pop()()


def _json(body: bytes | str | None) -> Any:
    if not body:
        return None
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    try:
        return json.loads(text)
    except ValueError:
        return text


def _response(status: int, payload: Any, headers: dict[str, str]) -> Response:
    body = b"" if payload is None else json.dumps(payload).encode()
    return status, {**JSON_HEADERS, **headers}, body
