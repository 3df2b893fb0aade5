"""A thin adapter over the `jira` package: one method per request we make, our retries, typed errors.

The package's own retries are off (`max_retries=0`); `RetryPolicy` waits out 429 and 503 with
Retry-After (bounded by max_rate_wait) and retries other 5xx, timeouts, resets and malformed answers
on reads only. Every failure leaves as a `RemoteError` whose message never holds a secret: JIRAError's
own text includes the request headers, so only its status and parsed messages are used.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests
from jira import JIRA, JIRAError

from connectors.jira.auth import Credentials, scrub
from connectors.jira.fields import JIRA_FIELDS, jql_quote, parse_jira_time
from connectors.network import describe
from tracker.errors import (
    AuthError,
    ItemRejectedError,
    RateLimitedError,
    RemoteError,
    RemoteGoneError,
    RemoteUnavailableError,
)
from tracker.retry import Delay, RetryPolicy

T = TypeVar("T")
TIMEOUT = (10.0, 60.0)
_TRANSIENT_IO = (
    requests.exceptions.ConnectionError,
    requests.exceptions.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)


class FieldsRejectedError(ItemRejectedError):
    """A 400 that names the fields Jira refused (`fields`)."""

    def __init__(self, message: str, *, fields: tuple[str, ...] = (), **kw: str | None) -> None:
        self.fields = fields
        super().__init__(message, **kw)


@dataclass(frozen=True)
class BulkOutcome:
    key: str | None
    errors: dict[str, str]
    id: str | None = None  # the issue's numeric id, which search's `reconcileIssues` takes


class JiraClient:
    def __init__(self, url: str, creds: Credentials, retry: RetryPolicy, *, target: str) -> None:
        self.url = url.rstrip("/")
        self._creds = creds
        self._retry = retry
        self._target = target
        self._jira: Any = None
        self._zone: ZoneInfo | None = None
        self._application_links_read = False

    # -- start-up ---------------------------------------------------------------------------

    @property
    def jira(self) -> Any:
        """The package's client, started on first use: one `GET serverInfo`."""
        if self._jira is None:
            self._jira = self._call(self._connect, what="connecting to Jira")
        return self._jira

    def _connect(self) -> Any:
        auth: dict[str, Any] = (
            {"basic_auth": (self._creds.email, self._creds.token)}
            if self._creds.email
            else {"token_auth": self._creds.token}
        )
        client = JIRA(
            server=self.url,
            get_server_info=True,
            max_retries=0,
            timeout=TIMEOUT,
            options={"rest_api_version": "2"},
            **auth,
        )
        # Prime the field-name cache with our own (standard) fields: otherwise the first search
        # sends `GET field` (and re-sends it on every search while the answer is empty).
        client._fields_cache_value = {name: name for name in JIRA_FIELDS}
        return client

    @property
    def is_cloud(self) -> bool:
        return bool(self.jira.deploymentType == "Cloud")

    def user_zone(self) -> ZoneInfo:
        """The time zone JQL dates are read in: the API user's (one `GET myself`, cached)."""
        if self._zone is None:
            name = self.myself().get("timeZone") or "UTC"
            try:
                self._zone = ZoneInfo(str(name))
            except (ZoneInfoNotFoundError, ValueError):
                self._zone = ZoneInfo("UTC")
        return self._zone

    # -- requests ---------------------------------------------------------------------------

    def myself(self) -> dict[str, Any]:
        result: dict[str, Any] = self._call(lambda: self.jira.myself(), what="reading the API user")
        return result

    def search(self, jql: str) -> list[dict[str, Any]]:
        """Every issue matching `jql`, all pages, only the fields we map."""

        def run() -> list[dict[str, Any]]:
            fields = list(JIRA_FIELDS)  # the package rewrites this list in place
            if self.is_cloud:  # GET search/jql, paged by nextPageToken
                found = self.jira.enhanced_search_issues(jql, maxResults=0, fields=fields)
            else:  # GET search, paged by startAt/total
                found = self.jira.search_issues(jql, startAt=0, maxResults=False, fields=fields)
            return [issue.raw for issue in found]

        return self._call(run, what="searching issues")

    def get_issue(self, key: str, *, item_id: str | None = None) -> dict[str, Any]:
        def run() -> dict[str, Any]:
            raw: dict[str, Any] = self.jira.issue(key, fields=",".join(JIRA_FIELDS)).raw
            return raw

        return self._call(run, what=f"reading {key}", item_id=item_id, gone=True)

    def updated_time(self, key: str, *, item_id: str | None = None) -> datetime:
        """The server's `updated` time of one issue: `GET issue/{key}?fields=updated`."""

        def run() -> datetime:
            return parse_jira_time(self.jira.issue(key, fields="updated").raw["fields"].get("updated"))

        return self._call(run, what=f"reading {key}", item_id=item_id, gone=True)

    def updated_times(self, created: dict[str, str | None]) -> dict[str, datetime]:
        """The server's `updated` times of just-created issues (key -> id): one search for up to 50.

        On Cloud the search names their ids in `reconcileIssues`, for read-after-write consistency;
        Server/DC indexes an issue as it is created. An issue the search misses is read alone.
        """
        if not created:
            return {}
        keys = sorted(created)
        jql = f"key in ({', '.join(jql_quote(key) for key in keys)})"

        def run() -> dict[str, datetime]:
            if self.is_cloud:
                ids = [int(i) for i in created.values() if i and i.isdigit()] or None
                found = self.jira.enhanced_search_issues(
                    jql, maxResults=len(keys), fields=["updated"], reconcileIssues=ids
                )
            else:
                found = self.jira.search_issues(jql, startAt=0, maxResults=len(keys), fields=["updated"])
            return {str(i.raw["key"]): parse_jira_time(i.raw["fields"].get("updated")) for i in found}

        times = self._call(run, what="reading the created issues")
        return times | {key: self.updated_time(key) for key in keys if key not in times}

    def bulk_create(self, field_list: list[dict[str, Any]]) -> list[BulkOutcome]:
        """One `POST issue/bulk` (callers chunk to <= 50); one outcome per element, in order."""

        def run() -> list[BulkOutcome]:
            results = self.jira.create_issues(field_list, prefetch=False)
            return [_outcome(result) for result in results]

        return self._call(run, what="creating issues", idempotent=False)

    def edit(self, key: str, fields: dict[str, Any], *, item_id: str | None = None) -> None:
        """`PUT issue/{key}` without the reload `Issue.update` does (the caller reads once at the end)."""

        def run() -> None:
            url = f"{self.jira.server_url}/rest/api/2/issue/{key}"
            _no_content(self.jira._session.put(url, data=json.dumps({"fields": fields})))

        self._call(run, what=f"updating {key}", item_id=item_id, gone=True)

    def transitions(self, key: str, *, item_id: str | None = None) -> list[dict[str, Any]]:
        """The transitions out of the issue's current status, with the fields of their screens."""
        found: list[dict[str, Any]] = self._call(
            lambda: self.jira.transitions(key, expand="transitions.fields"),
            what=f"reading transitions of {key}",
            item_id=item_id,
            gone=True,
        )
        return found

    def transition(
        self,
        key: str,
        transition_id: str,
        fields: dict[str, Any] | None,
        *,
        comment: str | None = None,
        item_id: str | None = None,
    ) -> None:
        # A numeric id: the package sends it as is, with no GET to look a name up.
        self._call(
            lambda: self.jira.transition_issue(key, str(transition_id), fields=fields or {}, comment=comment),
            what=f"moving {key}",
            item_id=item_id,
            gone=True,
            idempotent=False,
        )

    def add_link(self, key: str, url: str, title: str, *, item_id: str | None = None) -> None:
        self._call(
            lambda: self.jira.add_simple_link(key, {"url": url, "title": title}),
            what=f"linking {key} to its postmortem",
            item_id=item_id,
            idempotent=False,
        )

    def remote_links(self, key: str, *, item_id: str | None = None) -> dict[str, str]:
        """The issue's remote links that have a global id: global id -> URL."""
        links = self._call(lambda: self.jira.remote_links(key), what=f"reading the links of {key}", item_id=item_id)
        out: dict[str, str] = {}
        for link in links:
            raw = link.raw if isinstance(link.raw, dict) else {}
            url = (raw.get("object") or {}).get("url")
            if raw.get("globalId") and isinstance(url, str):
                out[str(raw["globalId"])] = url
        return out

    def put_remote_link(self, key: str, global_id: str, url: str, title: str, *, item_id: str | None = None) -> None:
        """Add (or, with the same global id, replace) a remote link: `POST issue/KEY/remotelink`."""
        self._known_application_links()
        self._call(
            lambda: self.jira.add_remote_link(key, {"url": url, "title": title}, globalId=global_id),
            what=f"linking {key} to {title}",
            item_id=item_id,
        )

    def delete_remote_link(self, key: str, global_id: str, *, item_id: str | None = None) -> None:
        """Remove a remote link; one removed already (404) is what was wanted."""

        def delete() -> None:
            try:
                self.jira.delete_remote_link(key, global_id=global_id)
            except JIRAError as exc:
                if exc.status_code != 404:
                    raise

        self._call(delete, what=f"unlinking {key} from {global_id}", item_id=item_id)

    def _known_application_links(self) -> None:
        """`add_remote_link` first lists the server's application links, which most accounts may
        not do (the package then warns, and asks again on every link): ask once, quietly, and
        take a refusal as "none"."""
        if self._application_links_read:
            return
        self._application_links_read = True
        try:
            self.jira.applicationlinks()
        except (JIRAError, *_TRANSIENT_IO, ValueError):
            self.jira._applicationlinks = []  # the package's own cache of that answer

    def project(self, key: str) -> dict[str, Any]:
        result: dict[str, Any] = self._call(lambda: self.jira.project(key).raw, what=f"reading project {key}")
        return result

    def user_exists(self, account: str) -> bool:
        """Whether an accountId (Cloud) or username (Server/DC) names a user: `GET user`."""
        try:
            self._call(lambda: self.jira.user(account).raw, what=f"looking up user {account}")
        except AuthError:
            raise
        except RemoteError:
            return False
        return True

    def statuses(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self._call(
            lambda: [s.raw for s in self.jira.statuses()], what="reading statuses"
        )
        return result

    # -- retries and errors -----------------------------------------------------------------

    def _call(
        self,
        fn: Callable[[], T],
        *,
        what: str,
        item_id: str | None = None,
        gone: bool = False,
        idempotent: bool = True,
    ) -> T:
        try:
            return self._retry.call(fn, classify, idempotent=idempotent, what=what)
        except RemoteError as exc:
            exc.target = exc.target or self._target
            exc.item_id = exc.item_id or item_id
            exc.__suppress_context__ = True  # the JIRAError behind it may echo the request
            raise
        except Exception as exc:
            translated = translate(exc, what=what, gone=gone, creds=self._creds)
            if translated is None:
                raise
            translated.target, translated.item_id = self._target, item_id
            raise translated from None  # never chain: JIRAError's text shows request headers


def classify(exc: Exception) -> Delay | None:
    """How long a failed call waits before its retry; None: don't retry."""
    if isinstance(exc, JIRAError):
        status = exc.status_code or 0
        wait = retry_after(exc.response)
        if status == 429 or (status == 503 and wait is not None):
            return Delay("rate", wait)
        return Delay("transient") if status >= 500 else None
    if isinstance(exc, (*_TRANSIENT_IO, ValueError)):
        return Delay("transient")
    return None


def retry_after(response: requests.Response | None) -> float | None:
    """Seconds the server asks us to wait: Retry-After (seconds or a date), else X-RateLimit-Reset."""
    headers = response.headers if response is not None else {}
    value, reset = headers.get("Retry-After"), headers.get("X-RateLimit-Reset")
    try:
        if value:
            return max(float(value), 0.0)
    except ValueError:
        pass
    for parse, text in ((parsedate_to_datetime, value), (datetime.fromisoformat, reset)):
        try:
            return max((parse(text or "") - datetime.now(UTC)).total_seconds(), 0.0)
        except (TypeError, ValueError):
            continue
    return None


def translate(exc: Exception, *, what: str, gone: bool, creds: Credentials) -> RemoteError | None:
    if isinstance(exc, JIRAError):
        return _from_jira_error(exc, what=what, gone=gone, creds=creds)
    if isinstance(exc, _TRANSIENT_IO):
        return RemoteUnavailableError(f"{what}: Jira did not answer ({describe(exc)})")
    if isinstance(exc, (ValueError, KeyError, TypeError)):
        return RemoteUnavailableError(f"{what}: Jira sent a malformed answer ({type(exc).__name__})")
    return None


def _from_jira_error(exc: JIRAError, *, what: str, gone: bool, creds: Credentials) -> RemoteError:
    status = exc.status_code
    detail = scrub(exc.text or "", creds.secrets())[:300]
    said = f": {detail}" if detail else ""
    if status in (401, 403):
        verb = "refused the credentials" if status == 401 else "denied permission"
        return AuthError(f"Jira {verb} (HTTP {status}) while {what}; check {creds.hint}{said}")
    if status in (404, 410) and gone:
        return RemoteGoneError(f"{what}: the issue is gone (HTTP {status}){said}")
    if status in (400, 422):
        fields = _error_fields(exc.response)
        named = f"field {', '.join(fields)}" if fields else "the request"
        return FieldsRejectedError(f"{what}: Jira rejected {named}{said}", fields=tuple(fields))
    if status == 429:
        return RateLimitedError(f"{what}: still rate limited after retries{said}")
    if status is not None and status >= 500:
        return RemoteUnavailableError(f"{what}: Jira failed (HTTP {status}){said}")
    return RemoteError(f"{what}: Jira answered HTTP {status}{said}")


def _no_content(answer: requests.Response) -> None:
    """Jira answers an edit with 204 and no body. A body that is not JSON (a proxy's or single
    sign-on login page, a garbled answer) means the edit may not have happened: ValueError."""
    if answer.status_code != 204 and answer.content:
        answer.json()


def _error_fields(response: requests.Response | None) -> list[str]:
    try:
        errors = response.json().get("errors") if response is not None else None
    except ValueError:
        return []
    return sorted(str(k) for k in errors) if isinstance(errors, dict) else []


def _outcome(result: dict[str, Any]) -> BulkOutcome:
    if result.get("status") == "Success":
        issue = result["issue"]
        return BulkOutcome(key=str(issue.key), errors={}, id=str(getattr(issue, "id", "") or "") or None)
    errors = result.get("error") or {}
    return BulkOutcome(key=None, errors={str(k): str(v) for k, v in dict(errors).items()} or {"": "rejected"})
