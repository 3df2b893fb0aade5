"""`[remind]` and the reminder keys of `[people]`: validated in one place, secrets refused by name."""

from __future__ import annotations

import pytest

from tracker.config import parse_config
from tracker.errors import ConfigError


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"remind": {"smtp_password": "hunter2"}}, "remind.smtp_password: secrets never go in the config; "),
        ({"remind": {"slack_token": "xoxb-1"}}, "name that in slack_token_env"),
        ({"remind": {"slack_token_env": "xoxb-123-456"}}, "looks like a token"),
        ({"remind": {"smtp_password_env": "not a name"}}, "must name an environment variable"),
        ({"remind": {"slack_api_url": "http://slack.example.com/api/"}}, "https://"),
        ({"remind": {"every_days": 0}}, "remind.every_days"),
        ({"remind": {"ownerless_to": "Nobody"}}, "no [people] name, e-mail address or Slack channel"),
        ({"people": {"A": {"slack": "alice"}}}, "people.A.slack: must be a Slack user id"),
        ({"people": {"A": {"timezone": "Mars/Olympus"}}}, "unknown time zone 'Mars/Olympus'"),
    ],
)
def test_bad_reminder_settings_are_one_line_naming_the_key(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(data)
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert "hunter2" not in str(caught.value)


def test_good_reminder_settings() -> None:
    config = parse_config(
        {
            "remind": {"ownerless_to": "Alice", "from": "t@x.org", "slack_api_url": "http://127.0.0.1:9/api"},
            "people": {"Alice": {"slack": "U012AB3CD", "timezone": "Asia/Tokyo"}},
        }
    )
    assert config.remind.sender == "t@x.org" and config.remind.slack_api_url == "http://127.0.0.1:9/api/"
    for target in ("#incident-followups", "C012AB3CD", "ops@example.com"):
        assert parse_config({"remind": {"ownerless_to": target}}).remind.ownerless_to == target
