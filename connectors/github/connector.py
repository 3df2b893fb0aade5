"""GitHub Issues: one issue per action item, found again through the marker in its body.

Parts, as in every connector: the config model (`tracker.config.GitHubTarget`), the client adapter
(`connectors.github.client`), pure mappers (`to_remote_issue` in `connectors.github.mapping`,
`body_for`/`title_for` in `connectors.github.body`, all re-exported here) and `GitHubConnector`.

Field mapping: text <-> title (+ full text opening the body); owner <-> assignee through `[people]`
(the body's Owner line when nobody is assigned); due <-> the body's Due line (+ a "Due YYYY-MM-DD"
milestone with `due_as_milestone`, written only); status <-> state/state_reason; priority <->
a `priority:X` label; labels <-> the other labels.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from github.GithubObject import NotSet
from github.Issue import Issue
from github.Milestone import Milestone

from connectors.github.body import body_for, title_for
from connectors.github.client import DEFAULT_TOKEN_ENV, GitHubClient, rejected_field
from connectors.github.config import GitHubTarget
from connectors.github.mapping import labels_for, priority_of, state_for, to_remote_issue
from connectors.one_at_a_time import create_each, oldest_by_marker
from connectors.tickets import github_issue_number
from tracker.config import Config
from tracker.connector import TWINS, CreateResult, Finding, IssueDraft, RemoteIssue, problem_of
from tracker.errors import (
    AuthError,
    ItemRejectedError,
    RemoteGoneError,
    RemoteUnavailableError,
    TrackerError,
)
from tracker.model import Status, SyncFields
from tracker.people import People
from tracker.retry import RetryPolicy

__all__ = ["GitHubConnector", "body_for", "title_for", "to_remote_issue"]

R = TypeVar("R")
TIMEOUT = 30
_PROJECTED = {Status.IN_PROGRESS: Status.OPEN, Status.REMOVED: Status.WONT_DO}


class GitHubConnector:
    """The Connector for one GitHub repository (see tracker.connector.Connector)."""

    def __init__(
        self,
        name: str,
        target: GitHubTarget,
        config: Config,
        people: People,
        *,
        token: str | None = None,
        retry: RetryPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        timeout: int = TIMEOUT,
    ) -> None:
        self.target = name
        self.settings = target
        self.people = people
        env = target.token_env or DEFAULT_TOKEN_ENV
        secret = token if token is not None else os.environ.get(env, "")
        if not secret:
            raise AuthError(f"no GitHub token: set the environment variable {env}", target=name)
        sync = config.sync
        policy = retry or RetryPolicy(max_retries=sync.max_retries, max_rate_wait=sync.max_rate_wait)
        self.client = GitHubClient(name, target, secret, policy, clock, timeout)
        self._milestones: dict[str, Milestone] | None = None

    def __repr__(self) -> str:
        return f"GitHubConnector({self.target!r}, repo={self.settings.repo!r})"

    def project(self, fields: SyncFields) -> SyncFields:
        own = {name.lower() for name in self.settings.labels}
        labels = {n for n in fields.labels if n.lower() not in own and priority_of(n) is None}
        return fields.with_changes(
            {
                "status": _PROJECTED.get(fields.status, fields.status),
                "owner": fields.owner or None,
                "labels": tuple(sorted(labels)),
            }
        )

    def list_changed(self, since: datetime | None) -> list[RemoteIssue]:
        return [issue for issue in self._listing(since) if issue.item_id is not None]

    def find_by_markers(self, item_ids: Sequence[str]) -> dict[str, RemoteIssue]:
        return oldest_by_marker(self._listing(None), item_ids)

    def create(self, drafts: Sequence[IssueDraft]) -> list[CreateResult]:
        return create_each(drafts, self._create_one, self._rejected)

    def update(self, key: str, draft: IssueDraft, changed: frozenset[str]) -> RemoteIssue:
        args = self._edit_args(draft, changed)
        if not args:
            return self.fetch(key)
        issue = self._edit(key, draft, args)
        wanted = _PROJECTED.get(draft.fields.status, draft.fields.status)
        state, reason = state_for(wanted)
        if "status" in changed and state == "closed" and issue.fields.status != wanted:
            # done <-> wont_do: GitHub ignores state_reason unless the state changes
            self._edit(key, draft, {"state": "open"})
            issue = self._edit(key, draft, {"state": state, "state_reason": reason}, issue.warnings)
        return issue

    def fetch(self, key: str) -> RemoteIssue:
        number = self._number(key)
        where = self.client.where("read issue", key=key)
        raw = self.client.get_json(f"{self.client.repo.url}/issues/{number}", where)
        return self._map(raw)

    def ticket_key(self, ticket: str) -> str | None:
        return github_issue_number(ticket, self.settings.repo, self.settings.base_url)

    def check(self) -> list[Finding]:
        repo, token_env = self.settings.repo, self.client.token_env
        reach = f"token ${token_env} and repository {repo}"
        try:
            data = self.client.get_json(self.client.repo.url, self.client.where("read repository"))
            names = self.client.read(
                lambda: [label.name for label in self.client.repo.get_labels()],
                self.client.where("list labels"),
            )
        except AuthError as exc:
            fix = f"set ${token_env} to a token with read and write access to the issues of {repo}"
            return [Finding(reach, problem_of(exc), fix)]
        except TrackerError as exc:
            return [Finding(reach, problem_of(exc), f"check base_url ({self.settings.base_url}) and the network")]
        findings = [Finding(reach)]
        if isinstance(data, dict) and data.get("has_issues") is False:
            disabled = f"Issues are disabled on {repo}"
            findings.append(Finding("issues", disabled, "enable them in the repository settings"))
        present = {name.lower() for name in names}
        for label in self.settings.labels:
            missing = None if label.lower() in present else f"not on {repo} yet"
            findings.append(Finding(f"label {label!r}", missing, "nothing to do: the first sync creates it", False))
        return findings + self._people_findings()

    def _people_findings(self) -> list[Finding]:
        """Whether each `[people]` login can be assigned here (`GET assignees/{login}`: 204 or 404)."""
        findings = []
        repo = self.settings.repo
        for person, login in sorted(self.people.accounts("github").items()):
            problem = None if self._assignable(login) else f"github login {login!r} cannot be assigned on {repo}"
            fix = f"correct [people.{person!r}] github, or give {login} access to {repo}"
            findings.append(Finding(f"person {person!r}", problem, fix))
        return findings

    def _assignable(self, login: str) -> bool:
        found: bool = self.client.read(
            lambda: self.client.repo.has_in_assignees(login), self.client.where(f"check assignee {login}")
        )
        return found

    # --- reading -----------------------------------------------------------------------------

    def _listing(self, since: datetime | None) -> list[RemoteIssue]:
        labels = self.settings.labels[:1]
        when = since.astimezone(UTC) if since and since.tzinfo else since
        params: dict[str, Any] = {"state": "all", "sort": "updated", "direction": "asc"}
        if labels:
            params["labels"] = ",".join(labels)
        if when:
            params["since"] = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        where = self.client.where("list issues")
        raws = self.client.get_pages(f"{self.client.repo.url}/issues", params, where)
        return [self._map(raw) for raw in raws if isinstance(raw, dict) and "pull_request" not in raw]

    def _map(self, raw: Mapping[str, Any] | Issue, warnings: Sequence[str] = ()) -> RemoteIssue:
        try:
            return to_remote_issue(raw, self.people, self.settings.labels, warnings)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:160]
            raise RemoteUnavailableError(
                f"GitHub sent an unusable issue on {self.settings.repo} ({detail})", target=self.target
            ) from exc

    def _number(self, key: str) -> int:
        if not key.isdigit():
            raise RemoteGoneError(f"{key!r} is not a GitHub issue number", target=self.target)
        return int(key)

    # --- writing -----------------------------------------------------------------------------

    def _create_one(self, draft: IssueDraft) -> RemoteIssue:
        fields = draft.fields
        title, body = title_for(fields.text), body_for(draft)
        labels = labels_for(fields, self.settings.labels)
        milestone = self._milestone(fields.due, draft.item_id) if self._mirrors_due(fields.due) else None
        where = self.client.where("create issue", item_id=draft.item_id)

        def post(assignees: list[str]) -> dict[str, Any]:
            issue = self.client.repo.create_issue(
                title, body=body, assignees=assignees, labels=labels, milestone=milestone or NotSet
            )
            raw: dict[str, Any] = issue.raw_data  # complete: create_issue's answer is the whole issue
            return raw

        raw, warnings = self._assigning(draft, lambda a: self.client.write(lambda: post(a), where, idempotent=False))
        state, reason = state_for(fields.status)
        if state == "closed":  # an issue cannot be created closed
            return self._edit(str(raw["number"]), draft, {"state": state, "state_reason": reason}, warnings)
        return self._map(raw, warnings)

    def _edit_args(self, draft: IssueDraft, changed: frozenset[str]) -> dict[str, Any]:
        fields, args = draft.fields, dict[str, Any]()
        if changed & {"text", "owner", "due", TWINS}:
            args["body"] = body_for(draft)
        if "text" in changed:
            args["title"] = title_for(fields.text)
        if "owner" in changed:
            login = self.people.account(fields.owner, "github")
            args["assignees"] = [login] if login else []
        if "status" in changed:
            args["state"], reason = state_for(fields.status)
            if reason:
                args["state_reason"] = reason
        if changed & {"priority", "labels"}:
            args["labels"] = labels_for(fields, self.settings.labels)
        if "due" in changed and self.settings.due_as_milestone:
            args["milestone"] = self._milestone(fields.due, draft.item_id) if fields.due else None
        return args

    def _edit(self, key: str, draft: IssueDraft, args: dict[str, Any], warnings: Sequence[str] = ()) -> RemoteIssue:
        number = self._number(key)
        where = self.client.where("update issue", item_id=draft.item_id, key=key)

        def patch(extra: dict[str, Any]) -> Issue:
            issue = self.client.repo.get_issue(number)  # lazy: no GET before the PATCH
            issue.edit(**{**args, **extra})
            return issue

        if "assignees" not in args:
            return self._map(self.client.write(lambda: patch({}), where, idempotent=True), warnings)
        issue, more = self._assigning(
            draft, lambda a: self.client.write(lambda: patch({"assignees": a}), where, idempotent=True)
        )
        return self._map(issue, [*warnings, *more])

    def _assigning(self, draft: IssueDraft, send: Callable[[list[str]], R]) -> tuple[R, list[str]]:
        """Send with the owner assigned; if GitHub refuses that assignee, send unassigned and warn."""
        owner = draft.fields.owner
        login = self.people.account(owner, "github")
        try:
            return send([login] if login else []), []
        except ItemRejectedError as exc:
            if not login or rejected_field(exc) not in ("assignees", "assignee"):
                raise
        warning = f"owner {owner} (login {login}) cannot be assigned on {self.settings.repo}"
        return send([]), [warning]

    def _rejected(self, exc: ValueError, draft: IssueDraft) -> ItemRejectedError:
        return ItemRejectedError(str(exc), item_id=draft.item_id, target=self.target)

    def _mirrors_due(self, due: date | None) -> bool:
        return self.settings.due_as_milestone and due is not None

    def _milestone(self, due: date | None, item_id: str) -> Milestone | None:
        """The "Due YYYY-MM-DD" milestone, found in a per-connector cache or created."""
        if due is None:
            return None
        title = f"Due {due.isoformat()}"
        if self._milestones is None:
            self._milestones = self.client.read(
                lambda: {m.title: m for m in self.client.repo.get_milestones(state="all")},
                self.client.where("list milestones", item_id=item_id),
            )
        if title not in self._milestones:
            self._milestones[title] = self.client.write(
                lambda: self.client.repo.create_milestone(title, due_on=due, description="Action items due"),
                self.client.where("create milestone", item_id=item_id),
                idempotent=False,
            )
        return self._milestones[title]
