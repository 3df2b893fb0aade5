"""The reminder planner (pure) and the words of a reminder: who gets what, dedupe, quiet days,
unreachable owners, and the escaping and limits of each form."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from tracker.remind import compose
from tracker.remind.gather import Gathered, OwnerItems
from tracker.remind.plan import (
    Address,
    Recipient,
    Rules,
    addresses,
    fingerprint,
    ownerless_recipient,
    plan,
)
from tracker.report.build import ReportItem
from tracker.report.flags import DUE_SOON, NO_DUE_DATE, OVERDUE, OWNERLESS, UNASSIGNABLE, ItemFlags
from tracker.store.reader import ItemRow, LastSent

MONDAY = date(2026, 12, 7)


def item(num: int, owner: str | None, mask: int = OVERDUE, text: str = "Fix it", due: date | None = None) -> ReportItem:
    row = ItemRow(
        num,
        f"AI-{num}",
        "PM-1",
        text,
        owner,
        due or date(2026, 12, 1),
        False,
        "open",
        datetime(2026, 12, 1, tzinfo=UTC),
    )
    return ReportItem(row, owner, None, ItemFlags(mask, days_overdue=6 if mask & OVERDUE else None))


def found(*owners: OwnerItems, ownerless: tuple[ReportItem, ...] = ()) -> Gathered:
    return Gathered(list(owners), list(ownerless), {"UTC": MONDAY, "Asia/Tokyo": MONDAY})


def owner(name: str, *items: ReportItem, known: bool = True, tz: str = "UTC", day: date = MONDAY) -> OwnerItems:
    return OwnerItems(name, known, day, tz, items)


ALICE = Recipient("Alice", (Address("email", "alice@example.com"),), "UTC")
OPS = Recipient("#ops", (Address("slack", "#ops"),), "UTC")


def test_each_owner_gets_their_flagged_items_and_nothing_else() -> None:
    got = plan(
        found(owner("Alice", item(1, "Alice"), item(2, "Alice", NO_DUE_DATE))), {"Alice": ALICE}, {}, Rules(), None
    )
    [reminder] = got.reminders
    assert reminder.recipient == "Alice" and [i.row.id for i in reminder.items] == ["AI-1"]


def test_an_owner_without_an_address_is_unreachable_and_listed_to_ownerless_to_never_guessed() -> None:
    nobody = Recipient("Carol", (), "UTC")
    gathered = found(
        owner("Carol", item(3, "Carol")),
        owner("Zed", item(4, "Zed"), known=False),
        ownerless=(item(5, None, OWNERLESS),),
    )
    got = plan(gathered, {"Carol": nobody}, {}, Rules(), OPS)
    [reminder] = got.reminders
    assert reminder.recipient == "#ops" and reminder.kind == "ownerless"
    assert [i.row.id for i in reminder.items] == ["AI-5"]
    assert [(u.owner, [i.row.id for i in u.items]) for u in reminder.unreachable] == [
        ("Carol", ["AI-3"]),
        ("Zed", ["AI-4"]),
    ]
    assert got.unreachable == ["Carol", "Zed"]


def test_without_ownerless_to_the_ownerless_items_are_counted_as_undelivered() -> None:
    got = plan(found(ownerless=(item(5, None, OWNERLESS),)), {}, {}, Rules(), None)
    assert got.reminders == [] and got.undelivered == 1


def test_an_item_sent_today_waits_every_days_unless_it_changed() -> None:
    one = item(1, "Alice")
    gathered = found(owner("Alice", one))
    sent_today = {("Alice", "email", "AI-1"): LastSent(datetime(2026, 12, 7, 6, tzinfo=UTC), fingerprint(one))}
    got = plan(gathered, {"Alice": ALICE}, sent_today, Rules(every_days=1), None)
    assert got.reminders == [] and got.up_to_date == ["Alice"]
    yesterday = {("Alice", "email", "AI-1"): LastSent(datetime(2026, 12, 6, 6, tzinfo=UTC), fingerprint(one))}
    assert len(plan(gathered, {"Alice": ALICE}, yesterday, Rules(every_days=1), None).reminders) == 1
    assert plan(gathered, {"Alice": ALICE}, yesterday, Rules(every_days=2), None).reminders == []
    changed = {("Alice", "email", "AI-1"): LastSent(datetime(2026, 12, 7, 6, tzinfo=UTC), "another state")}
    assert len(plan(gathered, {"Alice": ALICE}, changed, Rules(every_days=7), None).reminders) == 1
    other_channel = {("Alice", "slack", "AI-1"): sent_today[("Alice", "email", "AI-1")]}
    assert len(plan(gathered, {"Alice": ALICE}, other_channel, Rules(), None).reminders) == 1


def test_the_days_since_a_send_are_counted_in_the_recipients_zone() -> None:
    """Sent at 23:30 UTC on 6 December: that is 7 December (08:30) in Tokyo, so today there."""
    one = item(1, "Alice")
    tokyo = Recipient("Alice", ALICE.addresses, "Asia/Tokyo")
    sent = {("Alice", "email", "AI-1"): LastSent(datetime(2026, 12, 6, 23, 30, tzinfo=UTC), fingerprint(one))}
    assert plan(found(owner("Alice", one, tz="Asia/Tokyo")), {"Alice": tokyo}, sent, Rules(), None).reminders == []
    assert len(plan(found(owner("Alice", one)), {"Alice": ALICE}, sent, Rules(), None).reminders) == 1


def test_a_fingerprint_follows_the_state_not_the_day_counts() -> None:
    a, b = item(1, "Alice"), item(1, "Alice")
    b.flags.days_overdue = 7
    assert fingerprint(a) == fingerprint(b)
    assert fingerprint(a) != fingerprint(item(1, "Alice", DUE_SOON))
    assert fingerprint(a) != fingerprint(item(1, "Alice", text="Fix it properly"))
    assert fingerprint(a) != fingerprint(item(1, "Alice", due=date(2026, 12, 2)))


def test_quiet_days_are_the_recipients_weekend() -> None:
    saturday = date(2026, 12, 5)
    gathered = Gathered([owner("Alice", item(1, "Alice"), day=saturday)], [item(5, None, OWNERLESS)], {"UTC": saturday})
    got = plan(gathered, {"Alice": ALICE}, {}, Rules(skip_weekends=True), OPS)
    assert got.reminders == [] and got.quiet == ["Alice", "#ops"]
    assert len(plan(gathered, {"Alice": ALICE}, {}, Rules(skip_weekends=False), OPS).reminders) == 2


def test_addresses_prefer_the_slack_id_then_a_cached_lookup_then_a_lookup() -> None:
    both = ("slack", "email")
    assert addresses("a@x.org", "U0A", both, {}) == (Address("slack", "U0A"), Address("email", "a@x.org"))
    assert addresses("A@x.org", None, both, {"a@x.org": "U0C"})[0] == Address("slack", "U0C")
    assert addresses("a@x.org", None, ("slack",), {}) == (Address("slack", "a@x.org", lookup=True),)
    assert addresses("a@x.org", None, both, {"a@x.org": ""}) == (Address("email", "a@x.org"),)  # not on Slack
    assert addresses(None, None, both, {}) == ()


def test_ownerless_to_is_a_person_an_email_or_a_channel() -> None:
    people = {"Alice": ALICE}
    assert ownerless_recipient("Alice", people, ("email",), "UTC") is ALICE
    assert ownerless_recipient("ops@x.org", people, ("email",), "UTC").addresses == (Address("email", "ops@x.org"),)
    assert ownerless_recipient("#ops", people, ("slack", "email"), "UTC").addresses == (Address("slack", "#ops"),)
    assert ownerless_recipient("#ops", people, ("email",), "UTC").addresses == ()


def test_every_form_escapes_hostile_item_text() -> None:
    hostile = '<script>alert("x")</script> <@U0BOSS> <!channel> & <https://evil.example|click>'
    reminder = plan(
        found(owner("Alice", item(1, "Alice", text=hostile))), {"Alice": ALICE}, {}, Rules(), None
    ).reminders[0]
    mail = compose.email(reminder, 1)
    assert hostile in mail.text
    assert "<script>" not in mail.html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in mail.html
    text = compose.slack(reminder, 1)
    assert "<" not in text and ">" not in text and "&lt;@U0BOSS&gt; &lt;!channel&gt; &amp;" in text


def test_slack_lists_at_most_its_limit_and_says_how_many_more() -> None:
    many = tuple(item(n, "Alice") for n in range(1, compose.SLACK_ITEMS + 6))
    reminder = plan(found(owner("Alice", *many)), {"Alice": ALICE}, {}, Rules(), None).reminders[0]
    text = compose.slack(reminder, 1)
    assert text.count("\n• ") == compose.SLACK_ITEMS and "… and 5 more" in text
    assert len(compose.email(reminder, 1).text.splitlines()) > compose.SLACK_ITEMS + 5  # e-mail lists them all


def test_an_unassignable_item_of_an_unreachable_owner_is_listed_once() -> None:
    both = item(3, "Carol", OVERDUE | UNASSIGNABLE)
    reminder = plan(found(owner("Carol", both, item(4, "Carol", UNASSIGNABLE))), {}, {}, Rules(), OPS).reminders[0]
    assert [i.row.id for i in reminder.every_item] == ["AI-4", "AI-3"]


def test_recording_an_item_twice_in_one_run_keeps_one_row(tmp_path: Path) -> None:
    """A person who is also `ownerless_to` can get one item in both messages of a run."""
    from tests.support import add_postmortem, new_item
    from tracker.store import Store
    from tracker.store.reader import SentReminder

    store = Store(tmp_path / "t.db")
    add_postmortem(store, [new_item("Fix it", 0)])
    now = datetime(2026, 12, 7, tzinfo=UTC)
    sent = SentReminder("AI-1", "Alice", "email", "a@x.org", now, "f")
    with store.transaction():
        store.reminders.record([sent])
    with store.transaction():
        store.reminders.record([sent])
    assert list(store.reminders.sent_since(now).values()) == [LastSent(now, "f")]
