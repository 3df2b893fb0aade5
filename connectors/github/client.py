"""The client adapter: PyGithub behind our retry policy, write pacing and typed errors.

PyGithub's own retries and throttling are switched off (`retry=None`, no sleeps between calls):
`RetryPolicy` decides what is repeated. Reads are retried on 5xx, timeouts, dropped connections and
garbled answers; any call is retried after a rate-limit refusal (the request was not carried out);
a create is never repeated after a 5xx or timeout, since it may have landed.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import requests
from github import Auth, Github, GithubException
from github.Repository import Repository
from github.Requester import Requester

from connectors.github.config import GitHubTarget
from connectors.network import describe, typed_already
from tracker.errors import (
    AuthError,
    ItemRejectedError,
    RateLimitedError,
    RemoteGoneError,
    RemoteUnavailableError,
    TrackerError,
)
from tracker.retry import Delay, RetryPolicy

T = TypeVar("T")

DEFAULT_TOKEN_ENV = "GITHUB_TOKEN"
SECONDARY_WAIT = 60.0  # GitHub: "wait at least one minute" when no header says how long
_TRANSIENT = (
    requests.exceptions.Timeout,
    requests.exceptions.ConnectionError,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
    requests.exceptions.RetryError,
    ValueError,  # a truncated or garbled JSON answer
)


def _headers(exc: GithubException) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in (exc.headers or {}).items()}


def _message(exc: GithubException) -> str:
    data = exc.data
    message = data.get("message") if isinstance(data, dict) else None
    return " ".join(str(message or exc.message or "").split())


def rate_limit_wait(exc: GithubException, wall: Callable[[], float] = time.time) -> Delay | None:
    """How long GitHub asks us to wait before repeating a refused call (None: not a rate limit)."""
    if exc.status not in (403, 429):
        return None
    headers = _headers(exc)
    if headers.get("retry-after", "").strip().isdigit():
        return Delay("rate", float(headers["retry-after"]))
    if headers.get("x-ratelimit-remaining") == "0" and headers.get("x-ratelimit-reset", "").isdigit():
        return Delay("rate", max(0.0, float(headers["x-ratelimit-reset"]) - wall()) + 1.0)
    message = _message(exc).lower()
    if exc.status == 429 or "rate limit" in message or message.endswith("try again."):
        return Delay("rate", SECONDARY_WAIT)
    return None


def classify(exc: Exception) -> Delay | None:
    """The retry decision for one failed call (see module doc)."""
    if isinstance(exc, GithubException):
        if exc.status >= 500:
            return Delay("transient")
        return rate_limit_wait(exc)
    if isinstance(exc, _TRANSIENT):
        return Delay("transient")
    return None


@dataclass(frozen=True, slots=True)
class Where:
    """What a call was about, for error messages."""

    target: str
    repo: str
    token_env: str
    what: str
    item_id: str | None = None
    key: str | None = None


def translate(exc: Exception, where: Where) -> TrackerError:
    """A typed, one-line error for a failed call; never includes the token."""
    known = typed_already(exc, target=where.target, item_id=where.item_id)
    if known is not None:
        return known
    kw: dict[str, str | None] = {"item_id": where.item_id, "target": where.target}
    if isinstance(exc, GithubException):
        return _from_status(exc, where, kw)
    reason = "timed out" if isinstance(exc, requests.exceptions.Timeout) else _short(exc)
    return RemoteUnavailableError(f"GitHub {where.what} on {where.repo} failed: {reason}", **kw)


def _from_status(exc: GithubException, where: Where, kw: dict[str, str | None]) -> TrackerError:
    status, message = exc.status, _message(exc)
    detail = f"({status}{': ' + message if message else ''})"
    if status == 401:
        return AuthError(f"GitHub rejected the token in ${where.token_env} (401); set a valid token", **kw)
    if rate_limit_wait(exc) is not None:
        return RateLimitedError(f"GitHub rate limit on {where.what} {detail}; try again later", **kw)
    if status == 403:
        return AuthError(f"${where.token_env} may not {where.what} on {where.repo} {detail}", **kw)
    if status in (404, 410) and where.key is not None:
        return RemoteGoneError(f"GitHub issue {where.repo}#{where.key} is gone {detail}", **kw)
    if status == 404:
        return AuthError(f"repository {where.repo} not found or ${where.token_env} cannot see it (404)", **kw)
    if status in (400, 410, 422):
        return ItemRejectedError(f"GitHub refused to {where.what} {_fields(exc) or detail}", **kw)
    return RemoteUnavailableError(f"GitHub {where.what} on {where.repo} failed {detail}", **kw)


def _fields(exc: GithubException) -> str:
    errors = exc.data.get("errors") if isinstance(exc.data, dict) else None
    parts = []
    for err in errors if isinstance(errors, list) else []:
        if isinstance(err, dict) and err.get("field"):
            parts.append(f"field {err['field']!r} {err.get('code', 'invalid')}")
        elif isinstance(err, dict | str):
            parts.append(str(err.get("message", "") if isinstance(err, dict) else err))
    return f"({exc.status}: {'; '.join(p for p in parts if p)})" if any(parts) else ""


def rejected_field(err: TrackerError) -> str | None:
    """The first field the 422 behind a translated error names (e.g. "assignees"), or None."""
    exc = err.__cause__
    if not isinstance(exc, GithubException) or exc.status != 422 or not isinstance(exc.data, dict):
        return None
    for err in exc.data.get("errors") or []:
        if isinstance(err, dict) and err.get("field"):
            return str(err["field"])
    return None


def _short(exc: Exception) -> str:
    if isinstance(exc, requests.exceptions.ConnectionError):
        return f"no answer ({describe(exc)})"
    kind = "malformed answer" if isinstance(exc, ValueError) else type(exc).__name__
    return " ".join(f"{kind}: {exc}".split())[:200]


class WritePacer:
    """Keeps writes under GitHub's content-creation limits by sleeping, per connector instance."""

    def __init__(
        self,
        per_minute: int,
        per_hour: int,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
    ) -> None:
        self.per_minute = per_minute
        self.per_hour = per_hour
        self.clock = clock
        self.sleep = sleep
        self.stamps: deque[float] = deque()

    def acquire(self, where: Where) -> None:
        """Wait until one more write fits; RateLimitedError once the hour's budget is spent."""
        now = self.clock()
        while self.stamps and self.stamps[0] <= now - 3600:
            self.stamps.popleft()
        if len(self.stamps) >= self.per_hour:
            resume = datetime.now(UTC) + timedelta(seconds=self.stamps[0] + 3600 - now)
            at = resume.strftime("%H:%M")
            raise RateLimitedError(
                f"GitHub allows {self.per_hour} writes per hour on {where.repo} and this run used them; "
                f"resume after {at} UTC",
                resume_at=at,
                target=where.target,
                item_id=where.item_id,
            )
        recent = [t for t in self.stamps if t > now - 60]
        if len(recent) >= self.per_minute:
            wait = recent[-self.per_minute] + 60 - now
            self.sleep(wait)
            now = max(self.clock(), now + wait)  # a sleep that did not advance the clock still counts
        self.stamps.append(now)


class GitHubClient:
    """One PyGithub session for one repository, with retries, pacing and typed errors."""

    def __init__(
        self,
        name: str,
        target: GitHubTarget,
        token: str,
        retry: RetryPolicy,
        clock: Callable[[], float],
        timeout: int,
    ) -> None:
        self.name = name
        self.repo_name = target.repo
        self.token_env = target.token_env or DEFAULT_TOKEN_ENV
        self.retry = retry
        self.pacer = WritePacer(target.writes_per_minute, target.writes_per_hour, clock, retry.sleep)
        self.github = Github(
            auth=Auth.Token(token),
            base_url=target.base_url,
            retry=None,
            seconds_between_requests=None,
            seconds_between_writes=None,
            per_page=100,
            timeout=timeout,
            lazy=True,  # objects are built from URLs without a GET; reads are explicit
        )
        self.repo: Repository = self.github.get_repo(target.repo)

    def __repr__(self) -> str:
        return f"GitHubClient({self.name!r}, repo={self.repo_name!r})"

    def where(self, what: str, *, item_id: str | None = None, key: str | None = None) -> Where:
        return Where(self.name, self.repo_name, self.token_env, what, item_id, key)

    def read(self, fn: Callable[[], T], where: Where) -> T:
        return self._call(fn, where, idempotent=True)

    def write(self, fn: Callable[[], T], where: Where, *, idempotent: bool) -> T:
        def paced() -> T:
            self.pacer.acquire(where)
            return fn()

        return self._call(paced, where, idempotent=idempotent)

    def get_json(self, url: str, where: Where) -> Any:
        """A plain GET through PyGithub's requester (for calls PyGithub has no object for)."""
        return self.read(lambda: self.github.requester.requestJsonAndCheck("GET", url)[1], where)

    def get_pages(self, url: str, params: dict[str, Any], where: Where) -> list[Any]:
        """Every element of a paged listing as raw JSON, following `rel="next"` links as PyGithub's
        PaginatedList does; each page is one retried read. Raw, because a listed PyGithub object
        answers `raw_data` (or any attribute its JSON lacks) by GETting itself to complete."""
        found: list[Any] = []
        next_url: str | None = url
        query: dict[str, Any] | None = {**params, "per_page": self.github.per_page}
        while next_url is not None:
            headers, page = self.read(_get(self.github.requester, next_url, query), where)
            found.extend(page if isinstance(page, list) else [page])
            next_url, query = _next_link(headers.get("link")), None  # the next link carries the query
        return found

    def _call(self, fn: Callable[[], T], where: Where, *, idempotent: bool) -> T:
        try:
            return self.retry.call(fn, classify, idempotent=idempotent, what=f"{where.what} on {where.repo}")
        except Exception as exc:
            raise translate(exc, where) from exc


def _get(requester: Requester, url: str, query: dict[str, Any] | None) -> Callable[[], tuple[dict[str, Any], Any]]:
    return lambda: requester.requestJsonAndCheck("GET", url, parameters=query)


def _next_link(header: object) -> str | None:
    links = requests.utils.parse_header_links(str(header)) if header else []
    return next((str(link["url"]) for link in links if link.get("rel") == "next"), None)
