"""The reminders' bookkeeping: what was sent to whom, when and by which channel, and the Slack user
ids looked up by email. Plain values in, plain values out; what a fingerprint means belongs to
`tracker.remind`. Writes run inside the caller's transaction. (Portable SQL: `?` parameters, no
SQLite-only constructs, so another backend can run the same statements.)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from tracker.store.stamps import iso, moment

if TYPE_CHECKING:
    from tracker.store.shapes import Connection


class SentReminder(NamedTuple):
    """One item in one message that really went out."""

    item_id: str
    recipient: str  # the `[people]` name, or `[remind] ownerless_to` as written
    channel: str  # "slack" | "email"
    address: str  # the Slack user or channel id, or the e-mail address
    sent_at: datetime
    fingerprint: str  # the item's state when it was sent


class LastSent(NamedTuple):
    sent_at: datetime
    fingerprint: str


class ReminderTables:
    """The SQLite side of `tracker.store.protocol.ReminderRecords`."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def sent_since(self, since: datetime) -> dict[tuple[str, str, str], LastSent]:
        """The latest send of each (recipient, channel, item id) at or after `since`."""
        rows = self.conn.execute(
            "SELECT recipient, channel, item_id, sent_at, fingerprint FROM reminders WHERE sent_at >= ?",
            (iso(since),),
        )
        latest: dict[tuple[str, str, str], LastSent] = {}
        for recipient, channel, item_id, sent_at, fingerprint in rows:
            key = (recipient, channel, item_id)
            when = moment(sent_at)
            if key not in latest or latest[key].sent_at < when:
                latest[key] = LastSent(when, fingerprint)
        return latest

    def record(self, sent: Iterable[SentReminder]) -> None:
        self.conn.executemany(
            "INSERT INTO reminders (item_id, recipient, channel, address, sent_at, fingerprint) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",  # (an item in two messages to one person)
            [(s.item_id, s.recipient, s.channel, s.address, iso(s.sent_at), s.fingerprint) for s in sent],
        )

    def slack_ids(self, since: datetime) -> dict[str, str]:
        """Slack user id per e-mail address (lower-cased) as looked up before; '' for an address
        Slack knew nobody by, at or after `since` (an older answer is asked again)."""
        rows = self.conn.execute(
            "SELECT email, user_id FROM slack_users WHERE user_id <> '' OR looked_up >= ?", (iso(since),)
        )
        return dict(rows.fetchall())

    def save_slack_id(self, email: str, user_id: str, now: datetime) -> None:
        key = email.lower()
        self.conn.execute("DELETE FROM slack_users WHERE email = ?", (key,))
        self.conn.execute(
            "INSERT INTO slack_users (email, user_id, looked_up) VALUES (?, ?, ?)", (key, user_id, iso(now))
        )


def for_item(conn: Connection, item_id: str) -> list[SentReminder]:
    """The reminders an item was in, oldest first (what `tracker show` lists)."""
    rows = conn.execute(
        "SELECT item_id, recipient, channel, address, sent_at, fingerprint FROM reminders "
        "WHERE item_id = ? ORDER BY sent_at, recipient, channel",
        (item_id,),
    )
    return [SentReminder(r[0], r[1], r[2], r[3], moment(r[4]), r[5]) for r in rows]
