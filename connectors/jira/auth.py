"""Jira credentials: where they come from, and keeping them out of every message.

Cloud: the account email and an API token (basic auth). Server/DC: a personal access token (Bearer).
Both are read from the environment variables the target names, never from the config file.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass

from connectors.jira.config import JiraTarget
from tracker.errors import AuthError


@dataclass(frozen=True)
class Credentials:
    """`email` set: Cloud basic auth with an API token; else a Server/DC personal access token."""

    token: str
    email: str | None = None
    hint: str = "the Jira token"  # e.g. "$JIRA_TOKEN": named in auth errors
    extra_secrets: tuple[str, ...] = ()  # e.g. the basic-auth header value

    def __repr__(self) -> str:
        return f"Credentials(email={self.email!r}, hint={self.hint!r})"

    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.token, *self.extra_secrets) if s)


def credentials(name: str, target: JiraTarget, *, token: str | None, email: str | None) -> Credentials:
    """Cloud: email + API token (basic auth). Server/DC: a personal access token. From the env."""
    token = token or _from_env(name, target.token_env, "token_env", "the API token")
    hint = f"${target.token_env}" if target.token_env else "the Jira token"
    if target.deployment != "cloud":
        return Credentials(token=token, hint=hint)
    email = email or _from_env(name, target.email_env, "email_env", "the account email")
    basic = base64.b64encode(f"{email}:{token}".encode()).decode()
    hint = f"{hint} and ${target.email_env}" if target.email_env else hint
    return Credentials(token=token, email=email, hint=hint, extra_secrets=(basic,))


def _from_env(name: str, variable: str | None, key: str, what: str) -> str:
    if not variable:
        raise AuthError(f"set {key} in [targets.{name}] to the environment variable holding {what}", target=name)
    value = os.environ.get(variable)
    if not value:
        raise AuthError(f"environment variable {variable} is not set (it should hold {what})", target=name)
    return value


def scrub(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        text = text.replace(secret, "***")
    return " ".join(text.split())
