"""`tracker doctor` for a Jira target: credentials, deployment, project, workflow statuses."""

from __future__ import annotations

from connectors.jira_client import JiraClient
from tracker.config import JiraTarget
from tracker.errors import AuthError, RemoteError

CATEGORIES = ("new", "indeterminate", "done")


def doctor(client: JiraClient, config: JiraTarget, name: str, accounts: dict[str, str]) -> list[str]:
    """Problems found (empty when healthy): who we are, Cloud or not, the project, its statuses,
    and whether every `[people]` account (person -> accountId or username) exists."""
    try:
        client.myself()
        return (
            _deployment(client, config, name)
            + _project(client, config, name)
            + _statuses(client, config, name)
            + _people(client, accounts, name)
        )
    except RemoteError as exc:
        return [str(exc)]


def _deployment(client: JiraClient, config: JiraTarget, name: str) -> list[str]:
    actual = "cloud" if client.is_cloud else "server"
    if actual == config.deployment:
        return []
    return [f"[{name}] deployment is {config.deployment!r} in the config but Jira says {actual!r}"]


def _project(client: JiraClient, config: JiraTarget, name: str) -> list[str]:
    try:
        client.project(config.project)
    except AuthError:
        raise
    except RemoteError as exc:
        return [f"[{name}] project {config.project!r} not found or not visible ({exc})"]
    return []


def _statuses(client: JiraClient, config: JiraTarget, name: str) -> list[str]:
    statuses = client.statuses()
    names = {str(s.get("name", "")).lower() for s in statuses}
    categories = {str((s.get("statusCategory") or {}).get("key")) for s in statuses}
    problems = [
        f"[{name}] status_map.{status.value} names {wanted!r}, which Jira does not have"
        for status, wanted in config.status_map.items()
        if wanted.lower() not in names
    ]
    missing = sorted(set(CATEGORIES) - categories)
    if missing:
        problems.append(f"[{name}] no status in category {', '.join(missing)}: items can't be moved there")
    return problems


def _people(client: JiraClient, accounts: dict[str, str], name: str) -> list[str]:
    return [
        f"[{name}] [people.{person!r}] jira = {account!r} is not a Jira user"
        for person, account in sorted(accounts.items())
        if not client.user_exists(account)
    ]
