"""`list --format json` as a stream: `print_json` of every item's `render.item_json`, byte for byte,
written one item at a time, fast enough for 100,000 items.

The stdlib's C encoder does not indent, and its Python one costs ~50 µs an item: a store of
100,000 items would take seconds, and one list of them hundreds of megabytes. `json_indented`
is that encoder's output for the values `item_json` holds; `item_text` writes the `item_json` of
an item directly (~5 µs). Before using it, `print_items` checks it against `json_indented` on two
sample items: should `item_json` change and `item_text` not follow, the output stays right (only
slower) and tests/unit/test_json_text.py says so.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime

from tracker.cli.render import OwnerName, _as_stored, _default, item_json
from tracker.store.views import ItemView, LinkView, PostmortemView
from tracker.values import LinkState, Priority, Status, StatusReason

_string: Callable[[str], str] = json.encoder.encode_basestring


def print_items(items: Iterable[ItemView], name: OwnerName = _as_stored) -> None:
    """`render.print_json([item_json(i, i.postmortem, name) for i in items])`, in pieces."""
    text = item_text if fast(name) else _generic
    write = sys.stdout.write
    opening = "[\n  "
    for item in items:
        write(opening + text(item, name))
        opening = ",\n  "
    write("[]\n" if opening == "[\n  " else "\n]\n")


def fast(name: OwnerName = _as_stored) -> bool:
    """Whether `item_text` writes what `json_indented(item_json(...))` does, on two sample items."""
    return all(item_text(item, name) == _generic(item, name) for item in _samples())


def _generic(item: ItemView, name: OwnerName) -> str:
    return json_indented(item_json(item, item.postmortem, name), "  ")


def item_text(item: ItemView, name: OwnerName = _as_stored) -> str:
    """The item's `item_json`, indented as an element of the printed list."""
    owner, pm, reason, priority = name(item.owner), item.postmortem, item.status_reason, item.priority
    confidence, ticket, category, section = item.confidence, item.ticket, item.category, item.section
    return (
        f'{{\n    "id": {_string(item.id)},\n    "text": {_string(item.text)},'
        f'\n    "category": {"null" if category is None else _string(category)},'
        f'\n    "section": {"null" if section is None else _string(section)},'
        f'\n    "owner": {"null" if owner is None else _string(owner)},'
        f'\n    "due": {"null" if item.due is None else _string(item.due.isoformat())},'
        f'\n    "due_derived": {"true" if item.due_derived else "false"},'
        f'\n    "status": {_string(item.status)},'
        f'\n    "status_reason": {"null" if reason is None else _string(reason)},'
        f'\n    "confidence": {"null" if confidence is None else json_indented(confidence)},'
        f'\n    "reasons": {json_indented(item.reasons, "    ") if item.reasons else "[]"},'
        f'\n    "ticket": {"null" if ticket is None else _string(ticket)},'
        f'\n    "postmortem": {{\n      "id": {_string(item.postmortem_id)},'
        f'\n      "title": {"null" if pm is None else _string(pm.title)},'
        f'\n      "source": {"null" if pm is None else _string(pm.source)}\n    }},'
        f'\n    "priority": {"null" if priority is None else _string(priority)},'
        f'\n    "labels": {json_indented(item.labels, "    ") if item.labels else "[]"},'
        f'\n    "created": {_string(item.created.isoformat())},'
        f'\n    "updated": {_string(item.updated.isoformat())},'
        f'\n    "links": {_links(item.links) if item.links else "{}"}\n  }}'
    )


def _links(links: dict[str, LinkView]) -> str:
    parts = [
        f'      {_string(name)}: {{\n        "state": {_string(link.state)},'
        f'\n        "key": {"null" if link.key is None else _string(link.key)},'
        f'\n        "url": {"null" if link.url is None else _string(link.url)},'
        f'\n        "synced_at": {"null" if link.synced_at is None else _string(link.synced_at.isoformat())},'
        f'\n        "by_ticket": {"true" if link.by_ticket else "false"}\n      }}'
        for name, link in sorted(links.items())
    ]
    return "{\n" + ",\n".join(parts) + "\n    }"


def _samples() -> list[ItemView]:
    """An item with every field set (odd text, a float, lists, two links) and one with none."""
    moment = datetime(2026, 3, 4, 5, 6, 7, 890, tzinfo=UTC)
    links = {
        name: LinkView(name, state, f"K-{n}", f'https://x/"{n}"', moment if n else None, None, bool(n))
        for n, (name, state) in enumerate((("jira", LinkState.BROKEN), ("gh", LinkState.LINKED)))
    }
    full = ItemView(
        'AI-7', "PM-2", 'say "hi"\\ é\n\x01\u2028', "cat", "sec", "Ann", date(2026, 1, 2), True, Status.OPEN,
        Priority.HIGH, ["a", "ü"], moment, moment, 0.1 + 0.2, ["rule"], StatusReason.REJECTED, "PROJ-7", links,
        PostmortemView("PM-2", "Title <&>", "a/b.md"),
    )
    empty = ItemView(
        "AI-8", "PM-9", "t", None, None, None, None, False, Status.PROPOSED, None, [], moment, moment, None, [],
        None, None,
    )
    return [full, empty]


def json_indented(value: object, pad: str = "") -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False, default=render._default)` nested at `pad`:
    the same checks in the same order as `json.encoder`, the exact types tried first."""
    if type(value) is str:
        return _string(value)
    if value is None:
        return "null"
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) is dict:
        return _dict(value, pad)
    if isinstance(value, str):  # a StrEnum
        return _string(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = pad + "  "
        return "[\n" + ",\n".join([inner + json_indented(v, inner) for v in value]) + f"\n{pad}]"
    if isinstance(value, dict):
        return _dict(value, pad)
    return json_indented(_default(value), pad)


def _dict(value: dict[object, object], pad: str) -> str:
    if not value:
        return "{}"
    inner = pad + "  "
    pairs = []
    for key, item in value.items():
        text = _string(item) if type(item) is str else json_indented(item, inner)
        pairs.append(f"{inner}{_string(key) if type(key) is str else _key(key)}: {text}")
    return "{\n" + ",\n".join(pairs) + f"\n{pad}}}"


def _key(key: object) -> str:
    return _string(json.dumps(key))  # as json.dumps writes int, float, bool and None keys


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)
