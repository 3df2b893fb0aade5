"""Pure mappers between GitLab issue JSON and the local vocabulary.

The description is GitHub's body layout (`connectors.github.body`: the full text, the Owner and
postmortem lines, the `<!-- tracker:ID -->` marker; GitLab renders Markdown and hides HTML
comments the same way) without its Due line: GitLab has a native `due_date`. A due date derived
from `[policy]` is said by a `**Due date:** derived from policy` line instead.

State: GitLab has no close reason. Closed is done; won't do is closed with the target's
`wont_do_label` (default `wont-do`); an open issue is open, whatever labels it carries.
Priority is the scoped label `priority::<level>` (one per issue on GitLab Premium).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from connectors.github.body import body_for, parse_body, text_for
from tracker.connector import IssueDraft, RemoteIssue
from tracker.model import Priority, Status, SyncFields
from tracker.people import People

PRIORITY_SCOPE = "priority::"
DERIVED_LINE = "**Due date:** derived from policy"
_DERIVED_RE = re.compile(r"^\*\*Due date:\*\* derived from policy\r?$", re.MULTILINE)


def description_for(draft: IssueDraft) -> str:
    """The description: GitHub's body without the Due line (+ the derived line when it applies)."""
    body = body_for(replace(draft, fields=draft.fields.with_changes({"due": None}), due_derived=False))
    if not (draft.due_derived and draft.fields.due):
        return body
    head, marker = body.rsplit("\n", 1)
    return f"{head}\n{DERIVED_LINE}\n{marker}"


def closed(status: Status) -> bool:
    return status in (Status.DONE, Status.WONT_DO, Status.REMOVED)


def wont_do(status: Status) -> bool:
    return status in (Status.WONT_DO, Status.REMOVED)


def status_for(state: str, labels: Sequence[str], wont_do_label: str) -> Status:
    if state != "closed":
        return Status.OPEN
    return Status.WONT_DO if wont_do_label.lower() in {n.lower() for n in labels} else Status.DONE


def priority_of(label: str) -> Priority | None:
    if not label.lower().startswith(PRIORITY_SCOPE):
        return None
    try:
        return Priority(label[len(PRIORITY_SCOPE) :].strip().lower())
    except ValueError:
        return None


def is_item_label(name: str, own: Sequence[str], wont_do_label: str) -> bool:
    """Whether a label is the item's (not the target's, the priority's or the won't-do one)."""
    lowered = name.lower()
    return lowered not in {n.lower() for n in own} and lowered != wont_do_label.lower() and priority_of(name) is None


def labels_for(fields: SyncFields, own: Sequence[str], wont_do_label: str) -> list[str]:
    """The full label list an issue should carry: the target's, the priority's, the item's, and
    the won't-do label when the item is closed as won't do."""
    priority = [PRIORITY_SCOPE + fields.priority.value] if fields.priority else []
    item = [n for n in fields.labels if is_item_label(n, own, wont_do_label)]
    wanted = [*own, *priority, *item, *([wont_do_label] if wont_do(fields.status) else [])]
    unique: dict[str, str] = {}
    for name in wanted:
        unique.setdefault(name.lower(), name)
    return list(unique.values())


def to_remote_issue(
    raw: Mapping[str, Any],
    people: People,
    own_labels: Sequence[str],
    wont_do_label: str,
    warnings: Sequence[str] = (),
) -> RemoteIssue:
    """Map an issue's JSON to the local vocabulary. KeyError/TypeError/ValueError when the JSON
    lacks what every GitLab issue has."""
    description = raw.get("description")
    parsed = parse_body(description)
    names = [str(label) for label in raw["labels"]]
    usernames = [str(user["username"]) for user in raw.get("assignees") or []]
    if not usernames and raw.get("assignee"):
        usernames = [str(raw["assignee"]["username"])]
    priorities = [p for p in map(priority_of, names) if p is not None]
    due = _date(raw.get("due_date"))
    fields = SyncFields(
        text=text_for(str(raw["title"]), parsed),
        owner=_owner(usernames, parsed.owner, people),
        due=due,
        status=status_for(str(raw["state"]), names, wont_do_label),
        priority=max(priorities, key=list(Priority).index) if priorities else None,
        labels=tuple(sorted({n for n in names if is_item_label(n, own_labels, wont_do_label)})),
    )
    return RemoteIssue(
        key=str(int(raw["iid"])),
        url=str(raw["web_url"]),
        updated=timestamp(raw["updated_at"]),
        fields=fields,
        item_id=parsed.item_id,
        assigned=bool(usernames),
        postmortem=parsed.postmortem,
        due_derived=due is not None and bool(_DERIVED_RE.search(description or "")),
        warnings=tuple(warnings),
    )


def _owner(usernames: Sequence[str], written: str | None, people: People) -> str | None:
    """The assignee's person; the description's Owner line when it names that same account, or
    nobody is assigned."""
    if not usernames:
        return written
    account = people.account(written, "gitlab") if written else None
    if account and account.lower() in {name.lower() for name in usernames}:
        return written
    return people.person_for_account(usernames[0], "gitlab")


def _date(value: object) -> date | None:
    if not value:
        return None
    return date.fromisoformat(str(value))


def timestamp(value: object) -> datetime:
    """GitLab's `2026-12-07T07:03:23.123Z` (or an offset) as an aware datetime."""
    when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)
