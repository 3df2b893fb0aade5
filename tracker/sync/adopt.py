"""Rebuild records from a target's marked issues (a lost store, or a CI job with none saved)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import date, datetime

from tracker.connector import PostmortemRef, RemoteIssue
from tracker.model import ActionItem, Postmortem
from tracker.store import EDITABLE
from tracker.store.protocol import StoreFacade
from tracker.sync.status import SyncState

#: The ids the store gives items. A marker of any other form (anyone can label an issue) is not adopted.
ITEM_ID = re.compile(r"AI-[1-9][0-9]*")


def adopt(store: StoreFacade, target: str, issues: Sequence[RemoteIssue], now: datetime) -> list[str]:
    """Create an item (with the marker's id) and its link for every marked issue the store lacks."""
    known = {i.id for i in store.items(with_links=False)}
    fresh = [i for i in issues if i.item_id and ITEM_ID.fullmatch(i.item_id.upper()) and i.item_id.upper() not in known]
    by_key = {}
    for pm in store.postmortems().values():
        by_key[_key(None, pm.title, pm.incident_date)] = pm  # for issues that do not name a source
        by_key[_key(pm.source, pm.title, pm.incident_date)] = pm
    state = SyncState(store)
    adopted = []
    with store.transaction():
        for issue in sorted(fresh, key=lambda i: _number(i.item_id or "")):
            pm = _postmortem(store, by_key, issue.postmortem or PostmortemRef(f"(adopted from {target})"), target, now)
            item_id = (issue.item_id or "").upper()
            f = issue.fields
            store.put_item(
                ActionItem(
                    id=item_id,
                    postmortem_id=pm.id,
                    text=f.text,
                    owner=f.owner,
                    due=f.due,
                    due_derived=issue.due_derived,
                    status=f.status,
                    priority=f.priority,
                    labels=list(f.labels),
                    position=_number(item_id),
                    edited_fields=sorted(EDITABLE),  # the tracker's values win over a re-extraction's
                    created=min(issue.updated, now),  # the issue's last change: stale stays stale
                    updated=min(issue.updated, now),
                )
            )
            state.save_link(
                item_id,
                target,
                key=issue.key,
                url=issue.url,
                remote_updated=issue.updated,
                base=f,
                assigned=issue.assigned,
                warning=None,
                now=now,
            )
            adopted.append(item_id)
        store.raise_item_counter(max([_number(i) for i in known | set(adopted)] or [0]))
    return adopted


def _number(item_id: str) -> int:
    tail = item_id.rpartition("-")[2]
    return int(tail) if tail.isdigit() else 0


def _key(source: str | None, title: str, incident: date | None) -> tuple[str, ...]:
    """A postmortem is its source (relative to its root, the same on every machine) when known."""
    if source and not source.startswith("adopted:"):
        return ("source", source)
    return ("title", title, incident.isoformat() if incident else "")


def _postmortem(
    store: StoreFacade, by_key: dict[tuple[str, ...], Postmortem], info: PostmortemRef, target: str, now: datetime
) -> Postmortem:
    """The postmortem an issue names, made from what the issue says of it the first time it is seen.

    Its source is kept, so extracting the document again (here or in any other clone) updates
    these items; two documents sharing a title stay two.
    """
    key = _key(info.source, info.title, info.incident_date)
    if key not in by_key:
        pm = Postmortem(
            id=store.next_postmortem_id(),
            title=info.title,
            source=info.source or f"adopted:{target}:{info.title}:{info.incident_date or ''}",
            content_hash=hashlib.sha256(info.title.encode()).hexdigest(),
            incident_date=info.incident_date,
            url=info.url,
            targets=[target],
            imported=now,
        )
        store.put_postmortem(pm)
        by_key[key] = pm
    return by_key[key]
