"""JSON as GitHub's REST API writes it: the fake's records turned into full objects.

Objects carry every key the OpenAPI spec (tests/specs/github-issues.openapi.json) lists as
`required`, with URLs on the fake's own host, so PyGithub never has to complete them with a GET.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DOCS = "https://docs.github.com/rest"


def stamp(when: datetime | None) -> str | None:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if when else None


@dataclass
class LabelRec:
    id: int
    name: str
    color: str = "ededed"
    description: str | None = None


@dataclass
class MilestoneRec:
    number: int
    id: int
    title: str
    created_at: datetime
    description: str | None = None
    due_on: str | None = None
    state: str = "open"


@dataclass
class IssueRec:
    number: int
    id: int
    title: str
    body: str | None
    created_at: datetime
    updated_at: datetime
    user: str = "tracker-bot"
    state: str = "open"
    state_reason: str | None = None
    closed_at: datetime | None = None
    labels: list[str] = field(default_factory=list)
    assignees: list[str] = field(default_factory=list)
    milestone: int | None = None
    comments: list[dict[str, Any]] = field(default_factory=list)
    pull_request: bool = False
    deleted: bool = False


@dataclass
class RepoRec:
    id: int
    owner: str
    name: str
    created_at: datetime
    has_issues: bool = True
    issues: dict[int, IssueRec] = field(default_factory=dict)
    labels: dict[str, LabelRec] = field(default_factory=dict)  # by lower-cased name
    milestones: dict[int, MilestoneRec] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"


class Json:
    """Builds response objects for one fake host (`api` = base URL, `web` = html host)."""

    def __init__(self, api: str, web: str) -> None:
        self.api = api.rstrip("/")
        self.web = web.rstrip("/")

    def user(self, login: str) -> dict[str, Any]:
        uid = 1000 + sum(map(ord, login))
        u = f"{self.api}/users/{login}"
        return {
            "login": login,
            "id": uid,
            "node_id": f"U_{uid}",
            "avatar_url": f"{self.web}/avatars/{login}",
            "gravatar_id": "",
            "url": u,
            "html_url": f"{self.web}/{login}",
            "followers_url": f"{u}/followers",
            "following_url": f"{u}/following{{/other_user}}",
            "gists_url": f"{u}/gists{{/gist_id}}",
            "starred_url": f"{u}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{u}/subscriptions",
            "organizations_url": f"{u}/orgs",
            "repos_url": f"{u}/repos",
            "events_url": f"{u}/events{{/privacy}}",
            "received_events_url": f"{u}/received_events",
            "type": "User",
            "site_admin": False,
        }

    def repo_url(self, repo: RepoRec) -> str:
        return f"{self.api}/repos/{repo.full_name}"

    def label(self, repo: RepoRec, rec: LabelRec) -> dict[str, Any]:
        return {
            "id": rec.id,
            "node_id": f"LA_{rec.id}",
            "url": f"{self.repo_url(repo)}/labels/{rec.name}",
            "name": rec.name,
            "description": rec.description,
            "color": rec.color,
            "default": False,
        }

    def milestone(self, repo: RepoRec, rec: MilestoneRec) -> dict[str, Any]:
        issues = [i for i in repo.issues.values() if i.milestone == rec.number and not i.deleted]
        return {
            "url": f"{self.repo_url(repo)}/milestones/{rec.number}",
            "html_url": f"{self.web}/{repo.full_name}/milestone/{rec.number}",
            "labels_url": f"{self.repo_url(repo)}/milestones/{rec.number}/labels",
            "id": rec.id,
            "node_id": f"MI_{rec.id}",
            "number": rec.number,
            "state": rec.state,
            "title": rec.title,
            "description": rec.description,
            "creator": self.user("tracker-bot"),
            "open_issues": sum(i.state == "open" for i in issues),
            "closed_issues": sum(i.state == "closed" for i in issues),
            "created_at": stamp(rec.created_at),
            "updated_at": stamp(rec.created_at),
            "closed_at": None,
            "due_on": rec.due_on,
        }

    def issue(self, repo: RepoRec, rec: IssueRec) -> dict[str, Any]:
        url = f"{self.repo_url(repo)}/issues/{rec.number}"
        kind = "pull" if rec.pull_request else "issues"
        data: dict[str, Any] = {
            "id": rec.id,
            "node_id": f"I_{rec.id}",
            "url": url,
            "repository_url": self.repo_url(repo),
            "labels_url": f"{url}/labels{{/name}}",
            "comments_url": f"{url}/comments",
            "events_url": f"{url}/events",
            "html_url": f"{self.web}/{repo.full_name}/{kind}/{rec.number}",
            "number": rec.number,
            "state": rec.state,
            "state_reason": rec.state_reason,
            "title": rec.title,
            "body": rec.body,
            "user": self.user(rec.user),
            "labels": [self.label(repo, repo.labels[n.lower()]) for n in rec.labels],
            "assignee": self.user(rec.assignees[0]) if rec.assignees else None,
            "assignees": [self.user(a) for a in rec.assignees],
            "milestone": self.milestone(repo, repo.milestones[rec.milestone]) if rec.milestone else None,
            "locked": False,
            "active_lock_reason": None,
            "comments": len(rec.comments),
            "closed_at": stamp(rec.closed_at),
            "created_at": stamp(rec.created_at),
            "updated_at": stamp(rec.updated_at),
            "closed_by": None,
            "author_association": "OWNER",
            "timeline_url": f"{url}/timeline",
            "reactions": self.reactions(url),
        }
        if rec.pull_request:
            pr = f"{self.repo_url(repo)}/pulls/{rec.number}"
            html = data["html_url"]
            data["pull_request"] = {
                "url": pr,
                "html_url": html,
                "diff_url": f"{html}.diff",
                "patch_url": f"{html}.patch",
                "merged_at": None,
            }
        return data

    def reactions(self, url: str) -> dict[str, Any]:
        counts = dict.fromkeys(["+1", "-1", "laugh", "confused", "heart", "hooray", "eyes", "rocket"], 0)
        return {"url": f"{url}/reactions", "total_count": 0, **counts}

    def comment(self, repo: RepoRec, issue: IssueRec, rec: dict[str, Any]) -> dict[str, Any]:
        url = f"{self.repo_url(repo)}/issues/comments/{rec['id']}"
        return {
            "id": rec["id"],
            "node_id": f"IC_{rec['id']}",
            "url": url,
            "body": rec["body"],
            "html_url": f"{self.web}/{repo.full_name}/issues/{issue.number}#issuecomment-{rec['id']}",
            "issue_url": f"{self.repo_url(repo)}/issues/{issue.number}",
            "user": self.user(rec["user"]),
            "created_at": rec["created_at"],
            "updated_at": rec["created_at"],
            "author_association": "OWNER",
        }

    def repo(self, repo: RepoRec, open_issues: int) -> dict[str, Any]:
        u, h = self.repo_url(repo), f"{self.web}/{repo.full_name}"
        templated = {
            "archive_url": "/{archive_format}{/ref}",
            "assignees_url": "/assignees{/user}",
            "blobs_url": "/git/blobs{/sha}",
            "branches_url": "/branches{/branch}",
            "collaborators_url": "/collaborators{/collaborator}",
            "comments_url": "/comments{/number}",
            "commits_url": "/commits{/sha}",
            "compare_url": "/compare/{base}...{head}",
            "contents_url": "/contents/{+path}",
            "git_commits_url": "/git/commits{/sha}",
            "git_refs_url": "/git/refs{/sha}",
            "git_tags_url": "/git/tags{/sha}",
            "issue_comment_url": "/issues/comments{/number}",
            "issue_events_url": "/issues/events{/number}",
            "issues_url": "/issues{/number}",
            "keys_url": "/keys{/key_id}",
            "labels_url": "/labels{/name}",
            "milestones_url": "/milestones{/number}",
            "notifications_url": "/notifications{?since,all,participating}",
            "pulls_url": "/pulls{/number}",
            "releases_url": "/releases{/id}",
            "statuses_url": "/statuses/{sha}",
            "trees_url": "/git/trees{/sha}",
        }
        plain = [
            "contributors",
            "deployments",
            "downloads",
            "events",
            "forks",
            "hooks",
            "languages",
            "merges",
            "stargazers",
            "subscribers",
            "subscription",
            "tags",
            "teams",
        ]
        created = stamp(repo.created_at)
        return {
            "id": repo.id,
            "node_id": f"R_{repo.id}",
            "name": repo.name,
            "full_name": repo.full_name,
            "owner": self.user(repo.owner),
            "private": True,
            "html_url": h,
            "description": "Action items",
            "fork": False,
            "url": u,
            **{k: u + v for k, v in templated.items()},
            **{f"{k}_url": f"{u}/{k}" for k in plain},
            "git_url": f"git://github.fake/{repo.full_name}.git",
            "ssh_url": f"git@github.fake:{repo.full_name}.git",
            "clone_url": f"{h}.git",
            "svn_url": h,
            "mirror_url": None,
            "homepage": None,
            "language": None,
            "forks_count": 0,
            "forks": 0,
            "stargazers_count": 0,
            "watchers_count": 0,
            "watchers": 0,
            "size": 1,
            "default_branch": "main",
            "open_issues_count": open_issues,
            "open_issues": open_issues,
            "has_issues": repo.has_issues,
            "has_projects": False,
            "has_wiki": False,
            "has_pages": False,
            "has_downloads": False,
            "has_discussions": False,
            "archived": False,
            "disabled": False,
            "visibility": "private",
            "pushed_at": created,
            "created_at": created,
            "updated_at": created,
            "permissions": {"admin": True, "maintain": True, "push": True, "triage": True, "pull": True},
            "license": None,
            "network_count": 0,
            "subscribers_count": 1,
            "topics": [],
        }


def error(message: str, status: int, **extra: Any) -> dict[str, Any]:
    """The `basic-error` / `validation-error` shape."""
    return {"message": message, **extra, "documentation_url": DOCS, "status": str(status)}


def invalid(resource: str, field_name: str, code: str = "invalid", value: Any = None) -> dict[str, Any]:
    err: dict[str, Any] = {"resource": resource, "field": field_name, "code": code}
    if value is not None:
        err["value"] = value
    return error("Validation Failed", 422, errors=[err])
