"""The local store (SQLite).

`Store` and its records are imported on first use, so that the lean read paths (`db`, `queries`,
`views`: no pydantic) do not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.store.store import EDITABLE, ImportResult, Store

__all__ = ["EDITABLE", "ImportResult", "Store"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from tracker.store import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
