"""A configured target's connector and sync options, made from the config."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from tracker.connector import Connector
from tracker.errors import ConfigError
from tracker.model import utcnow
from tracker.services.workspace import Clock
from tracker.sync.engine import SyncOptions

if TYPE_CHECKING:
    from tracker.config import Config, MemoryTarget
    from tracker.connector import ConnectorFactory
    from tracker.people import People


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    connector: Connector
    options: SyncOptions


def target_names(config: Config, target: str | None) -> list[str]:
    """The named target, or every configured one; ConfigError when there is none to sync with."""
    if target is not None:
        return [config.target(target)[0]]
    if not config.targets:
        raise ConfigError("no target configured; see [targets] in the config (`tracker init` writes an example)")
    return sorted(config.targets)


def targets_for(config: Config, people: People, names: list[str], clock: Clock = utcnow) -> list[Target]:
    """Every target's connector, made before any is synced: a bad setting or a missing token of the
    second target is a config error (exit 2) before the first one's sync changes anything."""
    return [target_for(config, people, name, clock) for name in names]


def target_for(config: Config, people: People, name: str, clock: Clock = utcnow) -> Target:
    from connectors.registry import load_connector_class
    from tracker.config import MemoryTarget
    from tracker.logs import quiet_library_logs

    name, settings = config.target(name)
    factory = load_connector_class(settings.kind)
    quiet_library_logs()  # the client library is imported now: keep its logging off the terminal
    if isinstance(settings, MemoryTarget):
        connector = _memory_connector(factory, name, settings, config, people)
    else:
        connector = factory(name, settings, config, people)
    options = SyncOptions(
        target=name,
        policy=config.sync.conflict,
        overlap=timedelta(seconds=config.sync.overlap_seconds),
        default_target=name in config.default_target_names(),
        clock=clock,
    )
    return Target(name, connector, options)


def _memory_connector(
    factory: ConnectorFactory[MemoryTarget], name: str, target: MemoryTarget, config: Config, people: People
) -> Connector:
    """A memory target, its issues file checked first: a folder, a file in a folder that does not
    exist (found only when the first issue is saved, mid-sync) or one that is no issues file (the
    connector reads it as it starts) is a config error naming the key, not a traceback."""
    path, where = target.path, f"targets.{name}.path"
    if path is not None and path.is_dir():
        raise ConfigError(f"{where}: {path} is a folder; name the issues file in it (e.g. {path / 'issues.json'})")
    if path is not None and not path.parent.is_dir():
        raise ConfigError(f"{where}: the folder of {path} does not exist")
    try:
        return factory(name, target, config, people)
    except (OSError, ValueError, LookupError, TypeError, AttributeError) as exc:  # a file read, then json
        raise ConfigError(f"{where}: {path} is no memory target's issues file ({exc.__class__.__name__})") from None
