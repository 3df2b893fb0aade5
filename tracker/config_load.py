"""Loading the read commands' config view: from the cache when these bytes were seen before.

`tracker.config_view` defines the view (plain values, no pydantic) and `tracker.config` the
validated model it is made from; this module joins them, so that neither imports the other's
loader: the view is built from a validated config only on a cache miss.
"""

from __future__ import annotations

from pathlib import Path

from tracker import config_cache
from tracker.config_view import ConfigView, read_config_file


def load_view(explicit: Path | None = None) -> ConfigView:
    """The view of the config `tracker.config.load_config(explicit)` gives, with its errors:
    from the cache when these bytes were validated before, else validated now (and cached)."""
    path, raw = read_config_file(explicit)
    where = config_cache.view_entry(path if raw is not None else None, raw or b"")
    view = _cached_view(config_cache.read(where[0]), where[1])
    if view is None:
        import json

        from tracker.config import config_from

        view = ConfigView.of(config_from(path, raw))
        text = json.dumps({"key": where[1], "view": view.to_json()}, ensure_ascii=False)
        config_cache.write(where[0], text.encode())
    return view


def _cached_view(data: bytes | None, key: list[object]) -> ConfigView | None:
    """The view in a cache entry when it was made from the same bytes (`key`), else None."""
    import json

    try:
        found = json.loads(data or b"null")
        if isinstance(found, dict) and found.get("key") == key:
            return ConfigView.from_json(found["view"])
    except Exception:  # a partly written, foreign or older entry: validate instead
        pass
    return None
