"""Per-invocation state shared by commands: the config and the store, opened on first use."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from tracker.config_load import load_view
from tracker.config_view import APP_NAME, ConfigView
from tracker.errors import InputError

if TYPE_CHECKING:
    from tracker.config import Config
    from tracker.people import People
    from tracker.store import Store
    from tracker.store.reader import Reader


@dataclass
class Context:
    """Opened on first use, so each command pays only for what it reads: `settings` and `reader`
    (no pydantic: the read commands), `config` and `store` (the validated model and its records)."""

    config_path: Path | None = None
    db_path: Path | None = None
    _config: Config | None = field(default=None, repr=False)
    _settings: ConfigView | None = field(default=None, repr=False)
    _store: Store | None = field(default=None, repr=False)
    _reader: Reader | None = field(default=None, repr=False)

    @property
    def config(self) -> Config:
        if self._config is None:
            from tracker.config import load_config

            self._config = load_config(self.config_path)
        return self._config

    @property
    def settings(self) -> ConfigView:
        """What the read commands use from the config (the same errors as `config` for a bad file)."""
        if self._settings is None:
            self._settings = ConfigView.of(self._config) if self._config is not None else load_view(self.config_path)
        return self._settings

    @property
    def people(self) -> People:
        from tracker.people import People

        return People(self.settings.people)

    def store_path(self) -> Path:
        from tracker.store.reader import check_store_file

        settings = self.settings  # a broken config is reported by every command, not only some
        if self.db_path is not None:
            return check_store_file(self.db_path, "--db")
        env = os.environ.get("TRACKER_DB")
        if env:
            return check_store_file(Path(env), "$TRACKER_DB")
        if settings.store_path is not None:
            return check_store_file(settings.store_path.expanduser(), "[store] path")
        from platformdirs import user_data_path

        return check_store_file(user_data_path(APP_NAME) / "tracker.db", "the default store")

    @property
    def store(self) -> Store:
        if self._store is None:
            from tracker.store import Store

            self._store = Store(self.store_path())
        return self._store

    @property
    def reader(self) -> Reader:
        """The read commands' door to the store, opened without `Store` and its records (over the
        `Store`'s connection when that is open)."""
        if self._reader is None:
            from tracker.store.reader import Reader

            self._reader = Reader(self._store.conn) if self._store is not None else Reader.open(self.store_path())
        return self._reader

    def close(self) -> None:
        """At the end of the command: the store's connections closed, everything on disk."""
        if self._reader is not None:
            self._reader.close()
        if self._store is not None:
            self._store.close()
        self._reader = self._store = None

    def postmortem_ref(self, ref: str) -> str:
        """What `--postmortem` names, as the store knows it: an existing file given by its path
        (from here) becomes its source; an id, a title or a source is passed on as is."""
        path = Path(ref)
        if path.is_file():
            from tracker.sources import source_for

            return source_for(path, path.parent, self.settings.extract_root)
        return ref


def refuse_store_output(obj: Context, output: Path | None, option: str = "--output") -> None:
    """InputError when `output` is the store file or its -wal/-shm (as any path or link to it):
    writing there would overwrite the store while it is read (`export --output tracker.db`)."""
    if output is None:
        return
    store = obj.store_path()
    for part in (store, store.with_name(store.name + "-wal"), store.with_name(store.name + "-shm")):
        if os.path.realpath(output) == os.path.realpath(part) or _same_file(output, part):
            raise InputError(f"{option}: {output} is the store; name another file")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


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
