"""The fake Jira's records and their JSON: issues, workflow, users, and field validation (REST v2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

Mode = Literal["cloud", "server"]

#: statusCategory key -> (id, colour, name), as Jira Cloud and DC send them.
CATEGORIES: dict[str, tuple[int, str, str]] = {
    "undefined": (1, "medium-gray", "No Category"),
    "new": (2, "blue-gray", "To Do"),
    "done": (3, "green", "Done"),
    "indeterminate": (4, "yellow", "In Progress"),
}
RESOLUTIONS = {
    "Done": "10000",
    "Won't Do": "10001",
    "Won't Fix": "10002",
    "Duplicate": "10003",
    "Cannot Reproduce": "10004",
}
SCREEN_FIELD_NAMES = {"resolution": "Resolution", "comment": "Comment", "customfield_10050": "Root cause"}
PRIORITIES = {"Highest": "1", "High": "2", "Medium": "3", "Low": "4", "Lowest": "5"}
DEFAULT_PRIORITY = "Medium"
ISSUE_TYPES = {"Task": "10001", "Bug": "10002", "Story": "10003"}
SETTABLE = frozenset({"summary", "description", "duedate", "labels", "priority", "assignee"})
SYSTEM_FIELDS = (
    "summary",
    "description",
    "issuetype",
    "project",
    "duedate",
    "labels",
    "priority",
    "status",
    "resolution",
    "resolutiondate",
    "assignee",
    "created",
    "updated",
)


def jira_time(moment: datetime) -> str:
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}+0000"


@dataclass
class Transition:
    id: str
    name: str
    to: str
    sources: frozenset[str] | None = None  # None: a global transition, from every status
    screen: dict[str, bool] = field(default_factory=dict)  # the fields on its screen -> required


@dataclass
class Workflow:
    """Statuses with categories and the transitions between them (default: To Do, In Progress, Done)."""

    statuses: dict[str, tuple[str, str]] = field(
        default_factory=lambda: {
            "To Do": ("10000", "new"),
            "In Progress": ("3", "indeterminate"),
            "Done": ("10001", "done"),
        }
    )
    transitions: list[Transition] = field(
        default_factory=lambda: [
            Transition("11", "To Do", "To Do"),
            Transition("21", "In Progress", "In Progress"),
            Transition("31", "Done", "Done", screen={"resolution": False}),
        ]
    )
    initial: str = "To Do"

    def available(self, status: str) -> list[Transition]:
        return [t for t in self.transitions if t.to != status and (t.sources is None or status in t.sources)]

    def category(self, status: str) -> str:
        return self.statuses[status][1]

    def first_in(self, category: str) -> str:
        return next(name for name, (_, cat) in self.statuses.items() if cat == category)

    def add_status(self, name: str, category: str) -> None:
        self.statuses[name] = (str(20000 + len(self.statuses)), category)

    def add_transition(self, name: str, to: str, sources: set[str] | None = None) -> str:
        tid = str(100 + 10 * len(self.transitions))
        self.transitions.append(Transition(tid, name, to, frozenset(sources) if sources is not None else None))
        return tid

    def remove_transitions(self, to: str, *, source: str | None = None) -> None:
        """No way into `to` (from `source` only, when given)."""
        kept = []
        for t in self.transitions:
            if t.to != to:
                kept.append(t)
            elif source is not None:
                sources = (t.sources if t.sources is not None else frozenset(self.statuses)) - {source}
                kept.append(Transition(t.id, t.name, t.to, frozenset(sources)))
        self.transitions = kept


@dataclass
class FakeUser:
    account: str  # accountId on Cloud, username on Server
    display: str
    time_zone: str = "UTC"
    email: str | None = None


@dataclass
class FakeIssue:
    id: int
    key: str
    project: str
    issuetype: str
    summary: str
    created: datetime
    updated: datetime
    status: str = "To Do"
    description: str | None = None
    duedate: str | None = None
    labels: list[str] = field(default_factory=list)
    priority: str = DEFAULT_PRIORITY
    resolution: str | None = None
    resolved: datetime | None = None
    assignee: str | None = None
    links: list[dict[str, Any]] = field(default_factory=list)
    comments: list[dict[str, Any]] = field(default_factory=list)

    def due(self) -> date | None:
        return date.fromisoformat(self.duedate) if self.duedate else None


@dataclass
class Renderer:
    """JSON for the fake's records, with `self` links on the fake's own base URL."""

    base: str
    mode: Mode
    workflow: Workflow
    users: dict[str, FakeUser]
    projects: dict[str, str]  # key -> id

    def api(self, path: str) -> str:
        return f"{self.base}/rest/api/2/{path}"

    def user(self, user: FakeUser) -> dict[str, Any]:
        out: dict[str, Any] = {"displayName": user.display, "active": True, "timeZone": user.time_zone}
        if self.mode == "cloud":
            out |= {
                "self": self.api(f"user?accountId={user.account}"),
                "accountId": user.account,
                "accountType": "atlassian",
            }
        else:
            out |= {
                "self": self.api(f"user?username={user.account}"),
                "name": user.account,
                "key": f"JIRAUSER{10000 + sum(map(ord, user.account))}",
            }
        if user.email:
            out["emailAddress"] = user.email
        return out

    def status(self, name: str) -> dict[str, Any]:
        sid, cat = self.workflow.statuses[name]
        cid, colour, cat_name = CATEGORIES[cat]
        category = {
            "self": self.api(f"statuscategory/{cid}"),
            "id": cid,
            "key": cat,
            "colorName": colour,
            "name": cat_name,
        }
        return {
            "self": self.api(f"status/{sid}"),
            "description": "",
            "iconUrl": f"{self.base}/images/status.png",
            "name": name,
            "id": sid,
            "statusCategory": category,
        }

    def transition(self, t: Transition, *, with_fields: bool = False) -> dict[str, Any]:
        """A transition as `GET .../transitions` lists it (`expand=transitions.fields`: its screen too)."""
        shown = {"fields": {key: self.screen_field(key, required) for key, required in t.screen.items()}}
        return {
            "id": t.id,
            "name": t.name,
            "to": self.status(t.to),
            **(shown if with_fields else {}),
            "hasScreen": bool(t.screen),
            "isGlobal": t.sources is None,
            "isInitial": False,
            "isAvailable": True,
            "isConditional": False,
            "isLooped": False,
        }

    def screen_field(self, key: str, required: bool) -> dict[str, Any]:
        """One field of a transition screen (Jira's FieldMetadata)."""
        meta: dict[str, Any] = {
            "required": required,
            "schema": {"type": "string", "system": key} if not key.startswith("customfield_") else {"type": "string"},
            "name": SCREEN_FIELD_NAMES.get(key, key),
            "key": key,
            "hasDefaultValue": False,
            "operations": ["set"] if key != "comment" else ["add", "edit", "remove"],
        }
        if key == "resolution":
            meta["schema"] = {"type": "resolution", "system": "resolution"}
            meta["allowedValues"] = [
                {"self": self.api(f"resolution/{rid}"), "id": rid, "name": name} for name, rid in RESOLUTIONS.items()
            ]
        return meta

    def project(self, key: str) -> dict[str, Any]:
        pid = self.projects[key]
        return {
            "self": self.api(f"project/{pid}"),
            "id": pid,
            "key": key,
            "name": f"Project {key}",
            "projectTypeKey": "software",
            "simplified": False,
        }

    def issue(self, issue: FakeIssue, wanted: set[str] | None = None) -> dict[str, Any]:
        """The issue with the fields `wanted` (None: all)."""
        all_fields = self._fields(issue)
        fields = all_fields if wanted is None else {k: v for k, v in all_fields.items() if k in wanted}
        out: dict[str, Any] = {
            "expand": "renderedFields,names,schema,operations,editmeta,changelog",
            "id": str(issue.id),
            "self": self.api(f"issue/{issue.id}"),
            "key": issue.key,
        }
        if wanted is None or wanted - {"id"}:
            out["fields"] = fields
        return out

    def _fields(self, issue: FakeIssue) -> dict[str, Any]:
        assignee = self.users.get(issue.assignee or "")
        resolution = None
        if issue.resolution:
            rid = RESOLUTIONS[issue.resolution]
            resolution = {
                "self": self.api(f"resolution/{rid}"),
                "id": rid,
                "name": issue.resolution,
                "description": "",
            }
        type_id = ISSUE_TYPES[issue.issuetype]
        return {
            "summary": issue.summary,
            "description": issue.description,
            "issuetype": {
                "self": self.api(f"issuetype/{type_id}"),
                "id": type_id,
                "name": issue.issuetype,
                "subtask": False,
            },
            "project": self.project(issue.project),
            "duedate": issue.duedate,
            "labels": sorted(issue.labels),
            "priority": {
                "self": self.api(f"priority/{PRIORITIES[issue.priority]}"),
                "id": PRIORITIES[issue.priority],
                "name": issue.priority,
            },
            "status": self.status(issue.status),
            "resolution": resolution,
            "resolutiondate": jira_time(issue.resolved) if issue.resolved else None,
            "assignee": self.user(assignee) if assignee else None,
            "created": jira_time(issue.created),
            "updated": jira_time(issue.updated),
        }

    def fields_list(self) -> list[dict[str, Any]]:
        return [
            {
                "id": name,
                "key": name,
                "name": name.capitalize(),
                "custom": False,
                "orderable": True,
                "navigable": True,
                "searchable": True,
                "clauseNames": [name],
                "schema": {"type": "string", "system": name},
            }
            for name in SYSTEM_FIELDS
        ]
