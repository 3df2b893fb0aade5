"""Pure mappers between GitHub issue JSON and the local vocabulary (the body's layout is in
`connectors.github.body`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from github.Issue import Issue

from connectors.github.body import parse_body, text_for
from tracker.connector import RemoteIssue
from tracker.model import Priority, Status, SyncFields
from tracker.people import People

PRIORITY_PREFIX = "priority:"
_CLOSED_AS = {Status.DONE: "completed", Status.WONT_DO: "not_planned", Status.REMOVED: "not_planned"}


def state_for(status: Status) -> tuple[str, str | None]:
    """(state, state_reason) for a local status."""
    reason = _CLOSED_AS.get(status)
    return ("closed", reason) if reason else ("open", None)


def status_for(state: str, reason: str | None) -> Status:
    if state != "closed":
        return Status.OPEN
    return Status.WONT_DO if reason in ("not_planned", "duplicate") else Status.DONE


def priority_of(label: str) -> Priority | None:
    if not label.lower().startswith(PRIORITY_PREFIX):
        return None
    try:
        return Priority(label[len(PRIORITY_PREFIX) :].strip().lower())
    except ValueError:
        return None


def labels_for(fields: SyncFields, own: Sequence[str]) -> list[str]:
    """The full label list an issue should carry: the target's, the priority's, the item's."""
    wanted = [*own, *([PRIORITY_PREFIX + fields.priority.value] if fields.priority else []), *fields.labels]
    unique: dict[str, str] = {}
    for name in wanted:
        unique.setdefault(name.lower(), name)
    return list(unique.values())


def issue_json(issue: Issue) -> dict[str, Any]:
    """The keys `to_remote_issue` reads, from a complete PyGithub Issue (e.g. after `edit`)."""
    return {
        "number": issue.number,
        "html_url": issue.html_url,
        "updated_at": issue.updated_at,
        "title": issue.title,
        "body": issue.body,
        "state": issue.state,
        "state_reason": issue.state_reason,
        "labels": [{"name": label.name} for label in issue.labels],
        "assignees": [{"login": user.login} for user in issue.assignees],
    }


def to_remote_issue(
    issue: Mapping[str, Any] | Issue,
    people: People,
    own_labels: Sequence[str] = (),
    warnings: Sequence[str] = (),
) -> RemoteIssue:
    """Map an issue (raw JSON, or a complete Issue) to the local vocabulary. KeyError/TypeError/
    ValueError when the JSON lacks what every GitHub issue has."""
    raw = issue_json(issue) if isinstance(issue, Issue) else issue
    parsed = parse_body(raw.get("body"))
    names = [label["name"] if isinstance(label, Mapping) else str(label) for label in raw["labels"]]
    logins = [user["login"] for user in raw.get("assignees") or []]
    if not logins and raw.get("assignee"):
        logins = [raw["assignee"]["login"]]
    priorities = [p for p in map(priority_of, names) if p is not None]
    own = {name.lower() for name in own_labels}
    fields = SyncFields(
        text=text_for(str(raw["title"]), parsed),
        owner=_owner(logins, parsed.owner, people),
        due=parsed.due,
        status=status_for(str(raw["state"]), raw.get("state_reason")),
        priority=max(priorities, key=list(Priority).index) if priorities else None,
        labels=tuple(sorted({n for n in names if n.lower() not in own and priority_of(n) is None})),
    )
    return RemoteIssue(
        key=str(int(raw["number"])),
        url=str(raw["html_url"]),
        updated=_timestamp(raw["updated_at"]),
        fields=fields,
        item_id=parsed.item_id,
        assigned=bool(logins),
        postmortem=parsed.postmortem,
        due_derived=parsed.due_derived and parsed.due is not None,
        warnings=tuple(warnings),
    )


def _owner(logins: Sequence[str], written: str | None, people: People) -> str | None:
    """The assignee's person; the body's Owner line when it names that same account, or nobody is assigned."""
    if not logins:
        return written
    account = people.account(written, "github") if written else None
    if account and account.lower() in {login.lower() for login in logins}:
        return written
    return people.person_for_account(logins[0], "github")


def _timestamp(value: object) -> datetime:
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return when if when.tzinfo else when.replace(tzinfo=UTC)
