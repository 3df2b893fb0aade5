"""Tokens never leave the environment: not in output, logs, errors, tracebacks, reports or files.

Every command path runs in-process against a fake on 127.0.0.1 (so urllib3 and requests really
connect and log), with every logger at DEBUG, using recognisable token values: the right one, and
a wrong one the tracker refuses (a refused token is still a secret). Then everything is scanned:
stdout, stderr, every log record (with its traceback), the errors the engine raises (with their
chained causes), the report files, the export, and the bytes of every store file.
"""

from __future__ import annotations

import base64
import logging
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.cli import GH_TOKEN_ENV, JIRA_EMAIL_ENV, JIRA_TOKEN_ENV, Ran, secrets, tracker
from tests.reliability.faults import FAULTS, injected
from tests.reliability.scenario import write_doc
from tests.reliability.served import ServedWorld, served_world
from tracker.errors import AuthError, RemoteError
from tracker.sync.engine import run_sync

TOKEN = {"github": "ghp_SECRETSECRET123", "jira-cloud": "jira-SECRET-456", "jira-server": "jira-SECRET-456"}
WRONG = {"github": "ghp_WRONGSECRET999", "jira-cloud": "jira-WRONG-SECRET-789", "jira-server": "jira-WRONG-SECRET-789"}
LOGGERS = (
    "urllib3",
    "requests",
    "github",
    "github.Requester",
    "jira",
    "jira.resilientsession",
    "connectors",
    "tracker",
)
LISTING = {"github": "GET /issues", "jira-cloud": "GET /search", "jira-server": "GET /search"}
WRITE = {"github": "PATCH /issues/{n}", "jira-cloud": "PUT /issue/{n}", "jira-server": "PUT /issue/{n}"}


def forms(kind: str, token: str) -> list[str]:
    """The token as it could leak: itself, and inside a Basic auth header (Jira Cloud)."""
    found = [token]
    if kind == "jira-cloud":
        pair = f"bot@example.com:{token}".encode()
        found += [base64.b64encode(pair).decode(), base64.b64encode(pair).decode().rstrip("=")[:16]]
    return found


@pytest.fixture(params=list(TOKEN))
def served(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServedWorld]:
    with served_world(request.param, tmp_path) as w:
        w.fake.token = TOKEN[w.kind]  # type: ignore[union-attr]
        yield w


def _wrong_env(w: ServedWorld) -> dict[str, str]:
    env = secrets(w)
    env[GH_TOKEN_ENV if w.kind == "github" else JIRA_TOKEN_ENV] = WRONG[w.kind]
    return env


def _commands(w: ServedWorld, texts: list[str]) -> None:
    def run(*args: str, env: dict[str, str] | None = None) -> Ran:
        ran = tracker(w, *args, env=env)
        texts.extend([ran.stdout, ran.stderr])
        return ran

    write_doc(w.root / "pm.md", 4)
    assert run("extract", str(w.root / "pm.md")).code == 0
    assert run("sync").code == 0
    w.fake.close(w.key_of("AI-1"), "completed")
    run("edit", "AI-2", "--owner", "Alice")
    run("sync", "--dry-run")
    assert run("sync", "--format", "json").code == 0
    for fmt in ("table", "markdown", "json", "html", "csv"):
        run("report", "--format", fmt, "--output", str(w.root / f"report.{fmt}"))
        run("report", "--format", fmt)
    run("status")
    run("status", "Alice", "--format", "json")
    run("list", "--status", "all", "--format", "json")
    run("show", "AI-1", "--format", "json")
    run("conflicts")
    assert run("doctor").code in (0, 1)
    run("export", "--output", str(w.root / "export.jsonl"))
    run("edit", "AI-3", "--due", "2027-01-01")
    for fault in ("401", "403", "500", "malformed JSON", "timeout"):
        spec = next(f for f in FAULTS if f.name == fault)
        for at in (LISTING[w.kind], WRITE[w.kind]):
            with injected(w, spec, at):
                run("sync")
    refused = run("sync", env=_wrong_env(w))
    assert refused.code == 2 and refused.stderr.count("\n") == 1, refused
    assert run("doctor", env=_wrong_env(w)).code == 1
    run("report", "--sync-first", env=_wrong_env(w))


def _raised(w: ServedWorld, texts: list[str]) -> None:
    """The errors the engine raises, with their causes and tracebacks, as a developer would see them."""
    for token, faulty in ((WRONG[w.kind], None), (TOKEN[w.kind], "500")):
        w.fake.token, real = token, TOKEN[w.kind]  # type: ignore[union-attr]
        connector = w.connector()
        w.fake.token = real  # type: ignore[union-attr]
        spec = next((f for f in FAULTS if f.name == faulty), None)
        with w.store() as store, pytest.raises(RemoteError) as caught:
            if spec is not None:
                with injected(w, spec, LISTING[w.kind]):
                    run_sync(store, connector, w.options())
            else:
                run_sync(store, connector, w.options())
        if spec is None:
            assert isinstance(caught.value, AuthError)
        exc = caught.value
        texts += ["".join(traceback.format_exception(exc)), repr(exc), repr(exc.args), repr(connector)]
        texts += [repr(vars(exc))]


def test_tokens_appear_nowhere(served: ServedWorld, caplog: pytest.LogCaptureFixture) -> None:
    w = served
    caplog.set_level(logging.DEBUG)
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    texts: list[str] = []
    _commands(w, texts)
    _raised(w, texts)
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    texts += [formatter.format(record) for record in caplog.records]
    assert any(r.name.startswith("urllib3") for r in caplog.records)  # the requests were really logged
    if w.kind == "github":
        assert any("token removed" in t for t in texts)  # PyGithub logged the headers, masked
    files = [p for p in w.root.iterdir() if p.is_file() and p.name != "config.toml"]
    assert {"tracker.db", "export.jsonl", "report.html", "report.json"} <= {p.name for p in files}
    blobs = [p.read_bytes() for p in files]
    for secret in forms(w.kind, TOKEN[w.kind]) + forms(w.kind, WRONG[w.kind]):
        leaks = [t[max(0, t.find(secret) - 80) : t.find(secret) + 40] for t in texts if secret in t]
        assert leaks == [], f"{secret!r} leaked: {leaks[:3]}"
        assert not [p.name for p, blob in zip(files, blobs, strict=True) if secret.encode() in blob]


def test_the_scan_would_see_a_leak(served: ServedWorld, caplog: pytest.LogCaptureFixture) -> None:
    """The same scan, fed a record that does hold the token, finds it (the test above can fail)."""
    logging.getLogger("jira").warning("request headers = %s", {"Authorization": f"Bearer {TOKEN[served.kind]}"})
    texts = [logging.Formatter("%(message)s").format(r) for r in caplog.records]
    assert any(TOKEN[served.kind] in t for t in texts)
    assert JIRA_EMAIL_ENV  # the Cloud email variable is named, never valued, in the config


SLACK_TOKEN = "xoxb-REMIND-SECRET-7777"
SLACK_WRONG = "xoxb-REMIND-WRONG-8888"
SMTP_PASSWORD = "smtp-SECRET-password-42"
SMTP_WRONG = "smtp-WRONG-password-13"
REMIND_LOGGERS = ("slack_sdk", "slack_sdk.web.base_client", "urllib3", "smtplib", "tracker", "")


def _smtp_forms(password: str) -> list[str]:
    """The password, and as AUTH PLAIN / LOGIN carry it (base64)."""
    return [
        password,
        base64.b64encode(f"\0tracker\0{password}".encode()).decode(),
        base64.b64encode(password.encode()).decode(),
    ]


def test_reminder_tokens_and_smtp_passwords_appear_nowhere(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """`tracker remind` with the Slack bot token and the SMTP password, right and wrong, over STARTTLS."""
    import os
    from datetime import date

    from typer.testing import CliRunner

    from tests.fakes.http_server import serve
    from tests.fakes.slack_api_fake import FakeSlackApi
    from tests.fakes.smtp_server import Inbox, self_signed, server_context, smtp_server
    from tests.support import add_postmortem, new_item
    from tracker.cli.app import _register, app
    from tracker.store import Store

    caplog.set_level(logging.DEBUG)
    for name in REMIND_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    slack = FakeSlackApi(token=SLACK_TOKEN, users={"alice@example.com": "U0ALICE"}, channels={"#ops"})
    inbox = Inbox(password=SMTP_PASSWORD)
    cert, key = self_signed(tmp_path)
    db, config = tmp_path / "tracker.db", tmp_path / "config.toml"
    store = Store(db)
    add_postmortem(store, [new_item("Fix it", 0, owner="Alice", due=date(2026, 1, 1)), new_item("Own it", 1)])
    store.close()
    texts: list[str] = []
    _register()
    with serve(slack.handle) as url, smtp_server(inbox, tls=server_context(cert, key), auth=True) as port:
        config.write_text(
            f'[remind]\nslack_token_env = "R_SLACK"\nslack_api_url = "{url}/api/"\nsmtp_host = "127.0.0.1"\n'
            f'smtp_port = {port}\nsmtp_user = "tracker"\nsmtp_password_env = "R_SMTP"\nsmtp_ca_file = "{cert}"\n'
            'from = "tracker@example.com"\nownerless_to = "#ops"\n[people.Alice]\nemail = "alice@example.com"\n',
            encoding="utf-8",
        )
        runs = [
            ({"R_SLACK": SLACK_TOKEN, "R_SMTP": SMTP_PASSWORD}, ["remind", "--dry-run"], 0),
            ({"R_SLACK": SLACK_TOKEN, "R_SMTP": SMTP_PASSWORD}, ["remind", "--as-of", "2027-02-02"], 0),
            ({"R_SLACK": SLACK_WRONG, "R_SMTP": SMTP_PASSWORD}, ["remind", "--as-of", "2027-02-03"], 2),
            ({"R_SLACK": SLACK_TOKEN, "R_SMTP": SMTP_WRONG}, ["remind", "--as-of", "2027-02-04"], 3),
            ({"R_SLACK": SLACK_TOKEN, "R_SMTP": SMTP_PASSWORD}, ["show", "AI-1", "--format", "json"], 0),
            ({"R_SLACK": SLACK_TOKEN, "R_SMTP": SMTP_PASSWORD}, ["export", "--output", str(tmp_path / "e.jsonl")], 0),
        ]
        for env, args, code in runs:
            os.environ.update(env)
            try:
                result = CliRunner().invoke(app, ["--db", str(db), "--config", str(config), *args])
            finally:
                for name in env:
                    os.environ.pop(name, None)
            texts += [result.stdout, result.stderr, repr(result.exception)]
            assert result.exit_code == code, (args, result.output)
    assert len(inbox.received) == 1 and inbox.received[0].tls  # the reminder really went out, over TLS
    assert slack.posts and inbox.logins >= 3
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    texts += [formatter.format(r) for r in caplog.records if not r.name.startswith("mail.log")]  # (not the server)
    assert any(r.name.startswith("slack_sdk") for r in caplog.records)  # the client really logged its requests
    files = [p for p in tmp_path.iterdir() if p.is_file() and p.suffix not in (".toml", ".pem")]
    assert {"tracker.db", "e.jsonl"} <= {p.name for p in files}
    blobs = [p.read_bytes() for p in files]
    assert b'"table":"reminders"' in (tmp_path / "e.jsonl").read_bytes()  # (the export holds them too)
    for secret in [SLACK_TOKEN, SLACK_WRONG, *_smtp_forms(SMTP_PASSWORD), *_smtp_forms(SMTP_WRONG)]:
        leaks = [t[max(0, t.find(secret) - 80) : t.find(secret) + 40] for t in texts if secret in t]
        assert leaks == [], f"{secret!r} leaked: {leaks[:3]}"
        assert not [p.name for p, blob in zip(files, blobs, strict=True) if secret.encode() in blob]
