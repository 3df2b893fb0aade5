"""What users of gh and Taskwarrior expect of a CLI, and what a newcomer tripped over, through `tracker`."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import Result

Cli = Callable[..., Result]

LONG = "Move the session store off the shared Redis cluster and onto its own replicated deployment"
TITLE = "Checkout outage caused by an expired TLS certificate on the payments gateway"
QUEUE = """# Queue backlog

Incident date: 2026-06-18

## Action items

- Add a consumer lag alert (Owner: alice, Due: 2026-07-01)
- Cap the retry fan-out (Owner: Bob, Due: 2026-06-25)
- =HYPERLINK("http://evil.example", "click") (Owner: Bob)
- Write the replay runbook
"""
CHECKOUT = f"""# {TITLE}

Incident date: 2026-05-02

## Action items

- {LONG} (Owner: Alice Chen, Due: 2026-08-01)
- Alert thirty days before a certificate expires (Owner: Carol)
"""


def extract(cli: Cli, tmp_path: Path) -> dict[str, dict[str, object]]:
    """Both documents extracted; the stored items by text."""
    folder = tmp_path / "postmortems"
    folder.mkdir(exist_ok=True)
    (folder / "2026-06-18-queue.md").write_text(QUEUE)
    (folder / "2026-05-02-checkout.md").write_text(CHECKOUT)
    assert cli("extract", str(folder)).exit_code == 0
    rows = json.loads(cli("list", "--status", "all", "--format", "json").stdout)
    return {row["text"]: row for row in rows}


@pytest.fixture
def people(cli: Cli) -> Cli:
    cli.config.write_text('[people."Alice Chen"]\naliases = ["alice"]\n')  # type: ignore[attr-defined]
    return cli


def test_list_does_not_cut_text_when_piped_and_shares_a_narrow_terminal(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extract(cli, tmp_path)
    monkeypatch.delenv("COLUMNS", raising=False)
    piped = cli("list").stdout
    assert LONG in piped and TITLE in piped  # nothing is cut for grep and friends
    monkeypatch.setenv("COLUMNS", "100")
    narrow = cli("list").stdout.splitlines()
    row = next(line for line in narrow if line.startswith("AI-") and "Move the" in line)
    assert max(map(len, narrow[:-1])) <= 100
    text_cell = row.split("  ")[1].strip()
    assert text_cell.endswith("…") and len(text_cell) >= 30  # readable, not 20 or 3 characters
    assert TITLE not in row and TITLE[:10] in row  # the title gave way as well
    monkeypatch.setenv("COLUMNS", "40")
    tiny = cli("list").stdout
    assert any(len(cell.strip()) >= 30 for cell in tiny.splitlines()[2].split("  "))  # never below the floor


def test_extract_table_shows_the_ids_edit_needs(cli: Cli, tmp_path: Path) -> None:
    doc = tmp_path / "queue.md"
    doc.write_text(QUEUE)
    dry = cli("extract", "--dry-run", str(doc)).stdout
    assert "AI-" not in dry
    stored = cli("extract", str(doc)).stdout
    ids = [row["id"] for row in json.loads(cli("list", "--status", "all", "--format", "json").stdout)]
    assert len(ids) == 4 and all(f"│ {i}" in stored for i in ids)
    assert cli("edit", ids[0], "--status", "done").exit_code == 0


def test_one_spelling_of_each_owner_everywhere(people: Cli, tmp_path: Path) -> None:
    cli = people
    doc = tmp_path / "queue.md"
    doc.write_text(QUEUE)  # written "alice"; [people] knows her as "Alice Chen"
    assert "Alice Chen" in cli("extract", "--dry-run", str(doc)).stdout
    assert json.loads(cli("extract", "--dry-run", "--format", "json", str(doc)).stdout)[0]["items"][0]["owner"] == (
        "Alice Chen"
    )
    cli("extract", str(doc))
    rows = json.loads(cli("list", "--format", "json").stdout)
    lag = next(r for r in rows if r["text"].startswith("Add a consumer lag alert"))
    assert lag["owner"] == "Alice Chen"
    assert "Alice Chen" in cli("list").stdout and "alice " not in cli("list").stdout
    assert "Alice Chen" in cli("list", "--format", "csv").stdout
    assert "Alice Chen" in cli("show", lag["id"]).stdout
    assert [r["id"] for r in json.loads(cli("list", "--owner", "alice", "--format", "json").stdout)] == [lag["id"]]


def test_list_csv_defuses_spreadsheet_formulas_like_the_report(cli: Cli, tmp_path: Path) -> None:
    extract(cli, tmp_path)
    rows = list(csv.DictReader(io.StringIO(cli("list", "--format", "csv").stdout)))
    formula = next(r for r in rows if "HYPERLINK" in r["text"])
    assert formula["text"].startswith("'=HYPERLINK(")
    assert all(r["text"][0] not in "=+-@" for r in rows)


@pytest.mark.parametrize("where", ["missing/backup.jsonl", "."])
def test_export_to_a_missing_folder_or_onto_a_folder_is_one_line(cli: Cli, tmp_path: Path, where: str) -> None:
    extract(cli, tmp_path)
    before = cli("export").stdout
    result = cli("export", "--output", str(tmp_path / where))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --output: cannot write") and len(result.stderr.splitlines()) == 1
    assert cli("export").stdout == before
    good = cli("export", "--output", str(tmp_path / "backup.jsonl"))
    assert good.exit_code == 0 and (tmp_path / "backup.jsonl").read_text() == before
    assert (tmp_path / "backup.jsonl").stat().st_mode & 0o077 == 0  # a backup is private


def test_list_limit_sort_and_due_before(cli: Cli, tmp_path: Path) -> None:
    items = extract(cli, tmp_path)
    by_due = json.loads(cli("list", "--sort", "due", "--format", "json").stdout)
    dues = [r["due"] for r in by_due]
    dated = [d for d in dues if d]
    assert dated == sorted(dated) and dues[: len(dated)] == dated  # undated last
    top = json.loads(cli("list", "--sort", "due", "--limit", "2", "--format", "json").stdout)
    assert top == by_due[:2]
    assert json.loads(cli("list", "-L", "1", "--format", "json").stdout)[0]["id"] == min(
        (r["id"] for r in by_due), key=lambda i: int(i.split("-")[1])
    )
    before = json.loads(cli("list", "--due-before", "2026-07-01", "--format", "json").stdout)
    expected = {t for t, r in items.items() if r["due"] and str(r["due"]) < "2026-07-01"}
    assert {r["text"] for r in before} == expected and expected
    by_owner = [r["owner"] for r in json.loads(cli("list", "--sort", "owner", "--format", "json").stdout)]
    owned = [o for o in by_owner if o]
    assert [o.lower() for o in owned] == sorted(o.lower() for o in owned)
    for bad, message in ((["--limit", "0"], "--limit"), (["--sort", "size"], "--sort"), (["--due-before", "x"], "")):
        result = cli("list", *bad)
        assert result.exit_code == 2 and message in result.output


def test_show_edit_and_done_take_a_bare_number(cli: Cli, tmp_path: Path) -> None:
    items = extract(cli, tmp_path)
    some = next(iter(items.values()))
    number = str(some["id"]).split("-")[1]
    assert json.loads(cli("show", number, "--format", "json").stdout) == json.loads(
        cli("show", str(some["id"]), "--format", "json").stdout
    )
    assert cli("done", number).exit_code == 0
    assert json.loads(cli("show", str(some["id"]).lower(), "--format", "json").stdout)["status"] == "done"


def test_postmortems_listing_and_postmortem_by_id_title_or_path(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = extract(cli, tmp_path)
    listed = json.loads(cli("postmortems", "--format", "json").stdout)
    assert sorted(p["title"] for p in listed) == sorted(["Queue backlog", TITLE])
    queue = next(p for p in listed if p["title"] == "Queue backlog")
    assert queue["source"] == "2026-06-18-queue.md" and (queue["open"], queue["items"]) == (4, 4)
    table = cli("postmortems").stdout
    assert queue["id"] in table and "4/4" in table and "2 postmortems" in table
    queue_texts = {t for t, r in items.items() if r["postmortem"]["id"] == queue["id"]}
    monkeypatch.chdir(tmp_path)
    for ref in (queue["id"], queue["id"].split("-")[1], "queue BACKLOG", "backlog", "2026-06-18-queue.md",
                "postmortems/2026-06-18-queue.md"):  # fmt: skip
        result = cli("list", "--postmortem", ref, "--format", "json")
        assert result.exit_code == 0, (ref, result.output)
        assert {r["text"] for r in json.loads(result.stdout)} == queue_texts, ref
    report = json.loads(cli("report", "--postmortem", "backlog", "--format", "json").stdout)
    assert {i["text"] for g in report["groups"] for i in g["items"]} <= queue_texts
    missing = cli("list", "--postmortem", "no such thing")
    assert missing.exit_code == 2 and "`tracker postmortems` lists them" in missing.stderr
    assert cli("list", "--postmortem", "outage").exit_code == 0  # a part only one title has
    several = cli("list", "--postmortem", "o")  # a part both titles have
    assert several.exit_code == 2 and queue["id"] in several.stderr and "give the id" in several.stderr


def _next_weekday(start: date, weekday: int, *, strictly_after: bool) -> date:
    day = start + timedelta(days=1 if strictly_after else 0)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day


def test_edit_due_takes_what_the_extractor_reads(cli: Cli, tmp_path: Path) -> None:
    items = extract(cli, tmp_path)
    item_id = str(next(iter(items.values()))["id"])
    today = date.today()
    friday = _next_weekday(today, 4, strictly_after=False) if today.weekday() < 5 else None
    cases = {
        "April 1, 2027": date(2027, 4, 1),
        "2027-02-03": date(2027, 2, 3),
        "next friday": _next_weekday(today, 4, strictly_after=True),
        "in 2 weeks": today + timedelta(days=14),
        "EOW": friday or _next_weekday(today, 4, strictly_after=True),
    }
    for text, expected in cases.items():
        assert cli("edit", item_id, "--due", text).exit_code == 0, text
        assert json.loads(cli("show", item_id, "--format", "json").stdout)["due"] == expected.isoformat(), text
    bad = cli("edit", item_id, "--due", "soonish")
    assert bad.exit_code == 2 and "--due: 'soonish' is not a date" in bad.stderr
    assert json.loads(cli("show", item_id, "--format", "json").stdout)["due"] == cases["EOW"].isoformat()


def test_a_due_date_long_before_the_incident_is_flagged_as_a_swap(cli: Cli, tmp_path: Path) -> None:
    doc = tmp_path / "disk.md"
    doc.write_text(
        "# Disk full\n\nIncident date: 2026-04-20\n\n## Action items\n\n"
        "- Add a disk alert (Owner: Alice, Due: 02/05/2026)\n"
        "- Rotate the logs (Owner: Bob, Due: 2026-01-02)\n"
        "- Write the runbook (Owner: Carol, Due: 2026-05-10)\n"
    )
    result = cli("extract", "--dry-run", str(doc))
    assert result.exit_code == 0
    warnings = result.stderr.splitlines()
    assert len(warnings) == 2
    assert "item 1" in warnings[0] and "2026-02-05" in warnings[0] and "swapped" in warnings[0]
    assert "2026-05-02" in warnings[0] and "day_first = true" in warnings[0]
    assert "item 2" in warnings[1] and "before the incident" in warnings[1] and "swapped" not in warnings[1]


def test_dash_h_is_help_everywhere(cli: Cli) -> None:
    for args in (["-h"], ["list", "-h"], ["sync", "-h"]):
        result = cli(*args)
        assert result.exit_code == 0 and "Usage:" in result.stdout, args
    assert "--install-completion" in cli("--help").stdout


def test_shell_completion_completes_commands_and_choices(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("tracker")
    env = {**os.environ, "_TRACKER_COMPLETE": "complete_bash", "TRACKER_DB": str(tmp_path / "t.db")}

    def complete(words: str) -> list[str]:
        parts = words.split(" ")
        run = {**env, "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
        done = subprocess.run([str(script)], env=run, capture_output=True, text=True, timeout=60)
        return done.stdout.split()

    assert complete("tracker postm") == ["postmortems"]
    assert set(complete("tracker list --sort ")) == {"id", "due", "owner", "status", "postmortem", "updated"}
    shown = subprocess.run(
        [str(script), "--show-completion", "bash"], env=os.environ, capture_output=True, text=True, timeout=60
    )
    assert "_TRACKER_COMPLETE" in shown.stdout
