"""The validated-config cache: same bytes give the same config, anything else is validated anew."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pydantic import VERSION

from tracker import config_cache
from tracker.config import load_config
from tracker.errors import ConfigError

GOOD = """
[report]
due_soon_days = 3

[people."Alice Chen"]
github = "alice-chen"
aliases = ["alice"]

[targets.gh]
kind = "github"
repo = "acme/incidents"
token_env = "GITHUB_TOKEN"
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(folder))
    return folder


def test_a_second_load_comes_from_the_cache_and_equals_the_first(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    first = load_config(path)
    entries = list(cache.glob("*.pickle"))
    assert len(entries) == 1
    assert stat.S_IMODE(entries[0].stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    second = load_config(path)
    assert second == first and second.source == path
    assert second.people["Alice Chen"].aliases == ["alice"] and second.report.due_soon_days == 3


def test_an_edited_file_is_validated_again(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    load_config(path)
    path.write_text(GOOD.replace("due_soon_days = 3", 'due_soon_days = "soon"'))
    with pytest.raises(ConfigError, match=r"report\.due_soon_days"):
        load_config(path)
    path.write_text(GOOD.replace("due_soon_days = 3", "due_soon_days = 9"))
    assert load_config(path).report.due_soon_days == 9


def test_the_same_bytes_at_another_path_keep_their_own_source(tmp_path: Path, cache: Path) -> None:
    one, two = tmp_path / "one.toml", tmp_path / "two.toml"
    one.write_text(GOOD)
    two.write_text(GOOD)
    assert load_config(one).source == one
    assert load_config(two).source == two


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05K\x01."])  # the last: a pickled int
def test_a_broken_or_foreign_entry_is_ignored(tmp_path: Path, cache: Path, garbage: bytes) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    entry = config_cache.entry(path, path.read_bytes(), VERSION)
    entry.parent.mkdir(parents=True)
    entry.write_bytes(garbage)
    assert load_config(path).targets["gh"].repo == "acme/incidents"  # type: ignore[union-attr]
    assert load_config(path) == load_config(path)


def test_an_unwritable_cache_costs_only_speed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    assert load_config(path).report.due_soon_days == 3


def test_old_entries_are_pruned(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "config.toml"
    for n in range(12):
        path.write_text(GOOD.replace("due_soon_days = 3", f"due_soon_days = {n}"))
        assert load_config(path).report.due_soon_days == n
    assert len(list(cache.glob("*.pickle"))) <= 8
