"""The fake Jira's searches: Cloud `search/jql` (nextPageToken) and Server `search` (startAt/total).

On Cloud the old `search` answers 410, as it does since the 2025 shutdown; on Server there is no
`search/jql` (404). Both evaluate the strict JQL subset of `jira_jql`.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from tests.fakes.jira_fake_base import REMOVED_SEARCH, error
from tests.fakes.jira_fake_model import FakeIssue
from tests.fakes.jira_fake_state import JiraState
from tests.fakes.jira_jql import JqlError, Predicate, compile_query

CLOUD_PAGE_MAX = 100  # with fields; 5000 for ids only
CLOUD_PAGE_DEFAULT = 50


class SearchRoutes(JiraState):
    server_page_max = 100  # DC's jira.search.views.default.max is 1000; small to make paging visible

    def on_search_jql(self, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        if self.mode != "cloud":
            raise error(404, "null for uri: /rest/api/2/search/jql")
        params = _params(query, body)
        jql = _one(params, "jql") or ""
        wanted = self.wanted_fields(params, default={"id"})
        ceiling = CLOUD_PAGE_MAX if wanted is None or wanted - {"id"} else 5000
        limit = min(_int(params, "maxResults", CLOUD_PAGE_DEFAULT), ceiling)
        offset = _token_offset(_one(params, "nextPageToken"), jql)
        found = self._matches(jql)
        page = found[offset : offset + limit]
        out: dict[str, Any] = {"issues": [self.render.issue(i, wanted) for i in page], "isLast": True}
        if offset + limit < len(found):
            out |= {"nextPageToken": _token(offset + limit, jql), "isLast": False}
        return 200, out

    def on_search_classic(self, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        if self.mode == "cloud":
            raise error(410, REMOVED_SEARCH)
        params = _params(query, body)
        jql = _one(params, "jql") or ""
        start = _int(params, "startAt", 0)
        limit = min(_int(params, "maxResults", 50), self.server_page_max)
        found = self._matches(jql)
        wanted = self.wanted_fields(params, default=None)
        issues = [self.render.issue(i, wanted) for i in found[start : start + limit]]
        return 200, {
            "expand": "names,schema",
            "startAt": start,
            "maxResults": limit,
            "total": len(found),
            "issues": issues,
        }

    def _matches(self, jql: str) -> list[FakeIssue]:
        self.queries.append(jql)
        try:
            test: Predicate = compile_query(jql, zone=self.user_zone(), projects=set(self.projects))
        except JqlError as exc:
            raise error(400, f"Error in the JQL Query: {exc}") from None
        return sorted((i for i in self.records.values() if test(i)), key=lambda i: i.id)

    def wanted_fields(self, params: dict[str, list[str]], *, default: set[str] | None) -> set[str] | None:
        """The `fields` asked for (repeated or comma-separated); None means all."""
        names = {n.strip() for value in params.get("fields", []) for n in str(value).split(",") if n.strip()}
        if not names:
            return default
        if names & {"*all", "*navigable"}:
            return None
        return {n for n in names if not n.startswith("-")}


def _params(query: dict[str, list[str]], body: Any) -> dict[str, list[str]]:
    if not isinstance(body, dict):
        return query
    return {k: [str(x) for x in v] if isinstance(v, list) else [str(v)] for k, v in body.items()}


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[0] if values else None


def _int(params: dict[str, list[str]], name: str, default: int) -> int:
    value = _one(params, name)
    try:
        return default if value in (None, "") else max(int(str(value)), 0)
    except ValueError:
        raise error(400, f"The value '{value}' is invalid for {name}.") from None


def _token(offset: int, jql: str) -> str:
    raw = json.dumps({"o": offset, "q": hashlib.sha1(jql.encode()).hexdigest()[:12]})
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _token_offset(token: str | None, jql: str) -> int:
    if not token:
        return 0
    try:
        data = json.loads(base64.urlsafe_b64decode(token.encode()))
        if data["q"] != hashlib.sha1(jql.encode()).hexdigest()[:12]:
            raise ValueError("token of another query")
        return int(data["o"])
    except (ValueError, KeyError, TypeError):
        raise error(400, "The provided next page token is invalid or expired.") from None
