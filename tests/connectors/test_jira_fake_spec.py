"""The fake Jira's answers, checked against Atlassian's OpenAPI description (trimmed copy in tests/specs).

The spec is v3 (Cloud); we speak v2, which has the same operations with wiki-markup strings where v3
has ADF documents. The paths are mapped /rest/api/2|latest/ -> /rest/api/3/; issue `fields` is a free
object in the spec, so its members are checked against their own schemas (StatusDetails, User).

Where the spec and real Jira disagree, real Jira wins and the check is relaxed, each in one place:
- timestamps: Jira sends `2024-01-02T10:00:00.000+0000`; the spec says RFC 3339 (`+00:00`);
- 204 answers: the spec declares a JSON body with an empty schema; Jira sends no body;
- `GET remotelink` without globalId: an array of RemoteIssueLink (the spec's own example), not one.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import responses
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests.connectors.jira_env import make_jira
from tests.fakes.jira_fake import FakeJira
from tracker.connector import IssueDraft, PostmortemRef
from tracker.errors import RemoteGoneError
from tracker.model import Status, SyncFields

SPEC = Path(__file__).resolve().parents[1] / "specs" / "jira-platform.openapi.json"
HOST = "https://your-domain.atlassian.net"
#: (method, v3 path template) of every operation the fake must have answered in the scenario.
COVERED = {
    ("GET", "/rest/api/3/serverInfo"),
    ("GET", "/rest/api/3/myself"),
    ("GET", "/rest/api/3/field"),
    ("POST", "/rest/api/3/issue"),
    ("POST", "/rest/api/3/issue/bulk"),
    ("GET", "/rest/api/3/issue/{issueIdOrKey}"),
    ("PUT", "/rest/api/3/issue/{issueIdOrKey}"),
    ("GET", "/rest/api/3/issue/{issueIdOrKey}/transitions"),
    ("POST", "/rest/api/3/issue/{issueIdOrKey}/transitions"),
    ("PUT", "/rest/api/3/issue/{issueIdOrKey}/assignee"),
    ("GET", "/rest/api/3/issue/{issueIdOrKey}/comment"),
    ("POST", "/rest/api/3/issue/{issueIdOrKey}/comment"),
    ("GET", "/rest/api/3/issue/{issueIdOrKey}/remotelink"),
    ("POST", "/rest/api/3/issue/{issueIdOrKey}/remotelink"),
    ("GET", "/rest/api/3/user/search"),
}
SEARCH = {"cloud": ("GET", "/rest/api/3/search/jql"), "server": ("GET", "/rest/api/3/search")}


@dataclass(frozen=True)
class Exchange:
    method: str
    path: str
    query: str
    status: int
    body: bytes


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SPEC.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def openapi(spec: dict[str, Any]) -> OpenAPI:
    return OpenAPI.from_dict(spec)


@pytest.fixture(scope="module")
def schema(spec: dict[str, Any]) -> Callable[[str], OAS30Validator]:
    registry: Registry[Any] = Registry().with_resource(
        "urn:jira", Resource.from_contents(spec, default_specification=DRAFT4)
    )
    return lambda name: OAS30Validator({"$ref": f"urn:jira#/components/schemas/{name}"}, registry=registry)


def recorded(fake: FakeJira) -> list[Exchange]:
    """Wrap `fake.handle` so every answer is kept (before `install`)."""
    seen: list[Exchange] = []
    real = fake.handle

    def handle(method: str, url: str, headers: dict[str, str], body: bytes | str | None) -> Any:
        status, out_headers, out = real(method, url, headers, body)
        path, _, query = url.removeprefix(fake.base_url).partition("?")
        seen.append(Exchange(method.upper(), path, query, status, out))
        return status, out_headers, out

    fake.handle = handle  # type: ignore[method-assign]
    return seen


def draft(n: int, text: str = "Fix it", **fields: object) -> IssueDraft:
    pm = PostmortemRef("Outage", date(2026, 10, 30), "/pm/a.md", url="https://wiki.example/pm" if n == 1 else None)
    return IssueDraft(f"AI-{n}", SyncFields(text=text).with_changes(dict(fields)), pm)


def scenario(mode: str) -> Iterator[Exchange]:
    """Everything the connector does, plus the few calls it never makes, through the real package."""
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        from tests.connectors.jira_env import connect

        fake = FakeJira(mode)  # type: ignore[arg-type]
        seen = recorded(fake)
        fake.install(rsps)
        conn = connect(fake)
        results = conn.create([draft(1, owner="Alice", status=Status.IN_PROGRESS), draft(2, text=" "), draft(3)])
        conn.create([draft(4, text=" ")])  # every element fails: 400
        key = results[0].issue.key if results[0].issue else ""
        conn.update(key, draft(1, due=date(2027, 1, 1), status=Status.DONE), frozenset({"due", "status"}))
        conn.list_changed(None)
        with pytest.raises(RemoteGoneError):
            conn.fetch("PROJ-999")
        conn.check()
        session = conn._client.jira._session
        base = f"{fake.base_url}/rest/api/2"
        single = {"project": {"key": "PROJ"}, "issuetype": {"name": "Task"}, "summary": "Single"}
        assignee = {"accountId": "acc-bob"} if mode == "cloud" else {"name": "bob"}
        search = f"{base}/search/jql" if mode == "cloud" else f"{base}/search"  # Cloud default: ids only
        for method, url, payload in [
            ("GET", f"{base}/field", None),
            ("POST", f"{base}/issue", {"fields": single}),
            ("POST", f"{base}/issue", {"fields": {"project": {"key": "PROJ"}}}),
            ("PUT", f"{fake.base_url}/rest/api/latest/issue/{key}/assignee", assignee),
            ("POST", f"{base}/issue/{key}/comment", {"body": "*wiki* text"}),
            ("GET", f"{base}/issue/{key}/comment", None),
            ("GET", f"{base}/issue/{key}/remotelink", None),
            ("GET", f"{base}/user/search?query=ali", None),
            ("GET", f'{search}?jql=project+%3D+"PROJ"', None),
        ]:
            data = json.dumps(payload) if payload is not None else None
            with contextlib.suppress(Exception):  # the package raises on 4xx; the exchange is recorded
                session.request(method, url, data=data)
        fake.token = "changed"
        with pytest.raises(Exception):  # noqa: B017 - any error: we only want the 401 exchange
            conn.fetch(key)
    yield from seen


def v3(path: str) -> str:
    return re.sub(r"^/rest/api/(2|latest)/", "/rest/api/3/", path)


def template(spec: dict[str, Any], path: str) -> str | None:
    for candidate in spec["paths"]:
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", candidate), path):
            return str(candidate)
    return None


_JIRA_TIME = re.compile(r'("\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d)(\d\d")')


def check(
    openapi: OpenAPI,
    schema: Callable[[str], OAS30Validator],
    operation: dict[str, Any],
    ex: Exchange,
    path: str,
) -> None:
    """One exchange against its operation, with the relaxations listed at the top."""
    if str(ex.status) not in operation["responses"]:
        raise AssertionError(f"status {ex.status} is not documented")
    if ex.status == 204:
        assert ex.body == b"", "a 204 has no body"
        return
    body = _JIRA_TIME.sub(r"\1:\2", ex.body.decode())
    if path.endswith("/remotelink") and ex.method == "GET" and body.startswith("["):
        for link in json.loads(body):
            schema("RemoteIssueLink").validate(link)
        return
    request = MockRequest(HOST, ex.method.lower(), path)
    openapi.validate_response(request, MockResponse(body.encode(), ex.status, content_type="application/json"))


@pytest.mark.parametrize("mode", ["cloud", "server"])
def test_every_answer_matches_the_spec(
    mode: str, spec: dict[str, Any], openapi: OpenAPI, schema: Callable[[str], OAS30Validator]
) -> None:
    covered, problems = set(), []
    for ex in scenario(mode):
        path = v3(ex.path)
        found = template(spec, path)
        if found is None or ex.method.lower() not in spec["paths"][found]:
            continue  # not in the trimmed spec (project, status): checked by the connector tests
        try:
            check(openapi, schema, spec["paths"][found][ex.method.lower()], ex, path)
        except Exception as exc:  # collect them all for one readable failure
            problems.append(f"{ex.method} {ex.path} -> {ex.status}: {exc}")
        covered.add((ex.method, found, ex.status))
    assert problems == [], "\n".join(problems)
    assert COVERED | {SEARCH[mode]} <= {(m, p) for m, p, _ in covered}
    statuses = {(m, p): set() for m, p, _ in covered}  # type: dict[tuple[str, str], set[int]]
    for m, p, s in covered:
        statuses[(m, p)].add(s)
    assert {201, 400} <= statuses[("POST", "/rest/api/3/issue/bulk")]
    assert {200, 404, 401} <= statuses[("GET", "/rest/api/3/issue/{issueIdOrKey}")]


@pytest.mark.parametrize("mode", ["cloud", "server"])
def test_issue_members_match_their_schemas(mode: str, schema: Callable[[str], OAS30Validator]) -> None:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        conn, fake = make_jira(rsps, mode)  # type: ignore[arg-type]
        issue = fake.add_issue(labels=["action-item"], assignee=next(iter(fake.users)))
        raw = conn._client.get_issue(issue.key)
        transitions = conn._client.transitions(issue.key)
        me = conn._client.myself()
    schema("IssueBean").validate(raw)
    schema("StatusDetails").validate(raw["fields"]["status"])
    schema("User").validate(raw["fields"]["assignee"])
    schema("User").validate(me)
    for transition in transitions:
        schema("IssueTransition").validate(transition)
        schema("StatusDetails").validate(transition["to"])


def test_removed_search_answers_with_an_error_collection(schema: Callable[[str], OAS30Validator]) -> None:
    fake = FakeJira("cloud")
    status, _, body = fake.handle("GET", f"{fake.base_url}/rest/api/2/search?jql=x", _auth(fake), None)
    assert status == 410
    schema("ErrorCollection").validate(json.loads(body))


def test_the_check_rejects_what_jira_would_not_send(openapi: OpenAPI, schema: Callable[[str], OAS30Validator]) -> None:
    """The validators are live: a wrong type or an unknown key fails."""
    request = MockRequest(HOST, "post", "/rest/api/3/issue/bulk")
    with pytest.raises(Exception, match="not valid"):
        openapi.validate_response(request, MockResponse(b'{"issues": {}, "errors": []}', 201))
    with pytest.raises(Exception, match="unexpected"):
        openapi.validate_response(request, MockResponse(b'{"issues": [], "errors": [], "failed": 1}', 201))
    bad_status = {"name": "Done", "id": "3", "statusCategory": {"id": "3", "key": "done"}}
    with pytest.raises(Exception, match="not of type"):
        schema("StatusDetails").validate(bad_status)


def _auth(fake: FakeJira) -> dict[str, str]:
    import base64

    return {"Authorization": "Basic " + base64.b64encode(f"{fake.email}:{fake.token}".encode()).decode()}
