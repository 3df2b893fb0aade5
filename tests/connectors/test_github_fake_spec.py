"""The fake GitHub's answers, checked against GitHub's own OpenAPI description (trimmed copy).

openapi-core validates status, content type, headers and body of each answer against the
operation it belongs to. One adjustment to the spec: GitHub's description marks `state_reason`
`nullable` but leaves `null` out of its `enum`; under OpenAPI 3.0.3 `nullable` does not widen an
`enum`, yet GitHub answers `"state_reason": null` for every open issue. We add `null` to such enums.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_core.validation.response.exceptions import InvalidData

from tests.fakes.github_fake import FakeGitHub

SPEC = Path(__file__).parent.parent / "specs" / "github-issues.openapi.json"
BASE = "https://github.fake/api/v3"
REPO = "/repos/octo/tracker"
LINK = re.compile(r'^<[^<>, ]+>; rel="(next|last|prev|first)"(, <[^<>, ]+>; rel="(next|last|prev|first)")*$')


def _allow_null_in_nullable_enums(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("nullable") and isinstance(node.get("enum"), list) and None not in node["enum"]:
            node["enum"].append(None)
        for value in node.values():
            _allow_null_in_nullable_enums(value)
    elif isinstance(node, list):
        for value in node:
            _allow_null_in_nullable_enums(value)


@cache
def spec_dict() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(SPEC.read_text(encoding="utf-8"))
    spec["servers"] = [{"url": BASE}]
    _allow_null_in_nullable_enums(spec)
    return spec


@cache
def openapi() -> OpenAPI:
    return OpenAPI.from_dict(copy.deepcopy(spec_dict()))


class Client:
    """Sends requests to the fake's `handle` and validates every answer."""

    def __init__(self, fake: FakeGitHub) -> None:
        self.fake = fake

    def raw(
        self,
        method: str,
        path: str,
        body: Any = None,
        args: dict[str, str] | None = None,
        token: str = "fake-token",
    ) -> tuple[int, dict[str, str], bytes]:
        query = f"?{urlencode(args)}" if args else ""
        data = json.dumps(body).encode() if body is not None else b""
        return self.fake.handle(method, BASE + path + query, {"Authorization": f"token {token}"}, data)

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        args: dict[str, str] | None = None,
        token: str = "fake-token",
    ) -> tuple[int, dict[str, str], Any]:
        status, headers, payload = self.raw(method, path, body, args, token)
        validate(method, path, args, body, status, headers, payload)
        return status, headers, json.loads(payload) if payload else None


def validate(
    method: str,
    path: str,
    args: dict[str, str] | None,
    body: Any,
    status: int,
    headers: dict[str, str],
    payload: bytes,
) -> None:
    request = MockRequest(
        "https://github.fake",
        method.lower(),
        urlsplit(BASE).path + path,
        args=args,
        data=json.dumps(body).encode() if body is not None else None,
    )
    content_type = headers.get("Content-Type", "application/json").split(";")[0]
    openapi().validate_response(
        request, MockResponse(payload, status_code=status, headers=headers, content_type=content_type)
    )


@pytest.fixture
def client() -> Client:
    return Client(FakeGitHub())


def issue_body(**extra: Any) -> dict[str, Any]:
    return {
        "title": "Rotate keys",
        "body": "text\n\n---\n<!-- tracker:AI-1 -->",
        "labels": ["action-item"],
        "assignees": ["alice"],
        **extra,
    }


def test_repository(client: Client) -> None:
    status, headers, repo = client.call("GET", REPO)
    assert status == 200 and repo["url"] == BASE + REPO  # on the fake's own host
    assert headers["X-RateLimit-Remaining"].isdigit() and headers["X-RateLimit-Resource"] == "core"


def test_issue_create_get_patch_and_list(client: Client) -> None:
    status, _, created = client.call("POST", f"{REPO}/issues", issue_body())
    assert status == 201 and created["number"] == 1 and created["assignee"]["login"] == "alice"
    status, _, got = client.call("GET", f"{REPO}/issues/1")
    assert status == 200 and got["labels"][0]["name"] == "action-item" and "pull_request" not in got
    status, _, patched = client.call("PATCH", f"{REPO}/issues/1", {"state": "closed", "state_reason": "not_planned"})
    assert (patched["state"], patched["state_reason"]) == ("closed", "not_planned") and patched["closed_at"]
    status, _, listed = client.call("GET", f"{REPO}/issues", args={"state": "all", "labels": "action-item"})
    assert [i["number"] for i in listed] == [1]


def test_pull_requests_in_issue_lists_carry_pull_request(client: Client) -> None:
    client.fake.add_pull_request("A PR", labels=["action-item"])
    _, _, listed = client.call("GET", f"{REPO}/issues", args={"state": "all"})
    assert listed[0]["pull_request"]["url"].endswith("/pulls/1")


def test_pagination_links_follow_github_format(client: Client) -> None:
    for n in range(65):
        client.fake.add_issue(f"Issue {n}", labels=["action-item"])
    _, headers, first = client.call("GET", f"{REPO}/issues", args={"state": "all"})
    assert len(first) == 30 and LINK.match(headers["Link"])
    rels = dict(re.findall(r'<([^>]+)>; rel="(\w+)"', headers["Link"]))
    assert set(rels.values()) == {"next", "last"}
    next_url = next(url for url, rel in rels.items() if rel == "next")
    assert f"/repositories/{client.fake.repo.id}/issues?" in next_url and next_url.endswith("page=2")
    status, headers, second = client.fake.handle("GET", next_url, {"Authorization": "token fake-token"}, b"")
    assert status == 200 and len(json.loads(second)) == 30
    assert {rel for _, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', headers["Link"])} == {
        "prev",
        "next",
        "last",
        "first",
    }


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", f"{REPO}/issues", issue_body(assignees=["mallory"]), 422),
        ("POST", f"{REPO}/issues", {"body": "no title"}, 422),
        ("POST", f"{REPO}/issues", issue_body(milestone=42), 422),
        ("PATCH", f"{REPO}/issues/1", {"assignees": ["mallory"]}, 422),
        ("GET", f"{REPO}/issues/99", None, 404),
        ("PATCH", f"{REPO}/issues/99", {"title": "x"}, 404),
        ("GET", "/repos/octo/missing", None, 404),
    ],
)
def test_error_answers(client: Client, method: str, path: str, body: Any, status: int) -> None:
    client.call("POST", f"{REPO}/issues", issue_body())
    got, _, payload = client.call(method, path, body)
    assert got == status and payload["message"] and payload["documentation_url"]
    if status == 422:
        assert payload["errors"][0]["resource"] == "Issue" and payload["errors"][0]["field"]


def test_deleted_issue_is_gone(client: Client) -> None:
    client.call("POST", f"{REPO}/issues", issue_body())
    client.fake.delete("1")
    status, _, payload = client.call("GET", f"{REPO}/issues/1")
    assert status == 410 and payload["message"] == "This issue was deleted"


def test_milestones_labels_assignees_comments_and_rate_limit(client: Client) -> None:
    status, _, ms = client.call(
        "POST", f"{REPO}/milestones", {"title": "Due 2026-01-02", "due_on": "2026-01-02T00:00:00Z"}
    )
    assert status == 201 and ms["number"] == 1 and ms["due_on"] == "2026-01-02T00:00:00Z"
    assert client.call("POST", f"{REPO}/milestones", {"title": "Due 2026-01-02"})[0] == 422
    client.call("POST", f"{REPO}/issues", issue_body(milestone=1))
    _, _, listed = client.call("GET", f"{REPO}/milestones", args={"state": "all"})
    assert listed[0]["open_issues"] == 1
    assert client.call("POST", f"{REPO}/labels", {"name": "db", "color": "ff0000"})[0] == 201
    _, _, labels = client.call("GET", f"{REPO}/labels")
    assert sorted(x["name"] for x in labels) == ["action-item", "db"]
    _, _, users = client.call("GET", f"{REPO}/assignees")
    assert [u["login"] for u in users] == ["alice", "bob", "carol"]
    assert client.call("GET", f"{REPO}/assignees/alice")[0] == 204
    assert client.call("GET", f"{REPO}/assignees/mallory")[0] == 404
    assert client.call("POST", f"{REPO}/issues/1/comments", {"body": "hello"})[0] == 201
    assert client.call("GET", f"{REPO}/issues/1/comments")[2][0]["body"] == "hello"
    assert client.call("GET", "/rate_limit")[2]["resources"]["core"]["limit"] == 5000


def test_bad_token_answers_401_basic_error(client: Client) -> None:
    status, _, payload = client.raw("GET", REPO, token="wrong")
    assert status == 401 and json.loads(payload)["message"] == "Bad credentials"


def test_injected_rate_limit_answers_carry_the_headers(client: Client) -> None:
    client.fake.fail_primary_limit(600)
    status, headers, payload = client.raw("GET", REPO)
    assert status == 403 and headers["X-RateLimit-Remaining"] == "0"
    assert json.loads(payload)["message"].startswith("API rate limit exceeded")
    client.fake.fail_secondary_limit(retry_after=3)
    status, headers, payload = client.raw("GET", REPO)
    assert status == 403 and headers["Retry-After"] == "3" and "secondary rate limit" in json.loads(payload)["message"]


def test_the_validation_is_real(client: Client) -> None:
    """A broken issue object (number missing, state_reason out of the enum) must not pass."""
    _, headers, payload = client.raw("POST", f"{REPO}/issues", issue_body())
    issue = json.loads(payload)
    for broken in ({k: v for k, v in issue.items() if k != "number"}, {**issue, "state_reason": "bored"}):
        with pytest.raises(InvalidData):
            validate("POST", f"{REPO}/issues", None, issue_body(), 201, headers, json.dumps(broken).encode())
