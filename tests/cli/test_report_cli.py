"""`tracker report` through the CLI: flags, formats, reproducibility, exit codes, Slack, --sync-first."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.fakes.http_server import serve
from tests.fakes.slack_fake import FakeSlackWebhook
from tests.support import add_postmortem, new_item
from tracker.cli import report_cmd
from tracker.model import Status, SyncFields
from tracker.report import FORMATS
from tracker.store import Store
from tracker.sync.status import SyncState

pytestmark = pytest.mark.both_stores  # the CLI suite runs on both stores

Cli = Callable[..., Result]
AS_OF = "2026-11-22"
IMPORTED = datetime(2026, 11, 10, 9, tzinfo=UTC)
CONFIG = """
[report]
timezone = "Europe/Berlin"

[sync]
default_target = "gh"

[targets.gh]
kind = "github"
repo = "acme/incidents"

[people."Alice Chen"]
github = "alice-gh"
email = "alice@example.com"
aliases = ["alice"]

[people."Alice Cooper"]
github = "acooper"
aliases = ["ali"]

[people."Bob"]
github = "bob-gh"
aliases = ["ali"]
"""


def fill(cli: Cli, config: str = CONFIG) -> list[str]:
    """Seven items over two postmortems; AI-2 is linked, AI-5 has a broken link, AI-7 is done."""
    Path(cli.config).write_text(config, encoding="utf-8")  # type: ignore[attr-defined]
    store = Store(cli.db)  # type: ignore[attr-defined]
    ids = add_postmortem(
        store,
        [
            new_item("Add canary deploys", 0, owner="Alice Chen", due=date(2026, 11, 21)),  # due yesterday
            new_item("Page on burn rate", 1, owner="alice", due=date(2026, 11, 22)),  # due today
            new_item("Write <the> runbook | now", 2, owner=None, due=date(2026, 12, 1), due_derived=True),
            new_item("Load test checkout", 3, owner="Carol", due=date(2027, 3, 1)),
        ],
        title="Checkout outage",
        now=IMPORTED,
    ).ids
    ids += add_postmortem(
        store,
        [
            new_item("Rotate DNS keys", 0, owner="Bob", due=date(2026, 10, 1)),
            new_item("Add DNS dashboards", 1, owner="bob-gh"),
            new_item("Fix resolver config", 2, owner="Bob", due=date(2026, 1, 1), status=Status.DONE),
        ],
        source="/pm/dns.md",
        title="DNS failure",
        now=IMPORTED,
    ).ids
    state = SyncState(store)
    with store.transaction():
        for item_id, key in ((ids[1], "12"), (ids[4], "13")):
            state.save_link(
                item_id,
                "gh",
                key=key,
                url=f"https://github.com/acme/incidents/issues/{key}",
                remote_updated=IMPORTED,
                base=SyncFields(text="x"),
                assigned=True,
                warning=None,
                now=IMPORTED,
            )
        state.mark_broken(ids[4], "gh", "404")
    store.close()
    return ids


def report(cli: Cli, *args: str) -> Result:
    return cli("report", "--as-of", AS_OF, *args)


def items_of(result: Result) -> dict[str, dict[str, Any]]:
    doc = json.loads(result.stdout)
    return {i["id"]: {**i, "group": g["name"]} for g in doc["groups"] for i in g["items"]}


def test_report_flags_overdue_from_yesterday_not_today(cli: Cli) -> None:
    ids = fill(cli)
    result = report(cli, "--format", "json")
    assert result.exit_code == 0, result.output
    found = items_of(result)
    assert found[ids[0]]["flags"] == ["overdue"] and found[ids[0]]["days_overdue"] == 1
    assert found[ids[1]]["flags"] == ["due_soon"] and found[ids[1]]["days_overdue"] is None
    assert found[ids[1]]["links"] == [
        {"target": "gh", "key": "12", "state": "linked", "url": "https://github.com/acme/incidents/issues/12"}
    ]


def test_report_groups_by_person_with_no_owner_and_broken_link_groups(cli: Cli) -> None:
    ids = fill(cli)
    found = items_of(report(cli, "--format", "json"))
    assert found[ids[0]]["group"] == found[ids[1]]["group"] == "Alice Chen"  # alias merged
    assert found[ids[2]]["group"] == "no owner" and "ownerless" in found[ids[2]]["flags"]
    assert found[ids[4]]["group"] == "broken link" and "broken_link" in found[ids[4]]["flags"]
    assert found[ids[5]]["group"] == "Bob"  # written as the GitHub login
    assert found[ids[3]]["flags"] == ["unassignable"]  # Carol has no [people] entry, target gh
    assert ids[6] not in found  # done items are never flagged
    doc = json.loads(report(cli, "--format", "json").stdout)
    assert doc["as_of"] == AS_OF and doc["timezone"] == "Europe/Berlin"
    assert doc["summary"]["flags"]["overdue"] == 2 and doc["summary"]["open"] == 6


def test_derived_due_dates_are_shown_as_derived(cli: Cli) -> None:
    fill(cli)
    assert "2026-12-01 (derived)" in report(cli).stdout
    assert "2026-12-01 (derived)" in report(cli, "--format", "markdown").stdout
    rows = list(csv.DictReader(io.StringIO(report(cli, "--format", "csv").stdout)))
    assert [r["due_derived"] for r in rows if r["due"] == "2026-12-01"] == ["true"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_store_and_as_of_give_byte_identical_output(cli: Cli, tmp_path: Path, fmt: str) -> None:
    fill(cli)
    outputs = []
    for n in range(2):
        path = tmp_path / f"report-{n}.{fmt}"
        assert report(cli, "--format", fmt, "--output", str(path)).exit_code == 0
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1] and len(outputs[0]) > 200
    assert report(cli, "--format", fmt).stdout.encode() == outputs[0]


def test_fail_on_exits_1_only_when_an_item_has_the_flag(cli: Cli) -> None:
    fill(cli)
    assert report(cli, "--fail-on", "overdue").exit_code == 1
    assert report(cli, "--fail-on", "stale").exit_code == 0  # nothing is 30 days old yet
    assert report(cli, "--fail-on", "stale,ownerless").exit_code == 1
    assert report(cli, "--only", "stale", "--fail-on", "overdue").exit_code == 1  # --only only hides
    assert cli("report", "--as-of", "2026-09-01", "--fail-on", "overdue").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--only", "overdue,late"], "--only: unknown flag 'late'"),
        (["--fail-on", "sooon"], "--fail-on: unknown flag 'sooon'"),
        (["--as-of", "soonish"], "--as-of: 'soonish' is not a date"),
        (["--owner", "nobody-at-all"], "no owner matches 'nobody-at-all'"),
        (["--owner", "ali"], "ambiguous: Alice Cooper, Bob"),
        (["--postmortem", "PM-99"], "no postmortem 'PM-99'"),
        (["--target", "jira"], "unknown target 'jira'"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(cli: Cli, args: list[str], message: str) -> None:
    fill(cli)
    result = cli("report", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_owner_postmortem_target_and_only_filter(cli: Cli) -> None:
    ids = fill(cli)
    assert set(items_of(report(cli, "--format", "json", "--owner", "ALICE@example.com"))) == {ids[0], ids[1]}
    assert set(items_of(report(cli, "--format", "json", "--owner", "bob"))) == {ids[4], ids[5]}
    assert set(items_of(report(cli, "--format", "json", "--postmortem", "/pm/dns.md"))) == {ids[4], ids[5]}
    assert set(items_of(report(cli, "--format", "json", "--target", "gh"))) == set(ids[:6])
    only = items_of(report(cli, "--format", "json", "--only", "no-due-date"))
    assert set(only) == {ids[5]} and only[ids[5]]["flags"] == ["no_due_date"]


def test_due_soon_option_overrides_the_config(cli: Cli) -> None:
    ids = fill(cli)
    assert "due_soon" not in items_of(report(cli, "--format", "json"))[ids[2]]["flags"]  # due in 9 days
    assert "due_soon" in items_of(report(cli, "--format", "json", "--due-soon", "9"))[ids[2]]["flags"]


def test_a_remote_issue_without_assignee_makes_the_item_unassignable(cli: Cli) -> None:
    ids = fill(cli)
    store = Store(cli.db)  # type: ignore[attr-defined]
    with store.transaction():
        SyncState(store).save_link(
            ids[0],
            "gh",
            key="20",
            url="https://github.com/acme/incidents/issues/20",
            remote_updated=IMPORTED,
            base=SyncFields(text="x"),
            assigned=False,
            warning=None,
            now=IMPORTED,
        )
    store.close()
    found = items_of(report(cli, "--format", "json"))[ids[0]]
    assert found["flags"] == ["overdue", "unassignable"] and found["notes"] == ["gh issue 20 has no assignee"]


def test_without_targets_nobody_is_unassignable(cli: Cli) -> None:
    ids = fill(cli, config="")
    assert ids[3] not in items_of(report(cli, "--format", "json"))  # Carol's item has nothing else


def test_as_of_defaults_to_today_in_the_configured_time_zone(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = fill(cli)
    monkeypatch.setattr(report_cmd, "_now", lambda: datetime(2026, 11, 21, 23, 30, tzinfo=UTC))
    doc = json.loads(cli("report", "--format", "json").stdout)
    assert doc["as_of"] == "2026-11-22"  # already the 22nd in Berlin
    assert ids[0] in items_of(cli("report", "--format", "json"))
    Path(cli.config).write_text(CONFIG.replace("Europe/Berlin", "UTC"))  # type: ignore[attr-defined]
    doc = json.loads(cli("report", "--format", "json").stdout)
    assert doc["as_of"] == "2026-11-21"
    assert "overdue" not in items_of(cli("report", "--format", "json"))[ids[0]]["flags"]


def test_stale_counts_changes_here_and_remotely(cli: Cli) -> None:
    ids = fill(cli)
    later = (IMPORTED + timedelta(days=30)).date().isoformat()
    found = items_of(cli("report", "--as-of", later, "--format", "json"))
    assert "stale" in found[ids[3]]["flags"]
    store = Store(cli.db)  # type: ignore[attr-defined]
    store.edit_item(ids[3], {"text": "Load test checkout twice"}, IMPORTED + timedelta(days=5))
    store.close()
    assert "stale" not in items_of(cli("report", "--as-of", later, "--format", "json"))[ids[3]]["flags"]


def test_output_to_an_unwritable_path_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    fill(cli)
    result = report(cli, "--output", str(tmp_path / "missing" / "r.txt"))
    assert result.exit_code == 2 and "--output: cannot write" in result.stderr


# Slack ----------------------------------------------------------------------------------------


@pytest.fixture
def slack(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeSlackWebhook, str]]:
    fake = FakeSlackWebhook()
    with serve(fake.handle) as url:
        monkeypatch.setenv("SLACK_HOOK", url + fake.path)
        yield fake, url + fake.path


def test_slack_gets_a_block_kit_message_per_owner(cli: Cli, slack: tuple[FakeSlackWebhook, str]) -> None:
    fake, hook = slack
    fill(cli)
    result = report(cli, "--format", "json", "--slack-webhook-env", "SLACK_HOOK", "--fail-on", "overdue")
    assert result.exit_code == 1  # the report's own verdict still counts
    json.loads(result.stdout)  # stdout got the report in its own format, with everything listed
    needing_action = "overdue,due_soon,stale,ownerless,broken_link"  # what the readable forms list
    listed = json.loads(report(cli, "--format", "json", "--only", needing_action).stdout)
    (message,) = fake.messages
    blocks = message["blocks"]
    assert blocks[0]["type"] == "header" and blocks[0]["text"]["text"] == "Action items report"
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    owners = [g["name"] for g in listed["groups"]]  # owners worst first, no owner, broken links
    for owner in owners:  # one section per group, items as bullets with their ids
        (mine,) = [s for s in sections if s.startswith(f"*{owner}*")]
        group = next(g for g in listed["groups"] if g["name"] == owner)
        assert all(f" {i['id']} " in mine or f"|{i['id']}" in mine for i in group["items"])
        assert mine.count("\n• ") == len(group["items"])
    assert owners == ["Alice Chen", "no owner", "broken link"]
    assert [s.split("*")[1] for s in sections[1:]] == owners  # in the report's order
    assert "<https://github.com/acme/incidents/issues/" in "".join(sections)  # linked issue
    assert message["text"].startswith("Action items report: ")
    assert hook not in result.output


def test_slack_messages_stay_within_the_block_kit_limits(cli: Cli, slack: tuple[FakeSlackWebhook, str]) -> None:
    fake, _ = slack
    fill(cli)
    store = Store(cli.db)  # type: ignore[attr-defined]
    many = [  # many owners, long texts, markup that must stay literal
        new_item(
            f"<!channel> *Fix* the <thing> & more {'very long words ' * 30}{n}",
            n,
            owner=f"Owner {n % 90}",
            due=date(2026, 11, 1),
        )
        for n in range(400)
    ]
    add_postmortem(store, many, title="Big <one>", source="big.md", now=IMPORTED)
    store.close()
    result = report(cli, "--slack-webhook-env", "SLACK_HOOK")
    assert result.exit_code == 0, result.output
    (message,) = fake.messages  # the fake refuses anything over Slack's limits
    text = json.dumps(message)
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text
    assert any("more items: see the full report" in json.dumps(b) for b in message["blocks"])
    assert len(message["blocks"]) <= 50


def test_a_slack_refusal_is_exit_2_after_the_report_and_never_shows_the_url(
    cli: Cli, slack: tuple[FakeSlackWebhook, str], tmp_path: Path
) -> None:
    fake, hook = slack
    fill(cli)
    fake.fail_with = (404, f"no_service {hook}")
    out = tmp_path / "r.md"
    result = report(cli, "--format", "markdown", "--output", str(out), "--slack-webhook-env", "SLACK_HOOK")
    assert result.exit_code == 2
    assert "HTTP 404 (no_service <webhook>)" in result.stderr and "the report was written" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert hook not in result.output and "SECRET" not in result.output
    assert out.read_text().startswith("# Action items report")


def test_slack_connection_errors_and_a_missing_variable_are_exit_2(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(cli)
    result = report(cli, "--slack-webhook-env", "NO_SUCH_VAR")
    assert result.exit_code == 2 and "NO_SUCH_VAR is not set" in result.stderr
    with serve(lambda *a: (200, {}, b"ok")) as url:
        pass  # the server is gone: nothing listens on that port now
    monkeypatch.setenv("SLACK_HOOK", url + "/services/SECRET")
    result = report(cli, "--slack-webhook-env", "SLACK_HOOK")
    assert result.exit_code == 2 and "failed: " in result.stderr and "SECRET" not in result.output
    monkeypatch.setenv("SLACK_HOOK", "http://hooks.slack.example/services/SECRET")
    result = report(cli, "--slack-webhook-env", "SLACK_HOOK")
    assert result.exit_code == 2 and "does not hold an https:// webhook URL" in result.stderr


# --sync-first ---------------------------------------------------------------------------------


def test_sync_first_syncs_before_reporting_and_is_a_no_op_without_targets(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.services import sync as sync_service

    fill(cli)
    calls: list[str | None] = []
    monkeypatch.setattr(sync_service, "sync_configured", lambda ws, target, clock: calls.append(target) or [])
    assert report(cli, "--sync-first", "--target", "gh").exit_code == 0
    assert report(cli, "--sync-first").exit_code == 0
    assert calls == ["gh", None]
    Path(cli.config).write_text("")  # type: ignore[attr-defined]
    assert report(cli, "--sync-first").exit_code == 0
    assert calls == ["gh", None]


def test_report_and_status_never_import_github_or_jira(cli: Cli) -> None:
    fill(cli)
    script = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from tracker.cli.app import app\n"
        "import tracker.cli.report_cmd\n"
        f"base = ['--db', {str(cli.db)!r}, '--config', {str(cli.config)!r}]\n"  # type: ignore[attr-defined]
        "for args in (['report', '--format', 'json'], ['report'], ['status'], ['status', 'alice']):\n"
        "    assert CliRunner().invoke(app, base + args).exit_code == 0, args\n"
        "print(sorted(m for m in ('github', 'jira') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# what the readable report leads with ------------------------------------------------------------


def test_the_readable_report_sums_up_what_needs_no_action_today(cli: Cli) -> None:
    ids = fill(cli)
    everything = items_of(report(cli, "--format", "json"))
    background = {"unassignable", "no_due_date"}
    quiet = [i for i, item in everything.items() if set(item["flags"]) <= background]
    loud = [i for i, item in everything.items() if not set(item["flags"]) <= background]
    assert quiet and loud  # the fixture has both kinds
    for fmt in ("table", "markdown", "html"):
        shown = report(cli, "--format", fmt).stdout
        assert all(i in shown for i in loud), fmt
        assert not any(f"{i} " in shown or f">{i}<" in shown or f"| {i} |" in shown for i in quiet), fmt
        assert "Not listed (only unassignable or no due date; --all lists them)" in shown, fmt
        listed = report(cli, "--format", fmt, "--all").stdout
        assert all(i in listed for i in quiet + loud) and "Not listed" not in listed, fmt
    only = report(cli, "--format", "markdown", "--only", "no_due_date").stdout
    assert all(i in only for i in quiet if "no_due_date" in everything[i]["flags"])
    csv_rows = report(cli, "--format", "csv").stdout
    assert all(i in csv_rows for i in quiet)  # machine formats keep everything
    assert ids[5] in quiet  # "Add DNS dashboards": no due date, nothing else
    line = next(x for x in report(cli).stdout.splitlines() if x.strip().startswith("Bob:"))
    assert "1 no due date" in line
