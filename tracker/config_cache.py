"""A cache of validated configs, so a quick read command does not rebuild pydantic's validators.

Building the config's validators costs more than the rest of `tracker status` put together
(pydantic generates the schema and imports its plugin machinery on the first validation). The
result for the same file bytes never changes, so it is kept, pickled, under the user cache dir,
in a file only its owner can read or write, named by a hash of the config's path and bytes, of
the versions of this tool and pydantic and of the modules defining the config: an edited file, an
upgrade or another path never meets an old entry. A missing, unreadable or broken entry is
ignored and the config validated as usual.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from tracker import __version__

if TYPE_CHECKING:
    from tracker.config import Config

_KEEP = 8  # entries kept; older ones are removed when a new one is written


def cache_dir() -> Path:
    env = os.environ.get("TRACKER_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_path

    return user_cache_path("postmortem-tracker") / "config"


def entry(path: Path, raw: bytes) -> Path:
    from pydantic import VERSION

    from tracker import config, model

    # The modules defining the pickled classes, so that a changed checkout never meets old entries.
    code = [(s.st_mtime_ns, s.st_size) for s in (os.stat(m.__file__ or "") for m in (config, model))]
    digest = hashlib.sha256(f"{__version__}\0{VERSION}\0{code}\0{path.resolve()}\0".encode())
    digest.update(raw)
    return cache_dir() / f"{digest.hexdigest()[:32]}.pickle"


def load(where: Path) -> Config | None:
    from tracker.config import Config

    try:
        with where.open("rb") as handle:
            if hasattr(os, "getuid") and os.fstat(handle.fileno()).st_uid != os.getuid():
                return None  # only ever a file this user wrote
            config = pickle.load(handle)
    except Exception:  # a missing, partly written or foreign entry: validate instead
        return None
    return config if isinstance(config, Config) else None


def save(where: Path, config: Config) -> None:
    """Best effort: a cache that cannot be written costs only speed."""
    try:
        where.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = where.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(config, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, where)
        _prune(where.parent)
    except OSError:
        pass


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[_KEEP:]:
        old.unlink(missing_ok=True)
