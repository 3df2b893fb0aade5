"""Hypothesis on the config loader: any TOML, any types: a ConfigError naming the file, never a crash."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.config import Config, load_config
from tracker.errors import ConfigError

KEYS = st.sampled_from(["store", "extract", "sync", "report", "policy", "people", "targets", "bogus"])
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "kind",
                    "repo",
                    "url",
                    "project",
                    "conflict",
                    "due_days",
                    "github",
                    "token_env",
                    "path",
                    "default_target",
                    "timezone",
                    "labels",
                    "x",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)


def _toml(value: object) -> str:
    if value is None:
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{" + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + "}"


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, VALUES, max_size=4))
def test_random_configs_load_or_fail_with_one_line(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, object]
) -> None:
    path = tmp_path_factory.mktemp("cfg") / "config.toml"
    path.write_text("\n".join(f"{k} = {_toml(v)}" for k, v in data.items()))
    try:
        config = load_config(path)
    except ConfigError as exc:
        message = str(exc)
        assert str(path) in message and "\n" not in message
    else:
        assert isinstance(config, Config)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_are_a_config_error(tmp_path_factory: pytest.TempPathFactory, blob: bytes) -> None:
    path = tmp_path_factory.mktemp("cfg") / "config.toml"
    path.write_bytes(blob)
    try:
        tomllib.loads(path.read_text(encoding="utf-8"))  # the way the loader reads it
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        with pytest.raises(ConfigError, match=r"config\.toml"):
            load_config(path)


def test_a_missing_explicit_config_is_an_error_but_a_missing_default_is_fine(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")
    assert load_config(None) == Config()
