"""Per-text answers kept for one document, and answers about short recurring texts kept across documents.

The rules ask the same questions of the same text several times (is it imperative, past, modal,
annotated, a placeholder?). A function decorated with `per_text` keeps its answers until `clear()`,
which `extract_text` calls once per document, so memory stays flat however many documents are read.
The decorated functions must be pure functions of their (hashable) arguments.

Some texts recur from one document to the next: section names ("Summary", "Action Items"), status
and priority words ("Done", "P1"), owners' names. A function of one such text decorated with
`recurring` keeps its answers about short texts across documents, in a cache of bounded size (as
`morphology` keeps its answers about words).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

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


#: Texts up to this long have their answers kept across documents by `recurring`.
SHORT = 80


def recurring(func: Callable[[str], T]) -> Callable[[str], T]:
    """`func`, a pure function of a text that recurs from one document to the next (a section name, a
    status word, an owner), remembering its answers across documents for texts up to `SHORT`
    characters, in a bounded cache, so memory stays flat; answers about longer texts are kept until
    the next `clear()`, as `per_text` keeps them."""
    kept = lru_cache(maxsize=4096)(func)
    for_document = per_text(func)

    def answer(text: str) -> T:
        return kept(text) if len(text) <= SHORT else for_document(text)

    return answer


def clear() -> None:
    """Forget every remembered answer (a new document begins)."""
    for cached in _caches:
        cached.cache_clear()
