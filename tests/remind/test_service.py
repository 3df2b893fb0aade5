"""The remind service's result, called as the CLI calls it (a `Context` is its workspace)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.support import add_postmortem, new_item
from tracker.cli.context import Context
from tracker.errors import ConfigError
from tracker.services.remind import RemindRequest, remind
from tracker.store import Store

NOW = datetime(2026, 12, 7, 8, tzinfo=UTC)


def _workspace(tmp_path: Path, remind_config: str) -> Context:
    config = tmp_path / "config.toml"
    config.write_text(remind_config + '[people.Alice]\nemail = "alice@example.com"\n', encoding="utf-8")
    store = Store(tmp_path / "t.db")
    add_postmortem(store, [new_item("Fix it", 0, owner="Alice", due=date(2026, 12, 1)), new_item("Own it", 1)])
    store.close()
    return Context(config_path=config, db_path=tmp_path / "t.db")


def test_a_dry_run_returns_the_plan_and_its_messages(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, '[remind]\nsmtp_host = "127.0.0.1"\nfrom = "t@example.com"\nownerless_to = "o@x.org"\n')
    run = remind(ws, RemindRequest(dry_run=True), lambda: NOW)
    assert [(d.reminder.recipient, d.reminder.address.channel, d.items) for d in run.deliveries] == [
        ("Alice", "email", 1),
        ("o@x.org", "email", 1),
    ]
    assert run.failed == [] and run.plan.unreachable == [] and run.dry_run
    assert run.deliveries[0].body.startswith("From: t@example.com\nTo: alice@example.com\nSubject: Your action item")
    assert ws.store.reminders.sent_since(datetime(2026, 1, 1, tzinfo=UTC)) == {}


@pytest.mark.parametrize(
    ("remind_config", "channel", "message"),
    [
        ("", None, "no channel configured"),
        ('[remind]\nsmtp_host = "h"\n', None, "[remind] from"),
        ('[remind]\nsmtp_host = "h"\nfrom = "t@x.org"\n', "slack", "--channel slack: [remind] slack_token_env"),
        ('[remind]\nsmtp_host = "h"\nfrom = "t@x.org"\nsmtp_user = "u"\n', None, "smtp_password_env"),
    ],
)
def test_channels_that_are_not_configured_are_config_errors(
    tmp_path: Path, remind_config: str, channel: str | None, message: str
) -> None:
    ws = _workspace(tmp_path, remind_config)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        remind(ws, RemindRequest(dry_run=True, channel=channel), lambda: NOW)  # type: ignore[arg-type]
