"""Pure mappers between our records and Jira REST v2 issue JSON. No I/O.

`JiraMapper.to_remote_issue(raw)` reads an issue; `fields_for(draft)` writes one. The summary holds
the text shortened at a word boundary, the description the full text (wiki-escaped), the postmortem,
and the owner when they can't be assigned. The marker is the label `tracker-<item id lower-cased>`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from connectors.jira.wiki import Description, one_line, parse_description, render_description
from tracker.connector import IssueDraft, PostmortemRef, RemoteIssue
from tracker.errors import RemoteUnavailableError
from tracker.model import Priority, Status, SyncFields
from tracker.people import People

#: The only fields we ask Jira for.
JIRA_FIELDS = (
    "summary",
    "description",
    "duedate",
    "status",
    "resolution",
    "assignee",
    "labels",
    "priority",
    "updated",
    "created",
)
MARKER_PREFIX = "tracker-"
SUMMARY_MAX = 255
DEFAULT_PRIORITIES: dict[Priority, str] = {
    Priority.LOW: "Low",
    Priority.MEDIUM: "Medium",
    Priority.HIGH: "High",
    Priority.CRITICAL: "Highest",
}
#: Jira sets its default priority on create when none is given; we always send one instead.
UNSET_PRIORITY = Priority.MEDIUM
WONT_DO_RESOLUTIONS = frozenset({"won't do", "won't fix", "duplicate", "cannot reproduce"})
WONT_DO_RESOLUTION = "Won't Do"
CATEGORY_FOR: dict[Status, str] = {
    Status.OPEN: "new",
    Status.IN_PROGRESS: "indeterminate",
    Status.DONE: "done",
    Status.WONT_DO: "done",
}
_STATUS_FOR_CATEGORY = {"new": Status.OPEN, "indeterminate": Status.IN_PROGRESS, "done": Status.DONE}

POSTMORTEM, INCIDENT, SOURCE, OWNER, ITEM = "Postmortem", "Incident date", "Source", "Owner", "Action item"
DERIVED_DUE, DERIVED = "Due date", " (derived from policy)"


def jql_quote(value: str) -> str:
    """`value` as one JQL string literal: nothing in it can end the string or add a clause."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{escaped}"'


def marker_label(item_id: str) -> str:
    return MARKER_PREFIX + item_id.lower()


def item_from_labels(labels: Iterable[str]) -> str | None:
    ids = sorted(label[len(MARKER_PREFIX) :].upper() for label in labels if _is_marker(label))
    return ids[0] if ids else None


def _is_marker(label: str) -> bool:
    return label.startswith(MARKER_PREFIX) and len(label) > len(MARKER_PREFIX)


def shorten(text: str, limit: int = SUMMARY_MAX) -> str:
    """One line of at most `limit` characters, cut at a word boundary with an ellipsis."""
    line = one_line(text)
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    head = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return head.rstrip() + "…"


def parse_jira_time(value: object) -> datetime:
    if not isinstance(value, str):
        raise RemoteUnavailableError(f"Jira sent an issue without a valid 'updated' time ({value!r})")
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%f%z")
    except ValueError:
        return datetime.fromisoformat(value)


@dataclass(frozen=True)
class JiraMapper:
    """Everything the mapping depends on: people, the target's maps and labels, Cloud or not."""

    people: People
    server_url: str
    cloud: bool = True
    target_labels: tuple[str, ...] = ("action-item",)
    status_map: Mapping[Status, str] = field(default_factory=dict)
    priority_map: Mapping[Priority, str] = field(default_factory=dict)

    # -- local side -------------------------------------------------------------------------

    def project(self, fields: SyncFields) -> SyncFields:
        """The fields as Jira holds them, so that writing then reading gives them back."""
        status = Status.WONT_DO if fields.status == Status.REMOVED else fields.status
        labels = {"-".join(label.split()) for label in fields.labels}
        labels = {label for label in labels if label and not self._own_label(label)}
        return fields.with_changes(
            {
                "owner": self._owner_as_read(fields.owner),
                "status": status,
                "priority": fields.priority or UNSET_PRIORITY,
                "labels": tuple(sorted(labels)),
            }
        )

    def _owner_as_read(self, owner: str | None) -> str | None:
        account = self.people.account(owner, "jira")
        if account:
            return self.people.person_for_account(account, "jira")
        return one_line(owner) or None if owner else None

    def _own_label(self, label: str) -> bool:
        return label in self.target_labels or label.startswith(MARKER_PREFIX)

    # -- writing ----------------------------------------------------------------------------

    def assignee_for(self, owner: str | None) -> dict[str, str] | None:
        account = self.people.account(owner, "jira")
        if not account:
            return None
        return {"accountId": account} if self.cloud else {"name": account}

    def description_for(self, draft: IssueDraft, *, assigned: bool | None = None) -> str:
        fields = self.project(draft.fields)
        if assigned is None:
            assigned = self.assignee_for(fields.owner) is not None
        return description_for(draft, unassigned_owner=None if assigned else fields.owner)

    def fields_for(self, draft: IssueDraft, *, assign: bool = True) -> dict[str, Any]:
        """Every field we own, as `create` sends them (None values left out)."""
        fields = self.project(draft.fields)
        assignee = self.assignee_for(fields.owner) if assign else None
        values: dict[str, Any] = {
            "summary": shorten(fields.text),
            "description": self.description_for(draft, assigned=assignee is not None),
            "duedate": fields.due.isoformat() if fields.due else None,
            "priority": {"name": self.priority_name(fields.priority or UNSET_PRIORITY)},
            "labels": sorted({*self.target_labels, marker_label(draft.item_id), *fields.labels}),
            "assignee": assignee,
        }
        return {name: value for name, value in values.items() if value is not None}

    def update_fields(self, draft: IssueDraft, changed: Iterable[str], *, assign: bool = True) -> dict[str, Any]:
        """The Jira fields that carry the `changed` sync fields (None clears a field)."""
        full = self.fields_for(draft, assign=assign)
        names: set[str] = set()
        for name in changed:
            names.update(_JIRA_FIELDS_FOR.get(name, ()))
        return {name: full.get(name) for name in sorted(names)}

    def priority_name(self, priority: Priority) -> str:
        return self.priority_map.get(priority) or DEFAULT_PRIORITIES[priority]

    def wanted_transition(self, transitions: list[dict[str, Any]], status: Status) -> dict[str, Any] | None:
        """The transition that leads to `status`: by status_map name first, else by category."""
        named = self.status_map.get(status)
        if named:
            for transition in transitions:
                if str(_get(transition, "to", "name")).lower() == named.lower():
                    return transition
        category = CATEGORY_FOR[status]
        return next((t for t in transitions if _get(t, "to", "statusCategory", "key") == category), None)

    def is_done_transition(self, transition: Mapping[str, Any]) -> bool:
        return _get(transition, "to", "statusCategory", "key") == "done"

    # -- reading ----------------------------------------------------------------------------

    def to_remote_issue(self, raw: Mapping[str, Any]) -> RemoteIssue:
        key = raw.get("key")
        fields = raw.get("fields")
        if not isinstance(key, str) or not isinstance(fields, dict):
            raise RemoteUnavailableError(f"Jira sent an issue without key or fields ({str(raw)[:80]})")
        description = parse_description(fields.get("description"))
        account = _account(fields.get("assignee"))
        labels = [str(label) for label in fields.get("labels") or []]
        owner = self.people.person_for_account(account, "jira") if account else None
        if owner is None and description is not None:
            owner = description.fact(OWNER)
        sync = SyncFields(
            text=_text(fields.get("summary") or "", description),
            owner=owner,
            due=date.fromisoformat(fields["duedate"]) if fields.get("duedate") else None,
            status=self.status_from(fields.get("status"), fields.get("resolution")),
            priority=self.priority_from(fields.get("priority")),
            labels=tuple(sorted({label for label in labels if not self._own_label(label)})),
        )
        return RemoteIssue(
            key=key,
            url=f"{self.server_url}/browse/{key}",
            updated=parse_jira_time(fields.get("updated")),
            fields=sync,
            item_id=item_from_labels(labels),
            assigned=account is not None,
            postmortem=postmortem_from(description),
            due_derived=description is not None and sync.due is not None and _derived(description) == sync.due,
        )

    def status_from(self, status: object, resolution: object) -> Status:
        name = str(_get(status, "name") or "").lower()
        category = _get(status, "statusCategory", "key")
        closed_as = str(_get(resolution, "name") or "").lower()
        local = next((s for s, n in self.status_map.items() if n.lower() == name), None)
        if local is None:
            local = _STATUS_FOR_CATEGORY.get(str(category), Status.OPEN)
        if local in (Status.DONE, Status.WONT_DO):
            return Status.WONT_DO if closed_as in WONT_DO_RESOLUTIONS else Status.DONE
        return local

    def priority_from(self, priority: object) -> Priority | None:
        name = str(_get(priority, "name") or "").lower()
        for local in Priority:
            if self.priority_name(local).lower() == name:
                return local
        return Priority.LOW if name == "lowest" else None


_JIRA_FIELDS_FOR: dict[str, tuple[str, ...]] = {
    "text": ("summary", "description"),
    "owner": ("assignee", "description"),
    "due": ("duedate",),
    "priority": ("priority",),
    "labels": ("labels",),
}


def description_for(draft: IssueDraft, *, unassigned_owner: str | None = None) -> str:
    """The description: full text, then the postmortem facts, the owner when not assignable, the item."""
    pm = draft.postmortem
    facts = [(POSTMORTEM, pm.title)]
    if pm.incident_date:
        facts.append((INCIDENT, pm.incident_date.isoformat()))
    if pm.source:
        facts.append((SOURCE, pm.source))
    if unassigned_owner:
        facts.append((OWNER, unassigned_owner))
    if draft.due_derived and draft.fields.due:  # duedate is the field; this notes where it came from
        facts.append((DERIVED_DUE, draft.fields.due.isoformat() + DERIVED))
    facts.append((ITEM, draft.item_id))
    return render_description(Description(draft.fields.text, tuple(facts), link=pm.url))


def postmortem_from(description: Description | None) -> PostmortemRef | None:
    """The postmortem facts a description carries (what adopt rebuilds a lost store from)."""
    title = description.fact(POSTMORTEM) if description else None
    if description is None or not title:
        return None
    return PostmortemRef(
        title=title,
        incident_date=_iso_date(description.fact(INCIDENT)),
        source=description.fact(SOURCE),
        url=description.link,
    )


def _derived(description: Description) -> date | None:
    """The due date [policy] set, while duedate still holds it (a person may have re-dated it since)."""
    return _iso_date((description.fact(DERIVED_DUE) or "").removesuffix(DERIVED))


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value.strip()) if value else None
    except ValueError:
        return None


def _text(summary: str, description: Description | None) -> str:
    """The full text from the description, unless someone edited the summary in Jira since."""
    if description is not None and shorten(description.text) == summary:
        return description.text
    return summary


def _account(assignee: object) -> str | None:
    if not isinstance(assignee, dict):
        return None
    value = assignee.get("accountId") or assignee.get("name")
    return str(value) if value else None


def _get(value: object, *path: str) -> object:
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value
