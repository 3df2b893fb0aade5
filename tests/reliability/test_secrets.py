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
