"""`tracker extract` through the CLI: JSON shape, storing, re-extraction, bad files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

pytestmark = pytest.mark.both_stores  # the CLI suite runs on both stores

Cli = Callable[..., Result]

DOC = """# Login outage

Incident date: 2026-03-02
Review date: 2026-03-05

## Action items
- [ ] Add canary deploys for the auth service (Owner: Alice Chen, Deadline: April 1st, 2026)
- [x] Roll back the bad config @bob
- [ ] Page on login error budget burn within two weeks
"""


def write(tmp_path: Path, text: str, name: str = "pm.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rows(cli: Cli) -> list[dict[str, object]]:
    result = cli("list", "--status", "all", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_dry_run_json_has_the_documented_shape_and_stores_nothing(cli: Cli, tmp_path: Path) -> None:
    result = cli("extract", "--dry-run", "--format", "json", str(write(tmp_path, DOC)))
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.stdout)
    assert {"source", "title", "incident_date", "items"} <= set(doc)
    assert doc["title"] == "Login outage" and doc["incident_date"] == "2026-03-02"
    items = doc["items"]
    assert {"id", "text", "category", "section", "owner", "due", "status"} <= set(items[0])
    assert [(i["owner"], i["due"], i["status"]) for i in items] == [
        ("Alice Chen", "2026-04-01", "open"),
        ("bob", None, "done"),
        (None, "2026-03-19", "open"),
    ]
    assert items[0]["id"] is None and rows(cli) == []


def test_extract_stores_and_reextraction_updates_in_place(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, DOC)
    first = cli("extract", "--format", "json", str(path))
    assert first.exit_code == 0, first.output
    ids = [i["id"] for i in json.loads(first.stdout)[0]["items"]]
    assert ids == ["AI-1", "AI-2", "AI-3"]
    cli("edit", "AI-1", "--owner", "Carol")  # a person's edit survives re-extraction
    edited = (
        DOC.replace("Page on login error budget burn", "Page on the login error budget burn rate").replace(
            "- [x] Roll back the bad config @bob\n", ""
        )
        + "- [ ] Write the auth failover runbook\n"
    )
    again = cli("extract", "--format", "json", str(write(tmp_path, edited)))
    assert again.exit_code == 0, again.output
    by_id = {r["id"]: r for r in rows(cli)}
    assert by_id["AI-1"]["owner"] == "Carol"
    assert by_id["AI-2"]["status"] == "removed"
    assert by_id["AI-3"]["text"] == "Page on the login error budget burn rate within two weeks"
    assert by_id["AI-4"]["text"] == "Write the auth failover runbook" and len(by_id) == 4
    cli("extract", str(write(tmp_path, DOC)))  # the removed item comes back
    assert {r["id"]: r["status"] for r in rows(cli)}["AI-2"] == "done"


def test_a_folder_with_a_binary_file_imports_the_rest_and_exits_2(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "pms"
    folder.mkdir()
    write(folder, DOC, "good.md")
    (folder / "broken.md").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    write(folder, "Just some notes with no follow-up work.\n", "notes.txt")
    (folder / "image.png").write_bytes(b"\x89PNG")
    result = cli("extract", str(folder))
    assert result.exit_code == 2
    assert "broken.md" in result.output and "no action items" in result.output
    assert "Traceback" not in result.output and "image.png" not in result.output
    assert len(rows(cli)) == 3


def test_review_date_option_resolves_relative_deadlines(cli: Cli, tmp_path: Path) -> None:
    text = DOC.replace("Review date: 2026-03-05\n", "").replace("Incident date: 2026-03-02\n", "")
    result = cli("extract", "--dry-run", "--format", "json", "--review-date", "2026-06-01", str(write(tmp_path, text)))
    assert json.loads(result.stdout)[0]["items"][2]["due"] == "2026-06-15"
    bad = cli("extract", "--review-date", "after the review", str(write(tmp_path, text)))
    assert bad.exit_code == 2 and "--review-date" in bad.output


def test_unknown_target_is_refused_before_anything_is_stored(cli: Cli, tmp_path: Path) -> None:
    result = cli("extract", "--target", "nowhere", str(write(tmp_path, DOC)))
    assert result.exit_code == 2 and "unknown target 'nowhere'" in result.output
    assert rows(cli) == []


def test_policy_derives_missing_due_dates(cli: Cli, tmp_path: Path) -> None:
    cli.config.write_text("[policy]\ndue_days = 30\n")  # type: ignore[attr-defined]
    result = cli("extract", "--format", "json", str(write(tmp_path, DOC)))
    items = json.loads(result.stdout)[0]["items"]
    assert (items[1]["due"], items[1]["due_derived"]) == ("2026-04-04", True)  # review date + 30
    assert (items[0]["due"], items[0]["due_derived"]) == ("2026-04-01", False)


def test_a_nul_byte_after_the_first_8_kb_is_still_binary(cli: Cli, tmp_path: Path) -> None:
    doc = tmp_path / "late-nul.md"
    doc.write_bytes(b"# Outage\n\n## Action items\n\n- Add an alert\n" + b"text " * 4000 + b"\x00tail")
    result = cli("extract", str(doc))
    assert result.exit_code == 2 and "looks like a binary file" in result.stderr
    assert cli("list", "--status", "all", "--format", "json").stdout.strip() == "[]"


def test_a_fifo_is_refused_at_once_not_read_forever(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    env = {**os.environ, "TRACKER_DB": str(tmp_path / "t.db"), "TRACKER_CONFIG": str(tmp_path / "c.toml")}
    (tmp_path / "c.toml").write_text("")
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "extract", str(fifo)], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 2 and "not a regular file" in done.stderr
    assert "Traceback" not in done.stderr


NESTED = {
    "numbered, indented 3 per level (as deep as the size limit allows)": "\n".join(
        " " * (3 * i) + f"{i + 1}. Add alerting to service {i}" for i in range(1_500)
    ),
    "10,000 numbered markers on one line": "1. " * 10_000 + "Add alerting",
    "10,000 bullets with checkboxes on one line": "- [ ] " * 10_000 + "Add alerting",
    "10,000 quote levels": "> " * 10_000 + "1. Add alerting",
    "10,000 lines of indents going up and down": "\n".join(" " * (i % 40) + "- Add alerting" for i in range(10_000)),
}


@pytest.mark.sqlite_only  # its minutes are the extractor's, whatever the store
def test_deeply_nested_lists_are_read_without_a_traceback(cli: Cli, tmp_path: Path) -> None:
    """A 10,000-level nested numbered list ended `extract` in IndexError with a traceback."""
    for n, (shape, body) in enumerate(NESTED.items()):
        path = write(tmp_path, "# Deep\n\n## Action items\n\n" + body + "\n", f"deep{n}.md")
        result = cli("extract", "--format", "json", str(path))
        assert result.exit_code == 0 and result.exception is None, (shape, result.output[-500:])
        (doc,) = json.loads(result.stdout)
        assert doc["items"], shape
