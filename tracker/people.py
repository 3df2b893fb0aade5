"""Who is who: owner names as written, aliases, and tracker accounts from `[people]`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, Protocol

from tracker.errors import AmbiguousOwnerError
from tracker.values import owner_key

AccountKind = Literal["github", "gitlab", "jira"]


class Person(Protocol):
    """One `[people]` entry: `tracker.config.Person`, or its plain `tracker.config_view.PersonView`."""

    @property
    def github(self) -> str | None: ...
    @property
    def gitlab(self) -> str | None: ...
    @property
    def jira(self) -> str | None: ...
    @property
    def email(self) -> str | None: ...
    @property
    def aliases(self) -> Sequence[str]: ...


def _norm(name: str) -> str:
    return owner_key(name) or ""


class People:
    """Maps owner names to tracker accounts and back, case-insensitively."""

    def __init__(self, people: Mapping[str, Person]) -> None:
        self._people = dict(people)
        self._by_key: dict[str, set[str]] = {}
        for name, person in self._people.items():
            keys = [name, *person.aliases, person.github, person.gitlab, person.jira, person.email]
            for key in keys:
                if key:
                    self._by_key.setdefault(_norm(key), set()).add(name)
        self._canonical: dict[str, str] = {}  # per spelling: `list` asks once per item

    def canonical(self, written: str | None) -> str | None:
        """The `[people]` name for an owner as written, or the written name when unknown or ambiguous."""
        if not written:
            return written
        found = self._canonical.get(written)
        if found is None:
            names = self._by_key.get(_norm(written), set())
            found = self._canonical[written] = next(iter(names)) if len(names) == 1 else written
        return found

    def names_by_key(self) -> dict[str, str]:
        """`canonical` as a table: owner key (`values.owner_key`) -> the one `[people]` name it
        names (a key naming several people is left out: those owners are shown as written)."""
        return {key: next(iter(names)) for key, names in self._by_key.items() if len(names) == 1}

    def matches(self, query: str) -> set[str]:
        """The person names a query names (via name, alias, login, account or email)."""
        return set(self._by_key.get(_norm(query), set()))

    def query_keys(self, query: str) -> set[str]:
        """Normalised owner spellings a status/list/report query means; AmbiguousOwnerError on a tie."""
        people = self.matches(query)
        if len(people) > 1:
            raise AmbiguousOwnerError(query, sorted(people))
        wanted = {_norm(query)}
        for person in people:
            entry = self._people[person]
            spellings = (person, *entry.aliases, entry.github, entry.gitlab, entry.jira, entry.email)
            wanted |= {_norm(k) for k in spellings if k}
        return wanted

    def resolve_query(self, query: str, owners: Iterable[str]) -> set[str]:
        """Owner names as stored that a query means; AmbiguousOwnerError on a tie."""
        wanted = self.query_keys(query)
        return {owner for owner in owners if _norm(owner) in wanted}

    def account(self, owner: str | None, kind: AccountKind) -> str | None:
        """The login/account id for an owner on a tracker, or None (never guessed)."""
        if not owner:
            return None
        names = self._by_key.get(_norm(owner), set())
        if len(names) != 1:
            return None
        value: str | None = getattr(self._people[next(iter(names))], kind)
        return value

    def accounts(self, kind: AccountKind) -> dict[str, str]:
        """Every person with an account on this kind of tracker: name -> login / account id."""
        return {name: value for name, p in self._people.items() if (value := getattr(p, kind))}

    def person_for_account(self, account: str, kind: AccountKind) -> str:
        """The person a tracker account belongs to; the account itself when unknown."""
        for name, person in self._people.items():
            value = getattr(person, kind)
            if value and value.lower() == account.lower():
                return name
        return account
