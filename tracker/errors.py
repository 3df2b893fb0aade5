"""Typed errors. Library code raises these; only the CLI turns them into messages and exit codes."""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_ITEM_FAILURES = 3


class TrackerError(Exception):
    """Base of every error a user can act on. `str(err)` is the one-line message."""

    exit_code = EXIT_USAGE


class ConfigError(TrackerError):
    """The config file is missing a key, has an unknown one, or a wrong type."""


class InputError(TrackerError):
    """A document, date, id or option value could not be understood."""


class StoreError(TrackerError):
    """The store file is unreadable, damaged, locked or from a newer version."""


class NotFoundError(TrackerError):
    """An id or owner names nothing in the store."""


class AmbiguousOwnerError(TrackerError):
    """An owner name matches more than one person."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        self.name = name
        self.candidates = candidates
        super().__init__(f"owner {name!r} is ambiguous: {', '.join(candidates)}; give one of them")


class LockedError(TrackerError):
    """Another tracker process holds the sync lock."""


class RemoteError(TrackerError):
    """A remote tracker failed. `item_id` names the item when one was involved."""

    exit_code = 3

    def __init__(self, message: str, *, item_id: str | None = None, target: str | None = None) -> None:
        self.item_id = item_id
        self.target = target
        super().__init__(message)

    @property
    def message(self) -> str:
        """What went wrong, without the target and item `str()` puts in front."""
        return super().__str__()

    def __str__(self) -> str:
        where = " ".join(p for p in (self.target and f"[{self.target}]", self.item_id) if p)
        return f"{where}: {self.message}" if where else self.message


class AuthError(RemoteError):
    """401/403: the token is wrong or lacks permission. Stops the whole sync (a config problem: exit 2)."""

    exit_code = EXIT_USAGE


class RateLimitedError(RemoteError):
    """A rate limit would need a longer wait than allowed. Stops the sync; the next run resumes."""

    def __init__(self, message: str, *, resume_at: str | None = None, **kw: str | None) -> None:
        self.resume_at = resume_at
        super().__init__(message, **kw)


class RemoteGoneError(RemoteError):
    """404/410 for a linked issue: it was deleted or moved. The link is marked broken."""


class ItemRejectedError(RemoteError):
    """400/422: the remote refused this item's fields (names the field)."""


class TransitionMissingError(RemoteError):
    """The workflow has no transition to the wanted status."""


class RemoteUnavailableError(RemoteError):
    """5xx, timeouts or malformed answers that outlasted the retries."""


class NotDeliveredError(RemoteError):
    """A reminder to one recipient was not sent (refused, unreachable, timed out); the others go on."""


class NoSlackUserError(NotDeliveredError):
    """Slack knows no user with this e-mail address (`users_not_found`)."""
