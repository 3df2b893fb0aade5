"""Records of the fake GitLab (users, projects, issues, labels, milestones) and their JSON.

The JSON follows the examples of docs.gitlab.com "Issues API", "Projects API", "Users API",
"Labels API" and "Milestones API": times as ISO 8601 with milliseconds and `Z`, `due_date` as
`YYYY-MM-DD` or null, `labels` as a list of names, `assignee` mirroring `assignees[0]`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

JsonObj = dict[str, Any]


def stamp(when: datetime | None) -> str | None:
    """`2026-12-07T07:03:23.123Z`, as GitLab writes times."""
    if when is None:
        return None
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def scope_of(label: str) -> str | None:
    """A scoped label's scope: everything before the last `::` (`a::b::c` -> `a::b`)."""
    head, sep, _ = label.rpartition("::")
    return head if sep and head else None


@dataclass
class UserRec:
    id: int
    username: str
    name: str
    origin: str
    state: str = "active"

    def json(self) -> JsonObj:
        return {
            "id": self.id,
            "username": self.username,
            "name": self.name,
            "state": self.state,
            "locked": False,
            "avatar_url": f"{self.origin}/uploads/-/system/user/avatar/{self.id}/avatar.png",
            "web_url": f"{self.origin}/{self.username}",
        }

    def json_self(self) -> JsonObj:
        """`GET /user`: the public fields plus a few private ones."""
        return self.json() | {"email": f"{self.username}@example.com", "is_admin": False, "bot": False}


@dataclass
class LabelRec:
    id: int
    name: str
    color: str = "#6699cc"
    description: str | None = None

    def json(self) -> JsonObj:
        return {
            "id": self.id,
            "name": self.name,
            "color": self.color,
            "text_color": "#FFFFFF",
            "description": self.description,
            "description_html": self.description or "",
            "priority": None,
            "is_project_label": True,
            "subscribed": False,
        }


@dataclass
class MilestoneRec:
    id: int
    iid: int
    project_id: int
    title: str
    created_at: datetime
    web_url: str
    description: str | None = None
    due_date: date | None = None
    start_date: date | None = None
    state: str = "active"
    updated_at: datetime | None = None

    def json(self) -> JsonObj:
        return {
            "id": self.id,
            "iid": self.iid,
            "project_id": self.project_id,
            "title": self.title,
            "description": self.description,
            "state": self.state,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "created_at": stamp(self.created_at),
            "updated_at": stamp(self.updated_at or self.created_at),
            "expired": False,
            "web_url": self.web_url,
        }


@dataclass
class IssueRec:
    id: int
    iid: int
    project_id: int
    title: str
    author: UserRec
    created_at: datetime
    updated_at: datetime
    description: str | None = None
    state: str = "opened"
    closed_at: datetime | None = None
    closed_by: UserRec | None = None
    labels: list[str] = field(default_factory=list)
    assignees: list[UserRec] = field(default_factory=list)
    due_date: date | None = None
    milestone: MilestoneRec | None = None
    confidential: bool = False


@dataclass
class ProjectRec:
    id: int
    path_with_namespace: str
    origin: str
    created_at: datetime
    issues: dict[int, IssueRec] = field(default_factory=dict)
    labels: dict[str, LabelRec] = field(default_factory=dict)  # by lower-cased name
    milestones: dict[int, MilestoneRec] = field(default_factory=dict)  # by id
    members: dict[str, int] = field(default_factory=dict)  # username -> access level (50 owner)
    next_iid: int = 1

    @property
    def path(self) -> str:
        return self.path_with_namespace.rsplit("/", 1)[-1]

    @property
    def namespace(self) -> str:
        return self.path_with_namespace.rsplit("/", 1)[0]

    @property
    def web_url(self) -> str:
        return f"{self.origin}/{self.path_with_namespace}"

    def json(self) -> JsonObj:
        return {
            "id": self.id,
            "name": self.path,
            "path": self.path,
            "name_with_namespace": self.path_with_namespace.replace("/", " / "),
            "path_with_namespace": self.path_with_namespace,
            "description": None,
            "default_branch": "main",
            "visibility": "private",
            "web_url": self.web_url,
            "created_at": stamp(self.created_at),
            "issues_enabled": True,
            "open_issues_count": sum(i.state == "opened" for i in self.issues.values()),
            "namespace": {
                "id": self.id + 1000,
                "name": self.namespace,
                "path": self.namespace,
                "kind": "group",
                "full_path": self.namespace,
                "web_url": f"{self.origin}/groups/{self.namespace}",
            },
        }

    def issue_json(self, rec: IssueRec) -> JsonObj:
        assignees = [user.json() for user in rec.assignees]
        full = f"{self.path_with_namespace}#{rec.iid}"
        return {
            "id": rec.id,
            "iid": rec.iid,
            "project_id": self.id,
            "title": rec.title,
            "description": rec.description,
            "state": rec.state,
            "created_at": stamp(rec.created_at),
            "updated_at": stamp(rec.updated_at),
            "closed_at": stamp(rec.closed_at),
            "closed_by": rec.closed_by.json() if rec.closed_by else None,
            "labels": sorted(rec.labels, key=str.lower),
            "milestone": rec.milestone.json() if rec.milestone else None,
            "assignees": assignees,
            "assignee": assignees[0] if assignees else None,
            "author": rec.author.json(),
            "type": "ISSUE",
            "issue_type": "issue",
            "user_notes_count": 0,
            "merge_requests_count": 0,
            "upvotes": 0,
            "downvotes": 0,
            "due_date": rec.due_date.isoformat() if rec.due_date else None,
            "confidential": rec.confidential,
            "discussion_locked": None,
            "web_url": f"{self.web_url}/-/issues/{rec.iid}",
            "references": {"short": f"#{rec.iid}", "relative": f"#{rec.iid}", "full": full},
            "time_stats": {
                "time_estimate": 0,
                "total_time_spent": 0,
                "human_time_estimate": None,
                "human_total_time_spent": None,
            },
            "task_completion_status": {"count": 0, "completed_count": 0},
            "_links": {
                "self": f"{self.origin}/api/v4/projects/{self.id}/issues/{rec.iid}",
                "project": f"{self.origin}/api/v4/projects/{self.id}",
            },
        }
