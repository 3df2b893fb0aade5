"""The one door into the store: what every backend offers, and all that code outside
`tracker/store/` may use. `tracker.store.Store` implements it over either backend (an SQLite file,
or PostgreSQL by its URL: `tracker.store.dialect`), and nothing above the store knows which.

Values cross this door as records (`ActionItem`, `Postmortem`) or plain values; no connection,
cursor or SQL ever does. Writes happen inside `transaction()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from tracker.model import ActionItem, Postmortem, Status
    from tracker.reextract.plan import DocumentPlan
    from tracker.store.reminders import LastSent, SentReminder
    from tracker.store.store import ImportResult
    from tracker.store.sync_state import StoredConflict, StoredLink, StoredTwin
    from tracker.store.views import ItemSort


class SyncRecords(Protocol):
    """What the store keeps for the sync per (item, target), in values the sync package encodes.
    Every write runs inside the store's `transaction()`."""

    def links(self, target: str) -> dict[str, StoredLink]: ...

    def base(self, item_id: str, target: str) -> str | None: ...

    def item_updated(self, item_id: str) -> datetime | None: ...

    def conflicted_fields(self, target: str) -> dict[str, frozenset[str]]: ...

    def twins(self, target: str) -> list[StoredTwin]: ...

    def mark_pending(self, item_ids: Iterable[str], target: str) -> None: ...

    def mark_pushing(self, item_id: str, target: str, names: Iterable[str]) -> None: ...

    def save_link(
        self,
        item_id: str,
        target: str,
        *,
        key: str,
        url: str,
        remote_updated: datetime,
        base: str,
        assigned: bool,
        warning: str | None,
        now: datetime,
        by_ticket: bool | None = None,
    ) -> None: ...

    def save_twins(self, item_id: str, target: str, twins: Iterable[str]) -> None: ...

    def save_base(
        self, item_id: str, target: str, base: str, now: datetime, *, assigned: bool | None = None
    ) -> None: ...

    def mark_broken(self, item_id: str, target: str, reason: str) -> None: ...

    def set_item_fields(self, item_id: str, changes: dict[str, object], now: datetime) -> None: ...

    def save_conflict(self, item_id: str, target: str, name: str, local: str, remote: str, now: datetime) -> None: ...

    def conflicts(self, item_id: str | None = None) -> list[StoredConflict]: ...

    def drop_conflict(self, item_id: str, target: str, name: str) -> None: ...

    def cursor(self, target: str) -> datetime | None: ...

    def set_cursor(self, target: str, when: datetime) -> None: ...


class ReminderRecords(Protocol):
    """What `tracker remind` keeps: every item of every message sent, and Slack ids by e-mail.
    Every write runs inside the store's `transaction()`."""

    def sent_since(self, since: datetime) -> dict[tuple[str, str, str], LastSent]:
        """The latest send per (recipient, channel, item id) at or after `since`."""
        ...

    def record(self, sent: Iterable[SentReminder]) -> None: ...

    def slack_ids(self, since: datetime) -> dict[str, str]:
        """Slack user id per lower-cased e-mail address; '' where Slack knew nobody (at or after `since`)."""
        ...

    def save_slack_id(self, email: str, user_id: str, now: datetime) -> None: ...


class StoreFacade(Protocol):
    @property
    def path(self) -> Path | str:
        """The SQLite file, or the PostgreSQL URL without its password (what messages name)."""
        ...

    @property
    def schema_version(self) -> int: ...

    @property
    def server(self) -> str | None:
        """The database server and its version (`PostgreSQL 15.18`); None for SQLite."""
        ...

    def close(self) -> None: ...

    def transaction(self) -> AbstractContextManager[object]:
        """All writes inside it land together, or none does (StoreError)."""
        ...

    def sync_lock(self) -> AbstractContextManager[None]:
        """Held by one sync at a time (LockedError while another one holds it)."""
        ...

    def integrity_problems(self) -> list[str]: ...

    def restore(self, lines: Iterable[str], source: str, check_base: Callable[[str], object]) -> dict[str, int]: ...

    @property
    def sync_state(self) -> SyncRecords:
        """The sync bookkeeping (links, last-synced values, conflicts, cursors), as plain values."""
        ...

    @property
    def reminders(self) -> ReminderRecords:
        """What the reminders sent, and the Slack ids they looked up."""
        ...

    # postmortems
    def postmortems(self, ids: Iterable[str] | None = None) -> dict[str, Postmortem]: ...

    def get_postmortem(self, ref: str) -> Postmortem: ...

    def postmortem_by_source(self, source: str) -> Postmortem | None: ...

    def postmortems_titled(self, title: str, incident_date: date | None) -> list[Postmortem]: ...

    def item_counts(self) -> dict[str, tuple[int, int]]: ...

    def put_postmortem(self, pm: Postmortem) -> None: ...

    def next_postmortem_id(self) -> str: ...

    # items
    def get_item(self, item_id: str) -> ActionItem: ...

    def items(
        self,
        *,
        owners: Iterable[str] | None = None,
        statuses: Iterable[Status] | None = None,
        postmortem_id: str | None = None,
        due_before: date | None = None,
        sort: ItemSort = "id",
        limit: int | None = None,
        with_links: bool = True,
    ) -> list[ActionItem]: ...

    def owners(self) -> list[str]: ...

    def put_item(self, item: ActionItem) -> None: ...

    def edit_item(self, item_id: str, changes: dict[str, object], now: datetime) -> ActionItem: ...

    def next_item_id(self) -> str: ...

    def raise_item_counter(self, at_least: int) -> None:
        """The next item id is above `at_least` (items adopted with the ids their issues name)."""
        ...

    def apply_document(self, pm: Postmortem, plan: DocumentPlan, now: datetime) -> ImportResult: ...
