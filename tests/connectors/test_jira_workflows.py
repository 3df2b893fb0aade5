"""Jira workflows as teams run them: the connector walks to the wanted status, fills the screens it
can, and names the transition and field when it cannot (against the fake Jira, Cloud and DC)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import responses

from connectors.jira.connector import JiraConnector
from connectors.jira.workflow import Goal, Graph, Step, choose, path_text
from tests.connectors.jira_env import connect, make_jira
from tests.fakes import jira_fake_workflows as workflows
from tests.fakes.jira_fake import FakeJira
from tests.fakes.jira_fake_model import Workflow
from tracker.connector import IssueDraft, PostmortemRef
from tracker.errors import TransitionMissingError
from tracker.model import Status, SyncFields
from tracker.sync.actions import UpdateRemote

PM = PostmortemRef("Login outage", date(2026, 10, 30), "/pm/a.md")
Env = tuple[responses.RequestsMock, str]  # the mock and the mode


@pytest.fixture(params=["cloud", "server"])
def rsps_mode(request: pytest.FixtureRequest) -> Iterator[tuple[responses.RequestsMock, str]]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock, str(request.param)


def draft(n: int, **fields: object) -> IssueDraft:
    return IssueDraft(f"AI-{n}", SyncFields(text=f"Fix thing {n}").with_changes(dict(fields)), PM)


def jira_with(rsps_mode: Env, workflow: Workflow, **target: object) -> tuple[JiraConnector, FakeJira]:
    mock, mode = rsps_mode
    conn, fake = make_jira(mock, mode, **target)  # type: ignore[arg-type]
    fake.workflow = workflow
    return conn, fake


def moves(fake: FakeJira) -> list[str]:
    """The transition ids posted, in order."""
    return [str(r.body["transition"]["id"]) for r in fake.requests_to("POST", r".*/transitions")]


def test_three_step_workflow_is_walked_both_ways(rsps_mode: Env) -> None:
    conn, fake = jira_with(rsps_mode, workflows.three_step())
    (created,) = conn.create([draft(1, status=Status.DONE)])
    assert created.issue is not None and created.issue.fields.status == Status.DONE and not created.issue.warnings
    key = created.issue.key
    assert fake.record(key).status == "Done" and moves(fake) == ["11", "31"]  # To Do -> In Progress -> Done
    back = conn.update(key, draft(1, status=Status.IN_PROGRESS), frozenset({"status"}))
    assert back.fields.status == Status.IN_PROGRESS and fake.record(key).status == "In Progress"
    assert moves(fake)[2:] == ["41", "11"]  # Done -> To Do -> In Progress


def test_a_review_step_is_passed_through_and_wont_do_gets_its_resolution(
    rsps_mode: Env,
) -> None:
    conn, fake = jira_with(rsps_mode, workflows.review())
    results = conn.create([draft(1, status=Status.WONT_DO), draft(2)])
    first, second = (r.issue for r in results)
    assert first is not None and second is not None
    assert fake.record(first.key).status == "Done" and fake.record(first.key).resolution == "Won't Do"
    assert conn.fetch(first.key).fields.status == Status.WONT_DO
    done = conn.update(second.key, draft(2, status=Status.DONE), frozenset({"status"}))
    assert done.fields.status == Status.DONE and fake.record(second.key).resolution == "Done"


def test_the_classic_workflow_fills_the_required_resolution_and_follows_the_status_map(
    rsps_mode: Env,
) -> None:
    conn, fake = jira_with(rsps_mode, workflows.classic(), status_map={"done": "Closed"})
    (created,) = conn.create([draft(1, status=Status.DONE)])
    assert created.issue is not None and not created.issue.warnings
    assert fake.record(created.issue.key).status == "Closed"  # Open -> Resolved -> Closed
    resolve = fake.requests_to("POST", r".*/transitions")[0].body
    assert resolve["fields"] == {"resolution": {"name": "Done"}}  # the Resolve screen requires one
    assert conn.fetch(created.issue.key).fields.status == Status.DONE


def test_a_required_comment_names_the_record(rsps_mode: Env) -> None:
    conn, fake = jira_with(rsps_mode, workflows.required_screen("comment"))
    (created,) = conn.create([draft(7, status=Status.DONE)])
    assert created.issue is not None and not created.issue.warnings
    (comment,) = fake.record(created.issue.key).comments
    assert "AI-7" in comment["body"] and "done" in comment["body"]


def test_an_unknown_required_field_is_an_error_naming_transition_and_field(
    rsps_mode: Env,
) -> None:
    conn, fake = jira_with(rsps_mode, workflows.required_screen("customfield_10050"))
    results = conn.create([draft(1, status=Status.DONE), draft(2)])
    first, second = (r.issue for r in results)
    assert first is not None and first.fields.status != Status.DONE
    assert "'Finish'" in first.warnings[0] and "'Root cause'" in first.warnings[0]
    assert second is not None
    with pytest.raises(TransitionMissingError, match=r"'Finish' requires field 'Root cause'") as caught:
        conn.update(second.key, draft(2, status=Status.DONE, due=date(2027, 1, 1)), frozenset({"status", "due"}))
    assert caught.value.item_id == "AI-2" and "other fields were written" in str(caught.value)
    assert fake.record(second.key).duedate == "2027-01-01"


def test_a_dead_end_is_reported_with_the_path_tried(rsps_mode: Env) -> None:
    conn, fake = jira_with(rsps_mode, workflows.dead_end())
    (created,) = conn.create([draft(1)])
    assert created.issue is not None
    with pytest.raises(TransitionMissingError, match="To Do → Blocked"):
        conn.update(created.issue.key, draft(1, status=Status.DONE), frozenset({"status"}))
    assert fake.record(created.issue.key).status == "Blocked"  # it went as far as it could


def test_already_there_costs_one_read_and_no_move(rsps_mode: Env) -> None:
    conn, fake = jira_with(rsps_mode, workflows.three_step())
    (created,) = conn.create([draft(1, status=Status.DONE)])
    assert created.issue is not None
    before = len(moves(fake))
    assert (
        conn.update(created.issue.key, draft(1, status=Status.DONE), frozenset({"status"})).fields.status == Status.DONE
    )
    assert len(moves(fake)) == before


# -- the walk itself (pure) -----------------------------------------------------------------


def step(tid: str, to: str, category: str) -> Step:
    return Step(tid, f"to {to}", to, category)


def test_choose_prefers_a_direct_step_then_the_known_way_then_the_nearest_category() -> None:
    done = Goal("done")
    todo_steps = [step("1", "Triage", "indeterminate"), step("2", "In Progress", "indeterminate")]
    assert choose([*todo_steps, step("3", "Done", "done")], done, Graph(), set(), set()).id == "3"
    assert choose(todo_steps, done, Graph(), set(), set()).id == "1"  # no knowledge: the first nearest
    graph = Graph()
    graph.learn("Triage", [step("9", "To Do", "new")])
    graph.learn("In Progress", [step("4", "Done", "done")])
    assert choose(todo_steps, done, graph, set(), set()).id == "2"  # the way seen before
    assert choose(todo_steps, done, Graph(), {"Triage"}, set()).id == "2"  # never back where it was
    assert choose(todo_steps, done, Graph(), set(), {"in progress"}).id == "2"  # status_map names first
    assert choose([step("9", "To Do", "new")], done, Graph(), {"To Do"}, set()) is None
    assert path_text("To Do", [step("1", "In Progress", "indeterminate"), step("2", "Done", "done")]) == (
        "To Do → In Progress → Done"
    )


def test_new_issues_share_their_first_status_and_transitions(rsps_mode: Env) -> None:
    conn, fake = jira_with(rsps_mode, workflows.three_step())
    results = conn.create([draft(n, status=Status.DONE) for n in range(1, 6)])
    assert all(r.issue is not None and fake.record(r.issue.key).status == "Done" for r in results)
    reads = [r for r in fake.requests_to("GET", r".*/issue/[^/]+") if not r.path.endswith("transitions")]
    assert len(reads) == 1  # where new issues start is read once, not once per issue
    assert len(fake.requests_to("GET", r".*/transitions")) == 1 + 5  # To Do's once, In Progress's per issue


# -- what a dry run shows -------------------------------------------------------------------


def test_a_dry_run_shows_the_way_a_status_move_would_take(rsps_mode: Env, tmp_path: Path) -> None:
    from tests.support import Clock, add_postmortem, new_item, open_store
    from tracker.sync.describe import action_data, describe_action
    from tracker.sync.engine import SyncOptions, preview, run_sync

    mock, mode = rsps_mode
    clock = Clock()
    conn, fake = make_jira(mock, mode, clock=clock)  # type: ignore[arg-type]
    fake.workflow = workflows.three_step()
    store = open_store(tmp_path)
    add_postmortem(store, [new_item("Add canary deploys", 0), new_item("Page on burn rate", 1)])
    options = SyncOptions(target="remote", default_target=True, clock=clock)
    run_sync(store, conn, options)
    for item_id in ("AI-1", "AI-2"):
        store.edit_item(item_id, {"status": Status.DONE}, clock())
    fresh = connect(fake)  # a new run has seen nothing of the workflow yet
    (first, _) = preview(store, fresh, options)
    assert isinstance(first, UpdateRemote) and first.route == ("To Do", "In Progress", "…", "Done")
    before = len(moves(fake))
    run_sync(store, conn, options)  # walks AI-1 and AI-2: the run learns the way
    assert len(moves(fake)) == before + 4
    store.edit_item("AI-1", {"status": Status.OPEN}, clock())
    run_sync(store, conn, options)
    store.edit_item("AI-1", {"status": Status.DONE}, clock())
    (again,) = preview(store, conn, options)
    assert isinstance(again, UpdateRemote) and again.route == ("To Do", "In Progress", "Done")
    assert describe_action(again).endswith("(via To Do → In Progress → Done)")
    assert action_data(again)["route"] == ["To Do", "In Progress", "Done"]
    assert len(moves(fake)) == before + 5  # previews moved nothing
