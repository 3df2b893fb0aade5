"""Per-text answers kept for one document.

The rules ask the same questions of the same text several times (is it imperative, past, modal,
annotated, a placeholder?). A function decorated with `per_text` keeps its answers until `clear()`,
which `extract_text` calls once per document, so memory stays flat however many documents are read.
The decorated functions must be pure functions of their (hashable) arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

#: Entries per function: None, no bound. `clear()` empties every cache once per document, so what is kept
#: is bounded by one document's texts; an unbounded `lru_cache` is a plain dict, with none of the
#: recency bookkeeping a bounded one does on every call (these functions are called for every line).
SIZE = None

_caches: list[Any] = []


def per_text(func: F) -> F:
    """`func`, remembering its answers until the next `clear()`."""
    cached = lru_cache(maxsize=SIZE)(func)
    _caches.append(cached)
    return cached  # type: ignore[return-value]


def clear() -> None:
    """Forget every remembered answer (a new document begins)."""
    for cached in _caches:
        cached.cache_clear()
