"""The one protocol every issue-tracker connector implements, and the values that cross it.

The sync engine (`tracker.sync`) sees only what is defined here, never a connector module.
Connectors live in the top-level `connectors` package, one package per kind (its settings, client,
mapping and connector); `connectors.registry` imports them lazily, so commands that do not sync
never import PyGithub or jira.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Protocol, TypeVar, runtime_checkable

from tracker.model import Status, SyncFields

if TYPE_CHECKING:
    from tracker.config import Config
    from tracker.people import People

TargetT_contra = TypeVar("TargetT_contra", contravariant=True)

#: The statuses that cross this protocol: a proposed item is never planned (`tracker.sync.plan`).
SYNCED_STATUSES: tuple[Status, ...] = tuple(s for s in Status if s is not Status.PROPOSED)


@dataclass(frozen=True, slots=True)
class PostmortemRef:
    """What a remote issue says about the postmortem its item came from."""

    title: str
    incident_date: date | None = None
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True, order=True)
class Twin:
    """The same item's issue on another target (one record on several trackers): each issue names
    its twins, so whoever reads one finds the others."""

    target: str
    key: str
    url: str

    @property
    def ref(self) -> str:
        """ "target:key": how the twins an issue names are remembered."""
        return f"{self.target}:{self.key}"

    @property
    def label(self) -> str:
        """How people name the issue: its key ("OPS-12"), a number as "#12"."""
        return f"#{self.key}" if self.key.isdigit() else self.key


#: In `Connector.update`'s `changed`: write the draft's twins too (and drop twins it no longer has).
TWINS = "twins"


@dataclass(frozen=True, slots=True)
class IssueDraft:
    """Everything a connector needs to write one item's issue."""

    item_id: str
    fields: SyncFields
    postmortem: PostmortemRef
    due_derived: bool = False  # the due date comes from [policy], not the document: the issue says so
    twins: tuple[Twin, ...] = ()  # its issues on the other targets, by target name


@dataclass(frozen=True, slots=True)
class RemoteIssue:
    """A snapshot of one remote issue, mapped to the local vocabulary.

    `item_id` is read from the marker the issue carries (None when unmarked).
    `assigned` is False when the issue has no assignee (the owner, if any, is only written in the body).
    `warnings` carries per-item remarks from a write (e.g. an owner that could not be assigned).
    `postmortem` and `due_derived` are what the issue says about its origin (read back by adopt).
    """

    key: str
    url: str
    updated: datetime
    fields: SyncFields
    item_id: str | None = None
    assigned: bool = False
    postmortem: PostmortemRef | None = None
    due_derived: bool = False
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class CreateResult:
    """The outcome of creating one draft: the new issue, or the error that stopped it."""

    item_id: str
    issue: RemoteIssue | None = None
    error: Exception | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One doctor check: what was looked at, what is wrong (None: it passed), and how to put it right.

    `blocking` is False for what is worth knowing but does not stop a sync (a label the first
    sync creates).
    """

    check: str
    problem: str | None = None
    fix: str = ""
    blocking: bool = True


def problem_of(exc: Exception) -> str:
    """An error's message without the `[target] item:` prefix (the doctor names the target itself)."""
    return str(exc.args[0]) if exc.args else str(exc)


class Connector(Protocol):
    """A thin adapter between the engine and one remote tracker."""

    target: str

    def project(self, fields: SyncFields) -> SyncFields:
        """The local fields as this tracker can hold them (e.g. in_progress -> open on GitHub)."""
        ...

    def list_changed(self, since: datetime | None) -> list[RemoteIssue]:
        """Every marked issue of this target updated at or after `since` (all when None)."""
        ...

    def find_by_markers(self, item_ids: Sequence[str]) -> dict[str, RemoteIssue]:
        """Recovery: the issues carrying these items' markers, whatever their update time."""
        ...

    def create(self, drafts: Sequence[IssueDraft]) -> list[CreateResult]:
        """Create one issue per draft (in bulk where the tracker allows), each naming the draft's
        twins; one result per draft, in order."""
        ...

    def update(self, key: str, draft: IssueDraft, changed: frozenset[str]) -> RemoteIssue:
        """Write the `changed` fields of `draft` to issue `key` (`TWINS` among them: its twins too);
        return the issue as it now is."""
        ...

    def fetch(self, key: str) -> RemoteIssue:
        """One issue by key (raises RemoteGoneError when deleted)."""
        ...

    def ticket_key(self, ticket: str) -> str | None:
        """The key of the issue of this target a ticket reference names ("#12", "PROJ-7", its URL);
        None for another tracker's, or another repository's or project's. Pure: no request."""
        ...

    def check(self) -> list[Finding]:
        """Doctor checks: credentials, the project or repository, its setup, the `[people]` accounts."""
        ...


@runtime_checkable
class RoutesStatus(Protocol):
    """A connector whose status moves may take several steps (a Jira workflow): for `--dry-run`."""

    def status_route(self, key: str, status: Status) -> tuple[str, ...]:
        """The statuses a move of `key` to `status` would pass through, its current one first, as far
        as can be told without moving (`…` for a stretch not seen yet); () for a direct move. Reads only."""
        ...


class ConnectorFactory(Protocol[TargetT_contra]):
    """How a connector is made: its class, called with the target's settings of its own kind.
    The one registry of kinds is `connectors.registry`."""

    def __call__(self, name: str, target: TargetT_contra, config: Config, people: People) -> Connector: ...
