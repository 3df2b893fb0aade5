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
from tracker.errors import InputError, StoreError

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
    db_path: Path | str | None = None  # a store file, or a postgresql:// URL
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

    def store_path(self) -> Path | str:
        """The store: a file, or a PostgreSQL URL (`--db`, then $TRACKER_DB, then `[store] url` or
        `path`, then the user data dir)."""
        from tracker.store.reader import check_store_file

        settings = self.settings  # a broken config is reported by every command, not only some
        if self.db_path is not None:
            return _file_or_url(self.db_path, "--db")
        env = os.environ.get("TRACKER_DB")
        if env:
            return _file_or_url(env, "$TRACKER_DB")
        if settings.store_url is not None:
            return settings.store_url
        if settings.store_path is not None:
            return check_store_file(settings.store_path.expanduser(), "[store] path")
        from platformdirs import user_data_path

        return check_store_file(user_data_path(APP_NAME) / "tracker.db", "the default store")

    def store_password(self) -> str | None:
        """The password `[store] password_env` names (None: libpq's own, PGPASSWORD or ~/.pgpass)."""
        name = self.settings.store_password_env
        if name is None:
            return None
        value = os.environ.get(name)
        if not value:
            raise StoreError(f"[store] password_env names ${name}, which is not set; export it or remove the key")
        return value

    @property
    def store(self) -> Store:
        if self._store is None:
            from tracker.store import Store

            location = self.store_path()
            self._store = Store(location, password=self.store_password() if is_url(location) else None)
        return self._store

    @property
    def reader(self) -> Reader:
        """The read commands' door to the store, opened without `Store` and its records (over the
        `Store`'s connection when that is open)."""
        if self._reader is None:
            from tracker.store.reader import Reader

            if self._store is not None:
                self._reader = Reader(self._store.conn)
            else:
                location = self.store_path()
                self._reader = Reader.open(location, self.store_password() if is_url(location) else None)
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
    if not isinstance(store, Path):
        return  # a PostgreSQL store: no file to write over
    for part in (store, store.with_name(store.name + "-wal"), store.with_name(store.name + "-shm")):
        if os.path.realpath(output) == os.path.realpath(part) or _same_file(output, part):
            raise InputError(f"{option}: {output} is the store; name another file")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def is_url(location: Path | str) -> bool:
    from tracker.store.reader import is_url as named_by_url

    return named_by_url(location)


def _file_or_url(value: Path | str, source: str) -> Path | str:
    from tracker.store.reader import check_store_file

    return value if is_url(value) else check_store_file(Path(value), source)


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
