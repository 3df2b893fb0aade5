"""Actions and sync reports as text or plain data, for `--dry-run` and the summary."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import Enum

from tracker.model import SYNC_FIELDS, FieldValue
from tracker.sync.actions import (
    Action,
    CreateRemote,
    LinkFound,
    LinkTicket,
    RecordBase,
    SkipTicket,
    UpdateLocal,
    UpdateRemote,
)
from tracker.sync.apply import CreatedIssue, SyncReport

#: Created issues listed by link after a sync; the rest are counted (`tracker list --format json` has them all).
LISTED_CREATES = 20


def show(value: object) -> str:
    if value is None or value == ():
        return "(none)"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return ",".join(map(str, value))
    return repr(value) if isinstance(value, str) else str(value)


def json_value(value: object) -> object:
    """A field value as JSON holds it: dates as ISO strings, enums as their value, tuples as lists."""
    if isinstance(value, Enum):  # before str: Status and Priority are str enums
        return value.value
    if value is None or isinstance(value, str | int | float):  # bool is an int
        return value
    if isinstance(value, date):  # datetime is a date
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [json_value(v) for v in value]
    return str(value)


def _diff(changes: Mapping[str, tuple[FieldValue, FieldValue]]) -> str:
    return "; ".join(f"{k}: {show(old)} -> {show(new)}" for k, (old, new) in changes.items())


def describe_action(action: Action) -> str:
    """One line for people: what will be written where, with field changes."""
    return _describe(action)[0]


def action_data(action: Action) -> dict[str, object]:
    """The same as plain data, for `--format json`."""
    return _describe(action)[1]


def _describe(action: Action) -> tuple[str, dict[str, object]]:
    base: dict[str, object] = {"item": action.item_id}
    if isinstance(action, CreateRemote):
        f = action.draft.fields
        names = [n for n in SYNC_FIELDS if f.get(n) not in (None, ())]
        listed = ", ".join(f"{n}={show(f.get(n))}" for n in names)
        fields = {n: json_value(f.get(n)) for n in names}
        return f"create issue for {action.item_id}: {listed}", {"action": "create", **base, "fields": fields}
    if isinstance(action, UpdateRemote):
        text = f"update {action.key} from {action.item_id}: {_diff(action.changes)}"
        data = {"action": "update_remote", **base, "key": action.key, "changes": _jsonable(action.changes)}
        if action.twins:
            named = ", ".join(t.label for t in action.draft.twins) or "(none)"
            text += f"{'; ' if action.changes else ''}twins: {named}"
            data["twins"] = [{"target": t.target, "key": t.key, "url": t.url} for t in action.draft.twins]
        if action.route:
            text += f" (via {' → '.join(action.route)})"
            data["route"] = list(action.route)
        return text, data
    if isinstance(action, UpdateLocal):
        text = f"update {action.item_id} from {action.key}: {_diff(action.changes)}"
        return text, {"action": "update_local", **base, "key": action.key, "changes": _jsonable(action.changes)}
    if isinstance(action, LinkFound):
        text = f"link {action.item_id} to existing {action.issue.key} (found by its marker)"
        return text, {"action": "link", **base, "key": action.issue.key}
    if isinstance(action, LinkTicket):
        key = action.issue.key
        named = "its ticket" if action.ticket == key else f"its ticket {action.ticket}"
        text = f"link {action.item_id} to existing {key} ({named})"
        return text, {"action": "link_ticket", **base, "key": key, "ticket": action.ticket}
    if isinstance(action, SkipTicket):
        text = f"skip {action.item_id}: ticket {action.ticket} {action.problem}; no issue created"
        return text, {"action": "skip_ticket", **base, "ticket": action.ticket, "problem": action.problem}
    if isinstance(action, RecordBase):
        return f"record {action.issue.key} as in sync with {action.item_id}", {
            "action": "record",
            **base,
            "key": action.issue.key,
        }
    text = f"conflict {action.item_id} {action.field}: here {show(action.local)}, there {show(action.remote)}"
    return text, {
        "action": "conflict",
        **base,
        "key": action.key,
        "field": action.field,
        "local": json_value(action.local),
        "remote": json_value(action.remote),
    }


def _jsonable(changes: Mapping[str, tuple[FieldValue, FieldValue]]) -> dict[str, list[object]]:
    return {k: [json_value(old), json_value(new)] for k, (old, new) in changes.items()}


def report_lines(report: SyncReport) -> list[str]:
    tickets = f"{len(report.ticket_links)} linked to their tickets, " if report.ticket_links else ""
    lines = [
        f"{report.target}: {len(report.created)} created, {tickets}{len(report.updated_remote)} updated there, "
        f"{len(report.updated_local)} updated here, {len(report.linked)} re-linked, "
        f"{len(report.conflicts)} conflicts, {len(report.errors)} errors"
    ]
    lines += [f"  linked {t.item_id} to {t.key} (its ticket): {t.url}" for t in report.ticket_links]
    lines += [f"  conflict: {describe_action(c)}" for c in report.conflicts]
    lines += [f"  warning: {w}" for w in report.warnings]
    lines += [f"  error: {e}" for e in report.errors]
    return lines + created_lines(report.created_issues)


def created_lines(created: list[CreatedIssue], limit: int = LISTED_CREATES) -> list[str]:
    """One line per created issue (item, key, link), the first `limit` of them and a count of the rest."""
    lines = [f"  created {c.item_id} as {c.key}: {c.url}" for c in created[:limit]]
    if len(created) > limit:
        lines.append(f"  … and {len(created) - limit} more: tracker list --format json shows every link")
    return lines


def created_data(created: list[CreatedIssue]) -> list[dict[str, str]]:
    """The created issues as plain data, for `--format json`."""
    return [{"item": c.item_id, "key": c.key, "url": c.url} for c in created]
