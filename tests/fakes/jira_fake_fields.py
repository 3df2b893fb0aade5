"""The fake Jira's field rules: what a create or an edit may set, and Jira's message when it can't."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.fakes.jira_fake_model import ISSUE_TYPES, PRIORITIES, SETTABLE, FakeIssue, FakeUser, Mode


def check_fields(
    fields: dict[str, Any],
    *,
    mode: Mode,
    users: dict[str, FakeUser],
    projects: dict[str, str],
    creating: bool,
) -> dict[str, str]:
    """Jira's per-field errors for a create or edit (empty when all is well)."""
    errors: dict[str, str] = {}
    for name, value in fields.items():
        if name in ("project", "issuetype") and creating:
            continue
        if name not in SETTABLE:
            errors[name] = f"Field '{name}' cannot be set. It is not on the appropriate screen, or unknown."
            continue
        problem = _check_value(name, value, mode, users)
        if problem:
            errors[name] = problem
    if creating:
        errors |= _check_create(fields, projects)
    return errors


def _check_create(fields: dict[str, Any], projects: dict[str, str]) -> dict[str, str]:
    errors = {}
    if not fields.get("summary"):
        errors["summary"] = "You must specify a summary of the issue."
    project = fields.get("project") or {}
    if not isinstance(project, dict) or not (project.get("key") in projects or project.get("id") in projects.values()):
        errors["project"] = "Specify a valid project ID or key"
    issuetype = fields.get("issuetype") or {}
    if not isinstance(issuetype, dict) or not (
        issuetype.get("name") in ISSUE_TYPES or issuetype.get("id") in ISSUE_TYPES.values()
    ):
        errors["issuetype"] = "Specify an issue type"
    return errors


def _check_value(name: str, value: Any, mode: Mode, users: dict[str, FakeUser]) -> str | None:
    if name == "summary":
        if not isinstance(value, str) or not value.strip():
            return "You must specify a summary of the issue."
        if "\n" in value or "\r" in value:
            return "The summary is invalid because it contains newline characters."
        return "Summary must be less than 255 characters." if len(value) > 255 else None
    if name == "description":
        return None if value is None or isinstance(value, str) else "Operation value must be a string"
    if name == "duedate":
        return None if value is None or _is_date(value) else f"Error parsing date string: {value}"
    if name == "labels":
        bad = [v for v in value if not isinstance(v, str) or not v or " " in v] if isinstance(value, list) else [0]
        return f"The label '{bad[0]}' contains spaces which is invalid." if bad else None
    if name == "priority":
        ok = isinstance(value, dict) and (value.get("name") in PRIORITIES or value.get("id") in PRIORITIES.values())
        return None if ok else "The priority selected is invalid."
    return _check_assignee(value, mode, users)


def _check_assignee(value: Any, mode: Mode, users: dict[str, FakeUser]) -> str | None:
    if value is None:
        return None
    key = "accountId" if mode == "cloud" else "name"
    if not isinstance(value, dict) or value.get(key) not in users:
        return "Specify a valid value for assignee"
    return None


def _is_date(value: Any) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def apply_fields(issue: FakeIssue, fields: dict[str, Any], mode: Mode) -> None:
    for name, value in fields.items():
        if name == "assignee":
            issue.assignee = (value or {}).get("accountId" if mode == "cloud" else "name")
        elif name == "priority":
            name_or_id = value.get("name") or {v: k for k, v in PRIORITIES.items()}[value["id"]]
            issue.priority = name_or_id
        elif name == "labels":
            issue.labels = sorted(set(value))
        elif name in ("summary", "description", "duedate"):
            setattr(issue, name, value)
