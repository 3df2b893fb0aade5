"""Owner names for reports: matching a query to stored owners, and one display name per person."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from tracker.errors import NotFoundError
from tracker.people import People
from tracker.store.reader import Reader
from tracker.values import owner_key

NO_OWNER = "(no owner)"


class OwnerMatch(NamedTuple):
    """What an owner query (`tracker status alice`, `--owner alice`) resolved to."""

    query: str
    name: str  # the `[people]` name, else the owner as stored, else the query
    keys: frozenset[str]  # owner keys (normalised names) of the items that person owns
    known: bool  # `[people]` names them


def resolve_owner(reader: Reader, people: People, query: str) -> OwnerMatch:
    """Match case-insensitively by name as written, alias, GitHub login, Jira account or email.

    AmbiguousOwnerError when the query names several people. NotFoundError when it names neither a
    `[people]` entry nor any owner in the store. A person in `[people]` who owns nothing matches
    with no keys (zero counts), since that is an answer, not a typo.
    """
    keys = frozenset(people.resolve_query(query, reader.owner_keys()))
    persons = sorted(people.matches(query))
    if not keys and not persons:
        raise NotFoundError(f"no owner matches {query!r}; `tracker status` lists the owners")
    if persons:
        name = persons[0]
    else:
        spelled = reader.spellings(keys)
        name = spelled[min(keys)]
    return OwnerMatch(query, name, keys, bool(persons))


@dataclass
class Names:
    """One grouping key and display name per person, for owners as written (cached per spelling).

    A `[people]` person is shown by their table name, whatever alias, login or email the item
    used. Anyone else is grouped by the normalised name and shown in one stored spelling
    (`spelled`, by owner key), so `report` and `status` name them the same way.
    """

    people: People
    spelled: Mapping[str, str] = field(default_factory=dict)
    _cache: dict[str, tuple[str, str]] = field(default_factory=dict)

    def of(self, written: str | None) -> tuple[str | None, str | None]:
        """(group key, display name); (None, None) for no owner."""
        if not written:
            return None, None
        hit = self._cache.get(written)
        if hit is None:
            persons = self.people.matches(written)
            if len(persons) == 1:
                name = next(iter(persons))
                key = owner_key(name) or ""
            else:
                key = owner_key(written) or ""
                name = self.spelled.get(key, written)
            hit = self._cache[written] = (key, name)
        return hit


def stored_names(reader: Reader, people: People) -> Names:
    """Names with one stored spelling per owner key (one index probe per owner)."""
    return Names(people, reader.owner_spellings())
