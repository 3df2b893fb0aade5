"""The config model refuses what would leak a secret or crash later, naming the key."""

from __future__ import annotations

import pytest

from tracker.config import JiraTarget, parse_config
from tracker.errors import ConfigError

GH = {"kind": "github", "repo": "acme/web"}
JIRA = {"kind": "jira", "url": "https://acme.atlassian.net", "project": "OPS"}

TOKENS = [
    "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
    "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
    "ATATT3xFfGF0T4kZ0qh6Lz9yE1",
    "glpat-x1y2z3x1y2z3x1y2z3",
    "xoxb-1234-5678-abcdef",
    "aB3dE6gH9jK2mN5pQ8sT1vW4",
]


def _problem(data: dict[str, object]) -> str:
    with pytest.raises(ConfigError) as caught:
        parse_config(data)
    return str(caught.value)


@pytest.mark.parametrize("token", TOKENS)
@pytest.mark.parametrize("key", ["token_env", "email_env"])
def test_a_token_written_where_its_variable_name_belongs_is_refused_unechoed(token: str, key: str) -> None:
    message = _problem({"targets": {"j": {**JIRA, key: token}}})
    assert f"targets.j.{key}" in message and "environment variable" in message
    assert token not in message and token[:8] not in message


def test_a_token_under_a_key_of_its_own_points_at_token_env() -> None:
    message = _problem({"targets": {"gh": {**GH, "token": "ghp_16C7e42F292c6912E7710c838347Ae178B4a"}}})
    assert "targets.gh.token" in message and "token_env" in message and "ghp_" not in message


@pytest.mark.parametrize("name", ["GITHUB_TOKEN", "JIRA_API_TOKEN", "gh_token", "TRACKER_GH_TOKEN_2", "_T"])
def test_variable_names_are_accepted(name: str) -> None:
    config = parse_config({"targets": {"j": {**JIRA, "token_env": name, "email_env": name}}})
    target = config.targets["j"]
    assert isinstance(target, JiraTarget) and target.token_env == name and target.email_env == name


@pytest.mark.parametrize("name", ["MY-TOKEN", "1TOKEN", "GITHUB TOKEN", "$GITHUB_TOKEN", ""])
def test_what_cannot_be_a_variable_name_is_refused(name: str) -> None:
    assert "must name an environment variable" in _problem({"targets": {"gh": {**GH, "token_env": name}}})


@pytest.mark.parametrize(
    "policy",
    [
        {"due_days": 99_999_999},
        {"due_days": -1},
        {"due_days_by_priority": {"high": 99_999_999}},
        {"due_days_by_priority": {"low": -3}},
    ],
)
def test_due_day_policies_stay_within_a_century(policy: dict[str, object]) -> None:
    assert "policy.due_days" in _problem({"policy": policy})


def test_due_day_policies_within_range_are_kept() -> None:
    config = parse_config({"policy": {"due_days": 30, "due_days_by_priority": {"high": 7}}})
    assert config.policy.due_days == 30 and config.policy.due_days_by_priority == {"high": 7}
