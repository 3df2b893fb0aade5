"""What a service works on: the config and the store, each opened on first use.

Lazy on purpose: a config error of the second target must stop a sync before the store file is
created, `doctor` reports a broken config or store as a finding instead of failing, and the read
commands never pay for the validated config or the `Store` records. The CLI's `Context` is one;
a test passes its own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from tracker.config import Config
    from tracker.config_view import ConfigView
    from tracker.people import People
    from tracker.store.protocol import StoreFacade
    from tracker.store.reader import Reader

#: The services' "now" (tests pass a fixed one).
Clock = Callable[[], datetime]


class Workspace(Protocol):
    @property
    def config(self) -> Config: ...

    @property
    def settings(self) -> ConfigView: ...

    @property
    def people(self) -> People: ...

    @property
    def store(self) -> StoreFacade: ...

    @property
    def reader(self) -> Reader:
        """The read path's door to the store (the report reads through it)."""
        ...

    def store_path(self) -> Path | str:
        """The store file, or its PostgreSQL URL."""
        ...
