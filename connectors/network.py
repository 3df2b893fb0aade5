"""Why a request never got an answer, in a few words a person can act on; and errors already typed."""

from __future__ import annotations

from tracker.errors import RemoteError, TrackerError

# Phrases that appear (nested) in the messages of requests/urllib3/socket errors, and what they mean.
_REASONS = (
    ("connection refused", "connection refused: is the URL right and the server up?"),
    ("name or service not known", "host name not found"),
    ("nodename nor servname", "host name not found"),
    ("temporary failure in name resolution", "host name not found"),
    ("getaddrinfo failed", "host name not found"),
    ("certificate verify failed", "TLS certificate not trusted"),
    ("connection reset", "connection reset"),
    ("connection aborted", "connection closed by the server"),
    ("remote end closed", "connection closed by the server"),
    ("timed out", "timed out"),
    ("network is unreachable", "network unreachable"),
)


def describe(exc: BaseException) -> str:
    """`connection refused: ...`, `host name not found`, ... or the exception's type when unknown."""
    text = " ".join(str(e).lower() for e in _chain(exc))
    return next((reason for phrase, reason in _REASONS if phrase in text), type(exc).__name__)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 8:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def typed_already(exc: Exception, *, target: str, item_id: str | None) -> TrackerError | None:
    """`exc` when it is one of our typed errors already (raised inside a call), a remote one given
    the call's target and item where it names none; None for a library's error, still to translate."""
    if isinstance(exc, RemoteError):
        exc.target = exc.target or target
        exc.item_id = exc.item_id or item_id
        return exc
    return exc if isinstance(exc, TrackerError) else None
