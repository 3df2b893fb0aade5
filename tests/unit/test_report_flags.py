"""Which flags an item gets: each flag, its boundaries, time zones, and items that are never flagged."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.config import Person
from tracker.errors import ConfigError, InputError
from tracker.people import People
from tracker.report.clock import resolve_as_of, zone
from tracker.report.flags import COMBOS, FLAGS, Flag, FlagSettings, Targets, item_flags, mask_of, parse_flags
from tracker.store.queries import ItemRow, LinkInfo

AS_OF = date(2026, 11, 22)
NOON = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
PEOPLE = People(
    {
        "Alice Chen": Person(github="alice-gh", jira="acc-alice", email="alice@example.com", aliases=["alice"]),
        "Bob": Person(github="bob-gh"),  # no Jira account
    }
)


def row(**fields: object) -> ItemRow:
    values: dict[str, object] = {
        "num": 1,
        "id": "AI-1",
        "postmortem_id": "PM-1",
        "text": "Add an alert",
        "owner": "Alice Chen",
        "due": AS_OF + timedelta(days=30),
        "due_derived": False,
        "status": "open",
        "updated": NOON,
        "links": (),
    }
    values.update(fields)
    return ItemRow(**values)  # type: ignore[arg-type]


def link(target: str = "gh", **fields: object) -> LinkInfo:
    values: dict[str, object] = {
        "target": target,
        "state": "linked",
        "key": "12",
        "url": "https://github.com/acme/x/issues/12",
        "remote_updated": NOON,
        "remote_assigned": True,
    }
    values.update(fields)
    return LinkInfo(**values)  # type: ignore[arg-type]


def flags_of(
    item: ItemRow,
    *,
    as_of: date = AS_OF,
    soon: int = 7,
    stale: int = 30,
    tz: str = "UTC",
    kinds: dict[str, str] | None = None,
    default: str | None = None,
    pm_target: str | None = None,
    pm_targets: tuple[str, ...] = (),
) -> tuple[Flag, ...]:
    settings = FlagSettings(as_of, soon, stale, ZoneInfo(tz))
    targets = Targets(PEOPLE, kinds or {}, (default,) if default else ())
    return item_flags(item, settings, targets, pm_targets or ((pm_target,) if pm_target else ())).flags


# overdue / due soon / no due date -------------------------------------------------------------


def test_due_today_is_not_overdue_but_due_soon() -> None:
    found = item_flags(row(due=AS_OF), FlagSettings(AS_OF), Targets(PEOPLE), ())
    assert Flag.OVERDUE not in found.flags and Flag.DUE_SOON in found.flags
    assert (found.days_overdue, found.days_until_due) == (None, 0)


def test_due_yesterday_is_overdue_by_one_day_and_not_due_soon() -> None:
    found = item_flags(row(due=AS_OF - timedelta(days=1)), FlagSettings(AS_OF), Targets(PEOPLE), ())
    assert Flag.OVERDUE in found.flags and Flag.DUE_SOON not in found.flags
    assert found.days_overdue == 1


def test_days_overdue_counts_calendar_days() -> None:
    found = item_flags(row(due=date(2026, 10, 1)), FlagSettings(AS_OF), Targets(PEOPLE), ())
    assert found.days_overdue == 52


@pytest.mark.parametrize(("days", "soon", "expected"), [(7, 7, True), (8, 7, False), (0, 0, True), (1, 0, False)])
def test_due_soon_is_within_n_days_inclusive(days: int, soon: int, expected: bool) -> None:
    assert (Flag.DUE_SOON in flags_of(row(due=AS_OF + timedelta(days=days)), soon=soon)) is expected


def test_no_due_date_is_flagged_and_never_overdue() -> None:
    assert flags_of(row(due=None)) == (Flag.NO_DUE_DATE,)


def test_in_progress_items_are_flagged_like_open_ones() -> None:
    assert Flag.OVERDUE in flags_of(row(status="in_progress", due=AS_OF - timedelta(days=3)))


@pytest.mark.parametrize("status", ["done", "wont_do", "removed"])
def test_closed_items_are_never_flagged(status: str) -> None:
    item = row(
        status=status,
        owner=None,
        due=date(2020, 1, 1),
        updated=NOON - timedelta(days=900),
        links=(link(state="broken"),),
    )
    assert flags_of(item, kinds={"gh": "github"}) == ()


# stale ----------------------------------------------------------------------------------------


def test_stale_after_n_days_without_a_change() -> None:
    changed = datetime(2026, 10, 23, 12, tzinfo=UTC)  # 30 days before the as-of date
    assert Flag.STALE in flags_of(row(updated=changed))
    assert Flag.STALE not in flags_of(row(updated=changed + timedelta(days=1)))


def test_a_recent_remote_change_keeps_an_item_fresh() -> None:
    old = NOON - timedelta(days=90)
    assert Flag.STALE in flags_of(row(updated=old, links=(link(remote_updated=old),)))
    assert Flag.STALE not in flags_of(row(updated=old, links=(link(remote_updated=NOON),)))


def test_an_as_of_date_before_the_last_change_counts_no_idle_days() -> None:
    found = item_flags(row(updated=NOON + timedelta(days=40)), FlagSettings(AS_OF), Targets(PEOPLE, {}), ())
    assert found.days_idle == 0 and Flag.STALE not in found.flags
    earlier = item_flags(row(updated=NOON - timedelta(days=3)), FlagSettings(AS_OF), Targets(PEOPLE, {}), ())
    assert earlier.days_idle == 5  # NOON is two days before AS_OF


def test_stale_days_are_counted_in_the_report_time_zone() -> None:
    # 23:30 UTC on 23 Oct is already 24 Oct in Berlin: 29 days before 22 Nov there, 30 in UTC
    changed = datetime(2026, 10, 23, 23, 30, tzinfo=UTC)
    assert Flag.STALE in flags_of(row(updated=changed), tz="UTC")
    assert Flag.STALE not in flags_of(row(updated=changed), tz="Europe/Berlin")


# ownerless / unassignable ---------------------------------------------------------------------


def test_no_owner_is_ownerless_and_not_unassignable() -> None:
    found = flags_of(row(owner=None), kinds={"gh": "github"}, default="gh")
    assert Flag.OWNERLESS in found and Flag.UNASSIGNABLE not in found


def test_an_owner_without_an_account_on_the_default_target_is_unassignable() -> None:
    assert Flag.UNASSIGNABLE in flags_of(row(owner="Carol"), kinds={"gh": "github"}, default="gh")
    assert Flag.UNASSIGNABLE not in flags_of(row(owner="alice"), kinds={"gh": "github"}, default="gh")


def test_the_postmortem_target_wins_over_the_default_target() -> None:
    kinds = {"gh": "github", "jira": "jira"}
    assert Flag.UNASSIGNABLE in flags_of(row(owner="Bob"), kinds=kinds, default="gh", pm_target="jira")
    assert Flag.UNASSIGNABLE not in flags_of(row(owner="Bob"), kinds=kinds, default="gh", pm_target=None)


def test_a_linked_item_is_checked_against_its_links_targets() -> None:
    kinds = {"gh": "github", "jira": "jira"}
    unknown = {"remote_assigned": None}  # not known yet whether the issue has an assignee
    jira = (link("jira", **unknown),)
    assert Flag.UNASSIGNABLE in flags_of(row(owner="Bob", links=jira), kinds=kinds, default="gh")
    gh = (link("gh", **unknown),)
    assert Flag.UNASSIGNABLE not in flags_of(row(owner="Bob", links=gh), kinds=kinds, default="gh")
    # linked on gh, and going to jira too (the default): not assignable there
    assert Flag.UNASSIGNABLE in flags_of(row(owner="Bob", links=gh), kinds=kinds, default="jira")


def test_an_item_on_two_trackers_is_unassignable_on_the_one_without_an_account_only() -> None:
    kinds = {"gh": "github", "jira": "jira"}  # Bob has a GitHub account and no Jira one
    both = ("gh", "jira")
    settings, targets = FlagSettings(AS_OF), Targets(PEOPLE, kinds)
    found = item_flags(row(owner="Bob"), settings, targets, both)
    assert Flag.UNASSIGNABLE in found.flags
    assert found.notes == ("no jira account for 'Bob' in [people] (target jira)",)
    linked_gh = row(owner="Bob", links=(link("gh", remote_assigned=True),))
    assert item_flags(linked_gh, settings, targets, both).notes == found.notes
    own = row(owner="Bob", targets=("gh",))  # the item's own targets leave jira out
    assert Flag.UNASSIGNABLE not in item_flags(own, settings, targets, both).flags
    assert Flag.UNASSIGNABLE not in item_flags(row(owner="alice"), settings, targets, both).flags


def test_an_issue_with_an_assignee_there_is_not_unassignable_there() -> None:
    kinds = {"gh": "github", "jira": "jira"}  # Bob has no jira account, but someone assigned it in Jira
    assert Flag.UNASSIGNABLE not in flags_of(row(owner="Bob", links=(link("jira"),)), kinds=kinds)
    unassigned = (link("jira", remote_assigned=False),)
    assert Flag.UNASSIGNABLE in flags_of(row(owner="Bob", links=unassigned), kinds=kinds)


def test_no_targets_configured_means_nothing_is_unassignable() -> None:
    assert Flag.UNASSIGNABLE not in flags_of(row(owner="Carol"))


def test_memory_targets_have_no_accounts_to_check() -> None:
    assert Flag.UNASSIGNABLE not in flags_of(row(owner="Carol"), kinds={"demo": "memory"}, default="demo")


def test_a_synced_issue_without_an_assignee_is_unassignable_with_a_note() -> None:
    kinds = {"gh": "github"}
    item = row(owner="alice", links=(link(remote_assigned=False),))
    found = item_flags(item, FlagSettings(AS_OF), Targets(PEOPLE, kinds), ())
    assert Flag.UNASSIGNABLE in found.flags
    assert found.notes == ("gh issue 12 has no assignee",)
    unknown = row(owner="alice", links=(link(remote_assigned=None),))
    assert Flag.UNASSIGNABLE not in flags_of(unknown, kinds=kinds)


# broken links ---------------------------------------------------------------------------------


def test_a_broken_link_is_flagged_with_a_note() -> None:
    found = item_flags(row(links=(link(state="broken"),)), FlagSettings(AS_OF), Targets(PEOPLE), ())
    assert Flag.BROKEN_LINK in found.flags
    assert "broken" in found.notes[-1]


# flag names, masks, the as-of date -----------------------------------------------------------


def test_flag_names_parse_with_dashes_or_underscores() -> None:
    wanted = frozenset({Flag.OVERDUE, Flag.DUE_SOON, Flag.NO_DUE_DATE})
    assert parse_flags("overdue, due-soon,NO_DUE_DATE", "--only") == wanted
    assert parse_flags("no-due,broken", "--fail-on") == frozenset({Flag.NO_DUE_DATE, Flag.BROKEN_LINK})
    assert parse_flags(None, "--only") is None


@pytest.mark.parametrize("value", ["overdue,late", "", " , "])
def test_unknown_flag_names_are_an_input_error_naming_the_option(value: str) -> None:
    with pytest.raises(InputError, match="--fail-on"):
        parse_flags(value, "--fail-on")


def test_masks_round_trip_every_flag_set() -> None:
    assert all(COMBOS[mask_of(COMBOS[m])] == COMBOS[m] for m in range(len(COMBOS)))
    assert COMBOS[mask_of(FLAGS)] == FLAGS


def test_as_of_defaults_to_today_in_the_configured_zone() -> None:
    now = datetime(2026, 11, 21, 23, 30, tzinfo=UTC)
    assert resolve_as_of(None, "UTC", now) == date(2026, 11, 21)
    assert resolve_as_of(None, "Europe/Berlin", now) == date(2026, 11, 22)
    assert resolve_as_of(None, "America/Los_Angeles", now + timedelta(hours=5)) == date(2026, 11, 21)
    assert resolve_as_of(date(2026, 1, 1), "Europe/Berlin", now) == date(2026, 1, 1)


def test_an_unknown_time_zone_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="timezone"):
        zone("Mars/Olympus")


@given(
    due=st.none() | st.dates(date(2026, 1, 1), date(2027, 12, 31)),
    as_of=st.dates(date(2026, 1, 1), date(2027, 12, 31)),
    soon=st.integers(0, 60),
    status=st.sampled_from(["open", "in_progress", "done", "wont_do", "removed"]),
)
def test_due_flags_agree_with_the_definitions(due: date | None, as_of: date, soon: int, status: str) -> None:
    found = item_flags(row(due=due, status=status), FlagSettings(as_of, soon), Targets(PEOPLE), ())
    active = status in ("open", "in_progress")
    assert (Flag.OVERDUE in found.flags) == (active and due is not None and due < as_of)
    assert (Flag.DUE_SOON in found.flags) == (active and due is not None and 0 <= (due - as_of).days <= soon)
    assert (Flag.NO_DUE_DATE in found.flags) == (active and due is None)
    assert found.flags == tuple(f for f in FLAGS if f in found.flags)  # always in the documented order


def test_gitlab_targets_check_the_gitlab_account() -> None:
    kinds = {"lab": "gitlab"}  # nobody in PEOPLE has a gitlab account
    assert Flag.UNASSIGNABLE in flags_of(row(owner="alice"), kinds=kinds, default="lab")
