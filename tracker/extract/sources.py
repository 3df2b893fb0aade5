"""Which files a list of paths names: directories expand to their postmortem documents."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

SUFFIXES = frozenset({".md", ".markdown", ".txt"})


def iter_documents(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand directories recursively to *.md, *.markdown, *.txt files (sorted); files pass through."""
    for path in paths:
        if path.is_dir():
            found = (
                p
                for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.is_file()
            )
            yield from sorted(found)
        else:
            yield path
