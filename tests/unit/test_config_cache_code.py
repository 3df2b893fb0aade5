"""The config cache is invalidated by an edit to any module whose models a cached config holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker import config_cache

ROOT = Path(__file__).resolve().parents[2]


def test_every_settings_module_invalidates_the_cache() -> None:
    settings = {str(p.relative_to(ROOT)) for p in (ROOT / "connectors").glob("*/config.py")}
    settings |= {str(p.relative_to(ROOT)) for p in (ROOT / "tracker").glob("config*.py")} - {"tracker/config_cache.py"}
    assert settings <= set(config_cache._CODE)
    assert all((ROOT / name).is_file() for name in config_cache._CODE)


def test_the_entry_changes_with_the_code(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    before = config_cache.entry(tmp_path / "c.toml", b"x = 1")
    stamps = config_cache._code()
    monkeypatch.setattr(config_cache, "_code", lambda: [*stamps[:-1], (0, 0)])
    assert config_cache.entry(tmp_path / "c.toml", b"x = 1") != before
