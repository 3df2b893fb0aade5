"""Worlds whose fake listens on 127.0.0.1, for `tracker` run as a real subprocess.

`served_world(kind, root)` serves the fake; `ServedWorld.sync()` runs `tracker sync` in a child
process (through `tests.reliability.killer`), which can be SIGKILLed at its Nth request (by the
server, before or after doing the work) or at its Nth store commit (by itself). The world's clock
is the wall clock, as the child's is.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from tests.fakes.github_fake import FakeGitHub
from tests.fakes.http_server import serve
from tests.fakes.jira_fake import FakeJira
from tests.reliability.cli import config_text, secrets
from tests.reliability.crash import Crash, Point, Tripwire
from tests.reliability.world import World, new_fake, request_kind

ROOT = Path(__file__).resolve().parents[2]


class WallClock:
    """The real time; `advance` is a no-op (the child process lives in real time too)."""

    def __call__(self) -> datetime:
        return datetime.now(UTC)

    def advance(self, seconds: float) -> None:
        pass


@dataclass(frozen=True)
class Kill:
    call: int  # which `tracker sync` of the world (1-based)
    kind: Literal["http", "commit"]
    index: int  # which request / commit of that process (0-based)
    phase: Literal["before", "after"]


def child_env(world: World, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(secrets(world), PYTHONPATH=str(ROOT), **(extra or {}))
    return env


def start(world: World, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """`tracker --db --config ARGS` as a child process (config written on first use)."""
    config = world.root / "config.toml"
    if not config.exists():
        config.write_text(config_text(world), encoding="utf-8")
    argv = [sys.executable, "-m", "tests.reliability.killer", "--db", str(world.db), "--config", str(config), *args]
    return subprocess.Popen(
        argv, cwd=ROOT, env=env or child_env(world), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def tracker_process(world: World, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    proc = start(world, *args, env=env)
    out, err = proc.communicate(timeout=180)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _wait_dead(pid: int) -> None:
    """Until the process is gone or a zombie: no instruction of it runs after this returns."""
    for _ in range(2000):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return
        if state in ("Z", "X"):
            return
        time.sleep(0.005)


@dataclass
class ServedWorld(World):
    trip: Tripwire = field(default_factory=Tripwire)
    kill: Kill | None = None
    calls: int = 0
    requests: list[int] = field(default_factory=list)  # per `tracker sync`
    commits: list[int] = field(default_factory=list)
    _pid: int | None = None

    def serve_handle(self, real: Any) -> Any:
        def handle(method: str, url: str, headers: Any, body: Any) -> Any:
            kill = None
            if self._pid is not None:  # a request of the child, not of the in-process checks
                index, self.requests[-1] = self.requests[-1], self.requests[-1] + 1
                kill = self._armed("http")
                kill = kill if kill is not None and kill.index == index else None
            if kill is None:
                return real(method, url, headers, body)
            step = self.trip.step  # read now: the main thread moves on once the child is dead
            if kill.phase == "after":
                real(method, url, headers, body)  # the work is done; its answer dies with the child
            self._killed(kill, request_kind(method, url), step)
            raise ConnectionAbortedError("killed")  # the server drops the connection

        return handle

    def _armed(self, kind: str) -> Kill | None:
        kill = self.kill
        return kill if kill is not None and kill.call == self.calls and kill.kind == kind else None

    def _killed(self, kill: Kill, what: str, step: str) -> None:
        assert self._pid is not None
        self.trip.fired = Point(kill.index, kill.kind, what, step)
        os.kill(self._pid, signal.SIGKILL)
        _wait_dead(self._pid)

    def sync(self) -> None:  # type: ignore[override]
        self.calls += 1
        kill = self._armed("commit")
        with tempfile.NamedTemporaryFile("r", suffix=".count") as counted:
            extra = {"RELIABILITY_COUNT_COMMITS": counted.name}
            if kill is not None:
                extra["RELIABILITY_KILL_AT_COMMIT"] = f"{kill.index}:{kill.phase}"
            self.requests.append(0)
            proc = start(self, "sync", env=child_env(self, extra))
            self._pid = proc.pid
            try:
                out, err = proc.communicate(timeout=180)
            finally:
                self._pid = None
            self.commits.append(int(counted.read() or 0))
        if proc.returncode == -signal.SIGKILL:
            if kill is not None:
                self.trip.fired = Point(kill.index, "commit", "commit", self.trip.step)
            raise Crash(f"killed: {self.trip.fired}")
        assert proc.returncode == 0, f"tracker sync exited {proc.returncode}: {out}{err}"


@contextmanager
def served_world(kind: str, root: Path, kill: Kill | None = None, url: str | None = None) -> Iterator[ServedWorld]:
    clock: Any = WallClock()
    fake = new_fake(kind, clock)
    w = ServedWorld(kind, root, clock, fake, url, kill=kill)
    real = fake.handle
    fake.handle = w.serve_handle(real)  # type: ignore[method-assign]
    if isinstance(fake, FakeJira):
        with fake.serve_http(), _no_proxies():
            yield w
    else:
        with serve(lambda *a: fake.handle(*a)) as base:
            fake.rebase(base + ("/api/v3" if isinstance(fake, FakeGitHub) else ""))
            with _no_proxies():
                yield w


@contextmanager
def _no_proxies() -> Iterator[None]:
    """The in-process checks talk to 127.0.0.1 directly, whatever the environment says."""
    saved = {k: v for k, v in os.environ.items() if "proxy" in k.lower()}
    for key in saved:
        del os.environ[key]
    try:
        yield
    finally:
        os.environ.update(saved)
