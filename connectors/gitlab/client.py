"""The client adapter: python-gitlab behind our retry policy and typed errors.

python-gitlab's own retries are off: `retry_transient_errors=False` on the session and
`obey_rate_limit=False` on every call, so `RetryPolicy` decides what is repeated (and a wait longer
than `[sync] max_rate_wait` stops the sync instead of sleeping for an hour). Reads and edits (PUT
with absolute values) are retried on 5xx, timeouts and dropped connections; any call is retried
after a 429, which GitLab did not carry out, waiting what `Retry-After` (else `RateLimit-Reset`)
says; a create (POST) is never repeated after a 5xx or a timeout, since it may have landed (the
next sync finds it by its marker).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import gitlab
import requests
from gitlab.exceptions import GitlabError, GitlabParsingError
from gitlab.v4.objects import Project

from connectors.gitlab.config import GitLabTarget
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

DEFAULT_TOKEN_ENV = "GITLAB_TOKEN"
RATE_WAIT = 60.0  # when a 429 names no wait
#: What every python-gitlab call is given: no retrying of its own (see module doc).
NO_AUTO_RETRY: dict[str, Any] = {"obey_rate_limit": False, "retry_transient_errors": False}
_TRANSIENT = (
    requests.exceptions.Timeout,
    requests.exceptions.ConnectionError,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
    ValueError,
    GitlabParsingError,  # a truncated or garbled JSON answer
)


def _status(exc: BaseException) -> int | None:
    """The HTTP status behind a python-gitlab error (None: no answer, or one it could not parse)."""
    return exc.response_code if isinstance(exc, GitlabError) and not isinstance(exc, GitlabParsingError) else None


class LastAnswer:
    """The headers of the session's latest answer (python-gitlab's errors do not carry them), kept
    by a `requests` response hook: a 429's `Retry-After` is read from here."""

    def __init__(self) -> None:
        self.headers: dict[str, str] = {}

    def __call__(self, response: requests.Response, *args: Any, **kwargs: Any) -> requests.Response:
        self.headers = {str(k).lower(): str(v) for k, v in response.headers.items()}
        return response

    def rate_wait(self, wall: Callable[[], float] = time.time) -> float:
        retry_after = self.headers.get("retry-after", "").strip()
        if retry_after.isdigit():
            return float(retry_after)
        reset = self.headers.get("ratelimit-reset", "").strip()
        if reset.isdigit():
            return max(0.0, float(reset) - wall()) + 1.0
        return RATE_WAIT


@dataclass(frozen=True, slots=True)
class Where:
    """What a call was about, for error messages."""

    target: str
    project: str
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
    status = _status(exc)
    if status is not None:
        return _from_status(status, _message(exc), where, kw)
    reason = "timed out" if isinstance(exc, requests.exceptions.Timeout) else _short(exc)
    return RemoteUnavailableError(f"GitLab {where.what} on {where.project} failed: {reason}", **kw)


def _message(exc: Exception) -> str:
    text = exc.error_message if isinstance(exc, GitlabError) else str(exc)
    return " ".join(str(text).split())[:200]


def _from_status(status: int, message: str, where: Where, kw: dict[str, str | None]) -> TrackerError:
    detail = f"({message})" if message.startswith(str(status)) else f"({status}{': ' + message if message else ''})"
    if status == 401:
        return AuthError(f"GitLab rejected the token in ${where.token_env} (401); set a valid token", **kw)
    if status == 429:
        return RateLimitedError(f"GitLab rate limit on {where.what} {detail}; try again later", **kw)
    if status == 403:
        return AuthError(f"${where.token_env} may not {where.what} on {where.project} {detail}", **kw)
    if status in (404, 410) and where.key is not None and "project" not in message.lower():
        return RemoteGoneError(f"GitLab issue {where.project}#{where.key} is gone {detail}", **kw)
    if status == 404:
        return AuthError(f"project {where.project} not found or ${where.token_env} cannot see it (404)", **kw)
    if status in (400, 409, 422):
        return ItemRejectedError(f"GitLab refused to {where.what} {detail}", **kw)
    return RemoteUnavailableError(f"GitLab {where.what} on {where.project} failed {detail}", **kw)


def _short(exc: Exception) -> str:
    if isinstance(exc, requests.exceptions.ConnectionError):
        return f"no answer ({describe(exc)})"
    kind = "malformed answer" if isinstance(exc, ValueError | GitlabParsingError) else type(exc).__name__
    return " ".join(f"{kind}: {exc}".split())[:200]


class GitLabClient:
    """One python-gitlab session for one project, with retries and typed errors."""

    def __init__(self, name: str, target: GitLabTarget, token: str, retry: RetryPolicy, timeout: int) -> None:
        self.name = name
        self.project_ref = target.project
        self.token_env = target.token_env or DEFAULT_TOKEN_ENV
        self.retry = retry
        self.last = LastAnswer()
        self.gl = gitlab.Gitlab(
            target.url,
            private_token=token,
            timeout=timeout,
            per_page=100,
            retry_transient_errors=False,
            user_agent="postmortem-tracker",
        )
        self.gl.session.hooks["response"].append(self.last)
        # lazy: no GET; every call on it names the project by its (URL-encoded) path or id
        self.project: Project = self.gl.projects.get(target.project, lazy=True)

    def __repr__(self) -> str:
        return f"GitLabClient({self.name!r}, project={self.project_ref!r})"

    def where(self, what: str, *, item_id: str | None = None, key: str | None = None) -> Where:
        return Where(self.name, self.project_ref, self.token_env, what, item_id, key)

    def read(self, fn: Callable[[], T], where: Where) -> T:
        return self._call(fn, where, idempotent=True)

    def write(self, fn: Callable[[], T], where: Where, *, idempotent: bool) -> T:
        return self._call(fn, where, idempotent=idempotent)

    def classify(self, exc: Exception) -> Delay | None:
        """The retry decision for one failed call (see module doc)."""
        status = _status(exc)
        if status == 429:
            return Delay("rate", self.last.rate_wait())
        if status is not None:
            return Delay("transient") if status >= 500 else None
        if isinstance(exc, _TRANSIENT):
            return Delay("transient")
        return None

    def _call(self, fn: Callable[[], T], where: Where, *, idempotent: bool) -> T:
        try:
            return self.retry.call(fn, self.classify, idempotent=idempotent, what=f"{where.what} on {where.project}")
        except Exception as exc:
            raise translate(exc, where) from exc
