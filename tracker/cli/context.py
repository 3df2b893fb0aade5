"""Per-invocation state shared by commands: the config and the store, opened on first use."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import typer

from tracker.config import APP_NAME, Config, load_config
from tracker.errors import InputError
from tracker.people import People
from tracker.store import Store


@dataclass
class Context:
    config_path: Path | None = None
    db_path: Path | None = None
    _config: Config | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    @property
    def people(self) -> People:
        return People(self.config.people)

    def store_path(self) -> Path:
        config = self.config  # a broken config is reported by every command, not only some
        if self.db_path is not None:
            return self.db_path
        env = os.environ.get("TRACKER_DB")
        if env:
            return Path(env)
        if config.store.path is not None:
            return config.store.path.expanduser()
        from platformdirs import user_data_path

        return user_data_path(APP_NAME) / "tracker.db"

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.store_path())
        return self._store

    def postmortem_ref(self, ref: str) -> str:
        """What `--postmortem` names, as the store knows it: an existing file given by its path
        (from here) becomes its source; an id, a title or a source is passed on as is."""
        path = Path(ref)
        if path.is_file():
            from tracker.sources import source_for

            return source_for(path, path.parent, self.config.extract.root)
        return ref


def get(ctx: typer.Context) -> Context:
    obj = ctx.find_root().obj
    assert isinstance(obj, Context)
    return obj


def parse_date_option(value: str | None, option: str, *, day_first: bool = False) -> date | None:
    """A date from an option, in any form `tracker.dates.require_date` reads (relative forms count
    from today), or InputError naming the option."""
    if value is None:
        return None
    from tracker.dates import require_date

    try:
        return require_date(value, today=date.today(), day_first=day_first)
    except InputError as exc:
        raise InputError(f"{option}: {exc}") from None
