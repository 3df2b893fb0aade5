"""`list --format json` written by Python (`json_text.item_line`, for a SQLite without JSON
functions): one compact line per item, the JSON of `render.item_json`; the list as a whole is JSON."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from tracker.cli import json_text, render
from tracker.store.views import ItemView, LinkView, PostmortemView
from tracker.values import LinkState, Priority, Status, StatusReason

text = st.text(st.characters(codec="utf-8"), max_size=12)  # control characters, quotes, U+2028 ...
zones = st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))])
moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=zones)


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
def test_item_line_is_the_compact_json_of_item_json(item: ItemView) -> None:
    line = json_text.item_line(item, shout)
    assert "\n" not in line
    expected = render.item_json(item, item.postmortem, shout)
    assert line == json.dumps(expected, ensure_ascii=False, separators=(",", ":"), default=render._default)


@given(st.lists(items, max_size=4))
def test_print_items_prints_one_json_list_with_an_item_per_line(found: list[ItemView]) -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        json_text.print_items((json_text.item_line(i) for i in found), batch=3)
    printed = out.getvalue()
    wanted = [render.item_json(i, i.postmortem) for i in found]
    assert json.loads(printed) == json.loads(json.dumps(wanted, default=render._default))
    assert printed.count("\n") == (len(found) + 2 if found else 1)
