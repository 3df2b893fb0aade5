"""Hypothesis on every CLI option that parses a date, an id or an owner: never a traceback,
a clear one-line message and exit 2 when refused, and the store unchanged."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.support import add_postmortem, new_item
from tracker.cli.app import _register, app
from tracker.store import Store

_register()
TEXT = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"\A(AI|ai|PM)-?-?\d{0,12}\Z"),
    st.from_regex(r"\A\d{1,5}-\d{1,3}-\d{1,3}\Z"),
    st.sampled_from(["2026-02-30", "2026-13-01", "0000-01-01", "tomorrow", "", " ", "-", "--help", "@", "AI-0"]),
)
COMMANDS = [
    ("show", "{}"),
    ("done", "{}"),
    ("edit", "{} --owner x"),
    ("resolve", "{} --take local"),
    ("edit", "AI-1 --due {}"),
    ("list", "--owner {}"),
    ("status", "{}"),
    ("status", "--as-of {}"),
    ("report", "--as-of {}"),
    ("report", "--owner {}"),
    ("extract", "--review-date {} --dry-run EXAMPLE"),
    ("list", "--postmortem {}"),
]
DIR = Path(tempfile.mkdtemp(prefix="tracker-prop-"))
DB = DIR / "t.db"
DOC = DIR / "pm.md"
DOC.write_text("# Outage\n\n## Action items\n- [ ] Add alerts (Owner: Alice, Due: 2026-12-01)\n")
store = Store(DB)
add_postmortem(store, [new_item("Add alerts", 0, owner="Alice", due=date(2026, 12, 1))])
store.close()


def _dump() -> str:
    return CliRunner().invoke(app, ["--db", str(DB), "export"]).stdout


BEFORE = _dump()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(COMMANDS), TEXT)
def test_options_never_crash(command: tuple[str, str], value: str) -> None:
    name, pattern = command
    args = [
        name,
        *[value if part == "{}" else str(DOC) if part == "EXAMPLE" else part for part in pattern.split()],
    ]
    result = CliRunner().invoke(app, ["--db", str(DB), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
    if result.exit_code == 2:
        assert result.output.strip(), args
    if name in ("done", "edit", "resolve") and result.exit_code == 0:
        store = Store(DB)  # a valid change: put the store back for the next example
        store.conn.execute("DELETE FROM items")
        store.close()
        CliRunner().invoke(app, ["--db", str(DB), "import", str(_restore())])
    assert _dump() == BEFORE, args


def _restore() -> Path:
    path = DIR / "backup.jsonl"
    path.write_text(BEFORE)
    store = Store(DB)
    with store.transaction() as conn:
        for table in ("conflicts", "links", "items", "postmortems", "meta", "cursors"):
            conn.execute(f"DELETE FROM {table}")
    store.close()
    return path
