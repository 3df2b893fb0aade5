"""The Jira connector (Cloud and Server/Data Center), through the `jira` package and REST v2.

Parts: credentials from the environment, the client adapter (`jira_client`), the pure mappers
(`jira_fields`, `jira_wiki`) and `JiraConnector`. Costs: start-up is one `GET serverInfo`; a sync
that finds nothing changed is one `GET myself` (once, for the JQL time zone) and one search page.
The `updated` time kept for an issue is always the server's: a create of up to 50 issues costs one
bulk POST and one search for their times; a field update one PUT and one `GET issue?fields=updated`.
An issue's twins (its item's issues on other targets) are remote links with the global id
`tracker-twin:TARGET:KEY`: one POST each when created naming them; a change of twins reads the
issue's links (one GET) and adds or removes the difference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from connectors.jira.auth import credentials
from connectors.jira.client import BulkOutcome, FieldsRejectedError, JiraClient
from connectors.jira.config import JiraTarget
from connectors.jira.doctor import doctor
from connectors.jira.fields import CATEGORY_FOR, JiraMapper, jql_quote, marker_label
from connectors.jira.workflow import (
    MAX_STEPS,
    Goal,
    Graph,
    ScreenFieldMissing,
    Step,
    choose,
    path_text,
    screen_values,
    steps_of,
)
from connectors.tickets import jira_issue_key
from tracker.config import Config
from tracker.connector import TWINS, CreateResult, Finding, IssueDraft, RemoteIssue
from tracker.errors import (
    AuthError,
    ItemRejectedError,
    RateLimitedError,
    RemoteError,
    TransitionMissingError,
)
from tracker.model import Status, SyncFields
from tracker.people import People
from tracker.retry import RetryPolicy

BULK_LIMIT = 50  # Jira creates at most 50 issues per bulk request
_CATEGORY_NAMES = {"new": "To Do", "indeterminate": "In Progress", "done": "Done"}  # as Jira names them
MARKERS_PER_QUERY = 50
TWIN_LINK = "tracker-twin:"  # the global id of a remote link to a twin: this, then "target:key"
_T = TypeVar("_T")


class JiraConnector:
    def __init__(
        self,
        name: str,
        target: JiraTarget,
        config: Config,
        people: People,
        *,
        token: str | None = None,
        email: str | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.target = name
        self._config = target
        self._overlap = timedelta(seconds=config.sync.overlap_seconds)
        policy = retry or RetryPolicy(max_retries=config.sync.max_retries, max_rate_wait=config.sync.max_rate_wait)
        creds = credentials(name, target, token=token, email=email)
        self._client = JiraClient(target.url, creds, policy, target=name)
        self._mapper_base = JiraMapper(
            people=people,
            server_url=target.url.rstrip("/"),
            cloud=target.deployment == "cloud",
            target_labels=tuple(target.labels),
            status_map=dict(target.status_map),
            priority_map=dict(target.priority_map),
        )
        self._mapper: JiraMapper | None = None
        self._fresh_transitions: list[Step] | None = None
        self._fresh_status: str | None = None  # and their first status
        self._graph = Graph()  # the workflow as seen in this run (one project and issue type)

    def __repr__(self) -> str:
        return f"JiraConnector({self.target!r}, {self._config.url!r})"

    @property
    def mapper(self) -> JiraMapper:
        """The mappers, once the server has said whether it is Cloud (accountId) or not (name)."""
        if self._mapper is None:
            self._mapper = replace(self._mapper_base, cloud=self._client.is_cloud)
        return self._mapper

    def project(self, fields: SyncFields) -> SyncFields:
        return self._mapper_base.project(fields)

    # -- reading ----------------------------------------------------------------------------

    def list_changed(self, since: datetime | None) -> list[RemoteIssue]:
        clauses = [f"project = {jql_quote(self._config.project)}"]
        clauses += [f"labels = {jql_quote(label)}" for label in self._config.labels]
        if since is not None:
            clauses.append(f"updated >= {jql_quote(self._jql_time(since))}")
        issues = [self.mapper.to_remote_issue(raw) for raw in self._client.search(" AND ".join(clauses))]
        return [issue for issue in issues if issue.item_id is not None]

    def _jql_time(self, since: datetime) -> str:
        """`since` minus the overlap, in the API user's time zone (JQL's), to the minute."""
        moment = (since if since.tzinfo else since.replace(tzinfo=UTC)) - self._overlap
        return moment.astimezone(self._client.user_zone()).strftime("%Y/%m/%d %H:%M")

    def find_by_markers(self, item_ids: Sequence[str]) -> dict[str, RemoteIssue]:
        wanted = {item_id.upper(): item_id for item_id in item_ids}
        found: dict[str, RemoteIssue] = {}
        for chunk in _chunks(sorted(set(item_ids)), MARKERS_PER_QUERY):
            labels = ", ".join(jql_quote(marker_label(item_id)) for item_id in chunk)
            jql = f"project = {jql_quote(self._config.project)} AND labels in ({labels})"
            for raw in self._client.search(jql):
                issue = self.mapper.to_remote_issue(raw)
                if issue.item_id in wanted:
                    found[wanted[issue.item_id]] = issue
        return found

    def fetch(self, key: str) -> RemoteIssue:
        return self.mapper.to_remote_issue(self._client.get_issue(key))

    def ticket_key(self, ticket: str) -> str | None:
        return jira_issue_key(ticket, self._config.project, self._config.url)

    # -- writing ----------------------------------------------------------------------------

    def create(self, drafts: Sequence[IssueDraft]) -> list[CreateResult]:
        self._fresh_transitions = None  # new issues share their first status, so their transitions
        self._fresh_status = None
        results: list[CreateResult] = []
        for chunk in _chunks(list(drafts), BULK_LIMIT):
            results.extend(self._create_chunk(chunk))
        return results

    def _create_chunk(self, drafts: list[IssueDraft]) -> list[CreateResult]:
        first = self._bulk(drafts, assign=True)
        outcomes: list[BulkOutcome | RemoteError] = list(first) if isinstance(first, list) else [first] * len(drafts)
        # Owners Jira won't take as assignee: create those unassigned, the owner named in the text.
        again = [i for i, o in enumerate(outcomes) if isinstance(o, BulkOutcome) and set(o.errors) == {"assignee"}]
        second = self._bulk([drafts[i] for i in again], assign=False)
        for n, i in enumerate(again):
            outcomes[i] = second[n] if isinstance(second, list) else second
        done = [
            self._created(d, o, owner_refused=i in again) for i, (d, o) in enumerate(zip(drafts, outcomes, strict=True))
        ]
        return self._with_server_times(done)

    def _with_server_times(self, done: list[CreateResult | _Created]) -> list[CreateResult]:
        """The created issues with the `updated` time Jira gives them (after their follow-up steps)."""
        created = {c.key: c.id for c in done if isinstance(c, _Created)}
        try:
            times = self._client.updated_times(created)
        except RemoteError as exc:  # they exist, unread: recovery finds them by marker next time
            return [c.failed(exc) if isinstance(c, _Created) else c for c in done]
        return [c.result(times[c.key]) if isinstance(c, _Created) else c for c in done]

    def _bulk(self, drafts: list[IssueDraft], *, assign: bool) -> list[BulkOutcome] | RemoteError:
        if not drafts:
            return []
        project = {"key": self._config.project}
        issuetype = {"name": self._config.issue_type}
        field_list = [
            {"project": project, "issuetype": issuetype, **self.mapper.fields_for(d, assign=assign)} for d in drafts
        ]
        try:
            return self._client.bulk_create(field_list)
        except (AuthError, RateLimitedError) as exc:  # stops the sync: say which creates it stopped
            more = f" and {len(drafts) - 1} more" if len(drafts) > 1 else ""
            exc.item_id = exc.item_id or f"{drafts[0].item_id}{more}"
            raise
        except RemoteError as exc:  # unknown whether Jira created them: recovery finds them by marker
            return exc

    def _created(
        self, draft: IssueDraft, outcome: BulkOutcome | RemoteError, *, owner_refused: bool
    ) -> CreateResult | _Created:
        if isinstance(outcome, RemoteError):
            return CreateResult(draft.item_id, error=_for_item(outcome, draft.item_id))
        key = outcome.key
        if key is None:
            return CreateResult(draft.item_id, error=self._rejected(draft, outcome.errors))
        # Trust the key Jira returned: its search index lags behind a create.
        fields = self.project(draft.fields)
        warnings = [f"owner {fields.owner!r} could not be assigned in Jira"] if owner_refused else []
        pm = draft.postmortem
        if pm.url:
            url = pm.url
            warnings += self._try(lambda: self._client.add_link(key, url, pm.title, item_id=draft.item_id))
        if draft.twins:
            warnings += self._try(lambda: self._link_twins(key, draft, fresh=True))
        if fields.status != Status.OPEN:
            problems = self._try(lambda: self._walk(key, fields.status, draft.item_id, fresh=True))
            if problems:
                warnings += problems
                fields = fields.with_changes({"status": Status.OPEN})
        assigned = not owner_refused and self.mapper.assignee_for(fields.owner) is not None
        return _Created(self._written(key, draft, fields, warnings, assigned=assigned), outcome.id)

    def _rejected(self, draft: IssueDraft, errors: dict[str, str]) -> ItemRejectedError:
        said = "; ".join(f"{field}: {message}" if field else message for field, message in sorted(errors.items()))
        names = ", ".join(sorted(field for field in errors if field))
        what = f"field {names}" if names else "the issue"
        return ItemRejectedError(f"Jira rejected {what} ({said})", item_id=draft.item_id, target=self.target)

    def _try(self, step: Callable[[], object]) -> list[str]:
        """Run a follow-up step of a create; its failure is a warning (the issue exists)."""
        try:
            step()
        except (AuthError, RateLimitedError):
            raise
        except RemoteError as exc:  # the warning is reported under the item: not "[target] item:" again
            return [str(exc.args[0]) if exc.args else str(exc)]
        return []

    def update(self, key: str, draft: IssueDraft, changed: frozenset[str]) -> RemoteIssue:
        warnings = self._write_fields(key, draft, changed - {TWINS})
        if TWINS in changed:
            self._link_twins(key, draft)
        if "status" not in changed:  # the engine keeps only the fields it wrote: only `updated` is read
            return self._as_written(key, draft, warnings)
        self._walk(key, self.project(draft.fields).status, draft.item_id)
        return replace(self._read(key, draft.item_id), warnings=tuple(warnings))

    def _link_twins(self, key: str, draft: IssueDraft, *, fresh: bool = False) -> None:
        """A remote link to each twin, known again by its global id; ours to a twin it no longer
        has are removed. `fresh`: a new issue, with no links to read."""
        have = {} if fresh else self._client.remote_links(key, item_id=draft.item_id)
        wanted = {f"{TWIN_LINK}{twin.ref}": twin for twin in draft.twins}
        for global_id, twin in wanted.items():
            if have.get(global_id) != twin.url:
                title = f"Also tracked in {twin.label} ({twin.target})"
                self._client.put_remote_link(key, global_id, twin.url, title, item_id=draft.item_id)
        for global_id in sorted(set(have) - set(wanted)):
            if global_id.startswith(TWIN_LINK):
                self._client.delete_remote_link(key, global_id, item_id=draft.item_id)

    def _as_written(self, key: str, draft: IssueDraft, warnings: list[str]) -> RemoteIssue:
        """The issue as written, at the time Jira says it was: one `GET issue?fields=updated`
        (an edit answers 204 with no body; Cloud's `returnIssue=true` would put a body, which a
        cut connection could garble, on an edit that was done)."""
        fields = self.project(draft.fields)
        assigned = not warnings and self.mapper.assignee_for(fields.owner) is not None
        written = self._written(key, draft, fields, warnings, assigned=assigned)
        return written.issue(self._client.updated_time(key, item_id=draft.item_id))

    def _written(
        self, key: str, draft: IssueDraft, fields: SyncFields, warnings: list[str], *, assigned: bool
    ) -> _Written:
        url = f"{self.mapper.server_url}/browse/{key}"
        return _Written(key, url, draft, fields, assigned=assigned, warnings=tuple(warnings))

    def _read(self, key: str, item_id: str) -> RemoteIssue:
        return self.mapper.to_remote_issue(self._client.get_issue(key, item_id=item_id))

    def _write_fields(self, key: str, draft: IssueDraft, changed: frozenset[str]) -> list[str]:
        fields = self.mapper.update_fields(draft, changed)
        if not fields:
            return []
        try:
            self._client.edit(key, fields, item_id=draft.item_id)
        except FieldsRejectedError as exc:
            if exc.fields != ("assignee",):
                raise
            self._client.edit(key, self.mapper.update_fields(draft, changed, assign=False), item_id=draft.item_id)
            return [f"owner {draft.fields.owner!r} could not be assigned in Jira"]
        return []

    def _walk(self, key: str, status: Status, item_id: str, *, fresh: bool = False) -> list[Step]:
        """Move `key` to `status` through its workflow (see `connectors.jira.workflow`); the
        transitions taken, none when it is there already. TransitionMissingError when there is no
        way, or a screen asks for a field there is no value for.

        `fresh`: a just-created issue, whose first transitions are those of every other one created now.
        """
        goal = Goal(CATEGORY_FOR[status], self.mapper.status_map.get(status))
        preferred = {name.casefold() for name in self.mapper.status_map.values()}
        start: str | None = None  # read only when the first step is no direct one
        visited: set[str] = set()
        taken: list[Step] = []
        for _ in range(MAX_STEPS):
            steps = self._steps(key, item_id, fresh=fresh and not taken)
            here = taken[-1].to if taken else start
            if here is None and fresh and self._fresh_status is not None:
                here = start = self._fresh_status  # a new issue is where every new one starts
            elif here is None and not any(goal.reached_by(s) for s in steps):
                raw = self._client.get_issue(key, item_id=item_id)
                here = start = str(((raw.get("fields") or {}).get("status") or {}).get("name") or "") or None
                if fresh:
                    self._fresh_status = start
                if self.mapper.to_remote_issue(raw).fields.status == status:
                    return taken
            self._graph.learn(here, steps)
            visited.update(n for n in (here,) if n)
            step = choose(steps, goal, self._graph, visited, preferred)
            if step is None:
                break
            final = goal.reached_by(step)
            try:
                fields, comment = screen_values(step, status, item_id, final=final)
            except ScreenFieldMissing as exc:
                raise self._no_way(key, status, item_id, f"{exc} (after {path_text(start, taken)})") from None
            self._client.transition(key, step.id, fields, comment=comment, item_id=item_id)
            taken.append(step)
            if final:
                return taken
        raise self._no_way(key, status, item_id, f"no transition leads on from {path_text(start, taken) or 'here'}")

    def status_route(self, key: str, status: Status) -> tuple[str, ...]:
        """The way `_walk` would go, told from the issue's transitions and the workflow seen so
        far; `…` where it has not been seen (a dry run moves nothing, so learns one status)."""
        raw = self._client.get_issue(key)
        start = str(((raw.get("fields") or {}).get("status") or {}).get("name") or "?")
        if self.mapper.to_remote_issue(raw).fields.status == status:
            return ()
        goal = Goal(CATEGORY_FOR[status], self.mapper.status_map.get(status))
        preferred = {name.casefold() for name in self.mapper.status_map.values()}
        steps = steps_of(self._client.transitions(key))
        self._graph.learn(start, steps)
        route, visited = [start], {start}
        while len(route) <= MAX_STEPS:
            step = choose(self._graph.edges.get(route[-1], []), goal, self._graph, visited, preferred)
            if step is None:
                ahead = route[-1] in self._graph.edges
                return (*route, "(no way on)") if ahead else (*route, "…", goal.named or _CATEGORY_NAMES[goal.category])
            route.append(step.to)
            visited.add(step.to)
            if goal.reached_by(step):
                return tuple(route) if len(route) > 2 else ()
        return (*route, "…")

    def _steps(self, key: str, item_id: str, *, fresh: bool) -> list[Step]:
        if fresh and self._fresh_transitions is not None:
            return self._fresh_transitions
        steps = steps_of(self._client.transitions(key, item_id=item_id))
        if fresh:
            self._fresh_transitions = steps
        return steps

    def _no_way(self, key: str, status: Status, item_id: str, why: str) -> TransitionMissingError:
        return TransitionMissingError(
            f"{key}: the workflow has no way to {status.value}: {why}; the other fields were written",
            item_id=item_id,
            target=self.target,
        )

    # -- doctor -----------------------------------------------------------------------------

    def check(self) -> list[Finding]:
        return doctor(self._client, self._config, self.target, self._mapper_base.people.accounts("jira"))


@dataclass(frozen=True, slots=True)
class _Written:
    """An issue as this connector wrote it, before Jira has said when (its `updated` time)."""

    key: str
    url: str
    draft: IssueDraft
    fields: SyncFields
    assigned: bool
    warnings: tuple[str, ...]

    def issue(self, updated: datetime) -> RemoteIssue:
        draft = self.draft
        return RemoteIssue(
            key=self.key,
            url=self.url,
            updated=updated,
            fields=self.fields,
            item_id=draft.item_id,
            assigned=self.assigned,
            postmortem=draft.postmortem,
            due_derived=draft.due_derived and self.fields.due is not None,
            warnings=self.warnings,
        )


@dataclass(frozen=True, slots=True)
class _Created:
    """A created issue waiting for its `updated` time; `id` is Jira's numeric id (for search)."""

    written: _Written
    id: str | None

    @property
    def key(self) -> str:
        return self.written.key

    def result(self, updated: datetime) -> CreateResult:
        return CreateResult(self.written.draft.item_id, issue=self.written.issue(updated))

    def failed(self, exc: RemoteError) -> CreateResult:
        item_id = self.written.draft.item_id
        return CreateResult(item_id, error=_for_item(exc, item_id))


def _for_item(exc: RemoteError, item_id: str) -> RemoteError:
    copy = type(exc)(str(exc.args[0]) if exc.args else "", item_id=item_id, target=exc.target)
    return copy


def _chunks(items: list[_T], size: int) -> Iterator[list[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
