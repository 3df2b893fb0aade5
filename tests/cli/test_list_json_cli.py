"""`list --format json` as SQLite writes it is what the Python writer prints, filters and `[people]` names included."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import pytest
from typer.testing import Result

from tests.support import add_postmortem, new_item
from tracker.store import Store, json_items

pytestmark = pytest.mark.both_stores  # the CLI suite runs on both stores

Cli = Callable[..., Result]

PEOPLE = """
[people."Alice Chen"]
aliases = ["alice", "ac"]
github = "alicec"
[people."Bob Stone"]
aliases = ["shared"]
[people."Bea Stone"]
aliases = ["shared"]
"""


def fill(cli: Cli) -> None:
    cli.config.write_text(PEOPLE, encoding="utf-8")  # type: ignore[attr-defined]
    store = Store(cli.db)  # type: ignore[attr-defined]
    ids = add_postmortem(
        store,
        [
            new_item('Say "hi"\\ é\n\x01\u2028 \U0001f600', 0, owner="ac", due=date(2026, 12, 1)),
            new_item("Page on burn", 1, owner="@Alicec", due=date(2026, 11, 2), due_derived=True, priority="high"),
            new_item("Shared", 2, owner="shared", confidence=0.85, reasons=["section:Action Items", "marker:todo"]),
            new_item("Nobody's", 3, category="detection"),
            new_item("Someone else", 4, owner="Carol"),
        ],
        title='Login <outage> "2"',
    ).ids
    store.close()
    with Store(cli.db).transaction() as conn:  # type: ignore[attr-defined]
        conn.execute("UPDATE items SET labels = ? WHERE id = ?", (json.dumps(["a", "ü"]), ids[0]))
        for n, (target, state) in enumerate((("jira", "broken"), ("gh", "linked"))):
            synced = "2026-03-04T05:06:07.000890+00:00" if n else None
            conn.execute(
                "INSERT INTO links (item_id, target, state, key, url, synced_at, by_ticket) VALUES (?,?,?,?,?,?,?)",
                (ids[0], target, state, f"K-{n}", f'https://x/"{n}"', synced, n),
            )


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--status", "all", "--sort", "due"],
        ["--owner", "alice", "--sort", "owner"],
        ["--due-before", "2026-11-30", "--limit", "1"],
        ["--status", "all", "--sort", "updated"],
    ],
)
def test_sqlite_writes_what_python_writes(cli: Cli, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    fill(cli)
    by_sqlite = cli("list", *args, "--format", "json")
    assert by_sqlite.exit_code == 0, by_sqlite.output
    monkeypatch.setattr(json_items, "has_json_functions", lambda conn: False)
    by_python = cli("list", *args, "--format", "json")
    assert by_python.exit_code == 0, by_python.output
    assert by_sqlite.stdout == by_python.stdout
    json.loads(by_sqlite.stdout)


def test_owners_are_shown_by_their_people_name_and_lines_hold_one_item(cli: Cli) -> None:
    fill(cli)
    out = cli("list", "--format", "json").stdout
    rows = json.loads(out)
    assert [r["owner"] for r in rows] == ["Alice Chen", "Alice Chen", "shared", None, "Carol"]
    assert out.count("\n") == len(rows) + 2
    assert list(rows[0]["links"]) == ["gh", "jira"]
    assert rows[0]["links"]["gh"] == {
        "state": "linked", "key": "K-1", "url": 'https://x/"1"', "synced_at": "2026-03-04T05:06:07.000890+00:00",
        "by_ticket": True,
    }  # fmt: skip
    assert rows[2]["confidence"] == 0.85 and rows[2]["reasons"] == ["section:Action Items", "marker:todo"]
