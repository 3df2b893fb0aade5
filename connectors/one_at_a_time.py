"""What the trackers that create issues one request at a time (GitHub, GitLab) do alike.

Jira creates in bulk and finds markers by label, so it has its own; these two list their marked
issues and post one create per draft.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from tracker.connector import CreateResult, IssueDraft, RemoteIssue
from tracker.errors import AuthError, RateLimitedError, RemoteError


def oldest_by_marker(issues: Iterable[RemoteIssue], item_ids: Sequence[str]) -> dict[str, RemoteIssue]:
    """The issue carrying each item's marker; the oldest (lowest number) wins over accidental duplicates."""
    wanted = set(item_ids)
    found: dict[str, RemoteIssue] = {}
    for issue in sorted(issues, key=lambda i: int(i.key)):
        if issue.item_id in wanted:
            found.setdefault(issue.item_id, issue)
    return found


def create_each(
    drafts: Sequence[IssueDraft],
    create_one: Callable[[IssueDraft], RemoteIssue],
    rejected: Callable[[ValueError, IssueDraft], Exception],
) -> list[CreateResult]:
    """One create per draft, in order. An auth error or a rate limit stops the run (every draft
    left gets it: the engine re-raises it); any other failure is that draft's alone. `rejected`
    names a draft whose item id no marker can carry."""
    results: list[CreateResult] = []
    for index, draft in enumerate(drafts):
        try:
            results.append(CreateResult(draft.item_id, issue=create_one(draft)))
        except (AuthError, RateLimitedError) as exc:
            results.extend(CreateResult(d.item_id, error=exc) for d in drafts[index:])
            break
        except RemoteError as exc:
            results.append(CreateResult(draft.item_id, error=exc))
        except ValueError as exc:
            results.append(CreateResult(draft.item_id, error=rejected(exc, draft)))
    return results
