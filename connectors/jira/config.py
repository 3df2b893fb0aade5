"""The settings of a `kind = "jira"` target (`[targets.NAME]` in the config)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from tracker.config_base import TargetBase, env_var_name
from tracker.values import Priority, Status


class JiraTarget(TargetBase):
    kind: Literal["jira"]
    url: str
    project: str
    issue_type: str = "Task"
    deployment: Literal["cloud", "server"] = "cloud"
    email_env: str | None = None
    _check_email_env = field_validator("email_env")(staticmethod(env_var_name))
    status_map: dict[Status, str] = Field(default_factory=dict)
    priority_map: dict[Priority, str] = Field(default_factory=dict)

    @field_validator("status_map")
    @classmethod
    def _synced_statuses(cls, value: dict[Status, str]) -> dict[Status, str]:
        if Status.PROPOSED in value:
            raise ValueError("proposed items never reach Jira (`tracker review` accepts them first): remove 'proposed'")
        return value
