"""`tracker remind` as a real process against both servers on 127.0.0.1: the fake Slack Web API
and aiosmtpd with STARTTLS (a test certificate trusted through `[remind] smtp_ca_file`) and a login."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tests.cli.e2e import tracker
from tests.fakes.http_server import serve
from tests.fakes.slack_api_fake import FakeSlackApi
from tests.fakes.smtp_server import Inbox, self_signed, server_context, smtp_server
from tests.support import add_postmortem, new_item
from tracker.store import Store

TOKEN = "xoxb-E2E-remind-TOKEN-5150"


def test_remind_runs_end_to_end_over_slack_and_starttls(tmp_path: Path) -> None:
    today = datetime.now(UTC).date()
    store = Store(tmp_path / "t.db")
    add_postmortem(
        store,
        [
            new_item("Add a canary <b>stage</b>", 0, owner="Alice", due=today - timedelta(days=3)),
            new_item("Rotate the pager", 1, due=today - timedelta(days=1)),
        ],
        title="Checkout outage",
        now=datetime.now(UTC) - timedelta(days=1),
    )
    store.close()
    slack = FakeSlackApi(token=TOKEN, users={"alice@example.com": "U0ALICE"}, channels={"#ops"})
    inbox = Inbox()
    cert, key = self_signed(tmp_path)
    env = {"SLACK_BOT_TOKEN": TOKEN, "SMTP_PASSWORD": inbox.password}
    with serve(slack.handle) as url, smtp_server(inbox, tls=server_context(cert, key), auth=True) as port:
        (tmp_path / "config.toml").write_text(
            f'[remind]\nslack_token_env = "SLACK_BOT_TOKEN"\nslack_api_url = "{url}/api/"\n'
            f'smtp_host = "127.0.0.1"\nsmtp_port = {port}\nsmtp_user = "tracker"\nsmtp_password_env = "SMTP_PASSWORD"\n'
            f'smtp_ca_file = "{cert}"\nfrom = "tracker@example.com"\nownerless_to = "#ops"\n'
            '[people.Alice]\nemail = "alice@example.com"\n',
            encoding="utf-8",
        )
        dry = tracker(tmp_path, env, "remind", "--dry-run")
        assert dry.returncode == 0 and slack.calls == [] and inbox.received == [], dry.stderr
        sent = tracker(tmp_path, env, "remind")
        again = tracker(tmp_path, env, "remind")
    assert sent.returncode == 0, sent.stderr
    assert "3 reminders sent" in sent.stdout and "0 reminders sent" in again.stdout
    [mail] = inbox.received
    assert mail.tls and mail.rcpt_tos == ["alice@example.com"] and inbox.logins == 1
    html = mail.message.get_body(("html",))
    assert html is not None and "&lt;b&gt;stage&lt;/b&gt;" in html.get_content()
    assert [p["channel"] for p in slack.posts] == ["U0ALICE", "#ops"]
    assert f"Slack to #ops\n\n{slack.posts[1]['text']}\n" in dry.stdout
    shown = json.loads(tracker(tmp_path, env, "show", "AI-1", "--format", "json").stdout)
    assert sorted(r["channel"] for r in shown["reminders"]) == ["email", "slack"]
    assert TOKEN not in sent.stdout + sent.stderr + dry.stdout and inbox.password not in sent.stdout + dry.stdout
    assert date.fromisoformat(shown["reminders"][0]["sent_at"][:10]) >= today - timedelta(days=1)


def test_a_dry_run_imports_no_slack_client_no_smtplib_and_no_tracker_client(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "config.toml").write_text(
        '[remind]\nslack_token_env = "T"\nsmtp_host = "127.0.0.1"\nfrom = "t@example.com"\n'
        '[people.Alice]\nemail = "alice@example.com"\n',
        encoding="utf-8",
    )
    store = Store(tmp_path / "t.db")
    add_postmortem(store, [new_item("Fix it", 0, owner="Alice", due=date(2026, 1, 1))])
    store.close()
    probe = (
        "import sys; sys.argv = ['tracker', '--config', sys.argv[1], '--db', sys.argv[2], 'remind', '--dry-run']\n"
        "from tracker.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('IMPORTED', [m for m in ('slack_sdk', 'smtplib', 'github', 'jira') if m in sys.modules])\n"
    )
    args = [sys.executable, "-c", probe, str(tmp_path / "config.toml"), str(tmp_path / "t.db")]
    out = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert "2 reminders would be sent" in out.stdout and "IMPORTED []" in out.stdout, out.stdout + out.stderr
