"""Where the config file is, and what the read commands need from it, without importing pydantic.

`tracker status`, `list` and `show` read a few settings and `[people]`; importing pydantic alone
costs more than the rest of such a command. So they read a `ConfigView`: plain values made from
the validated `tracker.config.Config` (the model stays the one definition of keys, defaults and
checks) and cached like it, by the file's bytes (`tracker.config_cache`). The first run after an
edit validates the file, and reports its errors, as every command does.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from tracker.errors import ConfigError

if TYPE_CHECKING:
    from tracker.config import Config

APP_NAME = "postmortem-tracker"


def default_config_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME) / "config.toml"


def resolve_config_path(explicit: Path | None) -> Path:
    if explicit is not None:
        return explicit
    env = os.environ.get("TRACKER_CONFIG")
    return Path(env) if env else default_config_path()


def read_config_file(explicit: Path | None) -> tuple[Path, bytes | None]:
    """The config's path and bytes; None when there is no file and none was asked for (local use
    needs no config). ConfigError when the file named by `--config` or $TRACKER_CONFIG is missing,
    or cannot be read."""
    path = resolve_config_path(explicit)
    if not path.exists():
        if explicit is not None or os.environ.get("TRACKER_CONFIG"):
            raise ConfigError(f"config file not found: {path}")
        return path, None
    try:
        return path, path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config ({exc.__class__.__name__})") from None


class PersonView(NamedTuple):  # (a NamedTuple: a frozen dataclass costs a millisecond to define)
    """How one `[people]` person is known (what `tracker.people.People` reads)."""

    github: str | None
    jira: str | None
    email: str | None
    aliases: tuple[str, ...]
    gitlab: str | None = None


def default_target_of(configured: str | None, names: Iterable[str]) -> str | None:
    """The target items go to when their postmortem names none: `[sync] default_target`, else the
    only target configured, else none. The one statement of this rule (`Config` and `ConfigView`
    both call it)."""
    if configured is not None:
        return configured
    only = list(names)
    return only[0] if len(only) == 1 else None


class ConfigView(NamedTuple):
    """The settings the read commands (and the report) use, as validated."""

    source: Path | None
    store_path: Path | None  # [store] path
    store_url: str | None  # [store] url (no password: the config refuses one)
    store_password_env: str | None  # [store] password_env
    timezone: str  # [report] timezone
    due_soon_days: int  # [report] due_soon_days
    stale_days: int  # [report] stale_days
    day_first: bool  # [extract] day_first
    extract_root: Path | None  # [extract] root
    default_targets: tuple[str, ...]  # where items of postmortems naming none go (`Config.default_target_names`)
    targets: dict[str, str]  # [targets]: name -> kind ("github", "gitlab", "jira", "memory")
    people: dict[str, PersonView]

    @classmethod
    def of(cls, config: Config) -> ConfigView:
        people = {
            name: PersonView(p.github, p.jira, p.email, tuple(p.aliases), p.gitlab) for name, p in config.people.items()
        }
        return cls(
            source=config.source,
            store_path=config.store.path,
            store_url=config.store.url,
            store_password_env=config.store.password_env,
            timezone=config.report.timezone,
            due_soon_days=config.report.due_soon_days,
            stale_days=config.report.stale_days,
            day_first=config.extract.day_first,
            extract_root=config.extract.root,
            default_targets=tuple(config.default_target_names()),
            targets={name: target.kind for name, target in config.targets.items()},
            people=people,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            **self._asdict(),
            **{key: str(getattr(self, key)) for key in _PATHS if getattr(self, key) is not None},
            "people": {name: person._asdict() for name, person in self.people.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ConfigView:
        paths = {key: Path(data[key]) for key in _PATHS if data[key] is not None}
        people = {name: PersonView(**{**p, "aliases": tuple(p["aliases"])}) for name, p in data["people"].items()}
        return cls(**{**data, **paths, "people": people, "default_targets": tuple(data["default_targets"])})


_PATHS = ("source", "store_path", "extract_root")
