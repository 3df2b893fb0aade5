"""Hostile configs: every one is a one-line config error (exit 2) in every command, the store untouched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

DOC = "# Outage\n\nIncident date: 2026-10-02\n\n## Action items\n\n- Add an alert (Owner: Alice)\n"
HUGE = 10**30
CONFIGS = {
    "huge day count": f"[report]\ndue_soon_days = {HUGE}\n",
    "huge stale days": f"[report]\nstale_days = {HUGE}\n",
    "huge overlap": f"[sync]\noverlap_seconds = {HUGE}\n",
    "huge retries": f"[sync]\nmax_retries = {HUGE}\n",
    "huge policy days": f"[policy]\ndue_days = {HUGE}\n",
    "huge write rate": f'[targets.gh]\nkind = "github"\nrepo = "a/b"\ntoken_env = "T"\nwrites_per_minute = {HUGE}\n',
    "nested arrays": "a = " + "[" * 6000 + "]" * 6000 + "\n",
    "nested tables": "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n",
    "unknown default target": '[sync]\ndefault_target = "nope"\n',
    "store path is a folder": '[store]\npath = "{folder}"\n',
}


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRACKER_CONFIG": str(tmp_path / "config.toml"), "TRACKER_DB": str(tmp_path / "t.db")}
    env["TRACKER_CACHE_DIR"] = str(tmp_path / "cache")
    return subprocess.run([sys.executable, "-m", "tracker", *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_a_hostile_config_is_one_line_exit_2_everywhere(tmp_path: Path, name: str) -> None:
    (tmp_path / "pm.md").write_text(DOC)
    (tmp_path / "folder").mkdir()
    (tmp_path / "config.toml").write_text(CONFIGS[name].replace("{folder}", str(tmp_path / "folder")))
    for args in (["status"], ["report"], ["extract", str(tmp_path / "pm.md")], ["sync", "--dry-run"], ["list"]):
        done = _run(tmp_path, *args)
        assert done.returncode == 2, (name, args, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: ") and "config.toml" in lines[0], (name, args, lines)
        assert "Traceback" not in done.stderr
    assert not (tmp_path / "t.db").exists()  # nothing was written anywhere
