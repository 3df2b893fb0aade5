"""Every kind of target, in one place: the connector class that syncs it, imported only when asked
(the connector modules import PyGithub, python-gitlab or jira, which commands that do not sync never pay for).

A new kind: a package `connectors/<kind>/` with `config.py` (its settings model, added to
`tracker.config.TargetConfig`) and `connector.py` (its class), and one line in `load_connector_class`.
mypy checks each class against `tracker.connector.Connector` here.
"""

from __future__ import annotations

from typing import Any

from tracker.connector import ConnectorFactory


def load_connector_class(kind: str) -> ConnectorFactory[Any]:
    """The connector class of a target kind ("github", "gitlab", "jira", "memory"); KeyError for another."""
    if kind == "github":
        from connectors.github.connector import GitHubConnector

        return GitHubConnector
    if kind == "gitlab":
        from connectors.gitlab.connector import GitLabConnector

        return GitLabConnector
    if kind == "jira":
        from connectors.jira.connector import JiraConnector

        return JiraConnector
    if kind == "memory":
        from connectors.memory.connector import MemoryConnector

        return MemoryConnector
    raise KeyError(kind)
