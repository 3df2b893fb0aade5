"""Actions and sync reports as text or plain data, for `--dry-run` and the summary."""

from __future__ import annotations

from datetime import date
from enum import Enum

from tracker.connector import SYNC_FIELDS
from tracker.sync.actions import (
    Action,
    CreateRemote,
    LinkFound,
    RecordBase,
    UpdateLocal,
    UpdateRemote,
)
from tracker.sync.apply import SyncReport


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


def _diff(changes: dict[str, tuple[object, object]]) -> str:
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
        fields = {n: show(f.get(n)) for n in SYNC_FIELDS if f.get(n) not in (None, ())}
        listed = ", ".join(f"{k}={v}" for k, v in fields.items())
        return f"create issue for {action.item_id}: {listed}", {"action": "create", **base, "fields": fields}
    if isinstance(action, UpdateRemote):
        text = f"update {action.key} from {action.item_id}: {_diff(action.changes)}"
        return text, {"action": "update_remote", **base, "key": action.key, "changes": _jsonable(action.changes)}
    if isinstance(action, UpdateLocal):
        text = f"update {action.item_id} from {action.key}: {_diff(action.changes)}"
        return text, {"action": "update_local", **base, "key": action.key, "changes": _jsonable(action.changes)}
    if isinstance(action, LinkFound):
        text = f"link {action.item_id} to existing {action.issue.key} (found by its marker)"
        return text, {"action": "link", **base, "key": action.issue.key}
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
        "local": show(action.local),
        "remote": show(action.remote),
    }


def _jsonable(changes: dict[str, tuple[object, object]]) -> dict[str, list[str]]:
    return {k: [show(old), show(new)] for k, (old, new) in changes.items()}


def report_lines(report: SyncReport) -> list[str]:
    lines = [
        f"{report.target}: {len(report.created)} created, {len(report.updated_remote)} updated there, "
        f"{len(report.updated_local)} updated here, {len(report.linked)} re-linked, "
        f"{len(report.conflicts)} conflicts, {len(report.errors)} errors"
    ]
    lines += [f"  conflict: {describe_action(c)}" for c in report.conflicts]
    lines += [f"  warning: {w}" for w in report.warnings]
    lines += [f"  error: {e}" for e in report.errors]
    return lines
