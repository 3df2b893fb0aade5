"""End-to-end helpers: `tracker` in a subprocess, the fake trackers served on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.github_fake import FakeGitHub
from tests.fakes.http_server import serve
from tests.fakes.jira_fake import FakeJira

DOC = """# Checkout outage

Incident date: 2026-10-02

## Action items

| Action item | Owner | Due |
| --- | --- | --- |
| Add a canary stage to the payments deploy | Alice | 2026-12-01 |
| Alert on checkout error rate above 2% | Bob | 2027-01-15 |
| Write the failover runbook | Carol | |
"""
PEOPLE = {
    "github": '[people.Alice]\ngithub = "alice"\n[people.Bob]\ngithub = "bob"\n',
    "jira": '[people.Alice]\njira = "acc-alice"\n[people.Bob]\njira = "acc-bob"\n',
}


def tracker(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    clean.update(env, TRACKER_CONFIG=str(tmp_path / "config.toml"), TRACKER_DB=str(tmp_path / "t.db"))
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args], capture_output=True, text=True, env=clean, timeout=120
    )


@pytest.fixture
def github(tmp_path: Path) -> Iterator[tuple[FakeGitHub, dict[str, str]]]:
    fake = FakeGitHub(token="ghp_E2E_SECRET_TOKEN")
    with serve(fake.handle) as url:
        fake.rebase(url + "/api/v3")
        (tmp_path / "config.toml").write_text(
            f'[sync]\ndefault_target = "gh"\n[targets.gh]\nkind = "github"\nrepo = "octo/tracker"\n'
            f'base_url = "{url}/api/v3"\ntoken_env = "GH_TOKEN"\n' + PEOPLE["github"]
        )
        yield fake, {"GH_TOKEN": "ghp_E2E_SECRET_TOKEN"}


@pytest.fixture(params=["cloud", "server"])
def jira(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[FakeJira, dict[str, str]]]:
    fake = FakeJira(request.param)
    with fake.serve_http() as url:
        auth = 'email_env = "J_EMAIL"\n' if request.param == "cloud" else ""
        people = PEOPLE["jira"] if request.param == "cloud" else PEOPLE["jira"].replace("acc-", "")
        (tmp_path / "config.toml").write_text(
            f'[sync]\ndefault_target = "jira"\n[targets.jira]\nkind = "jira"\nurl = "{url}"\nproject = "PROJ"\n'
            f'deployment = "{request.param}"\ntoken_env = "J_TOKEN"\n{auth}' + people
        )
        yield fake, {"J_TOKEN": fake.token or "", "J_EMAIL": getattr(fake, "email", "") or ""}
