"""`tracker list --format json`, written by SQLite: each item's JSON text comes out of the query.

A store of 100,000 items is listed in well under a second this way: reading the same items into
`views.ItemView`s and encoding them in Python costs three times as much. The text is
`json.dumps(render.item_json(item, ...), separators=(",", ":"), ensure_ascii=False)`, with two
differences that only a hand-edited store shows: timestamps are written as stored (the store
writes `isoformat()`, which reading and writing again gives back unchanged), and a float with
more than 15 significant digits is rounded to 15 (the extractor writes confidences rounded to two
places). `has_json_functions` says whether this SQLite can do it (it can, by default, since 3.38).

Owners are shown by their `[people]` name: `names` maps an owner key (`values.owner_key`) to that
name, as `People.canonical` does, and SQLite looks each item's key up in it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping

from tracker.store.views import BATCH, ItemFilters, item_filter

_TRUE_FALSE = "json(CASE WHEN {} THEN 'true' ELSE 'false' END)"
#: A list column (JSON text) written again, so its strings come out as UTF-8 as the rest does.
_LIST = (
    "CASE WHEN {0} IS NULL OR {0} = '[]' THEN json('[]') ELSE (SELECT json_group_array(value) FROM json_each({0})) END"
)

_LINKS = (
    "(SELECT json_group_object(l.target, json_object('state', l.state, 'key', l.key, 'url', l.url, "
    f"'synced_at', l.synced_at, 'by_ticket', {_TRUE_FALSE.format('l.by_ticket')})) "
    "FROM links l WHERE l.item_id = i.id)"  # (the primary key's index gives them in target order)
)
_ITEM = (
    "json_object('id', i.id, 'text', i.text, 'category', i.category, 'section', i.section, "
    "'owner', coalesce(n.name, i.owner), 'due', i.due, 'due_derived', "
    f"{_TRUE_FALSE.format('i.due_derived')}, 'status', i.status, 'status_reason', i.status_reason, "
    f"'confidence', i.confidence, 'reasons', {_LIST.format('i.reasons')}, 'ticket', i.ticket, "
    "'postmortem', json_object('id', i.postmortem_id, 'title', p.title, 'source', p.source), "
    f"'priority', i.priority, 'labels', {_LIST.format('i.labels')}, 'created', i.created, "
    f"'updated', i.updated, 'links', {_LINKS})"
)


def has_json_functions(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT json_object('a', json('[]'))").fetchone()
    except sqlite3.Error:
        return False
    return True


def json_items(conn: sqlite3.Connection, filters: ItemFilters, names: Mapping[str, str]) -> Iterator[str]:
    """The JSON text of each item `views.items(conn, **filters._asdict())` reads, in its order."""
    clause, args = item_filter(**filters._asdict())  # (its columns are the items': SQLite would
    cursor = conn.execute(  # refuse an ambiguous one, not guess)
        "WITH n(key, name) AS MATERIALIZED (SELECT key, value FROM json_each(?)) "
        f"SELECT {_ITEM} FROM items i LEFT JOIN postmortems p ON p.id = i.postmortem_id "
        f"LEFT JOIN n ON n.key = i.owner_key {clause}",
        [json.dumps(dict(names)), *args],
    )
    while batch := cursor.fetchmany(BATCH):
        for (text,) in batch:
            yield text
