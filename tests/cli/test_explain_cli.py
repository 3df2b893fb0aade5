"""Confidence and reasons: carried by `extract --format json`, shown by `extract --explain [--all]`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

Cli = Callable[..., Result]

DOC = """# Upload failures

Incident date: 2026-09-14

## Remediation

- Added retries to the upload client
- [ ] Alert on upload errors (Owner: Eli, Due: 2026-10-01)
- Drain traffic from a failing region automatically
- Increased monitoring following a release
- Better dashboards for the upload path

## Timeline

Rolled back the deploy at 10:12.
"""


def _items(cli: Cli, path: Path, *extra: str) -> dict[str, dict[str, object]]:
    result = cli("extract", "--dry-run", "--format", "json", *extra, str(path))
    assert result.exit_code == 0, result.output
    return {item["text"]: item for item in json.loads(result.stdout)[0]["items"]}


def test_json_carries_confidence_and_the_reasons_that_voted(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    path.write_text(DOC)
    items = _items(cli, path)
    assert "Added retries to the upload client" not in items  # finished work
    alert = items["Alert on upload errors"]
    assert {"marker:checkbox", "annotation:owner", "annotation:due", "section:Remediation"} <= set(alert["reasons"])
    drain = items["Drain traffic from a failing region automatically"]
    assert "imperative:drain" in drain["reasons"]
    vague = items["Better dashboards for the upload path"]
    doubtful = items["Increased monitoring following a release"]
    assert "participle-opener" in doubtful["reasons"]
    confidences = [alert["confidence"], drain["confidence"], vague["confidence"], doubtful["confidence"]]
    assert all(0 <= c <= 1 for c in confidences)  # type: ignore[operator]
    assert confidences == sorted(confidences, reverse=True) and len(set(confidences)) == 4  # more evidence, more sure


def test_explain_shows_confidence_and_reasons_and_all_shows_the_refused(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    path.write_text(DOC)
    items = _items(cli, path)
    shown = cli("extract", "--dry-run", "--explain", str(path))
    assert shown.exit_code == 0
    for text, item in items.items():
        assert f"{item['confidence']:.2f}  {text}" in shown.stdout
        assert ", ".join(item["reasons"]) in shown.stdout  # type: ignore[arg-type]
    assert "past-tense" not in shown.stdout
    everything = cli("extract", "--dry-run", "--explain", "--all", str(path)).stdout
    assert "past-tense: Added retries to the upload client" in everything
    assert "outside-follow-up: Rolled back the deploy at 10:12." in everything
    refused = json.loads(cli("extract", "--dry-run", "--format", "json", "--all", str(path)).stdout)[0]["rejected"]
    assert {"text": "Added retries to the upload client", "section": "Remediation", "reason": "past-tense"} in refused


def test_explain_after_storing_names_the_item_ids(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "pm.md"
    path.write_text(DOC)
    shown = cli("extract", "--explain", str(path)).stdout
    ids = [row["id"] for row in json.loads(cli("list", "--status", "all", "--format", "json").stdout)]
    assert ids and all(f" {i}  " in shown for i in ids)
