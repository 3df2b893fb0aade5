"""Walking a Jira workflow to the status an item wants. Pure: the connector reads and posts.

Team workflows rarely have a direct edge to every status (To Do -> In Progress -> In Review ->
Done; Open -> Resolved -> Closed), and Jira shows only the transitions out of the issue's current
status. So a move is a walk: at each status, read what is available; take a transition to the
goal when there is one; else take the step the workflow seen so far (`Graph`, learnt during the
run, per connector: one project and issue type) says is nearest the goal; else explore the step
whose status category is nearest the goal's (new -> indeterminate -> done), never a status
visited on this walk. Statuses named in `status_map` are preferred on the way.

A transition's screen may ask for fields (Jira's `expand=transitions.fields`): the resolution is
filled from the item's status, a comment names the record, and any other required field is a
`ScreenFieldMissing` naming the transition and the field.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tracker.model import Status

#: The status categories in workflow order: the distance between two is how far apart they are.
CATEGORY_ORDER = {"new": 0, "indeterminate": 1, "done": 2}
MAX_STEPS = 8  # transitions one move may take before giving up (no real workflow is longer)
DONE_RESOLUTIONS = ("Done", "Fixed", "Resolved", "Complete")
WONT_DO_RESOLUTIONS = ("Won't Do", "Won't Fix", "Declined", "Rejected")


@dataclass(frozen=True, slots=True)
class ScreenField:
    key: str
    name: str
    required: bool
    allowed: tuple[str, ...] = ()  # the names of its allowed values, when Jira lists them


@dataclass(frozen=True, slots=True)
class Step:
    """One transition available from the issue's current status."""

    id: str
    name: str
    to: str  # the status it leads to
    category: str  # that status's category key: new, indeterminate or done
    screen: Mapping[str, ScreenField] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Goal:
    """Where a move must end: a status of `category`, or the status `named` (from `status_map`)."""

    category: str
    named: str | None = None

    def reached_by(self, step: Step) -> bool:
        if self.named is not None:
            return step.to.casefold() == self.named.casefold()
        return step.category == self.category


class ScreenFieldMissing(Exception):
    """A transition's screen requires a field the tracker has no value for (or lacks one it needs)."""

    def __init__(self, step: Step, problem: str) -> None:
        self.step = step
        super().__init__(f"transition {step.name!r} {problem}")


def _required(step: Step, missing: ScreenField) -> ScreenFieldMissing:
    return ScreenFieldMissing(step, f"requires field {missing.name!r} ({missing.key}), which the tracker cannot fill")


def steps_of(raw: Iterable[Mapping[str, Any]]) -> list[Step]:
    """Jira's `transitions` list (with or without `transitions.fields`) as steps."""
    steps = []
    for t in raw:
        to = t.get("to") or {}
        category = (to.get("statusCategory") or {}).get("key") or "indeterminate"
        screen = {key: _screen_field(key, meta) for key, meta in (t.get("fields") or {}).items()}
        steps.append(Step(str(t.get("id")), str(t.get("name") or ""), str(to.get("name") or ""), category, screen))
    return steps


def _screen_field(key: str, meta: Mapping[str, Any]) -> ScreenField:
    allowed = tuple(str(v.get("name") or v.get("value") or "") for v in meta.get("allowedValues") or [])
    return ScreenField(key, str(meta.get("name") or key), bool(meta.get("required")), allowed)


@dataclass
class Graph:
    """The transitions seen out of each status so far (status name -> steps)."""

    edges: dict[str, list[Step]] = field(default_factory=dict)

    def learn(self, status: str | None, steps: list[Step]) -> None:
        if status is not None:
            self.edges[status] = steps

    def distance(self, status: str, goal: Goal) -> int | None:
        """Transitions from `status` to the goal along what has been seen; None: no known way."""
        seen, queue = {status}, deque([(status, 0)])
        while queue:
            here, hops = queue.popleft()
            for step in self.edges.get(here, ()):
                if goal.reached_by(step):
                    return hops + 1
                if step.to not in seen:
                    seen.add(step.to)
                    queue.append((step.to, hops + 1))
        return None


def choose(
    steps: list[Step], goal: Goal, graph: Graph, visited: Collection[str], preferred: Collection[str]
) -> Step | None:
    """The next transition towards the goal; None when no way is left."""
    direct = next((s for s in steps if goal.reached_by(s)), None)
    if direct is not None:
        return direct
    onward = [s for s in steps if s.to not in visited]
    known = [(d, n, s) for n, s in enumerate(onward) if (d := graph.distance(s.to, goal)) is not None]
    if known:
        return min(known, key=lambda k: (k[0], k[1]))[2]

    def rank(numbered: tuple[int, Step]) -> tuple[int, int, int]:
        n, s = numbered
        apart = abs(CATEGORY_ORDER.get(s.category, 1) - CATEGORY_ORDER.get(goal.category, 1))
        return apart, 0 if s.to.casefold() in preferred else 1, n

    return min(enumerate(onward), key=rank)[1] if onward else None


def screen_values(step: Step, status: Status, item_id: str, *, final: bool) -> tuple[dict[str, Any], str | None]:
    """The `fields` and the comment to send with `step` (the walk's last one when `final`)."""
    fields: dict[str, Any] = {}
    comment = None
    if final and status == Status.WONT_DO and "resolution" not in step.screen:
        raise ScreenFieldMissing(step, "has no resolution on its screen, so Jira cannot record won't do")
    for key, meta in step.screen.items():
        if key == "resolution":
            wanted = WONT_DO_RESOLUTIONS if final and status == Status.WONT_DO else DONE_RESOLUTIONS
            name = next((n for n in wanted if not meta.allowed or n in meta.allowed), None)
            if name is not None and (meta.required or (final and status == Status.WONT_DO)):
                fields["resolution"] = {"name": name}
            elif meta.required:
                raise _required(step, meta)
        elif key == "comment":
            if meta.required:
                comment = f"Status set to {status.value} by postmortem-tracker for action item {item_id}."
        elif meta.required:
            raise _required(step, meta)
    return fields, comment


def path_text(start: str | None, taken: Iterable[Step]) -> str:
    """`To Do → In Progress → Done` (the start left out when unknown)."""
    names = ([start] if start else []) + [s.to for s in taken]
    return " → ".join(names)
