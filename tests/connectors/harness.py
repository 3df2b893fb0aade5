"""What the contract suite needs from each fake tracker, besides the connector itself.

Each fake (tests/fakes/) provides a `RemoteHandle` that changes the remote side the way a person
would in the tracker's UI, and counts requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol


@dataclass(frozen=True)
class RemoteView:
    """One remote issue as the contract suite compares it."""

    key: str
    title: str
    closed: bool
    closed_reason: Literal["completed", "not_planned"] | None
    assignee: str | None  # login / accountId / username
    due: date | None
    marker: str | None  # item id named by the marker


class RemoteHandle(Protocol):
    def issues(self) -> list[RemoteView]: ...
    def close(self, key: str, reason: Literal["completed", "not_planned"] = "completed") -> None: ...
    def reopen(self, key: str) -> None: ...
    def assign(self, key: str, account: str | None) -> None: ...
    def set_due(self, key: str, due: date | None) -> None: ...
    def set_title(self, key: str, title: str) -> None: ...
    def delete(self, key: str) -> None: ...
    def request_count(self) -> int: ...
    def reset_requests(self) -> None: ...
    def fail_next(
        self,
        status: int,
        *,
        times: int = 1,
        method: str | None = None,
        path_contains: str | None = None,
        headers: dict[str, str] | None = None,
        body: str | None = None,
    ) -> None: ...
