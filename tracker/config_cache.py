"""A byte store for what validating a config produced, so quick commands skip pydantic's validators.

Building the config's validators costs more than the rest of `tracker status` put together
(pydantic generates the schema and imports its plugin machinery on the first validation). The
result for the same file bytes never changes, so `tracker.config` keeps it here (pickled) and
`tracker.config_view` keeps its plain view beside it (JSON). This module knows neither: it only
names entries, reads and writes bytes, under the user cache dir, in files only their owner can
read or write. Names come from the config's path and bytes, this tool's version and the modules
defining the config: an edited file, an upgrade or another path never meets an old entry. A
missing, unreadable or foreign entry reads as None, and a cache that cannot be written costs only
speed.
"""

from __future__ import annotations

import os
from pathlib import Path

from tracker import __version__

_KEEP = 8  # entries of each kind kept; older ones are removed when a new one is written


def cache_dir() -> Path:
    env = os.environ.get("TRACKER_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_path

    return user_cache_path("postmortem-tracker") / "config"


#: The modules defining what is cached (relative to the project root): an edit to any of them
#: makes every cached entry stale.
_CODE = (
    "tracker/config.py", "tracker/config_base.py", "tracker/config_load.py", "tracker/config_view.py",
    "tracker/model.py", "tracker/values.py", "connectors/github/config.py", "connectors/gitlab/config.py",
    "connectors/jira/config.py", "connectors/memory/config.py",
)  # fmt: skip


def _code() -> list[tuple[int, int]]:
    root = Path(__file__).resolve().parents[1]
    return [(s.st_mtime_ns, s.st_size) for s in (os.stat(root / name) for name in _CODE)]


def entry(path: Path | None, raw: bytes, *versions: str) -> Path:
    """Where the validated config of these bytes at this path (None: no file) is kept; `versions`
    are those of the libraries the entry's contents depend on."""
    import hashlib

    where = str(path.resolve()) if path is not None else ""
    digest = hashlib.sha256(f"{__version__}\0{versions}\0{_code()}\0{where}\0".encode())
    digest.update(raw)
    return cache_dir() / f"{digest.hexdigest()[:32]}.pickle"


ViewEntry = tuple[Path, list[object]]


def view_entry(path: Path | None, raw: bytes) -> ViewEntry:
    """Where the view of this config file (None: no file) is kept, and what it must have been made
    from: the file name is a checksum of the path only (one entry per config), the key is compared
    whole by the reader (so no hash of the bytes is needed)."""
    import zlib

    where = str(path.resolve()) if path is not None else ""
    key: list[object] = [__version__, [list(c) for c in _code()], where, raw.decode("latin-1")]  # every byte kept
    return cache_dir() / f"view-{zlib.crc32(where.encode()):08x}.json", key


def read(where: Path) -> bytes | None:
    """The entry's bytes; None when it is missing, unreadable or written by another user."""
    try:
        with where.open("rb") as handle:
            if hasattr(os, "getuid") and os.fstat(handle.fileno()).st_uid != os.getuid():
                return None  # only ever a file this user wrote
            return handle.read()
    except OSError:
        return None


def write(where: Path, data: bytes) -> None:
    """Best effort, atomically (a reader sees the old entry or the new one, never half of one)."""
    try:
        where.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = where.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(partial, where)
        _prune(where.parent, "view-*.json" if where.name.startswith("view-") else "*.pickle")
    except OSError:
        pass


def _prune(folder: Path, kind: str) -> None:
    entries = sorted(folder.glob(kind), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[_KEEP:]:
        old.unlink(missing_ok=True)
