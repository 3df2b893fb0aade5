"""GitLab issues: one issue per action item, found again through the marker in its description.

Parts, as in every connector: the config model (`connectors.gitlab.config.GitLabTarget`), the
client adapter (`connectors.gitlab.client`), pure mappers (`connectors.gitlab.mapping`, on the
GitHub body layout of `connectors.github.body`) and `GitLabConnector`.

Field mapping: text <-> title (+ the full text opening the description); owner <-> assignee
through `[people] gitlab = "username"` (the description's Owner line when nobody is assigned);
due <-> the native `due_date`; status <-> state: closed is done, closed with the `wont-do` label
(`wont_do_label`) is won't do, in_progress is open; priority <-> the scoped label
`priority::<level>`; labels <-> the other labels.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from connectors.github.body import title_for
from connectors.gitlab.client import DEFAULT_TOKEN_ENV, NO_AUTO_RETRY, GitLabClient
from connectors.gitlab.config import GitLabTarget
from connectors.gitlab.mapping import (
    closed,
    description_for,
    is_item_label,
    labels_for,
    to_remote_issue,
    wont_do,
)
from connectors.one_at_a_time import create_each, oldest_by_marker
from connectors.tickets import gitlab_issue_iid
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

__all__ = ["GitLabConnector"]

TIMEOUT = 30
_PROJECTED = {Status.IN_PROGRESS: Status.OPEN, Status.REMOVED: Status.WONT_DO}


class GitLabConnector:
    """The Connector for one GitLab project (see tracker.connector.Connector)."""

    def __init__(
        self,
        name: str,
        target: GitLabTarget,
        config: Config,
        people: People,
        *,
        token: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: int = TIMEOUT,
    ) -> None:
        self.target = name
        self.settings = target
        self.people = people
        env = target.token_env or DEFAULT_TOKEN_ENV
        secret = token if token is not None else os.environ.get(env, "")
        if not secret:
            raise AuthError(f"no GitLab token: set the environment variable {env}", target=name)
        sync = config.sync
        policy = retry or RetryPolicy(max_retries=sync.max_retries, max_rate_wait=sync.max_rate_wait)
        self.client = GitLabClient(name, target, secret, policy, timeout)
        self._user_ids: dict[str, int | None] = {}  # username (lower-cased) -> id, None: no such user

    def __repr__(self) -> str:
        return f"GitLabConnector({self.target!r}, project={self.settings.project!r})"

    def project(self, fields: SyncFields) -> SyncFields:
        own, wont = self.settings.labels, self.settings.wont_do_label
        labels = {n for n in fields.labels if is_item_label(n, own, wont)}
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
        data, username, warnings = self._edit_data(draft, changed)
        if not data:
            return self.fetch(key)
        return self._put(key, draft, data, warnings, username)

    def fetch(self, key: str) -> RemoteIssue:
        iid = self._iid(key)
        where = self.client.where("read issue", key=key)
        raw = self.client.read(lambda: self.client.project.issues.get(iid, **NO_AUTO_RETRY).attributes, where)
        return self._map(raw)

    def ticket_key(self, ticket: str) -> str | None:
        return gitlab_issue_iid(ticket, self.settings.project, self.settings.url)

    def check(self) -> list[Finding]:
        project, token_env, gl = self.settings.project, self.client.token_env, self.client.gl
        reach = f"token ${token_env} and project {project}"
        try:
            self.client.read(lambda: gl.auth(), self.client.where("check the token"))
            data = self.client.read(
                lambda: gl.projects.get(project, **NO_AUTO_RETRY).attributes, self.client.where("read project")
            )
            names = self.client.read(
                lambda: [label.name for label in self.client.project.labels.list(iterator=True, **NO_AUTO_RETRY)],
                self.client.where("list labels"),
            )
        except AuthError as exc:
            fix = f"set ${token_env} to a token with the api scope and at least Reporter access to {project}"
            return [Finding(reach, problem_of(exc), fix)]
        except TrackerError as exc:
            return [Finding(reach, problem_of(exc), f"check url ({self.settings.url}) and the network")]
        findings = [Finding(reach)]
        if data.get("issues_enabled") is False:
            disabled = f"Issues are disabled on {project}"
            findings.append(Finding("issues", disabled, "enable them in the project settings"))
        present = {str(name).lower() for name in names}
        for label in self.settings.labels:
            missing = None if label.lower() in present else f"not on {project} yet"
            findings.append(Finding(f"label {label!r}", missing, "nothing to do: the first sync creates it", False))
        return findings + self._people_findings()

    def _people_findings(self) -> list[Finding]:
        findings = []
        for person, username in sorted(self.people.accounts("gitlab").items()):
            try:
                exists = self._user_id(username, None) is not None
            except TrackerError as exc:
                findings.append(Finding(f"person {person!r}", problem_of(exc), "check the network and try again"))
                continue
            problem = None if exists else f"gitlab username {username!r} is not a user on {self.settings.url}"
            findings.append(Finding(f"person {person!r}", problem, f"correct [people.{person!r}] gitlab"))
        return findings

    # --- reading -----------------------------------------------------------------------------

    def _listing(self, since: datetime | None) -> list[RemoteIssue]:
        params: dict[str, Any] = {"state": "all", "order_by": "updated_at", "sort": "asc", "per_page": 100}
        if self.settings.labels:
            params["labels"] = self.settings.labels[0]
        if since is not None:
            when = since.astimezone(UTC) if since.tzinfo else since.replace(tzinfo=UTC)
            params["updated_after"] = when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"
        issues = self.client.project.issues

        def every_page() -> list[dict[str, Any]]:
            return [issue.attributes for issue in issues.list(iterator=True, **params, **NO_AUTO_RETRY)]

        raws = self.client.read(every_page, self.client.where("list issues"))
        return [self._map(raw) for raw in raws]

    def _map(self, raw: Mapping[str, Any], warnings: Sequence[str] = ()) -> RemoteIssue:
        try:
            return to_remote_issue(raw, self.people, self.settings.labels, self.settings.wont_do_label, warnings)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:160]
            raise RemoteUnavailableError(
                f"GitLab sent an unusable issue on {self.settings.project} ({detail})", target=self.target
            ) from exc

    def _iid(self, key: str) -> int:
        if not key.isdigit():
            raise RemoteGoneError(f"{key!r} is not a GitLab issue number", target=self.target)
        return int(key)

    def _user_id(self, username: str, item_id: str | None) -> int | None:
        """The id of a username (one lookup per username and connector); None when there is none."""
        lowered = username.lower()
        if lowered not in self._user_ids:
            users = self.client.read(
                lambda: self.client.gl.users.list(username=username, get_all=False, **NO_AUTO_RETRY),
                self.client.where(f"look up user {username}", item_id=item_id),
            )
            self._user_ids[lowered] = next((int(u.id) for u in users if str(u.username).lower() == lowered), None)
        return self._user_ids[lowered]

    # --- writing -----------------------------------------------------------------------------

    def _assignee(self, draft: IssueDraft) -> tuple[str | None, list[int], list[str]]:
        """(username, assignee_ids, warnings) for the draft's owner."""
        owner = draft.fields.owner
        username = self.people.account(owner, "gitlab")
        if not username:
            return None, [], []
        user_id = self._user_id(username, draft.item_id)
        if user_id is None:
            return None, [], [f"owner {owner} (username {username}) is not a user on {self.settings.url}"]
        return username, [user_id], []

    def _unassigned(self, draft: IssueDraft, username: str | None, raw: Mapping[str, Any]) -> list[str]:
        """GitLab drops an assignee who cannot be assigned (no error): say so."""
        got = {str(u.get("username", "")).lower() for u in raw.get("assignees") or [] if isinstance(u, Mapping)}
        if username is None or username.lower() in got:
            return []
        return [f"owner {draft.fields.owner} (username {username}) cannot be assigned on {self.settings.project}"]

    def _create_one(self, draft: IssueDraft) -> RemoteIssue:
        fields = draft.fields
        username, ids, warnings = self._assignee(draft)
        data: dict[str, Any] = {
            "title": title_for(fields.text),
            "description": description_for(draft),
            "labels": ",".join(labels_for(fields, self.settings.labels, self.settings.wont_do_label)),
        }
        if ids:
            data["assignee_ids"] = ids
        if fields.due is not None:
            data["due_date"] = fields.due.isoformat()
        where = self.client.where("create issue", item_id=draft.item_id)
        issues = self.client.project.issues
        raw: dict[str, Any] = self.client.write(
            lambda: issues.create(data, **NO_AUTO_RETRY).attributes, where, idempotent=False
        )
        warnings += self._unassigned(draft, username, raw)
        if closed(fields.status):  # an issue cannot be created closed
            return self._put(str(raw["iid"]), draft, {"state_event": "close"}, warnings)
        return self._map(raw, warnings)

    def _edit_data(self, draft: IssueDraft, changed: frozenset[str]) -> tuple[dict[str, Any], str | None, list[str]]:
        """The PUT's parameters, the username it assigns (None: none) and the warnings so far."""
        fields, data, username, warnings = draft.fields, dict[str, Any](), None, list[str]()
        own, wont = self.settings.labels, self.settings.wont_do_label
        if changed & {"text", "owner", "due", TWINS}:
            data["description"] = description_for(draft)
        if "text" in changed:
            data["title"] = title_for(fields.text)
        if "owner" in changed:
            username, ids, warnings = self._assignee(draft)
            data["assignee_ids"] = ids  # [] unassigns
        if "due" in changed:
            data["due_date"] = fields.due.isoformat() if fields.due else None
        if changed & {"priority", "labels"}:
            data["labels"] = ",".join(labels_for(fields, own, wont))
        if "status" in changed:
            data["state_event"] = "close" if closed(fields.status) else "reopen"
            if "labels" not in data:
                data["add_labels" if wont_do(fields.status) else "remove_labels"] = wont
        return data, username, warnings

    def _put(
        self,
        key: str,
        draft: IssueDraft,
        data: dict[str, Any],
        warnings: Sequence[str] = (),
        username: str | None = None,
    ) -> RemoteIssue:
        iid = self._iid(key)
        where = self.client.where("update issue", item_id=draft.item_id, key=key)
        issues = self.client.project.issues
        raw: dict[str, Any] = self.client.write(
            lambda: issues.update(iid, data, **NO_AUTO_RETRY), where, idempotent=True
        )
        return self._map(raw, [*warnings, *self._unassigned(draft, username, raw)])

    def _rejected(self, exc: ValueError, draft: IssueDraft) -> ItemRejectedError:
        return ItemRejectedError(str(exc), item_id=draft.item_id, target=self.target)
