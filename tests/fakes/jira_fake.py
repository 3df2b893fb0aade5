"""A stateful fake Jira (Cloud or Server/DC), REST v2, answering what the `jira` 3.10 package sends.

`FakeJira(mode).handle(method, url, headers, body)` is the pure core; `install(responses_mock)` or
`serve_http()` put it on the wire. State changes made through the `RemoteHandle` methods (close,
assign, ...) are direct, not requests. Parts: `jira_fake_base` (faults, request log, adapters),
`jira_fake_state`, `jira_fake_model` (records and JSON), `jira_fake_fields` (validation),
`jira_fake_search` (JQL searches), `jira_fake_subroutes` (transitions, comments, links), `jira_fake_ui`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.fakes.jira_fake_base import MALFORMED, RESET, TIMEOUT, TRUNCATED, error
from tests.fakes.jira_fake_fields import apply_fields, check_fields
from tests.fakes.jira_fake_model import FakeIssue, jira_time
from tests.fakes.jira_fake_search import SearchRoutes
from tests.fakes.jira_fake_subroutes import SUB_ROUTES, IssueSubRoutes
from tests.fakes.jira_fake_ui import PersonInTheUi

__all__ = ["MALFORMED", "RESET", "TIMEOUT", "TRUNCATED", "FakeJira"]
BULK_LIMIT = 50


class FakeJira(SearchRoutes, IssueSubRoutes, PersonInTheUi):
    ROUTES = (
        ("GET", "/serverInfo", "on_server_info"),
        ("GET", "/myself", "on_myself"),
        ("GET", "/field", "on_fields"),
        ("GET", "/status", "on_statuses"),
        ("GET", "/project/([^/]+)", "on_project"),
        ("GET", "/user/search", "on_user_search"),
        ("GET", "/user", "on_user"),
        ("GET", "/search/jql", "on_search_jql"),
        ("POST", "/search/jql", "on_search_jql"),
        ("GET", "/search", "on_search_classic"),
        ("POST", "/search", "on_search_classic"),
        ("POST", "/issue/bulk", "on_bulk"),
        ("POST", "/issue", "on_create"),
        ("GET", "/issue/([^/]+)", "on_get_issue"),
        ("PUT", "/issue/([^/]+)", "on_edit"),
        ("DELETE", "/issue/([^/]+)", "on_delete_issue"),
        *SUB_ROUTES,
    )

    def on_server_info(self, query: Any, body: Any) -> tuple[int, Any]:
        cloud = self.mode == "cloud"
        version = [1001, 0, 0] if cloud else [9, 12, 15]
        return 200, {
            "baseUrl": self.base_url,
            "version": ".".join(map(str, version)) + ("-SNAPSHOT" * cloud),
            "versionNumbers": version,
            "deploymentType": "Cloud" if cloud else "Server",
            "buildNumber": 100289 if cloud else 9120015,
            "buildDate": "2025-01-01T00:00:00.000+0000",
            "serverTime": jira_time(datetime.now(UTC)),
            "scmInfo": "0123abcd",
            "serverTitle": "Jira",
        }

    def on_myself(self, query: Any, body: Any) -> tuple[int, Any]:
        return 200, self.render.user(self.bot) | {"locale": "en_US"}

    def on_fields(self, query: Any, body: Any) -> tuple[int, Any]:
        return 200, self.render.fields_list()

    def on_statuses(self, query: Any, body: Any) -> tuple[int, Any]:
        return 200, [self.render.status(name) for name in self.workflow.statuses]

    def on_project(self, query: Any, body: Any, key: str) -> tuple[int, Any]:
        if key not in self.projects and key not in self.projects.values():
            raise error(404, f"No project could be found with key '{key}'.")
        key = next(k for k, v in self.projects.items() if key in (k, v))
        return 200, self.render.project(key)

    def on_user_search(self, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        wanted = (query.get("query") or query.get("username") or [""])[0].lower()
        found = [u for u in self.users.values() if wanted in u.account.lower() or wanted in u.display.lower()]
        return 200, [self.render.user(u) for u in found]

    def on_user(self, query: dict[str, list[str]], body: Any) -> tuple[int, Any]:
        key = "accountId" if self.mode == "cloud" else "username"
        wanted = (query.get(key) or [""])[0]
        user = self.users.get(wanted)
        if user is None:
            raise error(404, f"The user with {key} '{wanted}' does not exist")
        return 200, self.render.user(user)

    def on_create(self, query: Any, body: Any) -> tuple[int, Any]:
        issue, errors = self._create_one(body.get("fields") if isinstance(body, dict) else None)
        if issue is None:
            raise error(400, errors=errors)
        return 201, self._created(issue)

    def on_bulk(self, query: Any, body: Any) -> tuple[int, Any]:
        updates = body.get("issueUpdates") if isinstance(body, dict) else None
        if not isinstance(updates, list):
            raise error(400, "issueUpdates is required")
        if len(updates) > BULK_LIMIT:
            raise error(400, f"Bulk create is limited to {BULK_LIMIT} issues per request.")
        issues, errors = [], []
        for n, update in enumerate(updates):
            issue, problems = self._create_one(update.get("fields") if isinstance(update, dict) else None)
            if issue is None:
                errors.append(
                    {
                        "status": 400,
                        "failedElementNumber": n,
                        "elementErrors": {"errorMessages": [], "errors": problems},
                    }
                )
            else:
                issues.append(self._created(issue))
        return (201 if issues else 400), {"issues": issues, "errors": errors}

    def _create_one(self, fields: Any) -> tuple[FakeIssue | None, dict[str, str]]:
        if not isinstance(fields, dict):
            return None, {"fields": "fields are required"}
        errors = check_fields(fields, mode=self.mode, users=self.users, projects=self.projects, creating=True)
        if errors:
            return None, errors
        project = fields["project"].get("key") or next(
            k for k, v in self.projects.items() if v == fields["project"].get("id")
        )
        issue = self.add_issue(project, summary=fields["summary"])
        issue.issuetype = fields["issuetype"].get("name") or "Task"
        apply_fields(issue, {k: v for k, v in fields.items() if k not in ("project", "issuetype")}, self.mode)
        return issue, {}

    def _created(self, issue: FakeIssue) -> dict[str, Any]:
        return {"id": str(issue.id), "key": issue.key, "self": self.render.api(f"issue/{issue.id}")}

    def on_get_issue(self, query: dict[str, list[str]], body: Any, key: str) -> tuple[int, Any]:
        return 200, self.render.issue(self.record(key), self.wanted_fields(query, default=None))

    def on_edit(self, query: Any, body: Any, key: str) -> tuple[int, Any]:
        issue = self.record(key)
        fields = body.get("fields") or {} if isinstance(body, dict) else {}
        update = body.get("update") or {} if isinstance(body, dict) else {}
        errors = check_fields(fields, mode=self.mode, users=self.users, projects=self.projects, creating=False)
        errors |= {name: f"Field '{name}' cannot be updated here." for name in update if name != "labels"}
        if errors:
            raise error(400, errors=errors)
        before = self.render.issue(issue)
        apply_fields(issue, fields, self.mode)
        for op in update.get("labels", []):
            issue.labels = _label_op(issue.labels, op)
        if self.render.issue(issue) != before:
            issue.updated = self.tick()
        return 204, None

    def on_delete_issue(self, query: Any, body: Any, key: str) -> tuple[int, Any]:
        del self.records[self.record(key).id]
        return 204, None


def _label_op(labels: list[str], op: dict[str, Any]) -> list[str]:
    """One `update.labels` operation: {"add": x}, {"remove": x} or {"set": [...]}."""
    if "set" in op:
        return sorted(set(op["set"]))
    if "add" in op:
        return sorted({*labels, op["add"]})
    return sorted(set(labels) - {op.get("remove")})
