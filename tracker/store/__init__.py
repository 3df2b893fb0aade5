"""The local store (SQLite)."""

from tracker.store.store import EDITABLE, ImportResult, NewItem, Store

__all__ = ["EDITABLE", "ImportResult", "NewItem", "Store"]
