from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgres_server import PostgresServer, start_or_skip


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's real config or store."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    for name in ("TRACKER_CONFIG", "TRACKER_DB", "TRACKER_CACHE_DIR"):
        monkeypatch.delenv(name, raising=False)
    os.environ.setdefault("COLUMNS", "200")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the whole run, stopped at the end (tests/postgres_server.py).

    Skipped when no server binaries can be found, except under CI=true, where that fails the test.
    """
    server = start_or_skip()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database for this test, dropped afterwards: postgresql://tracker@127.0.0.1:PORT/t_..."""
    name, url = postgres_server.create_database()
    try:
        yield url
    finally:
        postgres_server.drop_database(name)


BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_stores: run on the SQLite and the PostgreSQL store alike")
    config.addinivalue_line("markers", "sqlite_only: about the SQLite file itself (in a both_stores module)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test using `store_location` (the `cli` fixture, the store fixtures) runs on SQLite, and
    on PostgreSQL too in a module or class marked `both_stores` (the store, CLI and sync suites;
    the fuzz and property tests stay on SQLite: their time is in the CLI, not the store)."""
    if "store_backend" in metafunc.fixturenames:
        both = metafunc.definition.get_closest_marker("both_stores") is not None
        metafunc.parametrize("store_backend", BACKENDS if both else BACKENDS[:1], indirect=True)


@pytest.fixture
def store_backend(request: pytest.FixtureRequest) -> str:
    """Which store a test runs on (see `pytest_generate_tests`)."""
    backend = str(getattr(request, "param", "sqlite"))
    if backend == "postgresql" and request.node.get_closest_marker("sqlite_only"):
        pytest.skip("about the SQLite store file")
    return backend


@pytest.fixture
def store_location(store_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Path | str:
    """A fresh, empty store: a file under tmp_path, or a new database on the test server."""
    if store_backend == "sqlite":
        return tmp_path / "t.db"
    return str(request.getfixturevalue("pg_url"))
