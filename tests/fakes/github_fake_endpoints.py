"""The fake GitHub's endpoints: one method per route, each taking the routed request.

Mixed into `FakeGitHub` (which supplies the clock, ids and JSON builders); `ROUTES` maps
(method, path under the repository) to them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from tests.fakes.github_fake_json import (
    IssueRec,
    Json,
    LabelRec,
    MilestoneRec,
    RepoRec,
    error,
    invalid,
    stamp,
)

Result = tuple[int, Any, dict[str, str]]


@dataclass
class Req:
    """One routed request: the repository, the path match, the query (as a dict and as sent), the JSON."""

    repo: RepoRec
    match: re.Match[str]
    query: dict[str, str]
    pairs: list[tuple[str, str]]
    data: Any

    def number(self) -> int:
        return int(self.match.group(1))


def _since(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


class Endpoints:
    json: Json
    base_url: str
    assignable: set[str]

    def tick(self) -> datetime:
        raise NotImplementedError

    def _new_id(self) -> int:
        raise NotImplementedError

    def _page(self, r: Req, suffix: str, items: list[Any]) -> Result:
        repo, query, params = r.repo, r.pairs, r.query
        per_page = min(100, max(1, int(params.get("per_page", 30))))
        page = max(1, int(params.get("page", 1)))
        last = max(1, -(-len(items) // per_page))
        kept = [(k, v) for k, v in query if k != "page"]

        def link(number: int, rel: str) -> str:
            url = f"{self.base_url}/repositories/{repo.id}/{suffix}?{urlencode([*kept, ('page', number)])}"
            return f'<{url}>; rel="{rel}"'

        links = [link(page - 1, "prev")] if page > 1 else []
        if page < last:
            links += [link(page + 1, "next"), link(last, "last")]
        if page > 1:
            links.append(link(1, "first"))
        return (
            200,
            items[(page - 1) * per_page : page * per_page],
            {"Link": ", ".join(links)} if links else {},
        )

    def _get_repo(self, r: Req) -> Result:
        open_count = sum(i.state == "open" and not i.deleted for i in r.repo.issues.values())
        return 200, self.json.repo(r.repo, open_count), {}

    def _list_issues(self, r: Req) -> Result:
        state, sort = r.query.get("state", "open"), r.query.get("sort", "created")
        if state not in ("open", "closed", "all"):
            return 422, invalid("Issue", "state", value=state), {}
        if sort not in ("created", "updated", "comments"):
            return 422, invalid("Issue", "sort", value=sort), {}
        try:
            since = _since(r.query["since"]) if r.query.get("since") else None
        except ValueError:
            return 422, invalid("Issue", "since"), {}
        wanted = {name.strip().lower() for name in r.query.get("labels", "").split(",") if name.strip()}
        found = [
            i
            for i in r.repo.issues.values()
            if not i.deleted
            and state in ("all", i.state)
            and wanted <= {name.lower() for name in i.labels}
            and (since is None or i.updated_at >= since)
        ]
        keys: dict[str, Callable[[IssueRec], Any]] = {
            "created": lambda i: i.created_at,
            "updated": lambda i: i.updated_at,
            "comments": lambda i: len(i.comments),
        }
        descending = r.query.get("direction", "desc") == "desc"
        found.sort(key=lambda i: (keys[sort](i), i.number), reverse=descending)
        return self._page(r, "issues", [self.json.issue(r.repo, i) for i in found])

    def _get_issue(self, r: Req) -> Result:
        rec = r.repo.issues.get(r.number())
        if rec is None:
            return 404, error("Not Found", 404), {}
        if rec.deleted:
            return 410, error("This issue was deleted", 410), {}
        return 200, self.json.issue(r.repo, rec), {}

    def _create_issue(self, r: Req) -> Result:
        if not r.repo.has_issues:
            return 410, error("Issues are disabled for this repo", 410), {}
        if not isinstance(r.data, dict):
            return 400, error("Problems parsing JSON", 400), {}
        if not isinstance(r.data.get("title"), str) or not r.data["title"].strip():
            return 422, invalid("Issue", "title", "missing_field"), {}
        problem = self._invalid_fields(r.repo, r.data)
        if problem:
            return 422, problem, {}
        now = self.tick()
        rec = IssueRec(len(r.repo.issues) + 1, self._new_id(), r.data["title"], r.data.get("body"), now, now)
        r.repo.issues[rec.number] = rec
        self._apply(r.repo, rec, r.data, now)
        url = f"{self.json.repo_url(r.repo)}/issues/{rec.number}"
        return 201, self.json.issue(r.repo, rec), {"Location": url}

    def _patch_issue(self, r: Req) -> Result:
        status, found, _ = self._get_issue(r)
        if status != 200:
            return status, found, {}
        data, rec = r.data, r.repo.issues[r.number()]
        if not isinstance(data, dict):
            return 400, error("Problems parsing JSON", 400), {}
        if "title" in data and (not isinstance(data["title"], str) or not data["title"].strip()):
            return 422, invalid("Issue", "title", "missing_field"), {}
        if data.get("state", rec.state) not in ("open", "closed"):
            return 422, invalid("Issue", "state", value=data.get("state")), {}
        if data.get("state_reason") not in (None, "completed", "not_planned", "duplicate", "reopened"):
            return 422, invalid("Issue", "state_reason", value=data.get("state_reason")), {}
        problem = self._invalid_fields(r.repo, data)
        if problem:
            return 422, problem, {}
        self._apply(r.repo, rec, data, self.tick())
        return 200, self.json.issue(r.repo, rec), {}

    def _invalid_fields(self, repo: RepoRec, data: dict[str, Any]) -> dict[str, Any] | None:
        logins = list(data.get("assignees") or []) + ([data["assignee"]] if data.get("assignee") else [])
        bad = [x for x in logins if not isinstance(x, str) or x.lower() not in self.assignable]
        if bad:
            return invalid("Issue", "assignees", value=bad)
        milestone = data.get("milestone")
        if milestone not in (None, "") and (not isinstance(milestone, int) or milestone not in repo.milestones):
            return invalid("Issue", "milestone", value=milestone)
        labels = data.get("labels", [])
        if not isinstance(labels, list) or not all(isinstance(x, str | dict) for x in labels):
            return invalid("Issue", "labels")
        return None

    def _apply(self, repo: RepoRec, rec: IssueRec, data: dict[str, Any], now: datetime) -> None:
        rec.updated_at = now
        rec.title = data.get("title", rec.title)
        rec.body = data.get("body", rec.body)
        if "labels" in data:
            names = [x if isinstance(x, str) else x["name"] for x in data["labels"]]
            rec.labels = self._ensure_labels(repo, names)
        if "assignees" in data or "assignee" in data:
            logins = data.get("assignees") or ([data["assignee"]] if data.get("assignee") else [])
            rec.assignees = list(dict.fromkeys(login.lower() for login in logins))
        if "milestone" in data:
            rec.milestone = data["milestone"] or None
        state = data.get("state", rec.state)
        if state != rec.state:  # state_reason is "ignored unless state is changed"
            rec.state = state
            rec.closed_at = now if state == "closed" else None
            default = "completed" if state == "closed" else "reopened"
            rec.state_reason = data.get("state_reason") or default

    def _ensure_labels(self, repo: RepoRec, names: list[str]) -> list[str]:
        out = []
        for name in names:
            if name.lower() not in repo.labels:
                repo.labels[name.lower()] = LabelRec(self._new_id(), name)
            out.append(repo.labels[name.lower()].name)
        return list(dict.fromkeys(out))

    def _list_labels(self, r: Req) -> Result:
        return self._page(r, "labels", [self.json.label(r.repo, x) for x in r.repo.labels.values()])

    def _create_label(self, r: Req) -> Result:
        name = r.data.get("name") if isinstance(r.data, dict) else None
        if not isinstance(name, str) or not name:
            return 422, invalid("Label", "name", "missing_field"), {}
        if name.lower() in r.repo.labels:
            return 422, invalid("Label", "name", "already_exists"), {}
        self.tick()
        rec = LabelRec(self._new_id(), name, str(r.data.get("color", "ededed")), r.data.get("description"))
        r.repo.labels[name.lower()] = rec
        return 201, self.json.label(r.repo, rec), {}

    def _list_milestones(self, r: Req) -> Result:
        state = r.query.get("state", "open")
        found = [x for x in r.repo.milestones.values() if state in ("all", x.state)]
        return self._page(r, "milestones", [self.json.milestone(r.repo, x) for x in found])

    def _create_milestone(self, r: Req) -> Result:
        title = r.data.get("title") if isinstance(r.data, dict) else None
        if not isinstance(title, str) or not title:
            return 422, invalid("Milestone", "title", "missing_field"), {}
        if any(x.title == title for x in r.repo.milestones.values()):
            return 422, invalid("Milestone", "title", "already_exists"), {}
        try:
            due_on = stamp(_since(r.data["due_on"])) if r.data.get("due_on") else None
        except (TypeError, ValueError):
            return 422, invalid("Milestone", "due_on"), {}
        number, description = len(r.repo.milestones) + 1, r.data.get("description")
        rec = MilestoneRec(number, self._new_id(), title, self.tick(), description, due_on)
        r.repo.milestones[rec.number] = rec
        return 201, self.json.milestone(r.repo, rec), {}

    def _list_comments(self, r: Req) -> Result:
        status, found, _ = self._get_issue(r)
        if status != 200:
            return status, found, {}
        rec = r.repo.issues[r.number()]
        comments = [self.json.comment(r.repo, rec, c) for c in rec.comments]
        return self._page(r, f"issues/{rec.number}/comments", comments)

    def _create_comment(self, r: Req) -> Result:
        status, found, _ = self._get_issue(r)
        if status != 200:
            return status, found, {}
        if not isinstance(r.data, dict) or not isinstance(r.data.get("body"), str):
            return 422, invalid("IssueComment", "body", "missing_field"), {}
        rec = r.repo.issues[r.number()]
        rec.updated_at = self.tick()
        comment = {"id": self._new_id(), "body": r.data["body"], "user": "tracker-bot"}
        comment["created_at"] = stamp(rec.updated_at)
        rec.comments.append(comment)
        return 201, self.json.comment(r.repo, rec, comment), {}

    def _list_assignees(self, r: Req) -> Result:
        return self._page(r, "assignees", [self.json.user(login) for login in sorted(self.assignable)])

    def _check_assignee(self, r: Req) -> Result:
        if r.match.group(1).lower() in self.assignable:
            return 204, None, {}
        return 404, error("Not Found", 404), {}


ROUTES: list[tuple[str, str, Callable[[Endpoints, Req], Result]]] = [
    ("GET", r"", Endpoints._get_repo),
    ("GET", r"/issues", Endpoints._list_issues),
    ("POST", r"/issues", Endpoints._create_issue),
    ("GET", r"/issues/(\d+)", Endpoints._get_issue),
    ("PATCH", r"/issues/(\d+)", Endpoints._patch_issue),
    ("GET", r"/issues/(\d+)/comments", Endpoints._list_comments),
    ("POST", r"/issues/(\d+)/comments", Endpoints._create_comment),
    ("GET", r"/labels", Endpoints._list_labels),
    ("POST", r"/labels", Endpoints._create_label),
    ("GET", r"/milestones", Endpoints._list_milestones),
    ("POST", r"/milestones", Endpoints._create_milestone),
    ("GET", r"/assignees", Endpoints._list_assignees),
    ("GET", r"/assignees/([^/]+)", Endpoints._check_assignee),
]
