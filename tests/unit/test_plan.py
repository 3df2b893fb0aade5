"""The planner's decision table, one row per test."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from tracker.connector import PostmortemRef, RemoteIssue
from tracker.model import LinkState, Status, SyncFields
from tracker.sync.actions import (
    Conflict,
    CreateRemote,
    LinkFound,
    LinkTicket,
    RecordBase,
    SkipTicket,
    UpdateLocal,
    UpdateRemote,
)
from tracker.sync.plan import LocalRecord, TicketRead, plan, ticket_to_read

T0 = datetime(2026, 1, 1, tzinfo=UTC)
BASE = SyncFields(text="Fix it", owner="Alice", due=date(2026, 2, 1))
PM = PostmortemRef(title="Outage")


def record(
    fields: SyncFields = BASE, *, base: SyncFields | None = BASE, updated: datetime = T0, **kw: object
) -> LocalRecord:
    values: dict[str, object] = {"link": LinkState.LINKED, "key": "#1", "base": base}
    values.update(kw)
    return LocalRecord(item_id="AI-1", fields=fields, updated=updated, postmortem=PM, **values)  # type: ignore[arg-type]


def remote(fields: SyncFields = BASE, *, updated: datetime = T0, key: str = "#1", item_id: str = "AI-1") -> RemoteIssue:
    return RemoteIssue(key=key, url="u", updated=updated, fields=fields, item_id=item_id)


def test_unlinked_active_item_is_created() -> None:
    (action,) = plan([record(link=None, key=None, base=None)], [], "newest")
    assert isinstance(action, CreateRemote) and action.draft.fields == BASE


def test_unlinked_done_item_is_not_created() -> None:
    assert plan([record(link=None, key=None, base=None, creatable=False)], [], "newest") == []


def test_pending_create_with_marker_found_is_linked_not_recreated() -> None:
    actions = plan([record(link=LinkState.PENDING, key=None, base=None)], [remote()], "newest")
    assert [type(a) for a in actions] == [LinkFound]


def test_pending_create_without_marker_is_created_again() -> None:
    actions = plan([record(link=LinkState.PENDING, key=None, base=None, creatable=False)], [], "newest")
    assert [type(a) for a in actions] == [CreateRemote]


def test_broken_link_is_left_alone() -> None:
    changed = BASE.with_changes({"owner": "Bob"})
    assert plan([record(changed, link=LinkState.BROKEN)], [remote()], "newest") == []


def test_nothing_changed_plans_nothing_even_when_listed() -> None:
    assert plan([record()], [remote()], "newest") == []
    assert plan([record()], [], "newest") == []


def test_changed_here_only_is_pushed() -> None:
    mine = BASE.with_changes({"due": date(2026, 3, 1)})
    (action,) = plan([record(mine)], [], "newest")
    assert isinstance(action, UpdateRemote) and action.changes == {"due": (date(2026, 2, 1), date(2026, 3, 1))}


def test_changed_there_only_is_pulled() -> None:
    theirs = BASE.with_changes({"status": Status.DONE})
    (action,) = plan([record()], [remote(theirs)], "newest")
    assert isinstance(action, UpdateLocal) and action.changes == {"status": (Status.OPEN, Status.DONE)}


def test_different_fields_changed_both_ways_are_merged() -> None:
    mine = BASE.with_changes({"due": date(2026, 3, 1)})
    theirs = BASE.with_changes({"owner": "Bob"})
    pull, push = plan([record(mine)], [remote(theirs)], "newest")
    assert isinstance(pull, UpdateLocal) and set(pull.changes) == {"owner"}
    assert isinstance(push, UpdateRemote) and set(push.changes) == {"due"}
    assert push.draft.fields.owner == "Bob"  # the pushed body carries the pulled owner


def test_same_change_both_ways_records_the_new_base() -> None:
    both = BASE.with_changes({"owner": "Bob"})
    (action,) = plan([record(both)], [remote(both)], "newest")
    assert isinstance(action, RecordBase)


@pytest.mark.parametrize(
    ("policy", "local_newer", "expected"),
    [
        ("local", False, UpdateRemote),
        ("remote", True, UpdateLocal),
        ("newest", True, UpdateRemote),
        ("newest", False, UpdateLocal),
        ("manual", True, Conflict),
    ],
)
def test_same_field_changed_both_ways_follows_the_policy(policy: str, local_newer: bool, expected: type) -> None:
    later = T0 + timedelta(hours=1)
    mine = BASE.with_changes({"due": date(2026, 3, 1)})
    theirs = BASE.with_changes({"due": date(2026, 4, 1)})
    actions = plan(
        [record(mine, updated=later if local_newer else T0)],
        [remote(theirs, updated=T0 if local_newer else later)],
        policy,  # type: ignore[arg-type]
    )
    assert [type(a) for a in actions] == [expected]


def test_fields_waiting_in_a_conflict_are_neither_pushed_nor_pulled() -> None:
    mine = BASE.with_changes({"due": date(2026, 3, 1)})
    assert plan([record(mine, conflicted=frozenset({"due"}))], [], "newest") == []


def test_marker_of_an_issue_linked_elsewhere_does_not_steal_the_link() -> None:
    other = remote(BASE.with_changes({"owner": "Bob"}), key="#2")
    assert plan([record()], [other], "newest") == []


def test_a_derived_due_date_is_written_as_derived_until_a_person_re_dates_it() -> None:
    (create,) = plan([record(link=None, key=None, base=None, due_derived=True)], [], "newest")
    assert isinstance(create, CreateRemote) and create.draft.due_derived
    mine = BASE.with_changes({"owner": "Carol"})
    (push,) = plan([record(mine, due_derived=True)], [], "newest")
    assert isinstance(push, UpdateRemote) and push.draft.due_derived
    theirs = BASE.with_changes({"due": date(2026, 5, 5)})
    pull, push = plan([record(mine, due_derived=True)], [remote(theirs)], "newest")
    assert isinstance(pull, UpdateLocal) and set(pull.changes) == {"due"}
    assert isinstance(push, UpdateRemote) and push.draft.fields.due == date(2026, 5, 5)
    assert not push.draft.due_derived  # the body must not call a person's date the policy's


def test_a_proposed_item_is_left_out_entirely_even_when_an_issue_carries_its_marker() -> None:
    proposed = BASE.with_changes({"status": Status.PROPOSED})
    assert plan([record(proposed, link=None, key=None, base=None)], [], "newest") == []
    assert plan([record(proposed, link=None, key=None, base=None)], [remote()], "newest") == []
    accepted = plan([record(BASE, link=None, key=None, base=None)], [], "newest")  # accepted: open
    assert [type(a) for a in accepted] == [CreateRemote]


# --- tickets: where the document says the work is tracked already ---------------------------------


def unlinked(
    item_id: str = "AI-1", ticket: str | None = "PROJ-7", key: str | None = "PROJ-7", **kw: object
) -> LocalRecord:
    rec = record(link=None, key=None, base=None, ticket=ticket, ticket_key=key, **kw)
    return replace(rec, item_id=item_id)


def existing(fields: SyncFields = BASE, key: str = "PROJ-7", item_id: str | None = None) -> TicketRead:
    url = f"https://jira/browse/{key}"
    return TicketRead(RemoteIssue(key=key, url=url, updated=T0, fields=fields, item_id=item_id))


def test_an_item_whose_ticket_names_an_existing_issue_is_linked_not_created() -> None:
    (link,) = plan([unlinked()], [], "newest", {"PROJ-7": existing()})
    assert isinstance(link, LinkTicket) and link.issue.key == "PROJ-7" and link.ticket == "PROJ-7"


def test_at_link_time_the_issue_s_values_win_where_they_differ() -> None:
    theirs = BASE.with_changes({"text": "Rate-limit /login", "owner": "Bob", "status": Status.IN_PROGRESS})
    link, pull = plan([unlinked()], [], "manual", {"PROJ-7": existing(theirs)})
    assert isinstance(link, LinkTicket)
    assert (
        isinstance(pull, UpdateLocal)
        and pull.key == "PROJ-7"
        and pull.changes
        == {
            "text": ("Fix it", "Rate-limit /login"),
            "owner": ("Alice", "Bob"),
            "status": (Status.OPEN, Status.IN_PROGRESS),
        }
    )  # nothing pushed to a person's issue, and no conflict even under `manual`


def test_a_ticket_naming_no_issue_is_reported_and_nothing_is_created() -> None:
    (skip,) = plan([unlinked()], [], "newest", {"PROJ-7": TicketRead(problem="not found")})
    assert skip == SkipTicket("AI-1", "PROJ-7", "not found")
    (unread,) = plan([unlinked()], [], "newest")  # the engine did not read it: still never created
    assert isinstance(unread, SkipTicket)


def test_a_ticket_of_another_tracker_keeps_the_usual_create() -> None:
    (create,) = plan([unlinked(ticket="b/289114", key=None)], [], "newest")
    assert isinstance(create, CreateRemote)


def test_the_ticket_is_kept_as_written_and_a_moved_issue_is_linked_under_its_new_key() -> None:
    rec = unlinked(ticket="https://acme.atlassian.net/browse/proj-7")
    (link,) = plan([rec], [], "newest", {"PROJ-7": existing(key="OPS-3")})
    assert isinstance(link, LinkTicket) and link.ticket == rec.ticket and link.issue.key == "OPS-3"


def test_one_issue_one_item_two_items_naming_one_ticket() -> None:
    link, skip = plan([unlinked("AI-1"), unlinked("AI-2")], [], "newest", {"PROJ-7": existing()})
    assert isinstance(link, LinkTicket) and link.item_id == "AI-1"
    assert skip == SkipTicket("AI-2", "PROJ-7", "is linked to AI-1 already")


def test_a_ticket_naming_an_issue_linked_to_another_item_is_not_linked_again() -> None:
    other = replace(record(key="PROJ-7"), item_id="AI-9")
    actions = plan([other, unlinked("AI-1")], [], "newest", {"PROJ-7": existing()})
    assert actions == [SkipTicket("AI-1", "PROJ-7", "is linked to AI-9 already")]
    marked = {"PROJ-7": existing(item_id="AI-5")}  # carries another item's marker
    assert plan([unlinked("AI-1")], [], "newest", marked) == [SkipTicket("AI-1", "PROJ-7", "is linked to AI-5 already")]


def test_a_marker_found_wins_over_the_ticket() -> None:
    rec = replace(unlinked(), link=LinkState.PENDING)
    actions = plan([rec], [remote(key="PROJ-3")], "newest", {"PROJ-7": existing()})
    assert [type(a) for a in actions] == [LinkFound]


def test_items_never_synced_and_already_done_or_proposed_are_not_linked_by_ticket() -> None:
    assert plan([unlinked(creatable=False)], [], "newest", {"PROJ-7": existing()}) == []
    proposed = unlinked(fields=BASE.with_changes({"status": Status.PROPOSED}))
    assert plan([proposed], [], "newest", {"PROJ-7": existing()}) == []
    assert ticket_to_read(unlinked(creatable=False)) is None and ticket_to_read(proposed) is None


def test_an_issue_linked_through_its_ticket_syncs_both_ways_from_what_was_read_by_key() -> None:
    rec = record(key="PROJ-7", by_ticket=True, ticket="PROJ-7", ticket_key="PROJ-7")
    assert ticket_to_read(rec) == "PROJ-7" and ticket_to_read(unlinked()) == "PROJ-7"
    assert ticket_to_read(record(key="PROJ-7")) is None  # a marked issue: the listing shows it
    closed = existing(BASE.with_changes({"status": Status.DONE}))
    (pull,) = plan([rec], [], "newest", {"PROJ-7": closed})
    assert isinstance(pull, UpdateLocal) and pull.changes == {"status": (Status.OPEN, Status.DONE)}
    mine = BASE.with_changes({"due": date(2026, 3, 1)})
    (push,) = plan([replace(rec, fields=mine)], [], "newest", {"PROJ-7": existing()})
    assert isinstance(push, UpdateRemote) and push.key == "PROJ-7"
