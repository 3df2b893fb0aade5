"""One sync of one target: read both sides, plan, apply, and move the cursor.

After a pass that wrote anything, a catch-up pass lists again from that pass's start: it sees our
own writes (recognised, no echo) and any edit a person made meanwhile, so the cursor can move past
our writes without missing theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from tracker.connector import Connector, PostmortemRef, RemoteIssue, RoutesStatus, problem_of
from tracker.errors import AuthError, RateLimitedError, RemoteError, RemoteGoneError
from tracker.model import ActionItem, LinkState, Postmortem, SyncFields, utcnow
from tracker.store.protocol import StoreFacade
from tracker.sync.actions import Action, UpdateRemote
from tracker.sync.apply import Applier, SyncReport
from tracker.sync.plan import LocalRecord, Policy, TicketRead, plan, ticket_to_read
from tracker.sync.status import SyncState

MAX_PASSES = 3

#: Told (actions done, actions planned) as a sync runs; a catch-up pass that plans more raises the total.
ProgressCallback = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    """The default progress callback: tells no one."""


class ProgressTally:
    """Counts the actions planned and done over every pass and passes both counts on."""

    def __init__(self, callback: ProgressCallback) -> None:
        self.callback = callback
        self.done = 0
        self.total = 0

    def planned(self, count: int) -> None:
        self.total += count
        self.callback(self.done, self.total)

    def advance(self, count: int) -> None:
        self.done += count
        self.callback(self.done, self.total)


@dataclass
class SyncOptions:
    target: str
    policy: Policy = "newest"
    overlap: timedelta = timedelta(seconds=60)
    default_target: bool = False  # items of postmortems with no target of their own go here too
    clock: Callable[[], datetime] = utcnow


def to_fields(item: ActionItem) -> SyncFields:
    return SyncFields(
        text=item.text,
        owner=item.owner,
        due=item.due,
        status=item.status,
        priority=item.priority,
        labels=tuple(sorted(item.labels)),
    )


def ref_to(pm: Postmortem | None) -> PostmortemRef:
    if pm is None:
        return PostmortemRef(title="(unknown postmortem)")
    return PostmortemRef(title=pm.title, incident_date=pm.incident_date, source=pm.source, url=pm.url)


def load_records(store: StoreFacade, connector: Connector, options: SyncOptions) -> list[LocalRecord]:
    """The items routed to this target, with their links, last-synced values and open conflicts.

    An item is routed by its own targets, else its postmortem's, else the default targets. An item
    linked here stays (an adopted one, or one whose postmortem moved), unless its own targets
    leave this one out (`tracker edit --remove-target`): its issue here is then left as it is."""
    postmortems = store.postmortems()
    defaults = [options.target] if options.default_target else []
    state = SyncState(store)
    links = state.links(options.target)
    held = state.conflicted_fields(options.target)
    twins = state.twins(options.target)
    records = []
    for item in store.items(with_links=False):
        link = links.get(item.id)
        routed = options.target in item.routed_to(postmortems.get(item.postmortem_id), defaults)
        if not routed and (link is None or item.targets is not None):
            continue
        records.append(
            LocalRecord(
                item_id=item.id,
                fields=connector.project(to_fields(item)),
                updated=item.updated,
                postmortem=ref_to(postmortems.get(item.postmortem_id)),
                due_derived=item.due_derived,
                link=link.state if link else None,
                key=link.key if link else None,
                base=link.base if link else None,
                conflicted=held.get(item.id, frozenset()),
                pushing=link.pushing if link else frozenset(),
                assigned=link.assigned if link else None,
                creatable=item.status.is_active,
                ticket=item.ticket,
                ticket_key=connector.ticket_key(item.ticket) if item.ticket else None,
                by_ticket=link.by_ticket if link else False,
                twins=twins.get(item.id, ()),
                twins_named=link.twins if link else frozenset(),
            )
        )
    return records


def read_remote(connector: Connector, records: Sequence[LocalRecord], since: datetime | None) -> list[RemoteIssue]:
    remote = connector.list_changed(since)
    seen = {issue.item_id for issue in remote}
    pending = [r.item_id for r in records if r.link == LinkState.PENDING and r.item_id not in seen]
    if pending:  # a create may have landed before a crash: look for its marker before creating again
        remote += connector.find_by_markers(pending).values()
    return remote


def read_tickets(
    connector: Connector, records: Sequence[LocalRecord], remote: Sequence[RemoteIssue]
) -> dict[str, TicketRead]:
    """The issues that no listing shows (no marker of ours) and the plan needs: those linked through
    a ticket, and those a ticket names for an item not linked yet. One read each, by key."""
    listed = {issue.key for issue in remote}
    wanted = sorted({key for rec in records if (key := ticket_to_read(rec)) and key not in listed})
    return {key: _read_ticket(connector, key) for key in wanted}


def _read_ticket(connector: Connector, key: str) -> TicketRead:
    try:
        return TicketRead(connector.fetch(key))
    except (AuthError, RateLimitedError):
        raise  # stops the sync, as anywhere else
    except RemoteGoneError:
        return TicketRead(problem="not found")
    except RemoteError as exc:
        return TicketRead(problem=f"could not be read ({problem_of(exc)})")


def _plan(connector: Connector, records: list[LocalRecord], since: datetime | None, policy: Policy) -> list[Action]:
    remote = read_remote(connector, records, since)
    return plan(records, remote, policy, read_tickets(connector, records, remote))


def preview(store: StoreFacade, connector: Connector, options: SyncOptions) -> list[Action]:
    """The plan a sync would carry out now (for --dry-run): reads both sides, writes nothing."""
    records = load_records(store, connector, options)
    actions = _plan(connector, records, _since(store, options), options.policy)
    return [_with_route(connector, a) for a in actions] if isinstance(connector, RoutesStatus) else actions


def _with_route(connector: RoutesStatus, action: Action) -> Action:
    """A status update as it would go through the tracker's workflow, for the dry run to show."""
    if not isinstance(action, UpdateRemote) or "status" not in action.changes:
        return action
    route = connector.status_route(action.key, action.draft.fields.status)
    return replace(action, route=route) if route else action


def run_sync(
    store: StoreFacade,
    connector: Connector,
    options: SyncOptions,
    progress: ProgressCallback = no_progress,
    report: SyncReport | None = None,
) -> SyncReport:
    """Sync one target until it has nothing left to do (at most MAX_PASSES plans); `report`: one
    to go on filling (a later round of a sync of several targets)."""
    report = report if report is not None else SyncReport(options.target)
    tally = ProgressTally(progress)
    state = SyncState(store)
    since = _since(store, options)
    for _ in range(MAX_PASSES):
        started = options.clock()
        records = load_records(store, connector, options)
        actions = _plan(connector, records, since, options.policy)
        writes_before = report.writes
        tally.planned(len(actions))
        Applier(connector, state, report, options.clock, tally.advance).run(actions)
        with store.transaction():
            state.set_cursor(options.target, started)
        if report.writes == writes_before:
            break
        since = started - options.overlap
    return report


def _since(store: StoreFacade, options: SyncOptions) -> datetime | None:
    cursor = SyncState(store).cursor(options.target)
    return cursor - options.overlap if cursor else None
