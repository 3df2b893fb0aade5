"""One record on several trackers: routed by `extract --target A --target B`, `[sync]
default_targets` and `edit --add-target/--remove-target`; a change made on any side reaches every
other side in the same `tracker sync`; the same field changed on two trackers is settled by the
`[sync] conflict` policy on the trackers' own edit times. Two memory trackers, through the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import Result

from connectors.memory.connector import MemoryTracker
from tracker.model import SyncFields

Cli = Callable[..., Result]
pytestmark = pytest.mark.both_stores

DOC = """# Checkout outage

Incident date: 2026-10-30

## Action items

- [ ] Add canary deploys (Owner: Alice)
- [ ] Page on burn rate (Owner: Bob)
"""


def configure(cli: Cli, tmp_path: Path, sync: str = "") -> None:
    cli.config.write_text(  # type: ignore[attr-defined]
        f'[targets.gh]\nkind = "memory"\npath = "{tmp_path / "gh.json"}"\n'
        f'[targets.ops]\nkind = "memory"\npath = "{tmp_path / "ops.json"}"\n'
        f"[sync]\n{sync}\n",
        encoding="utf-8",
    )


def twins(tmp_path: Path, name: str) -> dict[str, tuple[str, ...]]:
    """The twins each issue of memory tracker `name` names, by item id."""
    tracker = MemoryTracker()
    tracker.load(tmp_path / f"{name}.json")
    return {i.item_id: i.twins for i in tracker.issues.values()}


def issues(tmp_path: Path, name: str) -> dict[str, SyncFields]:
    """The issues of memory tracker `name`, by item id."""
    path = tmp_path / f"{name}.json"
    if not path.exists():
        return {}
    tracker = MemoryTracker()
    tracker.load(path)
    return {i.item_id: i.fields for i in tracker.issues.values()}


def edit_there(tmp_path: Path, name: str, item_id: str, **changes: object) -> None:
    """A person edits the item's issue on tracker `name` (now, by the tracker's clock)."""
    path = tmp_path / f"{name}.json"
    tracker = MemoryTracker(clock=lambda: datetime.now(UTC))
    tracker.load(path)
    key = next(k for k, i in tracker.issues.items() if i.item_id == item_id)
    tracker.touch(key, **changes)  # type: ignore[arg-type]
    tracker.save(path)


def extract(cli: Cli, tmp_path: Path, *targets: str) -> None:
    doc = tmp_path / "pm.md"
    doc.write_text(DOC, encoding="utf-8")
    args = [a for t in targets for a in ("--target", t)]
    result = cli("extract", str(doc), *args)
    assert result.exit_code == 0, result.output


def owner(cli: Cli, item_id: str) -> str | None:
    result = cli("show", item_id, "--format", "json")
    assert result.exit_code == 0, result.output
    value = json.loads(result.output)["owner"]
    return value if isinstance(value, str) else None


def test_a_postmortem_routed_to_two_trackers_gets_an_issue_on_each_once(cli: Cli, tmp_path: Path) -> None:
    configure(cli, tmp_path)
    extract(cli, tmp_path, "gh", "ops")
    assert cli("sync").exit_code == 0
    assert set(issues(tmp_path, "gh")) == set(issues(tmp_path, "ops")) == {"AI-1", "AI-2"}
    again = cli("sync", "--dry-run")
    assert again.exit_code == 0 and "create" not in again.output and "update" not in again.output
    shown = json.loads(cli("show", "AI-1", "--format", "json").output)
    assert sorted(shown["links"]) == ["gh", "ops"]
    gh_key, ops_key = shown["links"]["gh"]["key"], shown["links"]["ops"]["key"]
    # gh was synced first: its issue names the ops one from the second round on
    assert twins(tmp_path, "gh")["AI-1"] == (f"{ops_key} memory://ops/{ops_key}",)
    assert twins(tmp_path, "ops")["AI-1"] == (f"{gh_key} memory://gh/{gh_key}",)


def test_default_targets_route_items_whose_postmortem_names_none(cli: Cli, tmp_path: Path) -> None:
    configure(cli, tmp_path, 'default_targets = ["gh", "ops"]')
    extract(cli, tmp_path)
    assert cli("sync").exit_code == 0
    assert set(issues(tmp_path, "gh")) == set(issues(tmp_path, "ops")) == {"AI-1", "AI-2"}


def test_a_change_on_one_tracker_reaches_the_other_in_the_same_sync(cli: Cli, tmp_path: Path) -> None:
    configure(cli, tmp_path)
    extract(cli, tmp_path, "gh", "ops")
    assert cli("sync").exit_code == 0
    edit_there(tmp_path, "ops", "AI-1", owner="Carol")  # synced after gh: reaches gh in the second round
    edit_there(tmp_path, "gh", "AI-2", text="Page on the error-budget burn rate")
    assert cli("sync").exit_code == 0
    gh, ops = issues(tmp_path, "gh"), issues(tmp_path, "ops")
    assert gh["AI-1"].owner == ops["AI-1"].owner == owner(cli, "AI-1") == "Carol"
    assert gh["AI-2"].text == ops["AI-2"].text == "Page on the error-budget burn rate"
    after = cli("sync", "--dry-run")
    assert "update" not in after.output, after.output


def test_an_edit_here_goes_to_every_tracker(cli: Cli, tmp_path: Path) -> None:
    configure(cli, tmp_path)
    extract(cli, tmp_path, "gh", "ops")
    assert cli("sync").exit_code == 0
    assert cli("edit", "AI-2", "--owner", "Dana").exit_code == 0
    assert cli("sync").exit_code == 0
    assert issues(tmp_path, "gh")["AI-2"].owner == issues(tmp_path, "ops")["AI-2"].owner == "Dana"


def test_the_same_field_changed_on_both_trackers_goes_to_the_newest_edit(cli: Cli, tmp_path: Path) -> None:
    configure(cli, tmp_path, 'conflict = "newest"')
    extract(cli, tmp_path, "gh", "ops")
    assert cli("sync").exit_code == 0
    edit_there(tmp_path, "gh", "AI-1", owner="Gus")  # the older edit, on the tracker synced first
    edit_there(tmp_path, "ops", "AI-1", owner="Olga")  # the newer one, on the tracker synced last
    assert cli("sync").exit_code == 0
    assert issues(tmp_path, "gh")["AI-1"].owner == issues(tmp_path, "ops")["AI-1"].owner == "Olga"
    assert owner(cli, "AI-1") == "Olga"
    edit_there(tmp_path, "ops", "AI-2", owner="Omar")  # and the other way round
    edit_there(tmp_path, "gh", "AI-2", owner="Gina")
    assert cli("sync").exit_code == 0
    assert issues(tmp_path, "gh")["AI-2"].owner == issues(tmp_path, "ops")["AI-2"].owner == "Gina"


def owner_changed_on_both_trackers(cli: Cli, tmp_path: Path) -> None:
    """Under the manual policy, AI-1's owner is made Gus on gh and Olga on ops after the first sync."""
    configure(cli, tmp_path, 'conflict = "manual"')
    extract(cli, tmp_path, "gh", "ops")
    assert cli("sync").exit_code == 0
    edit_there(tmp_path, "gh", "AI-1", owner="Gus")
    edit_there(tmp_path, "ops", "AI-1", owner="Olga")


def test_manual_policy_lists_a_conflict_between_trackers(cli: Cli, tmp_path: Path) -> None:
    owner_changed_on_both_trackers(cli, tmp_path)
    cli("sync")
    listed = cli("conflicts")
    assert "AI-1 owner: here 'Gus' / gh 'Gus' / ops* 'Olga'" in listed.output, listed.output
    data = json.loads(cli("conflicts", "--format", "json").output)
    # gh changed alone (pulled); ops changed the same field since: the one tracker in conflict
    assert data == [
        {
            "item": "AI-1",
            "field": "owner",
            "here": "Gus",
            "trackers": {"gh": "Gus", "ops": "Olga"},
            "conflicting": ["ops"],
        }
    ]
    wrong = cli("resolve", "AI-1", "--take", "gh")
    assert wrong.exit_code == 2 and "in conflict on ops only" in wrong.output and len(wrong.output.splitlines()) == 1
    assert cli("resolve", "AI-1", "--take", "ops").exit_code == 0
    assert owner(cli, "AI-1") == "Olga"
    assert cli("sync").exit_code == 0
    assert issues(tmp_path, "gh")["AI-1"].owner == issues(tmp_path, "ops")["AI-1"].owner == "Olga"
    assert cli("conflicts").output.strip() == "no conflicts"


def test_add_and_remove_target_route_one_item(cli: Cli, tmp_path: Path) -> None:
    configure(cli, tmp_path)
    extract(cli, tmp_path, "gh")
    assert cli("sync").exit_code == 0
    assert issues(tmp_path, "ops") == {}
    added = cli("edit", "AI-1", "--add-target", "ops")
    assert added.exit_code == 0 and "targets (gh, ops)" in added.output
    assert cli("sync").exit_code == 0
    assert set(issues(tmp_path, "ops")) == {"AI-1"}  # AI-2 still goes to gh only
    assert cli("edit", "AI-1", "--remove-target", "gh").exit_code == 0
    assert cli("edit", "AI-1", "--owner", "Erin").exit_code == 0
    assert cli("sync").exit_code == 0
    assert issues(tmp_path, "ops")["AI-1"].owner == "Erin"
    assert issues(tmp_path, "gh")["AI-1"].owner == "Alice"  # left as it was there
    unknown = cli("edit", "AI-1", "--add-target", "nope")
    assert unknown.exit_code == 2 and "unknown target 'nope'" in unknown.output


@pytest.mark.sqlite_only  # compares the store file's bytes
def test_an_edit_with_a_bad_target_changes_nothing(cli: Cli, tmp_path: Path) -> None:
    configure(cli, tmp_path)
    extract(cli, tmp_path, "gh")
    before = cli.db.read_bytes()  # type: ignore[attr-defined]
    bad = cli("edit", "AI-1", "--owner", "Zed", "--add-target", "nope")
    assert bad.exit_code == 2 and "unknown target 'nope'" in bad.output
    assert cli.db.read_bytes() == before  # type: ignore[attr-defined]
    assert owner(cli, "AI-1") == "Alice"


def test_an_empty_target_name_is_refused(cli: Cli, tmp_path: Path) -> None:
    configure(cli, tmp_path, 'default_target = "gh"')
    doc = tmp_path / "pm.md"
    doc.write_text(DOC, encoding="utf-8")
    refused = cli("extract", str(doc), "--target", "")
    assert refused.exit_code == 2 and "--target: give a target name" in refused.output
    extract(cli, tmp_path)
    edited = cli("edit", "AI-1", "--add-target", " ")
    assert edited.exit_code == 2 and "--add-target: give a target name" in edited.output


def test_a_conflict_on_two_trackers_is_settled_by_naming_the_side(cli: Cli, tmp_path: Path) -> None:
    owner_changed_on_both_trackers(cli, tmp_path)
    assert cli("edit", "AI-1", "--owner", "Hank").exit_code == 0
    cli("sync")
    listed = cli("conflicts").output
    assert "AI-1 owner: here 'Hank' / gh* 'Gus' / ops* 'Olga'" in listed, listed
    ambiguous = cli("resolve", "AI-1", "--take", "remote")
    assert ambiguous.exit_code == 2 and "differs on gh and ops: --take gh or --take ops" in ambiguous.output
    assert cli("resolve", "AI-1", "--take", "local").exit_code == 0
    assert cli("sync").exit_code == 0
    assert issues(tmp_path, "gh")["AI-1"].owner == issues(tmp_path, "ops")["AI-1"].owner == "Hank"


def test_an_owner_with_an_account_on_one_tracker_only_is_unassignable_on_the_other(cli: Cli, tmp_path: Path) -> None:
    cli.config.write_text(  # type: ignore[attr-defined]
        '[targets.gh]\nkind = "github"\nrepo = "acme/incidents"\n'
        '[targets.ops]\nkind = "jira"\nurl = "https://acme.atlassian.net"\nproject = "OPS"\n'
        '[people.Alice]\ngithub = "alice-gh"\njira = "acc-alice"\n[people.Bob]\ngithub = "bob-gh"\n',
        encoding="utf-8",
    )
    extract(cli, tmp_path, "gh", "ops")
    result = cli("report", "--format", "json", "--all")
    assert result.exit_code == 0, result.output
    flagged = {i["id"]: i for g in json.loads(result.output)["groups"] for i in g["items"]}
    assert "unassignable" not in flagged["AI-1"]["flags"]  # Alice: an account on both
    assert "unassignable" in flagged["AI-2"]["flags"]
    assert flagged["AI-2"]["notes"] == ["no jira account for 'Bob' in [people] (target ops)"]


def test_an_issue_created_before_its_twin_names_it_on_the_next_sync_and_the_dry_run_says_so(
    cli: Cli, tmp_path: Path
) -> None:
    configure(cli, tmp_path)
    extract(cli, tmp_path, "gh", "ops")
    assert cli("sync", "--target", "gh").exit_code == 0
    assert twins(tmp_path, "gh")["AI-1"] == ()  # no twin yet
    assert cli("sync", "--target", "ops").exit_code == 0
    ops_key = json.loads(cli("show", "AI-1", "--format", "json").output)["links"]["ops"]["key"]
    planned = cli("sync", "--dry-run").output
    assert f"from AI-1: twins: {ops_key}" in planned, planned
    assert cli("sync").exit_code == 0
    assert twins(tmp_path, "gh")["AI-1"] == (f"{ops_key} memory://ops/{ops_key}",)
    assert "update" not in cli("sync", "--dry-run").output
