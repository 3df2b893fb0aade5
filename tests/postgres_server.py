"""A real, throw-away PostgreSQL server for the tests (issue 19).

`PostgresServer.start()` finds the server binaries (the newest
`/usr/lib/postgresql/*/bin`, else `initdb` on PATH), runs `initdb` in a fresh
temporary directory and starts the server with `pg_ctl` on a free port on
127.0.0.1, with its Unix socket in that directory.  `stop()` (`pg_ctl stop -m
fast`) stops it and removes the directory.

- Superuser `tracker`, no password: trust authentication, for 127.0.0.1 and the
  private socket only (our own pg_hba.conf; the server listens on nothing else).
- fsync off (`-F`), full_page_writes off, `initdb --no-sync`: a crash of the
  machine loses the data, which is all right for a test server.
- As root (CI), `initdb` refuses to run, so every server command runs as the
  `postgres` user the Debian package creates (else `nobody`), and the
  temporary directory belongs to that user.
- `create_database()` makes an empty database from template0 and returns its
  URL, `postgresql://tracker@127.0.0.1:PORT/t_<pid>_<n>`; `drop_database()` drops it
  `WITH (FORCE)`, so connections a test left open do not get in the way.

The fixtures (`postgres_server`, session-scoped; `pg_url`, one fresh database
per test) are in tests/conftest.py.  With no server binaries the tests that use
them are skipped, except under `CI=true`, where that is a failure.

Measured on the 2-core development machine (PostgreSQL 15.18, Debian 12,
`PYTHONPATH=. python` timing `PostgresServer.start()` and 20 create/drop pairs):
start-up about 1.0 s in all (initdb 0.7 s, pg_ctl start 0.12 s, first
connection 0.01 s), stop 0.15 s; a database per test (CREATE DATABASE from
template0, a new admin connection each time) 35-40 ms median, up to ~110 ms
when the machine is busy, DROP about 10 ms; a psycopg connection about 4 ms.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from glob import glob
from pathlib import Path
from typing import Any

SUPERUSER = "tracker"
HOST = "127.0.0.1"
_TOOLS = ("initdb", "pg_ctl", "postgres")


class ServerUnavailable(RuntimeError):
    """No PostgreSQL server can be run here (no binaries, or no user to run them as)."""


def find_bin_dir() -> Path:
    """The directory holding initdb, pg_ctl and postgres: the newest under /usr/lib/postgresql, else PATH's."""

    def version(path: str) -> tuple[int, ...]:
        name = Path(path).parent.name
        return tuple(int(n) for n in re.findall(r"\d+", name)) or (0,)

    candidates = sorted(glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)
    for candidate in candidates:
        if all(os.access(Path(candidate, tool), os.X_OK) for tool in _TOOLS):
            return Path(candidate)
    on_path = shutil.which("initdb")
    if on_path:
        directory = Path(on_path).resolve().parent
        if all(os.access(directory / tool, os.X_OK) for tool in _TOOLS):
            return directory
    raise ServerUnavailable(
        "no PostgreSQL server binaries (initdb, pg_ctl, postgres) under /usr/lib/postgresql/*/bin or on PATH; "
        "install them with `apt-get install postgresql`"
    )


def _run_as() -> pwd.struct_passwd | None:
    """The unprivileged user to run the server as when we are root; None when we are not root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise ServerUnavailable("running as root, and neither a `postgres` nor a `nobody` user exists to run the server")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class PostgresServer:
    bin_dir: Path
    base: Path
    port: int = 0
    user: pwd.struct_passwd | None = None
    timings: dict[str, float] = field(default_factory=dict)
    _counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _running: bool = False

    @property
    def data_dir(self) -> Path:
        return self.base / "data"

    @property
    def socket_dir(self) -> Path:
        return self.base / "sock"

    @property
    def log_file(self) -> Path:
        return self.base / "server.log"

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@{HOST}:{self.port}/{dbname}"

    # -- running commands as the server's user ---------------------------------------------------

    def _cmd(self, tool: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        kwargs: dict[str, Any] = {}
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "LANG": "C", "TZ": "UTC"}
        if self.user is not None:
            kwargs = {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
            env["HOME"] = str(self.base)
        return subprocess.run(
            [str(self.bin_dir / tool), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            cwd=self.base,
            check=False,
            **kwargs,
        )

    def _log_tail(self) -> str:
        try:
            return "\n".join(self.log_file.read_text(errors="replace").splitlines()[-20:])
        except OSError:
            return "(no server log)"

    # -- life cycle -----------------------------------------------------------------------------

    @classmethod
    def start(cls, *, ready_timeout: float = 30.0) -> PostgresServer:
        """initdb + pg_ctl start on a free port, then wait (bounded) until psycopg can connect."""
        bin_dir = find_bin_dir()
        user = _run_as()
        base = Path(tempfile.mkdtemp(prefix="tracker-pg-"))
        server = cls(bin_dir=bin_dir, base=base, user=user)
        try:
            server._init()
            server._start(ready_timeout)
        except BaseException:
            server.stop()
            raise
        atexit.register(server.stop)  # in case the fixture's teardown never runs; stop() is idempotent
        return server

    def _init(self) -> None:
        self.socket_dir.mkdir()
        if self.user is not None:
            for path in (self.base, self.socket_dir):
                os.chown(path, self.user.pw_uid, self.user.pw_gid)
        t0 = time.perf_counter()
        done = self._cmd(
            "initdb",
            "-D", str(self.data_dir),
            "-U", SUPERUSER,
            "-A", "trust",
            "-E", "UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions",
        )  # fmt: skip
        self.timings["initdb"] = time.perf_counter() - t0
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        # trust for the private socket and 127.0.0.1 only (initdb's default also lets in ::1 and replication)
        (self.data_dir / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n", encoding="utf-8"
        )

    def _start(self, ready_timeout: float) -> None:
        import psycopg

        t0 = time.perf_counter()
        for attempt in range(3):  # a free port can be taken between finding and binding it
            self.port = _free_port()
            options = f"-h {HOST} -p {self.port} -k {self.socket_dir} -F -c full_page_writes=off"
            done = self._cmd(
                "pg_ctl", "start", "-D", str(self.data_dir), "-l", str(self.log_file), "-w", "-t", "30", "-o", options,
                timeout=60,
            )  # fmt: skip
            self._running = True  # pg_ctl may have left a postmaster even when it reports failure
            if done.returncode == 0:
                break
            self._pg_ctl_stop()
            if attempt == 2 or "Address already in use" not in self._log_tail():
                raise RuntimeError(f"pg_ctl start failed ({done.returncode}):\n{done.stderr}\n{self._log_tail()}")
        self.timings["pg_ctl start"] = time.perf_counter() - t0
        deadline = time.monotonic() + ready_timeout
        while True:
            try:
                with psycopg.connect(self.url(), connect_timeout=5) as conn:
                    conn.execute("SELECT 1")
                break
            except psycopg.OperationalError as exc:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server on port {self.port} not accepting connections: {exc}") from exc
                time.sleep(0.05)
        self.timings["ready"] = time.perf_counter() - t0

    def _pg_ctl_stop(self) -> None:
        if self._running and (self.data_dir / "postmaster.pid").exists():
            done = self._cmd("pg_ctl", "stop", "-D", str(self.data_dir), "-m", "fast", "-w", "-t", "30")
            if done.returncode != 0:
                self._cmd("pg_ctl", "stop", "-D", str(self.data_dir), "-m", "immediate", "-w", "-t", "30")
        self._running = False

    def stop(self) -> None:
        """Stop the server (fast shutdown: connections are cut) and remove its directory."""
        try:
            self._pg_ctl_stop()
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

    # -- databases ------------------------------------------------------------------------------

    def create_database(self) -> tuple[str, str]:
        """A new empty database: (name, URL)."""
        import psycopg

        name = f"t_{os.getpid()}_{next(self._counter)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
        return name, self.url(name)

    def drop_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_or_skip() -> PostgresServer:
    """Start a server for the tests; with none to be had, skip, or fail under CI=true."""
    import pytest

    try:
        return PostgresServer.start()
    except ServerUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and no PostgreSQL server: {exc}", pytrace=False)
        pytest.skip(f"no PostgreSQL server: {exc}")
