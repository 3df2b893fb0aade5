"""What every settings model shares: strict pydantic models, and the check that a `*_env` setting
names an environment variable rather than holding a secret. Connectors' settings build on it."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# Prefixes of the tokens GitHub, Atlassian, GitLab and Slack issue: a value starting with one
# is a secret pasted where the *name* of its variable belongs.
_TOKEN_PREFIXES = ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "atatt", "glpat-", "xox")
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")


def _looks_like_token(value: str) -> bool:
    if value.lower().startswith(_TOKEN_PREFIXES):
        return True
    # A long mixed-case-and-digit string is a secret, not a variable name like JIRA_API_TOKEN.
    return len(value) >= 20 and any(c.islower() for c in value) and any(c.isdigit() for c in value)


def env_var_name(value: str | None) -> str | None:
    """Check a `*_env` setting names an environment variable; the value is never echoed."""
    if value is None:
        return None
    if _looks_like_token(value):
        raise ValueError(
            "looks like a token, not the name of an environment variable: put the token in a variable "
            "(like GITHUB_TOKEN or JIRA_API_TOKEN) and write that variable's name here"
        )
    if not _ENV_NAME.fullmatch(value):
        raise ValueError("must name an environment variable (like GITHUB_TOKEN); never write a token in the config")
    return value


class TargetBase(Strict):
    """What every target's settings have: the labels its issues carry, the token's variable."""

    labels: list[str] = Field(default_factory=lambda: ["action-item"])
    token_env: str | None = None

    _check_token_env = field_validator("token_env")(staticmethod(env_var_name))
