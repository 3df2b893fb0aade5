"""The configuration: one validated pydantic model, found and loaded in one place.

Precedence: `--config PATH`, else `$TRACKER_CONFIG`, else `<user config dir>/config.toml`.
A missing file is fine (local use needs no config); a malformed one is a one-line ConfigError
naming the key and the file.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tracker.errors import ConfigError
from tracker.model import Priority, Status

APP_NAME = "postmortem-tracker"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Person(_Strict):
    """One person: the name items use, and how each tracker knows them."""

    github: str | None = None
    jira: str | None = Field(default=None, description="accountId on Jira Cloud, username on Server/DC")
    email: str | None = None
    aliases: list[str] = Field(default_factory=list)


class _TargetBase(_Strict):
    labels: list[str] = Field(default_factory=lambda: ["action-item"])
    token_env: str | None = None

    @field_validator("token_env")
    @classmethod
    def _env_name(cls, value: str | None) -> str | None:
        if value is not None and not value.replace("_", "").isalnum():
            raise ValueError(
                "must name an environment variable (like GITHUB_TOKEN); never write a token in the config"
            )
        return value


class GitHubTarget(_TargetBase):
    kind: Literal["github"]
    repo: str = Field(pattern=r"^[\w.-]+/[\w.-]+$")
    base_url: str = "https://api.github.com"
    due_as_milestone: bool = False
    writes_per_minute: int = 80
    writes_per_hour: int = 500


class JiraTarget(_TargetBase):
    kind: Literal["jira"]
    url: str
    project: str
    issue_type: str = "Task"
    deployment: Literal["cloud", "server"] = "cloud"
    email_env: str | None = None
    status_map: dict[Status, str] = Field(default_factory=dict)
    priority_map: dict[Priority, str] = Field(default_factory=dict)


class MemoryTarget(_TargetBase):
    """An in-process tracker, for trying the sync out and for tests."""

    kind: Literal["memory"]
    path: Path | None = Field(default=None, description="JSON file keeping the issues between runs")


TargetConfig = Annotated[GitHubTarget | JiraTarget | MemoryTarget, Field(discriminator="kind")]


class StoreSettings(_Strict):
    path: Path | None = None


class ExtractSettings(_Strict):
    day_first: bool = False


class SyncSettings(_Strict):
    default_target: str | None = None
    conflict: Literal["newest", "local", "remote", "manual"] = "newest"
    max_rate_wait: float = Field(default=300.0, ge=0, description="longest wait for a rate limit, seconds")
    max_retries: int = Field(default=4, ge=0)
    overlap_seconds: int = Field(default=120, ge=0)


class ReportSettings(_Strict):
    timezone: str = "UTC"
    due_soon_days: int = Field(default=7, ge=0)
    stale_days: int = Field(default=30, ge=1)


class PolicySettings(_Strict):
    due_days: int | None = Field(default=None, ge=0)
    due_days_by_priority: dict[Priority, int] = Field(default_factory=dict)


class Config(_Strict):
    store: StoreSettings = Field(default_factory=StoreSettings.model_construct)
    extract: ExtractSettings = Field(default_factory=ExtractSettings.model_construct)
    sync: SyncSettings = Field(default_factory=SyncSettings.model_construct)
    report: ReportSettings = Field(default_factory=ReportSettings.model_construct)
    policy: PolicySettings = Field(default_factory=PolicySettings.model_construct)
    people: dict[str, Person] = Field(default_factory=dict)
    targets: dict[str, TargetConfig] = Field(default_factory=dict)
    source: Path | None = Field(default=None, exclude=True)

    def target(self, name: str | None) -> tuple[str, TargetConfig]:
        """The named target, else the default one; ConfigError when there is none."""
        chosen = name or self.sync.default_target
        if chosen is None and len(self.targets) == 1:
            chosen = next(iter(self.targets))
        if chosen is None:
            raise ConfigError("no target given: pass --target NAME or set [sync] default_target")
        if chosen not in self.targets:
            known = ", ".join(sorted(self.targets)) or "none configured"
            raise ConfigError(f"unknown target {chosen!r} (known: {known})")
        return chosen, self.targets[chosen]


def default_config_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_NAME) / "config.toml"


def resolve_config_path(explicit: Path | None) -> Path:
    if explicit is not None:
        return explicit
    env = os.environ.get("TRACKER_CONFIG")
    return Path(env) if env else default_config_path()


def load_config(explicit: Path | None = None) -> Config:
    path = resolve_config_path(explicit)
    if not path.exists():
        if explicit is not None or os.environ.get("TRACKER_CONFIG"):
            raise ConfigError(f"config file not found: {path}")
        return Config.model_construct()  # every default is valid: skip building the validators
    from tracker import config_cache

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config ({exc.__class__.__name__})") from None
    cached = config_cache.entry(path, raw)
    config = config_cache.load(cached)
    if config is None:
        config = parse_config(_toml(raw, path), path)
        config_cache.save(cached, config)
    return config


def _toml(raw: bytes, path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read config ({exc.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None


def parse_config(data: dict[str, object], path: Path | None = None) -> Config:
    if not data:
        return Config.model_construct(source=path)
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path or 'config'}: {_first_problem(exc)}") from None
    return config.model_copy(update={"source": path})


def _first_problem(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = list(err["loc"])
    if loc[:1] == ["targets"] and len(loc) > 2:
        del loc[2]  # the discriminator tag pydantic inserts
    key = ".".join(str(p) for p in loc)
    if err["type"] == "extra_forbidden":
        return f"unknown key {key!r}"
    return f"{key}: {err['msg']}"
