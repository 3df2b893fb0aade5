"""Conversions between SQLite rows and the canonical records."""

from __future__ import annotations

import json
from typing import Any

from tracker.model import ActionItem, LinkState, Postmortem, Priority, RemoteLink, Status, StatusReason
from tracker.model import owner_key as owner_key
from tracker.store.stamps import iso as iso
from tracker.store.stamps import moment, to_date
from tracker.store.stamps import to_datetime as to_datetime

ITEM_COLUMNS = (
    "id, postmortem_id, text, category, section, owner, due, due_derived, status, priority, labels, "
    "position, created, updated, edited_fields, confidence, reasons, status_reason, ticket, targets"
)
POSTMORTEM_COLUMNS = (
    "id, title, source, content_hash, incident_date, review_date, services, impact, url, target, imported, targets"
)
LINK_COLUMNS = "item_id, target, state, key, url, remote_updated, synced_at, remote_assigned, warning, by_ticket"


def item_from_row(row: Any) -> ActionItem:
    (
        id_,
        pm,
        text,
        category,
        section,
        owner,
        due,
        derived,
        status,
        priority,
        labels,
        position,
        created,
        updated,
        edited,
        confidence,
        reasons,
        reason,
        ticket,
        targets,
    ) = row
    return ActionItem.model_construct(
        id=id_,
        postmortem_id=pm,
        text=text,
        category=category,
        section=section,
        owner=owner,
        due=to_date(due),
        due_derived=bool(derived),
        status=Status(status),
        priority=Priority(priority) if priority else None,
        labels=json.loads(labels),
        position=position,
        created=moment(created),
        updated=moment(updated),
        edited_fields=json.loads(edited),
        links={},
        confidence=confidence,
        reasons=json.loads(reasons) if reasons else [],  # an export from before schema 5 has none
        status_reason=StatusReason(reason) if reason else None,
        ticket=ticket,
        targets=json.loads(targets) if targets else None,  # NULL (and exports before schema 8): the postmortem's
    )


def item_values(item: ActionItem) -> tuple[object, ...]:
    return (
        item.id,
        item.postmortem_id,
        item.text,
        item.category,
        item.section,
        item.owner,
        iso(item.due),
        int(item.due_derived),
        item.status.value,
        item.priority.value if item.priority else None,
        json.dumps(item.labels),
        item.position,
        iso(item.created),
        iso(item.updated),
        json.dumps(sorted(item.edited_fields)),
        item.confidence,
        json.dumps(item.reasons),
        item.status_reason.value if item.status_reason else None,
        item.ticket,
        json.dumps(item.targets) if item.targets is not None else None,
    )


def postmortem_from_row(row: Any) -> Postmortem:
    (id_, title, source, chash, incident, review, services, impact, url, target, imported, targets) = row
    return Postmortem.model_construct(
        id=id_,
        title=title,
        source=source,
        content_hash=chash,
        incident_date=to_date(incident),
        review_date=to_date(review),
        services=json.loads(services),
        impact=impact,
        url=url,
        # `target` alone: a store (or an export) from before schema 8, which had one target at most
        targets=json.loads(targets) if targets and targets != "[]" else ([target] if target else []),
        imported=to_datetime(imported),
    )


def postmortem_values(pm: Postmortem) -> tuple[object, ...]:
    return (
        pm.id,
        pm.title,
        pm.source,
        pm.content_hash,
        iso(pm.incident_date),
        iso(pm.review_date),
        json.dumps(pm.services),
        pm.impact,
        pm.url,
        pm.target,  # the first, for a reader of the one-target column
        iso(pm.imported),
        json.dumps(pm.targets),
    )


def link_from_row(row: Any) -> tuple[str, RemoteLink]:
    item_id, target, state, key, url, remote_updated, synced_at, assigned, warning, by_ticket = row
    link = RemoteLink.model_construct(
        target=target,
        state=LinkState(state),
        key=key,
        url=url,
        remote_updated=to_datetime(remote_updated),
        synced_at=to_datetime(synced_at),
        remote_assigned=None if assigned is None else bool(assigned),
        warning=warning,
        by_ticket=bool(by_ticket),  # an export from before schema 6 has none
    )
    return str(item_id), link
