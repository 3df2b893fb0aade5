"""What only the PostgreSQL store has: its URL and password handling, migrations under a lock,
the advisory sync lock, a lost connection, doctor's checks, and moving a team over from SQLite.
(The store, CLI and sync suites run on it too: `both_stores`.)"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner, Result

from tests.support import add_postmortem, new_item
from tracker.cli.app import _register, app
from tracker.errors import LockedError, StoreError
from tracker.store import Store
from tracker.store.db import SCHEMA_VERSION
from tracker.store.dialect import scrub, url_password

pytestmark = pytest.mark.postgres
_register()

ROOT = Path(__file__).resolve().parents[2]


def tracker(tmp_path: Path, *args: str, config: str = "") -> Result:
    path = tmp_path / "config.toml"
    path.write_text(config, encoding="utf-8")
    return CliRunner().invoke(app, ["--config", str(path), *args])


def with_password(url: str, password: str) -> str:
    return url.replace("tracker@", f"tracker:{password}@", 1)


def test_every_exported_table_has_its_key_for_import() -> None:
    """A table added to the export needs its primary key in `backup.KEYS` (import upserts by it)."""
    from tracker.store.backup import KEYS
    from tracker.store.export import TABLES

    assert set(KEYS) == set(TABLES)


def test_scrub_drops_the_password_from_every_place_a_url_can_hold_one() -> None:
    assert scrub("postgresql://bob:s3cret@db.example:5433/team?sslmode=require") == (
        "postgresql://bob@db.example:5433/team?sslmode=require"
    )
    assert "s3cret" not in scrub("postgresql://bob@db/team?password=s3cret&sslmode=verify-full")
    assert url_password("postgresql://bob@db/team?password=s3cret") == "s3cret"
    assert url_password("postgresql://bob@db/team") is None


@pytest.mark.parametrize("url", ["postgresql://bob:s3cret@db/team", "postgresql://bob@db/team?password=s3cret"])
def test_a_password_in_the_config_is_refused_like_a_token(tmp_path: Path, url: str) -> None:
    result = tracker(tmp_path, "status", config=f'[store]\nurl = "{url}"\n')
    assert result.exit_code == 2 and "s3cret" not in result.output
    assert "store.url: passwords never go in the config" in result.output and result.output.count("\n") == 1


def test_the_example_configs_store_url_settings_are_valid(tmp_path: Path) -> None:
    example = (ROOT / "config.example.toml").read_text(encoding="utf-8")
    lines = [line.removeprefix("#   ") for line in example.splitlines() if line.startswith("#   ")]
    store = [line for line in lines if line.startswith(("url = ", "password_env = "))]
    assert len(store) == 2
    from tracker.config import parse_config

    assert parse_config({"store": tomllib.loads("\n".join(store))}).store.url is not None


def test_store_url_path_and_password_env_are_checked(tmp_path: Path) -> None:
    both = tracker(tmp_path, "status", config='[store]\nurl = "postgresql://a@b/c"\npath = "t.db"\n')
    assert both.exit_code == 2 and "set path (SQLite) or url (PostgreSQL), not both" in both.output
    not_pg = tracker(tmp_path, "status", config='[store]\nurl = "mysql://a@b/c"\n')
    assert not_pg.exit_code == 2 and "give a postgresql:// URL" in not_pg.output


def test_the_store_url_and_password_env_from_the_config_are_used(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = f'[store]\nurl = "{pg_url}"\npassword_env = "TEAM_DB_PASSWORD"\n'
    missing = tracker(tmp_path, "status", config=config)
    assert missing.exit_code == 2 and "$TEAM_DB_PASSWORD, which is not set" in missing.output
    monkeypatch.setenv("TEAM_DB_PASSWORD", "not-checked-by-trust-auth")
    assert tracker(tmp_path, "status", config=config).exit_code == 0
    assert Store(pg_url).schema_version == SCHEMA_VERSION  # the config's database was the one migrated


def test_a_connection_error_names_the_url_without_its_password(tmp_path: Path, postgres_server: object) -> None:
    result = tracker(tmp_path, "--db", "postgresql://tracker:hunter2@127.0.0.1:1/nowhere?connect_timeout=2", "list")
    assert result.exit_code == 2 and result.output.count("\n") == 1, result.output
    assert "hunter2" not in result.output and "postgresql://tracker@127.0.0.1:1/nowhere" in result.output
    assert "cannot connect to the store" in result.output


def test_the_db_option_and_tracker_db_take_a_url_with_libpq_options(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_options = pg_url + "?sslmode=disable&application_name=ignored"
    assert tracker(tmp_path, "--db", with_options, "status").exit_code == 0
    monkeypatch.setenv("TRACKER_DB", with_password(pg_url, "given-on-the-command-line"))
    result = tracker(tmp_path, "doctor")
    assert "given-on-the-command-line" not in result.output
    assert f"ok   store: {pg_url} (schema {SCHEMA_VERSION}, PostgreSQL " in result.output


def _open_in_child(url: str) -> subprocess.Popen[str]:
    code = "import sys; from tracker.store import Store; s = Store(sys.argv[1]); print(s.schema_version)"
    return subprocess.Popen([sys.executable, "-c", code, url], cwd=ROOT, stdout=subprocess.PIPE, text=True)


def test_processes_starting_at_once_migrate_once(pg_url: str) -> None:
    children = [_open_in_child(pg_url) for _ in range(6)]
    outputs = [child.communicate(timeout=120)[0].strip() for child in children]
    assert [c.returncode for c in children] == [0] * 6 and outputs == [str(SCHEMA_VERSION)] * 6
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT version FROM tracker_schema").fetchall() == [(SCHEMA_VERSION,)]
        columns = conn.execute(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'confidence'"
        ).fetchone()
    assert columns == ("double precision",)  # REAL in the shared migrations is not float4 here


def test_a_store_from_a_newer_tracker_is_refused(pg_url: str) -> None:
    Store(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE tracker_schema SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer than this tracker knows"):
        Store(pg_url)


def test_one_sync_at_a_time_per_store(pg_url: str, postgres_server: object) -> None:
    first, second = Store(pg_url), Store(pg_url)
    with first.sync_lock(), pytest.raises(LockedError, match="another tracker sync is running on"), second.sync_lock():
        pass
    with second.sync_lock():  # released with the first
        pass


def test_a_lost_connection_is_one_line_and_the_transaction_is_rolled_back(pg_url: str) -> None:
    store = Store(pg_url)
    add_postmortem(store, [new_item("Add canary deploys", 0)])
    pid = store.conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    item = store.get_item("AI-1")
    lost = pytest.raises(StoreError, match="lost the connection to the store")
    with psycopg.connect(pg_url, autocommit=True) as admin, lost as caught, store.transaction():
        store.put_item(item.model_copy(update={"text": "half written"}))
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        store.put_item(item.model_copy(update={"owner": "nobody"}))
    assert "\n" not in str(caught.value)
    assert Store(pg_url).get_item("AI-1").text == "Add canary deploys"


def test_doctor_names_a_table_the_user_may_not_write(tmp_path: Path, pg_url: str) -> None:
    Store(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as admin:
        admin.execute("DROP ROLE IF EXISTS reader_only")
        admin.execute("CREATE ROLE reader_only LOGIN")
        admin.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader_only")
        admin.execute("GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO reader_only")
        admin.execute("REVOKE UPDATE ON links FROM reader_only")
    try:
        result = tracker(tmp_path, "--db", pg_url.replace("tracker@", "reader_only@"), "doctor")
        assert result.exit_code == 1, result.output
        assert "user reader_only may not read and write table links" in result.output
        assert "table items" not in result.output
    finally:
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute("DROP OWNED BY reader_only")
            admin.execute("DROP ROLE reader_only")


def test_a_team_moves_over_from_an_sqlite_export(tmp_path: Path, pg_url: str) -> None:
    sqlite = Store(tmp_path / "mine.db")
    add_postmortem(sqlite, [new_item("Add canary deploys", 0, owner="Alice"), new_item("Page on burn", 1)])
    with sqlite.transaction() as conn:
        conn.execute("UPDATE items SET confidence = 0.1 + 0.2 WHERE id = 'AI-1'")  # a float with 17 digits
    sqlite.close()
    run: Callable[..., Result] = lambda *a: tracker(tmp_path, *a)  # noqa: E731
    exported = run("--db", str(tmp_path / "mine.db"), "export").stdout
    dump = tmp_path / "dump.jsonl"
    dump.write_text(exported, encoding="utf-8")
    assert run("--db", pg_url, "import", str(dump)).exit_code == 0
    again = run("--db", pg_url, "export").stdout
    assert sorted(again.splitlines()) == sorted(exported.splitlines())
    assert Store(pg_url).get_item("AI-1").confidence == 0.1 + 0.2
    refused = run("--db", pg_url, "import", str(dump))
    assert refused.exit_code == 2 and "empty store" in refused.output
    assert run("--db", pg_url, "extract", "--help").exit_code == 0


def test_sqlite_commands_never_load_psycopg(tmp_path: Path) -> None:
    code = (
        "import sys; from tracker.cli import main; sys.argv = ['tracker', '--db', sys.argv[1], 'status', 'alice']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\nprint('psycopg' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "t.db")], cwd=ROOT, capture_output=True, text=True
    )
    assert done.stdout.strip().splitlines()[-1] == "False", done.stdout + done.stderr
