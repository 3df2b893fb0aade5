"""The fault catalogue, what each fault should lead to, and how to inject one at a request kind.

A fault is injected through the fake's own `fail_next`, armed just before a matching request: at
every request of one kind during a sync ("persistent": it outlasts the retries), or at the first
one only ("once": what retries, and creates that landed but lost their answer, come to).
The documented outcome of a persistent fault (README "Exit codes", tracker.errors):

- 401, and 403 without a rate-limit sign: the token is refused, the sync stops, exit 2;
  on GitHub and GitLab a 404 on a repository-wide request means the repository is invisible to the token: 2;
- 429, a GitHub secondary limit: waited out, retried, then the sync stops on the rate limit: exit 3;
- 5xx, timeouts, resets, malformed or truncated answers: retried where safe, then the item
  (or, for a listing, the sync) fails: exit 3;
- 404/410 on one issue: the link is marked broken and reported: exit 3; 422: the item is refused: 3;
- Jira's remote link to the postmortem is a follow-up of a create: its failure is a warning (exit 0),
  except a refused token or a rate limit, which stop everything; a truncated 204 (no body) is no fault.

Once: a rate limit is waited out and the call repeated (exit 0); a transient fault is retried on
reads and idempotent writes (0), never on a create or a transition (3: the item is reported; a create
that landed is found by its marker on the next sync, never duplicated).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from tests.fakes.github_fake import SECONDARY
from tests.fakes.jira_fake import MALFORMED, RESET, TIMEOUT, TRUNCATED
from tests.reliability.world import World, request_kind

Mode = Literal["persistent", "once"]
MODES: tuple[Mode, ...] = ("persistent", "once")


@dataclass(frozen=True)
class Fault:
    name: str
    status: int
    transport: str | None = None  # timeout | reset | malformed | truncated
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None
    cause: str = ""  # what the message must say (a regex, case-insensitive)
    github_only: bool = False


FAULTS = (
    Fault("500", 500, cause=r"\b500\b"),
    Fault("502", 502, cause=r"\b502\b"),
    Fault("503", 503, cause=r"\b503\b"),
    Fault("503 Retry-After", 503, headers=(("Retry-After", "3"),), cause=r"\b503\b"),
    Fault("timeout", 0, "timeout", cause=r"timed out|timeout"),
    Fault("reset", 0, "reset", cause=r"ConnectionError|reset|did not answer"),
    Fault("429", 429, cause=r"rate limit"),
    Fault("secondary limit", 403, body=json.dumps({"message": SECONDARY}), cause=r"rate limit", github_only=True),
    Fault("401", 401, cause=r"\b401\b"),
    Fault("403", 403, cause=r"\b403\b"),
    Fault("404", 404, cause=r"\b404\b"),
    Fault("410", 410, cause=r"\b410\b"),
    Fault("422", 422, cause=r"\b422\b|rejected|refused"),
    Fault("malformed JSON", 200, "malformed", cause=r"malformed"),
    Fault("truncated body", 200, "truncated", cause=r"malformed"),
)
GITHUB_KINDS = ("GET /issues", "POST /issues", "PATCH /issues/{n}", "GET /milestones", "POST /milestones")
GITLAB_KINDS = ("GET /issues", "POST /issues", "PUT /issues/{n}", "GET /users")
JIRA_KINDS = (
    "GET /serverInfo",
    "GET /myself",
    "GET /search",
    "POST /issue/bulk",
    "PUT /issue/{n}",
    "GET /issue/{n}/transitions",
    "POST /issue/{n}/transitions",
    "GET /issue/{n}",
    "POST /issue/{n}/remotelink",
)
#: Request kinds that concern one item: their failure must name it (GitLab looks a user up for an item).
ITEM_KINDS = {*GITHUB_KINDS[1:], *GITLAB_KINDS[1:], *JIRA_KINDS[3:]}
#: Requests retried after a transient fault (reads and idempotent writes).
RETRIED = {
    "GET /issues",
    "PATCH /issues/{n}",
    "GET /milestones",
    "PUT /issues/{n}",
    "GET /users",
    *JIRA_KINDS[:3],
    "PUT /issue/{n}",
    "GET /issue/{n}/transitions",
    "GET /issue/{n}",
}
#: Jira answers these with 204 and no body.
NO_CONTENT = {"PUT /issue/{n}", "POST /issue/{n}/transitions"}
#: Requests about the whole repository or project (no issue named): a 404 there means the token cannot see it.
REPO_KINDS = {
    "github": {"GET /issues", "POST /issues", "GET /milestones", "POST /milestones"},
    "gitlab": {"GET /issues", "POST /issues", "GET /users"},
}


def kinds_for(kind: str) -> tuple[str, ...]:
    return {"github": GITHUB_KINDS, "gitlab": GITLAB_KINDS}.get(kind, JIRA_KINDS)


def faults_for(kind: str) -> tuple[Fault, ...]:
    return tuple(f for f in FAULTS if kind == "github" or not f.github_only)


def same_kind(observed: str, wanted: str) -> bool:
    return observed == wanted or (wanted == "GET /search" and observed == "GET /search/jql")


def expected_exit(kind: str, fault: Fault, at: str, mode: Mode = "persistent") -> int:
    rate_limited = fault.status == 429 or fault.github_only
    if fault.status == 401 or (fault.status == 403 and not rate_limited):
        return 2
    if fault.status == 404 and at in REPO_KINDS.get(kind, ()):
        return 2
    if at == "POST /issue/{n}/remotelink" and not rate_limited:
        return 0
    if fault.transport == "truncated" and at in NO_CONTENT:
        return 0  # the work was done and its answer has no body to cut
    if mode == "once" and (rate_limited or (kind.startswith("jira") and fault.name == "503 Retry-After")):
        return 0  # waited out, then repeated (Jira takes a 503's Retry-After for a rate limit)
    if mode == "once" and fault.status not in (404, 410, 422) and at in RETRIED:
        return 0  # a transient fault on a read or an idempotent write: retried
    return 3


def _inject(world: World, fault: Fault, method: str) -> None:
    fake: Any = world.fake
    headers = dict(fault.headers)
    if world.kind in ("github", "gitlab"):  # the same `fail_next(status, kind=...)`
        transport = fault.transport or "status"
        fake.fail_next(fault.status, method=method, headers=headers, body=fault.body, kind=transport)
        return
    special = {"timeout": TIMEOUT, "reset": RESET, "malformed": MALFORMED, "truncated": TRUNCATED}
    fake.fail_next(special.get(fault.transport or "", fault.status), method=method, headers=headers, body=fault.body)


@contextmanager
def injected(world: World, fault: Fault, at: str, mode: Mode = "persistent") -> Iterator[list[str]]:
    """Requests of kind `at` (every one, or the first) fail with `fault` while inside; yields the paths hit."""
    real = world.fake.handle
    hits: list[str] = []

    def handle(method: str, url: str, headers: Any, body: Any) -> Any:
        path = urlsplit(url).path
        if same_kind(request_kind(method, path), at) and (mode == "persistent" or not hits):
            hits.append(path)
            _inject(world, fault, method)  # the next request with this method, i.e. this one
        return real(method, url, headers, body)

    world.fake.handle = handle  # type: ignore[method-assign]
    try:
        yield hits
    finally:
        world.fake.handle = real  # type: ignore[method-assign]


ITEM_ID = re.compile(r"\bAI-\d+\b")
