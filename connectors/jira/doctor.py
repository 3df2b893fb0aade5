"""`tracker doctor` for a Jira target: credentials, deployment, project, workflow statuses, people."""

from __future__ import annotations

from connectors.jira.client import JiraClient
from connectors.jira.config import JiraTarget
from tracker.connector import Finding, problem_of
from tracker.errors import AuthError, RemoteError

CATEGORIES = ("new", "indeterminate", "done")


def doctor(client: JiraClient, config: JiraTarget, name: str, accounts: dict[str, str]) -> list[Finding]:
    """One finding per check: who we are, Cloud or not, the project, its statuses, and whether
    every `[people]` account (person -> accountId or username) exists."""
    reach = f"credentials at {config.url}"
    try:
        client.myself()
    except AuthError as exc:
        return [Finding(reach, problem_of(exc), _credentials_fix(config))]
    except RemoteError as exc:
        return [Finding(reach, problem_of(exc), f"check url ({config.url}) and the network")]
    try:
        return [
            Finding(reach),
            _deployment(client, config, name),
            _project(client, config, name),
            *_statuses(client, config, name),
            *_people(client, accounts, name),
        ]
    except RemoteError as exc:  # the answers stopped half-way: what was found so far is lost, say why
        return [Finding(reach), Finding("project setup", problem_of(exc), "run tracker doctor again")]


def _credentials_fix(config: JiraTarget) -> str:
    if config.deployment == "cloud":
        email = f"${config.email_env}" if config.email_env else "email_env"
        return f"set {email} to the account email and ${config.token_env} to an API token"
    return f"set ${config.token_env} to a personal access token of a user who can browse {config.project}"


def _deployment(client: JiraClient, config: JiraTarget, name: str) -> Finding:
    actual = "cloud" if client.is_cloud else "server"
    problem = None if actual == config.deployment else f"{config.deployment!r} in the config, but Jira says {actual!r}"
    return Finding("deployment", problem, f'set deployment = "{actual}" in [targets.{name}]')


def _project(client: JiraClient, config: JiraTarget, name: str) -> Finding:
    check = f"project {config.project}"
    fix = f"correct project in [targets.{name}], or let the account browse {config.project}"
    try:
        client.project(config.project)
    except AuthError:
        raise
    except RemoteError as exc:
        return Finding(check, f"not found or not visible ({problem_of(exc)})", fix)
    return Finding(check)


def _statuses(client: JiraClient, config: JiraTarget, name: str) -> list[Finding]:
    statuses = client.statuses()
    names = {str(s.get("name", "")).lower(): str(s.get("name", "")) for s in statuses}
    categories = {str((s.get("statusCategory") or {}).get("key")) for s in statuses}
    known = ", ".join(sorted(names.values())[:12])
    findings = [
        Finding(
            f"status_map.{status.value}",
            None if wanted.lower() in names else f"names {wanted!r}, which Jira does not have",
            f"use one of: {known}",
        )
        for status, wanted in config.status_map.items()
    ]
    missing = sorted(set(CATEGORIES) - categories)
    findings.append(
        Finding(
            "status categories",
            f"no status in category {', '.join(missing)}: items cannot be moved there" if missing else None,
            f"add one to the workflow of {config.project}",
        )
    )
    return findings


def _people(client: JiraClient, accounts: dict[str, str], name: str) -> list[Finding]:
    return [
        Finding(
            f"person {person!r}",
            None if client.user_exists(account) else f"jira account {account!r} is not a Jira user",
            f"correct [people.{person!r}] jira (an accountId on Cloud, a username on Server/DC)",
        )
        for person, account in sorted(accounts.items())
    ]
