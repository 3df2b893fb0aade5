"""Lean, read-only items for `tracker list` and `tracker show`: the item as stored, without pydantic.

`ActionItem` (pydantic) is what the store writes and the sync reads; importing pydantic alone
costs more than the rest of `tracker list --owner X`, and building 100,000 models is slower than
printing them. These views carry the same fields under the same names (the renderers read either
way) and stream: `items` reads rows in batches, so `list --format json` of 100,000 items runs in
flat memory. `Store.items` shares the filters and orders defined here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from tracker.errors import NotFoundError
from tracker.store.dialect import streamed
from tracker.store.stamps import moment, to_date, to_datetime
from tracker.values import LinkState, Priority, Status, StatusReason, owner_key

if TYPE_CHECKING:
    from tracker.store.shapes import Connection

ItemSort = Literal["id", "due", "owner", "status", "postmortem", "updated"]
#: The SQL order of each `ItemSort`; ties fall back to the id, undated items come last.
ITEM_ORDER: dict[str, str] = {
    "id": "num",
    "due": "due IS NULL, due, num",
    "owner": "owner_key IS NULL, owner_key, num",
    "status": "status, num",
    "postmortem": "CAST(substr(postmortem_id, 4) AS INTEGER), position, num",
    "updated": "updated DESC, num",
}
BATCH = 500  # items read at a time (their links and postmortems in one query each)

_COLUMNS = (
    "id, postmortem_id, text, category, section, owner, due, due_derived, status, priority, labels, "
    "created, updated, confidence, reasons, status_reason, ticket"
)
_LINK_COLUMNS = "item_id, target, state, key, url, synced_at, warning, by_ticket"


class PostmortemView(NamedTuple):  # (NamedTuples: a frozen dataclass costs a millisecond to define)
    """A postmortem as the read commands show it (`list`, `show`, `report`)."""

    id: str
    title: str
    source: str
    incident_date: date | None = None
    target: str | None = None  # the first of its targets
    targets: tuple[str, ...] = ()


class LinkView(NamedTuple):
    target: str
    state: LinkState
    key: str | None
    url: str | None
    synced_at: datetime | None
    warning: str | None
    by_ticket: bool


@dataclass(slots=True)
class ItemView:
    """The fields of `tracker.model.ActionItem` that `list` and `show` print, as stored."""

    id: str
    postmortem_id: str
    text: str
    category: str | None
    section: str | None
    owner: str | None
    due: date | None
    due_derived: bool
    status: Status
    priority: Priority | None
    labels: list[str]
    created: datetime
    updated: datetime
    confidence: float | None
    reasons: list[str]
    status_reason: StatusReason | None
    ticket: str | None
    links: dict[str, LinkView] = field(default_factory=dict)
    postmortem: PostmortemView | None = None


class ItemFilters(NamedTuple):
    """The filters of `items` (`items(conn, **filters._asdict())`) and `json_items.json_items`."""

    owners: Iterable[str] | None = None
    statuses: Iterable[Status] | None = None
    postmortem_id: str | None = None
    due_before: date | None = None
    sort: ItemSort = "id"
    limit: int | None = None


def item_ref(item_id: str) -> str:
    """The id a person means by `AI-12`, `ai-12` or `12`."""
    wanted = item_id.strip().upper()
    return f"AI-{wanted}" if wanted.isdigit() else wanted


def not_found(item_id: str) -> NotFoundError:
    return NotFoundError(f"no action item {item_id!r}; `tracker list --status all` shows the ids")


def item_filter(
    *,
    owners: Iterable[str] | None = None,
    statuses: Iterable[Status] | None = None,
    postmortem_id: str | None = None,
    due_before: date | None = None,
    sort: ItemSort = "id",
    limit: int | None = None,
) -> tuple[str, list[object]]:
    """`WHERE ... ORDER BY ... LIMIT ?` over `items` for every filter given, and its arguments."""
    where: list[str] = []
    args: list[object] = []
    if owners is not None:
        keys = sorted({owner_key(o) or "" for o in owners})
        where.append(f"owner_key IN ({','.join('?' * len(keys))})")
        args += keys
    if statuses is not None:
        values = sorted(s.value for s in statuses)
        where.append(f"status IN ({','.join('?' * len(values))})")
        args += values
    if postmortem_id is not None:
        where.append("postmortem_id = ?")
        args.append(postmortem_id)
    if due_before is not None:
        where.append("due < ?")
        args.append(due_before.isoformat())
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    clause += f" ORDER BY {ITEM_ORDER[sort]}"
    if limit is not None:
        clause += " LIMIT ?"
        args.append(limit)
    return clause, args


def items(
    conn: Connection,
    *,
    owners: Iterable[str] | None = None,
    statuses: Iterable[Status] | None = None,
    postmortem_id: str | None = None,
    due_before: date | None = None,
    sort: ItemSort = "id",
    limit: int | None = None,
) -> Iterator[ItemView]:
    """Items matching every filter given, in `sort` order, with their links and postmortems."""
    clause, args = item_filter(
        owners=owners, statuses=statuses, postmortem_id=postmortem_id, due_before=due_before, sort=sort, limit=limit
    )
    with streamed(conn, f"SELECT {_COLUMNS} FROM items {clause}", args) as cursor:
        while batch := cursor.fetchmany(BATCH):
            yield from _complete(conn, [_item(row) for row in batch])


def get_item(conn: Connection, item_id: str) -> ItemView:
    """The item `AI-12` (or `ai-12`, or `12`); NotFoundError otherwise."""
    row = conn.execute(f"SELECT {_COLUMNS} FROM items WHERE id = ?", (item_ref(item_id),)).fetchone()
    if row is None:
        raise not_found(item_id)
    return _complete(conn, [_item(row)])[0]


def _complete(conn: Connection, found: list[ItemView]) -> list[ItemView]:
    """Attach each item's links and postmortem (one query each for the batch)."""
    by_id = {item.id: item for item in found}
    marks = ",".join("?" * len(by_id))
    for item_id, target, state, key, url, synced, warning, by_ticket in conn.execute(
        f"SELECT {_LINK_COLUMNS} FROM links WHERE item_id IN ({marks})", list(by_id)
    ):
        state = _LINK_STATE.get(state) or LinkState(state)
        link = LinkView(target, state, key, url, to_datetime(synced), warning, bool(by_ticket))
        by_id[item_id].links[target] = link
    pms = postmortems(conn, {item.postmortem_id for item in found})
    for item in found:
        item.postmortem = pms.get(item.postmortem_id)
    return found


def postmortems(conn: Connection, ids: Iterable[str]) -> dict[str, PostmortemView]:
    wanted = sorted(set(ids))
    rows = conn.execute(
        f"SELECT {POSTMORTEM_VIEW_COLUMNS} FROM postmortems WHERE id IN ({','.join('?' * len(wanted))})", wanted
    )
    return {row[0]: postmortem_view(row) for row in rows}


POSTMORTEM_VIEW_COLUMNS = "id, title, source, incident_date, target, targets"


def postmortem_view(row: tuple[Any, ...]) -> PostmortemView:
    targets = tuple(json.loads(row[5])) if row[5] and row[5] != "[]" else ((row[4],) if row[4] else ())
    return PostmortemView(row[0], row[1], row[2], to_date(row[3]), row[4], targets)


_DATES: dict[str, date] = {}  # a store holds few distinct due dates: parse each once


def _item(row: Any) -> ItemView:
    (id_, pm, text, category, section, owner, due, derived, status, priority, labels, created, updated,
     confidence, reasons, reason, ticket) = row  # fmt: skip
    day = None
    if due:
        day = _DATES.get(due)
        if day is None:
            day = _DATES[due] = date.fromisoformat(due)
    return ItemView(
        id_,
        pm,
        text,
        category,
        section,
        owner,
        day,
        bool(derived),
        _STATUS.get(status) or Status(status),  # (a dict lookup: an Enum call costs a microsecond)
        (_PRIORITY.get(priority) or Priority(priority)) if priority else None,
        _list(labels),
        moment(created),
        moment(updated),
        confidence,
        _list(reasons),  # an export from before schema 5 has none
        StatusReason(reason) if reason else None,
        ticket,
    )


_STATUS: dict[str, Status] = {s.value: s for s in Status}
_LINK_STATE: dict[str, LinkState] = {s.value: s for s in LinkState}
_PRIORITY: dict[str, Priority] = {p.value: p for p in Priority}


def _list(value: str | None) -> list[str]:
    if not value or value == "[]":
        return []
    found: list[str] = json.loads(value)
    return found
