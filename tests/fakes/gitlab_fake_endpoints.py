"""The fake GitLab's endpoints: issues, labels, milestones, users, and offset/keyset pagination.

Mixed into `FakeGitLab`. A handler gets a `Req` and returns `(status, payload, extra headers)`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

from tests.fakes.gitlab_fake_model import IssueRec, JsonObj, LabelRec, MilestoneRec, ProjectRec, UserRec, scope_of

Result = tuple[int, Any, dict[str, str]]
OWNER, MAINTAINER, DEVELOPER, REPORTER = 50, 40, 30, 20
# docs.gitlab.com "REST API pagination": keyset is offered for projects and users (among others
# not faked here), not for issues; `pagination=keyset` elsewhere is ignored (offset answers).
KEYSET_PATHS = ("/projects", "/users")


def message(status: int, what: str) -> JsonObj:
    return {"message": f"{status} {what}"}


@dataclass
class Req:
    path: str  # without /api/v4 and query
    query: list[tuple[str, str]]
    data: dict[str, Any]
    user: UserRec
    project: ProjectRec | None = None
    match: re.Match[str] | None = None

    def arg(self, name: str) -> Any:
        """A parameter from the body, else the query (GitLab takes either)."""
        if name in self.data:
            return self.data[name]
        return next((v for k, v in self.query if k == name), None)

    def many(self, name: str) -> list[str] | None:
        """An array parameter: `name[]=a&name[]=b`, a JSON list, or a comma-separated string."""
        values = [v for k, v in self.query if k in (f"{name}[]", name)]
        if name in self.data or f"{name}[]" in self.data:
            raw = self.data.get(name, self.data.get(f"{name}[]"))
            values = [str(v) for v in raw] if isinstance(raw, list) else [str(raw)]
        if not values:
            return None
        if len(values) == 1 and isinstance(values[0], str):
            return [v.strip() for v in values[0].split(",") if v.strip()]
        return values


def _parse_time(text: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _parse_due(value: Any) -> tuple[bool, date | None]:
    """(valid, date); an empty string or null clears the date."""
    if value in (None, ""):
        return True, None
    try:
        return True, date.fromisoformat(str(value))
    except ValueError:
        return False, None


class Endpoints:
    origin: str
    users: dict[str, UserRec]
    projects: dict[int, ProjectRec]
    scoped_labels: bool
    multiple_assignees: bool
    tick: Callable[[], datetime]
    _new_id: Callable[[], int]

    # --- users -------------------------------------------------------------------------------------

    def _users(self, req: Req) -> Result:
        found = sorted(self.users.values(), key=lambda u: u.id)
        username = req.arg("username")
        if username is not None:
            found = [u for u in found if u.username.lower() == str(username).lower()]
        search = req.arg("search")
        if search:
            found = [u for u in found if str(search).lower() in (u.username + " " + u.name).lower()]
        return self._page(req, [u.json() for u in found])

    def _user_by_id(self, user_id: int) -> UserRec | None:
        return next((u for u in self.users.values() if u.id == user_id), None)

    # --- labels and milestones ---------------------------------------------------------------------

    def _labels(self, req: Req) -> Result:
        project = _project(req)
        labels = sorted(project.labels.values(), key=lambda lab: lab.name.lower())
        search = req.arg("search")
        if search:
            labels = [lab for lab in labels if str(search).lower() in lab.name.lower()]
        return self._page(req, [lab.json() for lab in labels])

    def _create_label(self, req: Req) -> Result:
        project = _project(req)
        name, color = req.arg("name"), req.arg("color")
        if not name:
            return 400, {"error": "name is missing"}, {}
        if not color:
            return 400, {"error": "color is missing"}, {}
        if str(name).lower() in project.labels:
            return 409, {"message": "Label already exists"}, {}
        label = LabelRec(self._new_id(), str(name), str(color), req.arg("description"))
        project.labels[label.name.lower()] = label
        return 201, label.json(), {}

    def _milestones(self, req: Req) -> Result:
        project = _project(req)
        found = sorted(project.milestones.values(), key=lambda m: m.id, reverse=True)
        state, title = req.arg("state"), req.arg("title")
        if state:
            found = [m for m in found if m.state == state]
        if title:
            found = [m for m in found if m.title == title]
        return self._page(req, [m.json() for m in found])

    def _create_milestone(self, req: Req) -> Result:
        project = _project(req)
        title = req.arg("title")
        if not title:
            return 400, {"error": "title is missing"}, {}
        if any(m.title == title for m in project.milestones.values()):
            return 400, {"message": {"title": ["already being used for another group or project milestone."]}}, {}
        ok, due = _parse_due(req.arg("due_date"))
        if not ok:
            return 400, {"error": "due_date is invalid"}, {}
        iid = len(project.milestones) + 1
        web_url = f"{project.web_url}/-/milestones/{iid}"
        milestone = MilestoneRec(self._new_id(), iid, project.id, str(title), self.tick(), web_url, due_date=due)
        milestone.description = req.arg("description")
        project.milestones[milestone.id] = milestone
        return 201, milestone.json(), {}

    # --- issues ------------------------------------------------------------------------------------

    def _get_issue(self, req: Req) -> Result:
        project = _project(req)
        rec = self._issue(project, req)
        if rec is None:
            return 404, message(404, "Not found"), {}
        return 200, project.issue_json(rec), {}

    def _create_issue(self, req: Req) -> Result:
        project = _project(req)
        title = req.arg("title")
        if not title:
            return 400, {"error": "title is missing"}, {}
        now = self.tick()
        rec = IssueRec(self._new_id(), project.next_iid, project.id, str(title), req.user, now, now)
        error = self._apply(project, rec, req, creating=True)
        if error is not None:
            return 400, {"error": error}, {}
        project.next_iid += 1
        project.issues[rec.iid] = rec
        return 201, project.issue_json(rec), {}

    def _edit_issue(self, req: Req) -> Result:
        project = _project(req)
        rec = self._issue(project, req)
        if rec is None:
            return 404, message(404, "Not found"), {}
        before = project.issue_json(rec)
        error = self._apply(project, rec, req, creating=False)
        if error is not None:
            return 400, {"error": error}, {}
        if project.issue_json(rec) != before:
            rec.updated_at = self.tick()
            if rec.state == "closed" and before["state"] != "closed":
                rec.closed_at, rec.closed_by = rec.updated_at, req.user
        return 200, project.issue_json(rec), {}

    def _delete_issue(self, req: Req) -> Result:
        project = _project(req)
        rec = self._issue(project, req)
        if rec is None:
            return 404, message(404, "Not found"), {}
        if project.members.get(req.user.username, 0) < OWNER:
            return 403, message(403, "Forbidden"), {}
        del project.issues[rec.iid]
        return 204, None, {}

    def _list_issues(self, req: Req) -> Result:
        project = _project(req)
        found = list(project.issues.values())
        state = req.arg("state") or "all"
        if state != "all":
            found = [i for i in found if i.state == state]
        for name, keep in (("updated_after", True), ("updated_before", False)):
            raw = req.arg(name)
            if raw:
                when = _parse_time(str(raw))
                if when is None:
                    return 400, {"error": f"{name} is invalid"}, {}
                found = [i for i in found if (i.updated_at >= when) == keep]
        found = self._filter_labels(found, req.arg("labels"))
        iids = req.many("iids")
        if iids is not None:
            found = [i for i in found if str(i.iid) in iids]
        search = req.arg("search")
        if search:
            needle = str(search).lower()
            found = [i for i in found if needle in (i.title + " " + (i.description or "")).lower()]
        order = req.arg("order_by") or "created_at"
        if order not in ("created_at", "updated_at", "due_date", "title", "priority", "relative_position"):
            return 400, {"error": "order_by does not have a valid value"}, {}
        key = _issue_key(order)
        found.sort(key=lambda i: (key(i), i.id), reverse=(req.arg("sort") or "desc") == "desc")
        return self._page(req, [project.issue_json(i) for i in found], keyset=False)

    @staticmethod
    def _filter_labels(found: list[IssueRec], raw: Any) -> list[IssueRec]:
        if raw is None or raw == "":
            return found
        wanted = [s.strip().lower() for s in str(raw).split(",") if s.strip()]
        if wanted == ["none"]:
            return [i for i in found if not i.labels]
        if wanted == ["any"]:
            return [i for i in found if i.labels]
        return [i for i in found if set(wanted) <= {lab.lower() for lab in i.labels}]

    def _issue(self, project: ProjectRec, req: Req) -> IssueRec | None:
        assert req.match is not None
        return project.issues.get(int(req.match.group("iid")))

    def _apply(self, project: ProjectRec, rec: IssueRec, req: Req, *, creating: bool) -> str | None:
        """Apply the writable fields of a create/edit; a message for a 400, or None."""
        for name in ("title", "description"):
            if name in req.data or req.arg(name) is not None:
                value = req.arg(name)
                if name == "title" and not value:
                    return "title is empty"
                setattr(rec, name, value)
        if req.arg("due_date") is not None or "due_date" in req.data:
            ok, due = _parse_due(req.arg("due_date"))
            if not ok:
                return "due_date is invalid"
            rec.due_date = due
        if req.arg("confidential") is not None:
            rec.confidential = str(req.arg("confidential")).lower() in ("true", "1")
        ids = req.many("assignee_ids")
        if ids is None and req.data.get("assignee_ids", "missing") in ([], "", None):
            ids = []  # "provide an empty value to unassign all assignees"
        if ids is not None or req.arg("assignee_id") is not None:
            self._assign(project, rec, ids if ids is not None else [str(req.arg("assignee_id"))])
        if "milestone_id" in req.data or req.arg("milestone_id") is not None:
            raw = req.arg("milestone_id")
            rec.milestone = project.milestones.get(int(raw)) if raw not in (None, "", 0, "0") else None
        self._apply_labels(project, rec, req)
        if not creating:
            event = req.arg("state_event")
            if event not in (None, "close", "reopen"):
                return "state_event does not have a valid value"
            if event == "close":
                rec.state = "closed"
            elif event == "reopen" and rec.state == "closed":
                rec.state, rec.closed_at, rec.closed_by = "opened", None, None
        return None

    def _assign(self, project: ProjectRec, rec: IssueRec, ids: list[str]) -> None:
        """GitLab drops ids of users who cannot be assigned (no error); Free keeps only the first."""
        users = [self._user_by_id(int(i)) for i in ids if str(i).isdigit() and int(i) != 0]
        members = [u for u in users if u is not None and u.username in project.members]
        rec.assignees = members if self.multiple_assignees else members[:1]

    def _apply_labels(self, project: ProjectRec, rec: IssueRec, req: Req) -> None:
        replace, add, remove = req.many("labels"), req.many("add_labels"), req.many("remove_labels")
        if "labels" in req.data and replace is None:
            replace = []
        labels = list(rec.labels) if replace is None else []
        for name in [*(replace or []), *(add or [])]:
            labels = self._with_label(project, labels, name)
        gone = {name.lower() for name in remove or []}
        rec.labels = [lab for lab in labels if lab.lower() not in gone]

    def _with_label(self, project: ProjectRec, labels: list[str], name: str) -> list[str]:
        """Add `name` (created on first use); a scoped label replaces its scope's other label."""
        label = project.labels.get(name.lower())
        if label is None:
            label = LabelRec(self._new_id(), name)
            project.labels[name.lower()] = label
        scope = scope_of(label.name) if self.scoped_labels else None
        kept = [lab for lab in labels if lab.lower() != label.name.lower()]
        if scope is not None:
            kept = [lab for lab in kept if scope_of(lab) != scope]
        return [*kept, label.name]

    # --- pagination --------------------------------------------------------------------------------

    def _page(self, req: Req, items: list[JsonObj], *, keyset: bool | None = None) -> Result:
        per_page = _bounded(req.arg("per_page"), 20, 1, 100)
        use_keyset = req.arg("pagination") == "keyset" and (keyset if keyset is not None else req.path in KEYSET_PATHS)
        if use_keyset:
            return self._keyset_page(req, items, per_page)
        page = _bounded(req.arg("page"), 1, 1, 10**9)
        total = len(items)
        pages = max(1, -(-total // per_page))
        chunk = items[(page - 1) * per_page : page * per_page]
        headers = {
            "X-Page": str(page),
            "X-Per-Page": str(per_page),
            "X-Total": str(total),
            "X-Total-Pages": str(pages),
            "X-Next-Page": str(page + 1) if page < pages else "",
            "X-Prev-Page": str(page - 1) if page > 1 else "",
        }
        links = []
        if page > 1:
            links.append(f'<{self._url(req, page=page - 1, per_page=per_page)}>; rel="prev"')
        if page < pages:
            links.append(f'<{self._url(req, page=page + 1, per_page=per_page)}>; rel="next"')
        links.append(f'<{self._url(req, page=1, per_page=per_page)}>; rel="first"')
        links.append(f'<{self._url(req, page=pages, per_page=per_page)}>; rel="last"')
        headers["Link"] = ", ".join(links)
        return 200, chunk, headers

    def _keyset_page(self, req: Req, items: list[JsonObj], per_page: int) -> Result:
        """Keyset by id (`order_by=id`, `sort` asc by default): `id_after`/`id_before` cursors, only
        a `Link: rel="next"`, no totals."""
        descending = req.arg("sort") == "desc"
        ordered = sorted(items, key=lambda item: int(item["id"]), reverse=descending)
        cursor = req.arg("id_before" if descending else "id_after")
        if cursor is not None:
            bound = int(cursor)
            ordered = [i for i in ordered if (i["id"] < bound if descending else i["id"] > bound)]
        chunk = ordered[:per_page]
        headers = {"X-Per-Page": str(per_page)}
        if len(ordered) > per_page:
            name = "id_before" if descending else "id_after"
            url = self._url(req, per_page=per_page, **{name: chunk[-1]["id"]})
            headers["Link"] = f'<{url}>; rel="next"'
        return 200, chunk, headers

    def _url(self, req: Req, **replace: Any) -> str:
        names = set(replace) | {"id_after", "id_before"}
        kept = [(k, v) for k, v in req.query if k not in names]
        query = urlencode([*kept, *((k, str(v)) for k, v in replace.items())])
        return f"{self.origin}/api/v4{req.path}?{query}"


def _project(req: Req) -> ProjectRec:
    assert req.project is not None
    return req.project


def _bounded(raw: Any, default: int, low: int, high: int) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return default
    return min(max(value, low), high)


def _issue_key(order: str) -> Callable[[IssueRec], Any]:
    keys: dict[str, Callable[[IssueRec], Any]] = {
        "created_at": lambda i: i.created_at,
        "updated_at": lambda i: i.updated_at,
        "due_date": lambda i: i.due_date or date.max,
        "title": lambda i: i.title.lower(),
    }
    return keys.get(order, lambda i: i.id)
