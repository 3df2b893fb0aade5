"""The configuration: one validated pydantic model, found and loaded in one place.

Precedence: `--config PATH`, else `$TRACKER_CONFIG`, else `<user config dir>/config.toml`.
A missing file is fine (local use needs no config); a malformed one is a one-line ConfigError
naming the key and the file.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from connectors.github.config import GitHubTarget as GitHubTarget
from connectors.gitlab.config import GitLabTarget as GitLabTarget
from connectors.jira.config import JiraTarget as JiraTarget
from connectors.memory.config import MemoryTarget as MemoryTarget
from tracker.config_base import Strict
from tracker.config_base import env_var_name as env_var_name
from tracker.config_view import APP_NAME as APP_NAME
from tracker.config_view import default_config_path as default_config_path
from tracker.config_view import default_target_of, read_config_file
from tracker.config_view import resolve_config_path as resolve_config_path
from tracker.errors import ConfigError
from tracker.values import Priority


class Person(Strict):
    """One person: the name items use, and how each tracker knows them."""

    github: str | None = None
    gitlab: str | None = Field(default=None, description="GitLab username")
    jira: str | None = Field(default=None, description="accountId on Jira Cloud, username on Server/DC")
    email: str | None = None
    slack: str | None = Field(default=None, description="Slack user id (U...); else looked up by email")
    timezone: str | None = Field(default=None, description="IANA zone their 'today' is taken in (reminders)")
    aliases: list[str] = Field(default_factory=list)

    @field_validator("slack")
    @classmethod
    def _slack_id(cls, value: str | None) -> str | None:
        if value is not None and not _SLACK_ID.fullmatch(value):
            raise ValueError("must be a Slack user id like U012AB3CD (the profile's 'Copy member ID')")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        return _known_zone(value)


_SLACK_ID = re.compile(r"[UW][A-Z0-9]{2,20}")
_SECRET_KEYS = {"token", "api_token", "password", "secret", "pat", "access_token", "email_token"}
#: Secrets of the reminders, refused by name with the setting that names their variable.
_NAMED_SECRETS = {
    "smtp_password": "smtp_password_env",
    "slack_token": "slack_token_env",
    "bot_token": "slack_token_env",
}


def _known_zone(value: str | None) -> str | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if value is not None:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name like Europe/Berlin)") from None
    return value


# Every target kind's settings, told apart by `kind`: one per connector package.
TargetConfig = Annotated[GitHubTarget | GitLabTarget | JiraTarget | MemoryTarget, Field(discriminator="kind")]


class StoreSettings(Strict):
    path: Path | None = None
    url: str | None = Field(default=None, description="a shared PostgreSQL store: postgresql://user@host/dbname")
    password_env: str | None = Field(default=None, description="environment variable holding the store's password")

    _check_password_env = field_validator("password_env")(staticmethod(env_var_name))

    @field_validator("url")
    @classmethod
    def _postgres_url(cls, url: str | None) -> str | None:
        from tracker.store.reader import is_url, url_password

        if url is None:
            return None
        if not is_url(url):
            raise ValueError("give a postgresql:// URL (an SQLite file goes in store.path)")
        if url_password(url):
            raise ValueError(
                "passwords never go in the config; use PGPASSWORD, ~/.pgpass, or name a variable in password_env"
            )
        return url


class ExtractSettings(Strict):
    day_first: bool = False
    root: Path | None = Field(default=None, description="folder sources are named relative to outside a git work tree")
    source_url: str | None = Field(default=None, description="link to a document from its source, with {path} in it")
    min_confidence: float = Field(
        default=0.5, ge=0, le=1, description="new items the extractor is less sure of are proposed for review"
    )

    @field_validator("source_url")
    @classmethod
    def _has_path(cls, value: str | None) -> str | None:
        if value is not None and ("{path}" not in value or not value.startswith(("https://", "http://"))):
            raise ValueError("must be an http(s) URL with {path} where the document's relative path goes")
        return value

    def link_for(self, source: str) -> str | None:
        """The document's URL from its relative source, when `source_url` is set."""
        from urllib.parse import quote

        return self.source_url.replace("{path}", quote(source)) if self.source_url else None


class SyncSettings(Strict):
    default_target: str | None = None
    default_targets: list[str] = Field(default_factory=list, description="items no postmortem routes go to each")
    conflict: Literal["newest", "local", "remote", "manual"] = "newest"
    max_rate_wait: float = Field(default=300.0, ge=0, le=86_400, description="longest wait for a rate limit, seconds")
    max_retries: int = Field(default=4, ge=0, le=100)
    overlap_seconds: int = Field(default=120, ge=0, le=86_400)
    require_review: bool = Field(default=False, description="every new item waits for `tracker review`")


class RemindSettings(Strict):
    """`tracker remind`: who is reminded of what, how often, and through which servers."""

    channel: Literal["slack", "email", "both"] = Field(default="both", description="both: every configured one")
    before_days: int = Field(default=2, ge=0, le=365, description="remind of items due within this many days")
    every_days: int = Field(default=1, ge=1, le=365, description="an item at most once per this many days")
    skip_weekends: bool = False
    ownerless_to: str | None = Field(default=None, description="a [people] name, an email or a Slack channel id")
    slack_token_env: str | None = None
    slack_api_url: str = Field(default="https://slack.com/api/", description="Slack's Web API (tests: a fake)")
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, ge=1, le=65_535)
    smtp_starttls: bool = True
    smtp_user: str | None = None
    smtp_password_env: str | None = None
    smtp_ca_file: Path | None = Field(default=None, description="CA certificates to trust for STARTTLS")
    smtp_timeout: float = Field(default=30.0, gt=0, le=600)
    sender: str | None = Field(default=None, alias="from", description="From: address of the e-mails")

    _check_env = field_validator("slack_token_env", "smtp_password_env")(staticmethod(env_var_name))

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        from urllib.parse import urlsplit

        parts = urlsplit(value)
        local = parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")
        if parts.scheme != "https" and not local:
            raise ValueError("must be an https:// URL (http only to this machine)")
        return value if value.endswith("/") else value + "/"


class ReportSettings(Strict):
    timezone: str = "UTC"
    due_soon_days: int = Field(default=7, ge=0, le=3_650)
    stale_days: int = Field(default=30, ge=1, le=36_500)


# Days from the review to a derived deadline: at most a century, so the date stays a date.
DueDays = Annotated[int, Field(ge=0, le=36_500)]


class PolicySettings(Strict):
    due_days: DueDays | None = None
    due_days_by_priority: dict[Priority, DueDays] = Field(default_factory=dict)


class Config(Strict):
    store: StoreSettings = Field(default_factory=StoreSettings)
    extract: ExtractSettings = Field(default_factory=ExtractSettings)
    sync: SyncSettings = Field(default_factory=SyncSettings)
    report: ReportSettings = Field(default_factory=ReportSettings)
    policy: PolicySettings = Field(default_factory=PolicySettings)
    remind: RemindSettings = Field(default_factory=RemindSettings)
    people: dict[str, Person] = Field(default_factory=dict)
    targets: dict[str, TargetConfig] = Field(default_factory=dict)
    source: Path | None = Field(default=None, exclude=True)

    def default_target_name(self) -> str | None:
        """The (first) target of items whose postmortem names none (see `default_target_names`)."""
        return next(iter(self.default_target_names()), None)

    def default_target_names(self) -> list[str]:
        """Where items whose postmortem names no target go: `[sync] default_targets`, else
        `default_target` or the only target (`default_target_of`)."""
        if self.sync.default_targets:
            return list(self.sync.default_targets)
        single = default_target_of(self.sync.default_target, self.targets)
        return [single] if single is not None else []

    def target(self, name: str | None) -> tuple[str, TargetConfig]:
        """The named target, else the default one; ConfigError when there is none."""
        chosen = name or self.default_target_name()
        if chosen is None:
            raise ConfigError("no target given: pass --target NAME or set [sync] default_target")
        if chosen not in self.targets:
            known = ", ".join(sorted(self.targets)) or "none configured"
            raise ConfigError(f"unknown target {chosen!r} (known: {known})")
        return chosen, self.targets[chosen]

    @model_validator(mode="after")
    def _consistent(self) -> Config:
        """Checks across sections: a default target that exists, a store path that is no folder."""
        if self.sync.default_target is not None and self.sync.default_targets:
            raise ValueError("sync: set default_target or default_targets, not both")
        named = [("default_target", self.sync.default_target)]
        named += [("default_targets", name) for name in self.sync.default_targets]
        for key, default in named:
            if default is not None and default not in self.targets:
                known = ", ".join(sorted(self.targets)) or "none configured"
                raise ValueError(f"sync.{key}: no target {default!r} (known: {known})")
        _check_ownerless_to(self.remind.ownerless_to, self.people)
        store = self.store.path
        if store is not None and self.store.url is not None:
            raise ValueError("store: set path (SQLite) or url (PostgreSQL), not both")
        if store is not None and store.expanduser().is_dir():
            raise ValueError(f"store.path: {store} is a folder; name the store file in it (e.g. {store}/tracker.db)")
        return self


_SLACK_CHANNEL = re.compile(r"#[a-z0-9][a-z0-9._-]{0,79}|[CGD][A-Z0-9]{2,20}")


def _check_ownerless_to(value: str | None, people: dict[str, Person]) -> None:
    if value is None or value in people or "@" in value or _SLACK_CHANNEL.fullmatch(value):
        return
    raise ValueError(
        f"remind.ownerless_to: {value!r} is no [people] name, e-mail address or Slack channel (#name or its C… id)"
    )


def load_config(explicit: Path | None = None) -> Config:
    path, raw = read_config_file(explicit)
    return config_from(path, raw)


def config_from(path: Path, raw: bytes | None) -> Config:
    """The validated config of these bytes (None: no file), from the cache when seen before."""
    import pickle

    from pydantic import VERSION

    from tracker import config_cache

    source = path if raw is not None else None
    where = config_cache.entry(source, raw or b"", VERSION)
    config = _unpickled(config_cache.read(where))
    if config is None:
        config = parse_config(_toml(raw, path) if raw is not None else {}, source)
        config_cache.write(where, pickle.dumps(config, protocol=pickle.HIGHEST_PROTOCOL))
    return config


def _unpickled(data: bytes | None) -> Config | None:
    """The config in a cache entry; None for a missing, partly written or foreign one."""
    import pickle

    try:
        config = pickle.loads(data) if data else None
    except Exception:  # not a pickle, or of classes that are gone: validate instead
        return None
    return config if isinstance(config, Config) else None


def _toml(raw: bytes, path: Path) -> dict[str, object]:
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: cannot read config ({exc.__class__.__name__})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML (nested too deeply)") from None


def parse_config(data: dict[str, object], path: Path | None = None) -> Config:
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path or 'config'}: {_first_problem(exc)}") from None
    except RecursionError:
        raise ConfigError(f"{path or 'config'}: values nested too deeply") from None
    return config.model_copy(update={"source": path})


def _first_problem(exc: ValidationError) -> str:
    err = exc.errors()[0]
    loc = list(err["loc"])
    if loc[:1] == ["targets"] and len(loc) > 2:
        del loc[2]  # the discriminator tag pydantic inserts
    key = ".".join(str(p) for p in loc)
    if err["type"] == "extra_forbidden":
        named = _NAMED_SECRETS.get(str(loc[-1]).lower())
        if named:
            return f"{key}: secrets never go in the config; put it in an environment variable and name that in {named}"
        if str(loc[-1]).lower() in _SECRET_KEYS:
            return f"{key}: tokens never go in the config; put it in an environment variable and name that in token_env"
        return f"unknown key {key!r}"
    message = err["msg"].removeprefix("Value error, ")
    return f"{key}: {message}" if key else message
