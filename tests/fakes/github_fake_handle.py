"""The person's side of the fake GitHub: edits made as in the web UI, seeding, and the request log.

Mixed into `FakeGitHub`; together they implement `tests.connectors.harness.RemoteHandle`. These
edits change state directly (they are not requests) and move `updated_at` like any write.
Reading a body here is deliberately independent of the connector's parser: it looks for the
`**Due:** YYYY-MM-DD` line after the last `---` and the `<!-- tracker:ID -->` marker, as a person would.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Literal

from tests.connectors.harness import RemoteView
from tests.fakes.github_fake_json import IssueRec, LabelRec, RepoRec

ZWJ = "\u200d"
_SEPARATOR = re.compile(r"\r?\n\r?\n---\r?\n")
_DUE = re.compile(r"\*\*Due:\*\* (\d{4}-\d{2}-\d{2})\r?")
_MARKER = re.compile(r"<!-- tracker:([A-Za-z0-9_.:-]+) -->")


def _meta(body: str) -> tuple[str, list[str]]:
    """(everything up to the last `---` block, that block's lines)."""
    found = list(_SEPARATOR.finditer(body))
    if not found:
        return body, []
    last = found[-1]
    return body[: last.end()], body[last.end() :].split("\n")


def body_due(body: str | None) -> date | None:
    for line in _meta(body or "")[1]:
        match = _DUE.fullmatch(line)
        if match:
            return date.fromisoformat(match.group(1))
    return None


def body_marker(body: str | None) -> str | None:
    found = _MARKER.findall(body or "")
    return found[-1] if found else None


class FakeGitHubHandle:
    repo: RepoRec
    requests: list[tuple[str, str]]

    def tick(self) -> datetime:
        raise NotImplementedError

    def _new_id(self) -> int:
        raise NotImplementedError

    # --- RemoteHandle ----------------------------------------------------------------------------

    def issues(self) -> list[RemoteView]:
        """Every live issue (not PRs) as the contract suite compares them."""
        return [self._view(rec) for rec in self.repo.issues.values() if not rec.deleted and not rec.pull_request]

    def close(self, key: str, reason: Literal["completed", "not_planned"] = "completed") -> None:
        rec = self.issue(key)
        rec.state, rec.state_reason = "closed", reason
        rec.updated_at = rec.closed_at = self.tick()

    def reopen(self, key: str) -> None:
        rec = self.issue(key)
        rec.state, rec.state_reason, rec.closed_at = "open", "reopened", None
        rec.updated_at = self.tick()

    def assign(self, key: str, account: str | None) -> None:
        rec = self.issue(key)
        rec.assignees = [account] if account else []
        rec.updated_at = self.tick()

    def set_due(self, key: str, due: date | None) -> None:
        """Edit the body's Due line (add it under the Owner line, or remove it) like a person would."""
        rec = self.issue(key)
        head, lines = _meta(rec.body or "")
        kept = [line for line in lines if not line.startswith("**Due:**")]
        if due is not None:
            at = next((n + 1 for n, line in enumerate(kept) if line.startswith("**Owner:**")), 0)
            kept.insert(at, f"**Due:** {due.isoformat()}")
        rec.body = head + "\n".join(kept) if lines else f"{head}\n\n---\n" + "\n".join(kept)
        rec.updated_at = self.tick()

    def set_title(self, key: str, title: str) -> None:
        rec = self.issue(key)
        rec.title = title
        rec.updated_at = self.tick()

    def edit_body(self, key: str, body: str | None) -> None:
        rec = self.issue(key)
        rec.body = body
        rec.updated_at = self.tick()

    def delete(self, key: str) -> None:
        rec = self.issue(key)
        rec.deleted = True
        rec.updated_at = self.tick()

    def request_count(self) -> int:
        return len(self.requests)

    def reset_requests(self) -> None:
        self.requests.clear()

    # --- seeding ---------------------------------------------------------------------------------

    def add_issue(
        self,
        title: str,
        body: str | None = None,
        *,
        labels: Iterable[str] = (),
        assignees: Iterable[str] = (),
        pull_request: bool = False,
    ) -> str:
        """Create an issue (or a PR, which issue lists include) directly; returns its key."""
        now = self.tick()
        rec = IssueRec(len(self.repo.issues) + 1, self._new_id(), title, body, now, now, user="someone")
        rec.labels = [self._label(name) for name in labels]
        rec.assignees = list(assignees)
        rec.pull_request = pull_request
        self.repo.issues[rec.number] = rec
        return str(rec.number)

    def add_pull_request(self, title: str, body: str = "", *, labels: Iterable[str] = ()) -> str:
        return self.add_issue(title, body, labels=labels, pull_request=True)

    def issue(self, key: str) -> IssueRec:
        return self.repo.issues[int(key)]

    def _label(self, name: str) -> str:
        if name.lower() not in self.repo.labels:
            self.repo.labels[name.lower()] = LabelRec(self._new_id(), name)
        return self.repo.labels[name.lower()].name

    def _view(self, rec: IssueRec) -> RemoteView:
        reason = {"completed": "completed", "not_planned": "not_planned", "duplicate": "not_planned"}
        return RemoteView(
            key=str(rec.number),
            title=rec.title.replace(ZWJ, ""),  # what a reader sees
            closed=rec.state == "closed",
            closed_reason=reason.get(rec.state_reason or "") if rec.state == "closed" else None,  # type: ignore[arg-type]
            assignee=rec.assignees[0] if rec.assignees else None,
            due=body_due(rec.body),
            marker=body_marker(rec.body),
        )
