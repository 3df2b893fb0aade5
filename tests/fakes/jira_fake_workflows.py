"""Workflows teams really run, for the fake Jira (`fake.workflow = three_step()`).

Jira lists only the transitions out of an issue's current status; these are the shapes the
connector must walk: no direct edge to Done, a review step, the classic Open -> Resolved ->
Closed, screens that require fields, and a dead end.
"""

from __future__ import annotations

from tests.fakes.jira_fake_model import Transition, Workflow

TODO, DOING, REVIEW, DONE = "To Do", "In Progress", "In Review", "Done"


def direct() -> Workflow:
    """Every status from every other (Jira Cloud's simplified workflow)."""
    return Workflow()


def three_step() -> Workflow:
    """To Do -> In Progress -> Done, and back (no direct To Do -> Done)."""
    return Workflow(
        transitions=[
            Transition("11", "Start", DOING, frozenset({TODO})),
            Transition("21", "Stop", TODO, frozenset({DOING})),
            Transition("31", "Finish", DONE, frozenset({DOING}), screen={"resolution": False}),
            Transition("41", "Reopen", TODO, frozenset({DONE})),
        ]
    )


def review() -> Workflow:
    """To Do -> In Progress -> In Review -> Done; review can send it back; Done reopens to To Do."""
    flow = Workflow(transitions=[])
    flow.add_status(REVIEW, "indeterminate")
    flow.transitions = [
        Transition("11", "Start", DOING, frozenset({TODO})),
        Transition("21", "Send to review", REVIEW, frozenset({DOING})),
        Transition("31", "Approve", DONE, frozenset({REVIEW}), screen={"resolution": False}),
        Transition("41", "Request changes", DOING, frozenset({REVIEW})),
        Transition("51", "Reopen", TODO, frozenset({DONE})),
        Transition("61", "Stop", TODO, frozenset({DOING, REVIEW})),
    ]
    return flow


def classic() -> Workflow:
    """Open -> In Progress -> Resolved -> Closed (Jira's classic workflow); Resolve asks for a resolution."""
    return Workflow(
        statuses={
            "Open": ("1", "new"),
            "In Progress": ("3", "indeterminate"),
            "Resolved": ("5", "done"),
            "Closed": ("6", "done"),
            "Reopened": ("4", "new"),
        },
        transitions=[
            Transition("4", "Start Progress", "In Progress", frozenset({"Open", "Reopened"})),
            Transition("301", "Stop Progress", "Open", frozenset({"In Progress"})),
            Transition("5", "Resolve Issue", "Resolved", frozenset({"Open", "In Progress", "Reopened"}),
                       screen={"resolution": True}),
            Transition("701", "Close Issue", "Closed", frozenset({"Resolved"})),
            Transition("3", "Reopen Issue", "Reopened", frozenset({"Resolved", "Closed"})),
        ],
        initial="Open",
    )  # fmt: skip


def required_screen(*fields: str) -> Workflow:
    """The three-step workflow whose Finish screen requires `fields` (and has the resolution)."""
    flow = three_step()
    finish = next(t for t in flow.transitions if t.name == "Finish")
    finish.screen = {"resolution": True, **dict.fromkeys(fields, True)}
    return flow


def dead_end() -> Workflow:
    """To Do -> Blocked, and nothing out of Blocked: Done cannot be reached from To Do."""
    flow = Workflow(transitions=[])
    flow.add_status("Blocked", "indeterminate")
    flow.transitions = [Transition("11", "Block", "Blocked", frozenset({TODO}))]
    return flow
