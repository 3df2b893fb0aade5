"""Actions and sync reports as text or plain data, for `--dry-run` and the summary."""

from __future__ import annotations

from datetime import date
from enum import Enum

from tracker.connector import SYNC_FIELDS
from tracker.sync.actions import Action, Conflict, CreateRemote, LinkFound, RecordBase, UpdateLocal, UpdateRemote
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


def describe_action(action: Action, *, as_dict: bool = False) -> str | dict[str, object]:  # type: ignore[return]
    if isinstance(action, CreateRemote):
        f = action.draft.fields
        fields = {n: f.get(n) for n in SYNC_FIELDS if f.get(n) not in (None, ())}
        text = f"create issue for {action.item_id}: " + ", ".join(f"{k}={show(v)}" for k, v in fields.items())
        data: dict[str, object] = {"action": "create", "item": action.item_id, "fields": {k: show(v) for k, v in fields.items()}}
    elif isinstance(action, UpdateRemote):
        text = f"update {action.key} from {action.item_id}: {_diff(action.changes)}"
        data = {"action": "update_remote", "item": action.item_id, "key": action.key, "changes": _jsonable(action.changes)}
    elif isinstance(action, UpdateLocal):
        text = f"update {action.item_id} from {action.key}: {_diff(action.changes)}"
        data = {"action": "update_local", "item": action.item_id, "key": action.key, "changes": _jsonable(action.changes)}
    elif isinstance(action, LinkFound):
        text = f"link {action.item_id} to existing {action.issue.key} (found by its marker)"
        data = {"action": "link", "item": action.item_id, "key": action.issue.key}
    elif isinstance(action, RecordBase):
        text = f"record {action.key} as in sync with {action.item_id}"
        data = {"action": "record", "item": action.item_id, "key": action.issue.key}
    else:
        assert isinstance(action, Conflict)
        text = f"conflict {action.item_id} {action.field}: here {show(action.local)}, there {show(action.remote)}"
        data = {"action": "conflict", "item": action.item_id, "key": action.key, "field": action.field,
                "local": show(action.local), "remote": show(action.remote)}
    return data if as_dict else text


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
