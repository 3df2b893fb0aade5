"""A cache of validated configs, so a quick read command does not rebuild pydantic's validators.

Building the config's validators costs more than the rest of `tracker status` put together
(pydantic generates the schema and imports its plugin machinery on the first validation). The
result for the same file bytes never changes, so it is kept, pickled, under the user cache dir,
in a file only its owner can read or write, named by a hash of the config's path and bytes, of
the versions of this tool and pydantic and of the modules defining the config: an edited file, an
upgrade or another path never meets an old entry. A missing, unreadable or broken entry is
ignored and the config validated as usual.

The read commands' `ConfigView` (plain values, no pydantic) is kept beside them as JSON, one entry
per config path holding the bytes it was made from: an entry for other bytes (or another version
of this tool or of the modules above) is a miss. A hit costs neither pydantic nor pickle nor a hash.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from tracker import __version__

if TYPE_CHECKING:
    from tracker.config import Config
    from tracker.config_view import ConfigView

_KEEP = 8  # entries kept; older ones are removed when a new one is written


def cache_dir() -> Path:
    env = os.environ.get("TRACKER_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_path

    return user_cache_path("postmortem-tracker") / "config"


#: The modules defining what is cached, so that a changed checkout never meets old entries.
#: The modules whose models a cached config holds (relative to the project root): an edit to any
#: of them makes every cached entry stale.
_CODE = (
    "tracker/config.py", "tracker/config_base.py", "tracker/config_view.py", "tracker/model.py",
    "tracker/values.py", "connectors/github/config.py", "connectors/jira/config.py",
    "connectors/memory/config.py",
)  # fmt: skip


def _code() -> list[tuple[int, int]]:
    root = Path(__file__).resolve().parents[1]
    return [(s.st_mtime_ns, s.st_size) for s in (os.stat(root / name) for name in _CODE)]


def entry(path: Path, raw: bytes) -> Path:
    import hashlib

    from pydantic import VERSION

    digest = hashlib.sha256(f"{__version__}\0{VERSION}\0{_code()}\0{path.resolve()}\0".encode())
    digest.update(raw)
    return cache_dir() / f"{digest.hexdigest()[:32]}.pickle"


ViewEntry = tuple[Path, list[object]]


def view_entry(path: Path | None, raw: bytes) -> ViewEntry:
    """Where the view of this config file (None: no file) is kept, and what it must have been made
    from: the file name is a checksum of the path only (one entry per config), the key is compared
    whole (so no hash of the bytes is needed)."""
    import zlib

    where = str(path.resolve()) if path is not None else ""
    key: list[object] = [__version__, [list(c) for c in _code()], where, raw.decode("latin-1")]  # every byte kept
    return cache_dir() / f"view-{zlib.crc32(where.encode()):08x}.json", key


def load(where: Path) -> Config | None:
    import pickle

    from tracker.config import Config

    config = _read(where, pickle.load)
    return config if isinstance(config, Config) else None


def load_view(where: ViewEntry) -> ConfigView | None:
    import json

    from tracker.config_view import ConfigView

    try:
        found = json.loads(_read(where[0], lambda handle: handle.read()) or b"null")
        if isinstance(found, dict) and found.get("key") == where[1]:
            return ConfigView.from_json(found["view"])
    except Exception:  # a partly written, foreign or older entry: validate instead
        pass
    return None  # made from other bytes, another version or another path


def _read(where: Path, read: Callable[[BinaryIO], Any]) -> Any:
    try:
        with where.open("rb") as handle:
            if hasattr(os, "getuid") and os.fstat(handle.fileno()).st_uid != os.getuid():
                return None  # only ever a file this user wrote
            return read(handle)
    except Exception:  # a missing, partly written or foreign entry: validate instead
        return None


def save_view(where: ViewEntry, view: ConfigView) -> None:
    import json

    text = json.dumps({"key": where[1], "view": view.to_json()}, ensure_ascii=False)
    _write(where[0], lambda handle: handle.write(text.encode()), "view-*.json")


def save(where: Path, config: Config) -> None:
    import pickle

    _write(where, lambda handle: pickle.dump(config, handle, protocol=pickle.HIGHEST_PROTOCOL), "*.pickle")


def _write(where: Path, write: Callable[[BinaryIO], object], kind: str) -> None:
    """Best effort: a cache that cannot be written costs only speed."""
    try:
        where.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = where.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(partial, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(partial, where)
        _prune(where.parent, kind)
    except OSError:
        pass


def _prune(folder: Path, kind: str) -> None:
    entries = sorted(folder.glob(kind), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[_KEEP:]:
        old.unlink(missing_ok=True)
