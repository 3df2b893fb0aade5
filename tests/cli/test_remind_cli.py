"""`tracker remind` through the CLI, against the fake Slack Web API (driven by the real slack-sdk) and
a real SMTP server (aiosmtpd), both on 127.0.0.1: who gets what, dedupe, quiet days, time zones,
--owner, --dry-run, and failures that cost one recipient (exit 3) or the whole run (exit 2)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import Result

from tests.fakes.http_server import serve
from tests.fakes.slack_api_fake import FakeSlackApi
from tests.fakes.smtp_server import Inbox, smtp_server
from tests.support import add_postmortem, new_item
from tracker.cli import remind_cmd
from tracker.store import Store

pytestmark = pytest.mark.both_stores

Cli = Callable[..., Result]
MONDAY = datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
HOSTILE = "Add a canary <script>alert(1)</script> stage & <@U0BOSS> ping"
TOKEN = "xoxb-FAKE-slack-bot-TOKEN-123"


@dataclass
class World:
    cli: Cli
    slack: FakeSlackApi
    inbox: Inbox
    config: Path
    now: list[datetime]
    base_config: str

    def run(self, *args: str) -> Result:
        return self.cli("remind", *args)

    def configure(self, extra: str = "", people: str | None = None) -> None:
        self.config.write_text(self.base_config + extra + (PEOPLE if people is None else people), encoding="utf-8")

    def ids(self, item: str) -> list[tuple[str, str]]:
        shown = json.loads(self.cli("show", item, "--format", "json").stdout)
        return [(r["recipient"], r["channel"]) for r in shown["reminders"]]


PEOPLE = """
[people.Alice]
email = "alice@example.com"
[people.Bob]
slack = "U0BOB"
[people.Dave]
email = "dave@example.com"
"""


@pytest.fixture
def world(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    slack = FakeSlackApi(token=TOKEN, users={"alice@example.com": "U0ALICE", "bob@example.com": "U0BOB"})
    slack.channels.add("#ops")
    inbox = Inbox()
    now = [MONDAY]
    monkeypatch.setattr(remind_cmd, "_now", lambda: now[0])
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    with serve(slack.handle) as url, smtp_server(inbox) as port:
        base = (
            f'[remind]\nslack_token_env = "SLACK_BOT_TOKEN"\nslack_api_url = "{url}/api/"\n'
            f'smtp_host = "127.0.0.1"\nsmtp_port = {port}\nsmtp_starttls = false\nfrom = "tracker@example.com"\n'
            'ownerless_to = "#ops"\n'
        )
        w = World(cli, slack, inbox, Path(cli.config), now, base)  # type: ignore[attr-defined]
        w.configure()
        store = Store(cli.db)  # type: ignore[attr-defined]
        add_postmortem(
            store,
            [
                new_item(HOSTILE, 0, owner="Alice", due=date(2026, 12, 1)),  # AI-1 overdue 6d
                new_item("Alert on checkout errors", 1, owner="Bob", due=date(2026, 12, 8)),  # AI-2 due in 1d
                new_item("Write the failover runbook", 2, owner="Carol", due=date(2026, 12, 7)),  # AI-3 unreachable
                new_item("Rotate the pager", 3, due=date(2026, 12, 3)),  # AI-4 ownerless
                new_item("Document the rollback", 4, owner="Alice", due=date(2027, 3, 1)),  # AI-5 nothing to say
                new_item("Fix the DNS TTLs", 5, owner="Dave", due=date(2026, 12, 2)),  # AI-6 overdue
            ],
            title="Checkout outage",
            now=datetime(2026, 12, 1, 9, tzinfo=UTC),
        )
        store.close()
        yield w


def test_each_owner_gets_their_items_by_slack_and_email_and_ownerless_go_to_ops(world: World) -> None:
    result = world.run()
    assert result.exit_code == 0, result.output
    slack, inbox = world.slack, world.inbox
    assert slack.calls[0] == "auth.test" and slack.calls.count("users.lookupByEmail") == 2  # Alice, Dave
    alice = slack.texts_to("U0ALICE")
    assert len(alice) == 1 and "AI-1" in alice[0] and "AI-5" not in alice[0] and "overdue 6d" in alice[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in alice[0] and "&lt;@U0BOSS&gt;" in alice[0]
    assert "<script>" not in alice[0] and "<@U0BOSS>" not in alice[0]
    [bob] = slack.texts_to("U0BOB")
    assert "AI-2" in bob and "due in 1d" in bob
    [ops] = slack.texts_to("#ops")
    assert "AI-4" in ops and "Checkout outage (PM-1" in ops and "Carol" in ops and "AI-3" in ops
    [mail] = inbox.to("alice@example.com")
    text, html = (part.get_content() for part in mail.iter_parts())
    assert "AI-1" in text and HOSTILE in text and "AI-5" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert mail["Subject"] == "Your action item: 1 overdue (as of 2026-12-07)"
    assert [r.rcpt_tos for r in inbox.received] == [["alice@example.com"], ["dave@example.com"]]
    assert "sent to Alice by slack: 1 item" in result.stdout and "unreachable" in result.stdout
    assert world.ids("AI-1") == [("Alice", "email"), ("Alice", "slack")] and world.ids("AI-5") == []
    assert world.ids("AI-3") == [("#ops", "slack")] and world.ids("AI-4") == [("#ops", "slack")]


def test_no_nagging_the_same_day_but_a_changed_item_is_sent_again_and_ids_are_cached(world: World) -> None:
    assert world.run().exit_code == 0
    posts, mails = len(world.slack.posts), len(world.inbox.received)
    world.now[0] = MONDAY + timedelta(hours=3)
    again = world.run()
    assert again.exit_code == 0 and "0 reminders sent" in again.stdout and "nothing new for" in again.stdout
    assert (len(world.slack.posts), len(world.inbox.received)) == (posts, mails)
    assert world.cli("edit", "AI-1", "--due", "2026-12-03").exit_code == 0
    world.slack.calls.clear()
    changed = world.run()
    assert changed.exit_code == 0
    assert [p["channel"] for p in world.slack.posts[posts:]] == ["U0ALICE"]
    assert "2026-12-03" in world.slack.posts[-1]["text"] and "users.lookupByEmail" not in world.slack.calls
    assert [r.rcpt_tos for r in world.inbox.received[mails:]] == [["alice@example.com"]]


def test_every_days_allows_an_item_again_only_after_that_many_days(world: World) -> None:
    """(Alice's one item stays overdue: its state does not change, only the days pass.)"""
    world.configure("every_days = 3\n")
    for days, posts in ((0, 1), (1, 1), (2, 1), (3, 2), (4, 2)):
        world.now[0] = MONDAY + timedelta(days=days)
        assert world.run("--owner", "Alice", "--channel", "slack").exit_code == 0
        assert len(world.slack.texts_to("U0ALICE")) == posts, days


def test_dry_run_prints_exactly_what_is_then_sent_and_sends_and_records_nothing(world: World) -> None:
    dry = world.run("--dry-run", "--owner", "Bob")
    assert dry.exit_code == 0 and world.slack.calls == [] and world.inbox.received == []
    assert world.ids("AI-2") == [] and "1 reminders would be sent" in dry.stdout
    real = world.run("--owner", "Bob")
    assert real.exit_code == 0
    [posted] = world.slack.texts_to("U0BOB")
    assert f"Slack to U0BOB\n\n{posted}\n" in dry.stdout
    assert world.ids("AI-2") == [("Bob", "slack")]


def test_dry_run_of_an_email_prints_its_headers_and_text(world: World) -> None:
    dry = world.run("--dry-run", "--channel", "email", "--owner", "Alice")
    assert dry.exit_code == 0
    assert "From: tracker@example.com\nTo: alice@example.com\nSubject: Your action item: 1 overdue" in dry.stdout
    assert world.run("--channel", "email", "--owner", "Alice").exit_code == 0
    text = world.inbox.to("alice@example.com")[0].get_body(("plain",))
    assert text is not None and text.get_content().replace("\r\n", "\n") in dry.stdout


def test_owner_option_sends_only_that_persons_reminder(world: World) -> None:
    result = world.run("--owner", "bob")
    assert result.exit_code == 0
    assert [p["channel"] for p in world.slack.posts] == ["U0BOB"] and world.inbox.received == []


def test_quiet_days_send_nothing_on_weekends(world: World) -> None:
    world.configure("skip_weekends = true\n")
    world.now[0] = datetime(2026, 12, 5, 8, tzinfo=UTC)  # a Saturday
    result = world.run()
    assert result.exit_code == 0 and "quiet day for: Alice, Dave, #ops"  # (Bob: nothing due yet) in result.stdout
    assert world.slack.posts == [] and world.inbox.received == []
    world.now[0] = MONDAY
    assert world.run().exit_code == 0 and world.slack.posts


def test_time_zones_decide_what_today_is_for_each_person(world: World) -> None:
    """12:00 UTC on 7 December is already 8 December (02:00) on Kiritimati (UTC+14)."""
    people = '[people.Bob]\nslack = "U0BOB"\ntimezone = "Pacific/Kiritimati"\n[people.Carol]\nslack = "U0CAROL"\n'
    world.slack.users["carol@example.com"] = "U0CAROL"
    world.configure(people=people)
    world.now[0] = datetime(2026, 12, 7, 12, tzinfo=UTC)
    assert world.run("--channel", "slack").exit_code == 0
    [bob] = world.slack.texts_to("U0BOB")
    [carol] = world.slack.texts_to("U0CAROL")
    assert "due today" in bob and "as of 2026-12-08 (Pacific/Kiritimati)" in bob  # due 12-08
    assert "due today" in carol and "as of 2026-12-07 (UTC)" in carol  # due 12-07


def test_an_smtp_failure_for_one_recipient_leaves_the_others_sent_exit_3(world: World) -> None:
    world.inbox.refuse.add("dave@example.com")
    result = world.run("--channel", "email")
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: Dave: [email] dave@example.com: e-mail not sent: ")
    assert "recipient refused (550" in lines[0]
    assert [r.rcpt_tos for r in world.inbox.received] == [["alice@example.com"]]
    assert world.ids("AI-6") == [] and world.ids("AI-1") == [("Alice", "email")]
    world.inbox.refuse.clear()
    assert world.run("--channel", "email").exit_code == 0 and world.ids("AI-6") == [("Dave", "email")]


def test_a_refused_slack_token_fails_the_whole_run_in_one_line_before_anything_is_sent(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-WRONG-token-000")
    result = world.run()
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "invalid_auth" in result.stderr and "$SLACK_BOT_TOKEN" in result.stderr
    assert "xoxb-WRONG" not in result.output and world.slack.posts == [] and world.inbox.received == []
    assert world.ids("AI-1") == []


def test_an_unset_token_variable_is_a_config_error(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SLACK_BOT_TOKEN")
    result = world.run()
    assert result.exit_code == 2 and "SLACK_BOT_TOKEN is not set" in result.stderr and world.slack.calls == []


def test_unknown_slack_users_and_channels_fail_those_recipients_only(world: World) -> None:
    world.slack.gone_users.add("U0BOB")
    world.slack.channels.discard("#ops")
    result = world.run("--channel", "slack")
    assert result.exit_code == 3
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 3, errors  # Bob (user_not_found), Dave (users_not_found), #ops (channel_not_found)
    assert any("Bob" in e and "user_not_found" in e for e in errors)
    assert any("#ops" in e and "channel_not_found" in e for e in errors)
    assert any("Dave" in e and "users_not_found" in e for e in errors)
    assert world.slack.texts_to("U0ALICE") and world.ids("AI-2") == [] and world.ids("AI-1") == [("Alice", "slack")]


def test_a_rate_limit_is_waited_out(world: World) -> None:
    world.slack.rate_limits["chat.postMessage"] = 2
    world.slack.retry_after = 0
    result = world.run()
    assert result.exit_code == 0 and len(world.slack.posts) == 3
    assert world.slack.calls.count("chat.postMessage") == 5


def test_show_lists_the_reminders_an_item_was_in(world: World) -> None:
    assert world.run().exit_code == 0
    shown = world.cli("show", "AI-1")
    assert shown.exit_code == 0
    assert "reminded  Alice by slack (U0ALICE) at 2026-12-07T08:00:00+00:00" in shown.stdout
    assert "reminded  Alice by email (alice@example.com) at 2026-12-07T08:00:00+00:00" in shown.stdout


def test_export_and_import_keep_the_reminders_and_the_slack_ids(world: World, tmp_path: Path) -> None:
    assert world.run().exit_code == 0
    dump = tmp_path / "dump.jsonl"
    assert world.cli("export", "--output", str(dump)).exit_code == 0
    restored = tmp_path / "restored.db"
    config = str(world.config)
    from typer.testing import CliRunner

    from tracker.cli.app import app

    result = CliRunner().invoke(app, ["--db", str(restored), "--config", config, "import", str(dump)])
    assert result.exit_code == 0, result.output
    shown = CliRunner().invoke(app, ["--db", str(restored), "--config", config, "show", "AI-1", "--format", "json"])
    assert [r["channel"] for r in json.loads(shown.stdout)["reminders"]] == ["email", "slack"]
    assert Store(restored).reminders.slack_ids(MONDAY) == {"alice@example.com": "U0ALICE", "dave@example.com": ""}
