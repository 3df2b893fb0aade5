"""`list --format json` streams what `print_json` of the whole list would print, byte for byte.

If `test_item_text_writes_item_json` fails, `render.item_json` changed and `json_text.item_text`
(the fast writer of the same JSON) must follow; until then `list` falls back to the generic
writer, so its output stays right, only slower.
"""

from __future__ import annotations

import contextlib
import io
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.cli import json_text, render
from tracker.store.views import ItemView, LinkView, PostmortemView
from tracker.values import LinkState, Priority, Status, StatusReason

text = st.text(st.characters(codec="utf-8"), max_size=12)  # control characters, quotes, U+2028 ...
zones = st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))])
moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=zones)
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), text, st.dates(), moments,
    st.sampled_from(list(Status)),
)  # fmt: skip
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.tuples(inner, inner) | st.dictionaries(text, inner, max_size=3),
    max_leaves=12,
)


def dumps(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=render._default)


@given(values)
def test_json_indented_is_json_dumps_with_indent_2(value: object) -> None:
    assert json_text.json_indented(value) == dumps(value)
    assert json_text.json_indented([value, {"k": value}], "  ") == dumps([value, {"k": value}]).replace("\n", "\n  ")


def test_non_text_keys_are_written_as_json_dumps_writes_them() -> None:
    value = {3: "a", 2.5: "b", True: "c", None: "d"}
    assert json_text.json_indented(value) == dumps(value)


links = st.dictionaries(
    st.sampled_from(["gh", "jira", "demo"]),
    st.builds(
        LinkView,
        target=text,
        state=st.sampled_from(list(LinkState)),
        key=st.none() | text,
        url=st.none() | text,
        synced_at=st.none() | moments,
        warning=st.none() | text,
        by_ticket=st.booleans(),
    ),
    max_size=3,
)
items = st.builds(
    ItemView,
    id=text,
    postmortem_id=text,
    text=text,
    category=st.none() | text,
    section=st.none() | text,
    owner=st.none() | text,
    due=st.none() | st.dates(),
    due_derived=st.booleans(),
    status=st.sampled_from(list(Status)),
    priority=st.none() | st.sampled_from(list(Priority)),
    labels=st.lists(text, max_size=3),
    created=moments,
    updated=moments,
    confidence=st.none() | st.floats(min_value=0, max_value=1),
    reasons=st.lists(text, max_size=3),
    status_reason=st.none() | st.sampled_from(list(StatusReason)),
    ticket=st.none() | text,
    links=links,
    postmortem=st.none() | st.builds(PostmortemView, id=text, title=text, source=text),
)


def shout(owner: str | None) -> str | None:  # a stand-in for People.canonical
    return owner and owner.upper()


@given(items)
def test_item_text_writes_item_json(item: ItemView) -> None:
    expected = dumps([render.item_json(item, item.postmortem, shout)])
    assert f"[\n  {json_text.item_text(item, shout)}\n]" == expected


def test_the_fast_writer_is_in_use() -> None:
    assert json_text.fast()


@given(st.lists(items, max_size=4))
def test_print_items_prints_what_print_json_prints(found: list[ItemView]) -> None:
    streamed, whole = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(streamed):
        json_text.print_items(found)
    with contextlib.redirect_stdout(whole):
        render.print_json([render.item_json(i, i.postmortem) for i in found])
    assert streamed.getvalue() == whole.getvalue()


def test_an_item_json_the_fast_writer_does_not_know_falls_back_to_the_generic_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = render.item_json
    monkeypatch.setattr(json_text, "item_json", lambda *args: {**original(*args), "new_key": 1})
    assert not json_text.fast()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        json_text.print_items(json_text._samples())
    assert [row["new_key"] for row in json.loads(out.getvalue())] == [1, 1]
