"""The PostgreSQL test harness works through psycopg: what issue 19's store, concurrency and fault tests rely on."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest

import tests.postgres_server as postgres_server_module
from tests.postgres_server import HOST, SUPERUSER, PostgresServer, ServerUnavailable, find_bin_dir, start_or_skip

pytestmark = pytest.mark.postgres


def test_url_names_a_fresh_database_on_the_local_server(pg_url: str, postgres_server: PostgresServer) -> None:
    assert pg_url.startswith(f"postgresql://{SUPERUSER}@{HOST}:{postgres_server.port}/t_")
    with psycopg.connect(pg_url) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
        assert tables == (0,)
        assert conn.execute("SELECT current_database()").fetchone() == (pg_url.rsplit("/", 1)[1],)
        assert conn.execute("SHOW server_encoding").fetchone() == ("UTF8",)


def test_server_is_15_or_newer(pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        (version,) = conn.execute("SELECT current_setting('server_version_num')::int").fetchone() or (0,)
        (text,) = conn.execute("SELECT version()").fetchone() or ("",)
        assert conn.info.server_version >= 150000
    assert version >= 150000, text
    assert text.startswith("PostgreSQL ")


def test_create_insert_select(pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        conn.execute("CREATE TABLE items (id serial PRIMARY KEY, title text NOT NULL, due date)")
        conn.execute("INSERT INTO items (title, due) VALUES (%s, %s), (%s, NULL)", ["Añadir alerta", "2026-04-01", "b"])
        rows = conn.execute("SELECT id, title, due::text FROM items ORDER BY id").fetchall()
    assert rows == [(1, "Añadir alerta", "2026-04-01"), (2, "b", None)]


def test_two_databases_are_independent(pg_url: str, postgres_server: PostgresServer) -> None:
    other_name, other_url = postgres_server.create_database()
    try:
        assert other_url != pg_url
        with psycopg.connect(pg_url) as a, psycopg.connect(other_url) as b:
            a.execute("CREATE TABLE only_here (x int)")
            a.execute("INSERT INTO only_here VALUES (1)")
            a.commit()
            with pytest.raises(psycopg.errors.UndefinedTable):
                b.execute("SELECT * FROM only_here")
            b.rollback()
            b.execute("CREATE TABLE only_here (x int)")  # the same name, no clash
            assert b.execute("SELECT count(*) FROM only_here").fetchone() == (0,)
            assert a.execute("SELECT count(*) FROM only_here").fetchone() == (1,)
    finally:
        postgres_server.drop_database(other_name)
    with psycopg.connect(postgres_server.url(), autocommit=True) as admin:
        assert admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [other_name]).fetchone() is None


def test_second_connection_sees_committed_data_only(pg_url: str) -> None:
    with psycopg.connect(pg_url) as writer, psycopg.connect(pg_url, autocommit=True) as reader:
        writer.execute("CREATE TABLE t (x int)")
        writer.commit()
        writer.execute("INSERT INTO t VALUES (42)")
        assert reader.execute("SELECT count(*) FROM t").fetchone() == (0,)  # not committed yet
        writer.commit()
        assert reader.execute("SELECT x FROM t").fetchall() == [(42,)]


def test_terminated_backend_raises_operational_error(pg_url: str) -> None:
    victim = psycopg.connect(pg_url)
    try:
        victim.execute("CREATE TABLE t (x int)")
        victim.commit()
        pid = victim.info.backend_pid
        with psycopg.connect(pg_url, autocommit=True) as killer:
            assert killer.execute("SELECT pg_terminate_backend(%s, 5000)", [pid]).fetchone() == (True,)
        with pytest.raises(psycopg.OperationalError):
            victim.execute("INSERT INTO t VALUES (1)")
        assert victim.closed or victim.broken
    finally:
        victim.close()
    with psycopg.connect(pg_url) as conn:  # nothing half-written, the server carries on
        assert conn.execute("SELECT count(*) FROM t").fetchone() == (0,)


def test_advisory_lock_blocks_another_connection(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as holder, psycopg.connect(pg_url, autocommit=True) as other:
        holder.execute("SELECT pg_advisory_lock(19)")
        assert other.execute("SELECT pg_try_advisory_lock(19)").fetchone() == (False,)
        assert other.execute("SELECT pg_try_advisory_lock(20)").fetchone() == (True,)  # another key is free
        holder.execute("SELECT pg_advisory_unlock(19)")
        assert other.execute("SELECT pg_try_advisory_lock(19)").fetchone() == (True,)
        assert holder.execute("SELECT pg_try_advisory_lock(19)").fetchone() == (False,)


def test_only_loopback_tcp_and_the_private_socket(postgres_server: PostgresServer) -> None:
    with psycopg.connect(postgres_server.url(), autocommit=True) as conn:
        assert conn.execute("SHOW listen_addresses").fetchone() == (HOST,)
        assert conn.execute("SHOW fsync").fetchone() == ("off",)
        (socket_dir,) = conn.execute("SHOW unix_socket_directories").fetchone() or ("",)
    assert Path(socket_dir) == postgres_server.socket_dir
    hba = (postgres_server.data_dir / "pg_hba.conf").read_text(encoding="utf-8").split()
    assert "::1/128" not in hba and "0.0.0.0/0" not in hba


@pytest.fixture
def no_binaries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres_server_module, "glob", lambda pattern: [])
    monkeypatch.setattr("shutil.which", lambda name: None)


@pytest.mark.usefixtures("no_binaries")
def test_no_binaries_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"no PostgreSQL server: .*apt-get install postgresql"):
        start_or_skip()


@pytest.mark.usefixtures("no_binaries")
def test_no_binaries_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true and no PostgreSQL server"):
        start_or_skip()


def test_binaries_are_found() -> None:
    try:
        bin_dir = find_bin_dir()
    except ServerUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    assert (bin_dir / "initdb").exists() and (bin_dir / "pg_ctl").exists()
