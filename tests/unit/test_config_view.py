"""The read commands' view of the config: what the validated config says, cached without pydantic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tracker import config_cache, config_view
from tracker.config import load_config
from tracker.config_load import load_view
from tracker.config_view import ConfigView
from tracker.errors import ConfigError

GOOD = """
[store]
path = "~/incidents/tracker.db"

[extract]
day_first = true
root = "postmortems"

[report]
timezone = "Europe/Berlin"
due_soon_days = 3

[sync]
default_target = "gh"

[people."Alice Chen"]
github = "alice-chen"
email = "alice@example.com"
aliases = ["alice", "achen"]

[targets.gh]
kind = "github"
repo = "acme/incidents"

[targets.ops]
kind = "jira"
url = "https://acme.atlassian.net"
project = "OPS"
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(folder))
    monkeypatch.delenv("TRACKER_CONFIG", raising=False)
    return folder


def test_the_view_holds_what_the_validated_config_says(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    view = load_view(path)
    assert view == ConfigView.of(load_config(path))
    assert view.store_path == Path("~/incidents/tracker.db") and view.extract_root == Path("postmortems")
    assert (view.timezone, view.due_soon_days, view.stale_days, view.day_first) == ("Europe/Berlin", 3, 30, True)
    assert view.targets == {"gh": "github", "ops": "jira"} and view.default_targets == ("gh",)
    assert view.people["Alice Chen"].aliases == ("alice", "achen") and view.source == path
    assert load_view(path) == view  # from the cache entry now
    assert len(list(cache.glob("view-*.json"))) == 1


def test_the_cached_view_is_read_without_pydantic(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    load_view(path)
    probe = (
        "import sys\nfrom pathlib import Path\nfrom tracker.config_load import load_view\n"
        "view = load_view(Path(sys.argv[1]))\n"
        "print(view.people['Alice Chen'].github, 'pydantic' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(path)], capture_output=True, text=True, check=True, env=dict(os.environ)
    )
    assert out.stdout.split() == ["alice-chen", "False"]


def test_an_edited_file_is_validated_again_and_its_errors_reported(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    load_view(path)
    path.write_text(GOOD.replace("due_soon_days = 3", 'due_soon_days = "soon"'))
    with pytest.raises(ConfigError, match=r"report\.due_soon_days"):
        load_view(path)
    path.write_text(GOOD.replace("due_soon_days = 3", "due_soon_days = 9"))
    assert load_view(path).due_soon_days == 9


def test_no_file_an_empty_file_and_a_missing_named_file(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(config_view, "default_config_path", lambda: tmp_path / "absent.toml")
    assert load_view(None) == ConfigView.of(load_config(None))
    assert load_view(None).source is None
    empty = tmp_path / "empty.toml"
    empty.write_text(" \n")
    defaults = load_view(empty)
    assert (defaults.timezone, defaults.due_soon_days, defaults.people, defaults.targets) == ("UTC", 7, {}, {})
    assert defaults.source == empty
    with pytest.raises(ConfigError, match="config file not found"):
        load_view(tmp_path / "missing.toml")


@pytest.mark.parametrize("garbage", [b"", b"not json", b"[]", b'{"key": [], "view": {}}'])
def test_a_broken_or_foreign_entry_is_ignored(tmp_path: Path, cache: Path, garbage: bytes) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    where, key = config_cache.view_entry(path, path.read_bytes())
    where.parent.mkdir(parents=True)
    where.write_bytes(garbage)
    assert load_view(path).targets == {"gh": "github", "ops": "jira"}
    assert json.loads(where.read_text())["key"] == json.loads(json.dumps(key))  # rewritten


def test_an_entry_for_other_bytes_at_the_same_path_is_a_miss(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(GOOD)
    load_view(path)
    entry = next(cache.glob("view-*.json"))
    data = json.loads(entry.read_text())
    data["view"]["due_soon_days"] = 99  # what a stale entry would say
    data["key"][-1] = data["key"][-1].replace("due_soon_days = 3", "due_soon_days = 4")
    entry.write_text(json.dumps(data))
    assert load_view(path).due_soon_days == 3
