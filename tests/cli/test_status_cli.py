"""`tracker status` and `tracker status OWNER` through the CLI: counts, ordering, owner matching."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import Result

from tests.support import add_postmortem, new_item
from tracker.cli import report_cmd
from tracker.model import Status
from tracker.store import Store

pytestmark = pytest.mark.both_stores  # the CLI suite runs on both stores

Cli = Callable[..., Result]
AS_OF = "2026-11-22"
IMPORTED = datetime(2026, 11, 10, 9, tzinfo=UTC)
CONFIG = """
[report]
timezone = "Europe/Berlin"
due_soon_days = 7

[people."Alice Chen"]
github = "alice-gh"
jira = "5b10ac8d82e05b22cc7d4ef5"
email = "alice@example.com"
aliases = ["achen"]

[people."Dana"]
github = "dana-gh"

[people."Alice Cooper"]
aliases = ["ali"]

[people."Alibaba"]
aliases = ["ali"]
"""


def fill(cli: Cli) -> list[str]:
    Path(cli.config).write_text(CONFIG, encoding="utf-8")  # type: ignore[attr-defined]
    store = Store(cli.db)  # type: ignore[attr-defined]
    ids = add_postmortem(
        store,
        [
            new_item("A1 no due date", 0, owner="Alice Chen"),
            new_item("A2 due yesterday", 1, owner="achen", due=date(2026, 11, 21)),
            new_item("A3 due today", 2, owner="alice-gh", due=date(2026, 11, 22), status=Status.IN_PROGRESS),
            new_item("A4 due in 8 days", 3, owner="ALICE CHEN", due=date(2026, 11, 30)),
            new_item("A5 done recently", 4, owner="Alice Chen"),
            new_item("A6 done long ago", 5, owner="Alice Chen"),
            new_item("B1 overdue", 6, owner="Bob", due=date(2026, 11, 1)),
            new_item("B2 overdue", 7, owner="Bob", due=date(2026, 11, 2)),
            new_item("N1 nobody", 8, due=date(2026, 11, 25)),
            new_item("C1 wont do", 9, owner="Carol", status=Status.WONT_DO),
        ],
        now=IMPORTED,
    ).ids
    store.edit_item(ids[4], {"status": Status.DONE}, datetime(2026, 11, 20, 8, tzinfo=UTC))
    store.edit_item(ids[5], {"status": Status.DONE}, datetime(2026, 10, 1, 8, tzinfo=UTC))
    store.close()
    return ids


def status_json(cli: Cli, *args: str) -> dict[str, object]:
    result = cli("status", "--as-of", AS_OF, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_overview_counts_each_person_worst_first_with_a_no_owner_row(cli: Cli) -> None:
    fill(cli)
    data = status_json(cli)
    assert data["owners"] == [
        {"owner": "Bob", "open": 2, "overdue": 2, "due_soon": 0, "done_recent": 0},
        {"owner": "Alice Chen", "open": 4, "overdue": 1, "due_soon": 1, "done_recent": 1},
        {"owner": None, "open": 1, "overdue": 0, "due_soon": 1, "done_recent": 0},
        {"owner": "Carol", "open": 0, "overdue": 0, "due_soon": 0, "done_recent": 0},
    ]
    assert data["totals"] == {"open": 7, "overdue": 3, "due_soon": 2, "done_recent": 1}
    assert (data["as_of"], data["due_soon_days"], data["done_days"]) == (AS_OF, 7, 30)


def test_overview_table_lists_no_owner_and_totals(cli: Cli) -> None:
    fill(cli)
    result = cli("status", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Action items by owner, as of {AS_OF}"
    assert lines[3].split() == ["Bob", "2", "2", "0", "0"]
    assert any(ln.split() == ["(no", "owner)", "1", "0", "1", "0"] for ln in lines)
    assert lines[-1].split() == ["total", "7", "3", "2", "1"]


@pytest.mark.parametrize(
    "query",
    ["Alice Chen", "alice chen", "achen", "@alice-gh", "ALICE@example.com", "5b10ac8d82e05b22cc7d4ef5"],
)
def test_one_owner_by_name_alias_login_email_or_jira_account(cli: Cli, query: str) -> None:
    ids = fill(cli)
    data = status_json(cli, query)
    assert data["owner"] == "Alice Chen" and data["known"] is True
    assert data["counts"] == {"open": 4, "overdue": 1, "due_soon": 1, "done_recent": 1}
    items = data["items"]
    assert isinstance(items, list)
    assert [i["id"] for i in items] == [ids[1], ids[2], ids[3], ids[0]]  # by due date, none last
    assert [i["days_overdue"] for i in items] == [1, None, None, None]
    assert [i["due_soon"] for i in items] == [False, True, False, False]


def test_one_owner_table_marks_overdue_items(cli: Cli) -> None:
    ids = fill(cli)
    result = cli("status", "achen", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Alice Chen: 4 open, 1 overdue, 1 due within 7d, 1 done in the last 30d")
    row = next(ln for ln in lines if ln.startswith(ids[1]))
    assert "1d" in row.split() and "2026-11-21" in row


def test_an_owner_written_differently_without_a_people_entry_still_matches(cli: Cli) -> None:
    fill(cli)
    data = status_json(cli, "BOB")
    assert (data["owner"], data["known"]) == ("Bob", False)
    assert data["counts"] == {"open": 2, "overdue": 2, "due_soon": 0, "done_recent": 0}


def test_a_known_person_who_owns_nothing_has_zero_counts(cli: Cli) -> None:
    fill(cli)
    data = status_json(cli, "dana-gh")
    assert (data["owner"], data["counts"], data["items"]) == (
        "Dana",
        {"open": 0, "overdue": 0, "due_soon": 0, "done_recent": 0},
        [],
    )
    assert cli("status", "dana").stdout.startswith("Dana: 0 open")


def test_an_ambiguous_owner_lists_the_candidates_and_exits_2(cli: Cli) -> None:
    fill(cli)
    result = cli("status", "ALI")
    assert result.exit_code == 2
    assert "ambiguous: Alibaba, Alice Cooper" in result.stderr and len(result.stderr.splitlines()) == 1


def test_an_unknown_owner_exits_2_with_a_hint(cli: Cli) -> None:
    fill(cli)
    result = cli("status", "zed")
    assert result.exit_code == 2
    assert "no owner matches 'zed'; `tracker status` lists the owners" in result.stderr


def test_done_counts_only_the_last_30_days(cli: Cli) -> None:
    fill(cli)
    assert status_json(cli, "Alice Chen")["counts"] == {
        "open": 4,
        "overdue": 1,
        "due_soon": 1,
        "done_recent": 1,
    }
    late = status_json(cli, "Alice Chen", "--as-of", "2026-12-19")  # 30 days after 20 Nov: still in
    assert late["counts"]["done_recent"] == 1  # type: ignore[index]
    later = status_json(cli, "Alice Chen", "--as-of", "2026-12-20")
    assert later["counts"]["done_recent"] == 0  # type: ignore[index]
    early = status_json(cli, "Alice Chen", "--as-of", "2026-10-30")  # 1 Oct is day 30 of 30 up to then
    assert early["counts"]["done_recent"] == 1  # type: ignore[index]
    past = status_json(cli, "Alice Chen", "--as-of", "2026-10-31")
    assert past["counts"]["done_recent"] == 0  # type: ignore[index]


def test_status_as_of_defaults_to_today_in_the_configured_zone(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(cli)
    monkeypatch.setattr(report_cmd, "_now", lambda: datetime(2026, 11, 21, 23, 30, tzinfo=UTC))
    data = json.loads(cli("status", "--format", "json").stdout)
    assert data["as_of"] == "2026-11-22"
    monkeypatch.setattr(report_cmd, "_now", lambda: datetime(2026, 11, 21, 22, 30, tzinfo=UTC))
    data = json.loads(cli("status", "alice chen", "--format", "json").stdout)
    assert data["as_of"] == "2026-11-21" and data["counts"]["overdue"] == 0


def test_status_on_an_empty_store(cli: Cli) -> None:
    data = status_json(cli)
    assert data["owners"] == [] and data["totals"] == {
        "open": 0,
        "overdue": 0,
        "due_soon": 0,
        "done_recent": 0,
    }
    assert cli("status").exit_code == 0


def test_bad_as_of_is_exit_2(cli: Cli) -> None:
    result = cli("status", "--as-of", "2026-11-31")
    assert result.exit_code == 2 and "--as-of" in result.stderr


def test_stored_items_unchanged_by_status(cli: Cli) -> None:
    ids = fill(cli)
    store = Store(cli.db)  # type: ignore[attr-defined]
    before = store.get_item(ids[0])
    store.close()
    status_json(cli)
    status_json(cli, "achen")
    store = Store(cli.db)  # type: ignore[attr-defined]
    assert store.get_item(ids[0]) == before
    assert store.get_item(ids[0]).updated == IMPORTED + timedelta(0)
    store.close()
