"""Which files a list of paths names, and the location-free name each document is known by.

A document's *source* is its path relative to a root, in POSIX form, so that the same file in
another clone, on another machine, or after the folder that holds it was copied elsewhere has
the same source. The root is, in order: the git work tree that holds the file, else the
configured `[extract] root` when the file lies under it, else the folder given on the command
line (a file given on its own: the folder it lies in).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: Markdown, plain text, reStructuredText, AsciiDoc and Org mode.
_SUFFIX_ORDER = (".md", ".markdown", ".txt", ".rst", ".adoc", ".asciidoc", ".org")
SUFFIXES = frozenset(_SUFFIX_ORDER)
#: The suffixes as a person reads them: "*.md, *.markdown, ...".
DOCUMENT_KINDS = ", ".join(f"*{suffix}" for suffix in _SUFFIX_ORDER)


@dataclass(frozen=True, slots=True)
class Document:
    """One input file: where it lies now, and the root-relative source it is known by."""

    path: Path
    source: str
    root: Path


def iter_documents(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand directories recursively to the files `SUFFIXES` names (sorted); files pass through."""
    for document in find_documents(paths):
        yield document.path


def find_documents(paths: Iterable[Path], root: Path | None = None) -> Iterator[Document]:
    """Every document the paths name, each with its source relative to its root (see the module)."""
    for path in paths:
        if path.is_dir():
            found = (
                p
                for p in path.rglob("*")
                if p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and p.is_file()
            )
            for file in sorted(found):
                yield _document(file, path, root)
        else:
            yield _document(path, path.parent, root)


def source_for(path: Path, given: Path, root: Path | None = None) -> str:
    """The source of `path`, a file named directly or found under the folder `given`."""
    return _document(path, given, root).source


def _document(path: Path, given: Path, configured: Path | None) -> Document:
    absolute = path.absolute()
    for candidate in (git_root(absolute.parent), configured.absolute() if configured else None):
        if candidate is not None and absolute.is_relative_to(candidate):
            return Document(path, absolute.relative_to(candidate).as_posix(), candidate)
    folder = given.absolute()
    if absolute.is_relative_to(folder):
        return Document(path, absolute.relative_to(folder).as_posix(), folder)
    return Document(path, absolute.name, absolute.parent)


def git_root(folder: Path) -> Path | None:
    """The git work tree holding `folder` (a `.git` folder or file in it or above), else None."""
    return _git_root(str(folder))


@lru_cache(maxsize=256)
def _git_root(folder: str) -> Path | None:
    current = Path(folder)
    for candidate in (current, *current.parents):
        if (candidate / ".git").exists():
            return candidate
    return None
