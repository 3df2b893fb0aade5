"""A hypothesis fuzz of the whole CLI surface (issue 17).

Every command, and every option and argument of it, is read from the click objects
(`typer.main.get_command(app)`), so an option added tomorrow is fuzzed without touching this file:
its values come from its type (a choice's choices, an int range's bounds, paths) mixed with values
that are wrong for it (invalid strings, huge numbers, empty strings, unicode, paths that do not
exist, ids like AI-0, AI-999999 and garbage). Each example also writes a random config file (valid
TOML with random keys and values, known keys with wrong types or out-of-range numbers, invalid
TOML, binary bytes; the known keys are read from the pydantic models in `tracker.config`) and
random documents (markdown-ish text, binary bytes, empty files) for `extract` to read. Two in five
examples are "clean" (the sandbox's store and a valid-looking config, values that fit each option),
so that commands get past parsing into what they do with the store, the target and the documents.

Every example runs in-process (typer's CliRunner) against a copy of a small store built once (two
postmortems extracted, synced to a `memory` target, one item done, some proposed, one conflict),
and asserts:

- no traceback (no exception escapes the CLI, no "Traceback" in the output);
- an exit code in {0, 1, 2, 3}; 1 only from `doctor` or `report --fail-on`, 3 only from a sync;
- after exit 2, every file that existed before is byte-identical: the SQLite store (and -wal/-shm),
  the memory target's issues file, the config, the documents; and nothing new is left behind but a
  sync lock file or a store created at a --db path that did not exist (see `_created_ok`). The one
  documented exception: `extract` exits 2 when some documents cannot be read and still imports the
  others, so there (and only when no "error: ..." line says the whole command failed) the store may
  change.

Known bugs outside the files this fuzz may fix are skipped by narrow, commented checks in
`_exclusions` (each counted in the printed summary).

About comparing the store's bytes: the store is in WAL mode. While a connection is open, a mere read
rewrites the -shm file (the WAL index and its read marks), so -shm bytes never compare; and the last
connection's close checkpoints the WAL into the main file. So every example starts from a closed,
checkpointed store (the main file alone, no -wal/-shm), and after the command every connection it
opened is closed before the bytes are compared. Then byte comparison holds: a command that wrote
nothing leaves the main file byte-identical and no -wal/-shm behind (SQLite does not rewrite the
header on a read, nor on `PRAGMA journal_mode = WAL` of a store already in WAL mode). The fuzz checks
exactly that, so `tracker export` comparisons are not needed.

The network is never touched: the only targets are `memory` ones (an in-process tracker) or GitHub
and Jira targets whose token variables are unset (they stop before any request), the Slack webhook
variable never holds an https URL, and sockets are blocked (an attempt fails the example).

Two sizes: `test_fuzz_cli` (default suite, derandomized, a small sample) and `test_fuzz_cli_slow`
(marked `slow`, deselected by default; run with `-m slow -s`), >= 20,000 examples. Both print the
number of examples run (visible with `-s`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import json
import os
import shutil
import socket
import sqlite3
import time
import traceback
import types
import typing
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from typer.testing import CliRunner, Result

import tracker.store.db as store_db
from tracker import config as config_module
from tracker.cli.app import _register, app

_register()  # every command module imported: every command registered
GROUP = typer.main.get_command(app)
COMMANDS: dict[str, Any] = dict(GROUP.commands)  # type: ignore[attr-defined]

# ---------------------------------------------------------------------------------------------
# The sandbox: a small store and everything around it, built once; every example gets a copy.

DOC_A = """# Login outage

Incident date: 2026-10-02
Review date: 2026-10-05

## Action Items

- [ ] Add an alert on the login error rate (Owner: Alice Chen, Due: 2026-11-01)
- [ ] Drain traffic from unhealthy nodes automatically @bob
- [x] Roll back the bad config
- Add canary deploys for the auth service (Owner: Bob, Due: in 2 weeks)

| Task | Owner | Due |
|---|---|---|
| Page on error budget burn | Alice | 2026-12-01 |
"""
DOC_B = """Queue backlog

Date: 2026-09-14

Next steps:
1. Quarantine nodes that fail health checks
2. maybe look at the retry settings some day
TODO(carol): document the recovery procedure
"""
OWNER_TOKEN_ENV = "TRACKER_FUZZ_TOKEN_UNSET"  # never set: GitHub/Jira targets stop before any request
HOOK_ENV = "TRACKER_FUZZ_HOOK"  # --slack-webhook-env's variable: never an https URL


def _base_config(conflict: str = "manual", require_review: bool = False) -> dict[str, Any]:
    return {
        "sync": {"default_target": "mem", "conflict": conflict, "require_review": require_review},
        "people": {
            "Alice Chen": {"github": "alice-chen", "email": "alice@example.com", "aliases": ["alice", "achen"]},
            "Bob Okafor": {"aliases": ["bob"]},
        },
        "targets": {"mem": {"kind": "memory", "path": "mem.json"}},
    }


@dataclasses.dataclass
class Sandbox:
    work: Path  # the examples' working directory (and cwd); emptied and refilled per example
    pristine: dict[str, bytes]  # relative path -> bytes, written into `work` before each example
    item_ids: list[str]
    pm_ids: list[str]
    big: Path  # an oversize document (> 5 MB), outside `work`: written once
    cache: Path  # TRACKER_CACHE_DIR, outside `work`

    def reset(self) -> None:
        for entry in list(self.work.iterdir()):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        for name, data in self.pristine.items():
            path = self.work / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (self.work / "folder").mkdir()
        (self.work / "home").mkdir(exist_ok=True)
        with contextlib.suppress(OSError):
            (self.work / "loop.md").symlink_to("loop.md")  # a symlink loop


def _build(root: Path) -> Sandbox:
    """The store every example starts from, built through the CLI."""
    work = root / "work"
    build = root / "build"
    (build / "pm").mkdir(parents=True)
    work.mkdir()
    (build / "pm" / "a.md").write_text(DOC_A, encoding="utf-8")
    (build / "pm" / "b.md").write_text(DOC_B, encoding="utf-8")
    cache = root / "cache"
    runner = CliRunner()
    old = Path.cwd()
    os.chdir(build)
    patch = pytest.MonkeyPatch()
    patch.setattr(store_db, "open_db", _tracking_open_db(store_db.open_db))
    try:

        def run(*args: str, config: dict[str, Any] | None = None) -> Result:
            (build / "config.toml").write_text(toml(config or _base_config()), encoding="utf-8")
            argv = ["--db", "t.db", "--config", "config.toml", *args]
            result = runner.invoke(app, argv, env={"TRACKER_CACHE_DIR": str(cache)})
            assert result.exit_code == 0, (args, result.output, result.exception)
            return result

        run("extract", "pm/a.md")
        run("sync")
        run("extract", "pm/b.md", config=_base_config(require_review=True))
        items = json.loads(run("list", "--status", "all", "--format", "json").stdout)
        ids = [i["id"] for i in items]
        open_ids = [i["id"] for i in items if i["status"] == "open"]
        run("done", open_ids[0])
        # a conflict: the same field changed here and there since the last sync (policy manual)
        issues = json.loads((build / "mem.json").read_text(encoding="utf-8"))
        linked = next(i for i in issues if i["item_id"] in open_ids[1:])
        linked["fields"]["due"] = "2027-05-05"
        linked["updated"] = "2099-01-01T00:00:00+00:00"
        (build / "mem.json").write_text(json.dumps(issues), encoding="utf-8")
        run("edit", linked["item_id"], "--due", "2027-04-04")
        run("sync")
        assert json.loads(run("conflicts", "--format", "json").stdout), "the sandbox should hold a conflict"
        export = run("export").stdout
        pms = [p["id"] for p in json.loads(run("postmortems", "--format", "json").stdout)]
    finally:
        os.chdir(old)
        patch.undo()
        _close_connections()
    _checkpoint(build / "t.db")
    assert not (build / "t.db-wal").exists() and not (build / "t.db-shm").exists()
    pristine = {
        "t.db": (build / "t.db").read_bytes(),
        "mem.json": (build / "mem.json").read_bytes(),
        "pm/a.md": DOC_A.encode(),
        "pm/b.md": DOC_B.encode(),
        "export.jsonl": export.encode(),
        "garbage.db": b"SQLite format 3\x00" + bytes(range(256)) * 8,  # a header and then junk
        "not-a-store.txt": b"hello\n",
        "empty.db": b"",
        "garbage.json": b"{not json",
    }
    big = root / "big.md"
    big.write_bytes(b"# Big\n\n## Action items\n" + b"- [ ] add an alert\n" * 300_000)  # > 5 MB
    return Sandbox(work=work, pristine=pristine, item_ids=ids, pm_ids=pms, big=big, cache=cache)


def _checkpoint(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


# Every connection a command opens (through `tracker.store.db.open_db`), closed after the command.
_OPEN: list[sqlite3.Connection] = []


def _close_connections() -> None:
    while _OPEN:
        with contextlib.suppress(sqlite3.Error):
            _OPEN.pop().close()


def _tracking_open_db(original: Callable[[Path], sqlite3.Connection]) -> Callable[[Path], sqlite3.Connection]:
    def open_db(path: Path) -> sqlite3.Connection:
        conn = original(path)
        _OPEN.append(conn)
        return conn

    return open_db


# ---------------------------------------------------------------------------------------------
# TOML: a small writer (inline tables under [sections]; every string a basic string), so that
# "valid TOML" examples are valid.


def _toml_string(value: str) -> str:
    out = []
    for ch in value:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_string(str(k))} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def toml(data: dict[str, Any]) -> str:
    lines = [f"{_toml_string(k)} = {_toml_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"\n[{_toml_string(key)}]")
            lines += [f"{_toml_string(str(k))} = {_toml_value(v)}" for k, v in value.items()]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Values.

# Text for argv and files: no NUL (argv cannot hold one) and no lone surrogates (TOML and UTF-8
# files cannot); argv's own surrogates (bytes that are not UTF-8, as Python decodes them) are in WEIRD.
TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=24)
HUGE = ["9" * 30, str(2**63), str(-(2**63) - 1), "1e309", "-1", "0", "1", "3650", "3651", "36500", "nan"]
WEIRD = [
    "",
    " ",
    "-",
    "--",
    "--help",
    "-h",
    "\t",
    "\n",
    "é",
    "💥",
    "日本語",
    "\u202e",
    "\udcff",
    "caf\udce9.md",
    "a b",
    "'",
    '"',
    "\\",
    "%s",
    "{}",
]
PATHS = [
    "pm/a.md",
    "pm/b.md",
    "pm",
    "docs",
    "docs/a.md",
    "docs/b.txt",
    "missing.md",
    "nodir/deeper/x.md",
    ".",
    "folder",
    "t.db",
    "garbage.db",
    "empty.db",
    "config.toml",
    "export.jsonl",
    "aux.jsonl",
    "loop.md",
    "out.txt",
    "nodir/out.md",
    "/nonexistent/x.md",
    "pm/../pm/a.md",
    "not-a-store.txt",
]
DATES = [
    "2026-04-01",
    "2026-02-30",
    "2026-13-01",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "April 1, 2026",
    "April 1",
    "1 April 2026",
    "04/01/2026",
    "31/12/2026",
    "EOW",
    "eow",
    "next friday",
    "in 2 weeks",
    "in 0 days",
    "in 99999999 days",
    "in 999999999999999999999 weeks",
    "within two weeks",
    "end of month",
    "end of Q2",
    "by Friday",
    "today",
    "tomorrow",
    "yesterday",
    "2026-W01",
    "Q5",
    "2026-04-01T10:00",
]
OWNERS = [
    "Alice Chen",
    "alice",
    "ALICE",
    "achen",
    "alice-chen",
    "alice@example.com",
    "bob",
    "Bob Okafor",
    "carol",
    "@alice",
    "nobody",
    "(no owner)",
    "Alice Chen, Bob",
]
FLAG_NAMES = [
    "overdue",
    "due_soon",
    "due-soon",
    "stale",
    "no_due_date",
    "no_due",
    "ownerless",
    "unassignable",
    "broken_link",
    "broken",
    "needs_review",
    "review",
    "proposed",
    "bogus",
    "",
    " ",
]
TARGETS = ["mem", "demo", "gh", "jira", "", "MEM", "nope"]
ENVS = [HOOK_ENV, "TRACKER_FUZZ_UNSET_VAR", "", "1BAD", "bad name", "ghp_0123456789abcdefABCDEF01"]
FIELDS = ["owner", "due", "status", "text", "priority", "labels", "bogus", ""]


def _ids(sandbox: Sandbox) -> st.SearchStrategy[str]:
    known = sandbox.item_ids
    numbers = [i.split("-")[1] for i in known]
    return st.one_of(
        st.sampled_from(known),
        st.sampled_from([i.lower() for i in known] + numbers),
        st.sampled_from(["AI-0", "AI-999999", "AI-", "AI--1", "AI-1e3", "AI-" + "9" * 30, "AI-١", "PM-1", "0", "-1"]),
        st.from_regex(r"\A(AI|ai|Ai)?-?\d{0,12}\Z"),
        TEXT,
    )


def _pms(sandbox: Sandbox) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(sandbox.pm_ids + [p.split("-")[1] for p in sandbox.pm_ids]),
        st.sampled_from(
            ["PM-0", "PM-999999", "Login outage", "outage", "Queue", "a.md", "pm/a.md", "docs/a.md", "o", "PM-", "pm-1"]
        ),
        TEXT,
    )


def _generic(sandbox: Sandbox) -> st.SearchStrategy[str]:
    """Any value for any option: right for some, wrong for most."""
    return st.one_of(
        _ids(sandbox),
        _pms(sandbox),
        st.sampled_from(DATES),
        st.sampled_from(OWNERS),
        st.sampled_from(HUGE),
        st.sampled_from(WEIRD),
        st.sampled_from(PATHS),
        st.integers().map(str),
        TEXT,
    )


def _hints(sandbox: Sandbox) -> dict[str, st.SearchStrategy[str]]:
    """Values more often right for the options of these names (only to reach deeper; an option not
    named here gets the values its type implies, and the generic ones)."""
    ids = _ids(sandbox)
    id_lists = st.lists(ids, min_size=1, max_size=3).map(",".join)
    flags = st.lists(st.sampled_from(FLAG_NAMES), min_size=1, max_size=3).map(",".join)
    dates = st.sampled_from(DATES)
    return {
        "item_id": ids,
        "postmortem": _pms(sandbox),
        "as_postmortem": _pms(sandbox),
        "as_of": dates,
        "due": dates,
        "due_before": dates,
        "review_date": dates,
        "owner": st.sampled_from(OWNERS),
        "only": flags,
        "fail_on": flags,
        "target": st.sampled_from(TARGETS),
        "slack_webhook_env": st.sampled_from(ENVS),
        "accept": id_lists,
        "reject": id_lists,
        "field": st.sampled_from(FIELDS),
        "text": TEXT,
    }


def _type_values(param: Any) -> st.SearchStrategy[str] | None:
    """Values from the parameter's click type: its choices, numbers about its bounds, paths.
    (By the types' click names: typer subclasses click's types, or vendors click, by version.)"""
    kind = param.type
    name = str(getattr(kind, "name", ""))
    if getattr(kind, "choices", None):
        choices = [str(getattr(c, "value", c)) for c in kind.choices]
        return st.one_of(st.sampled_from(choices), st.sampled_from([c.upper() for c in choices]))
    if name.startswith(("integer", "int", "float")):
        bounds = [b for b in (getattr(kind, "min", None), getattr(kind, "max", None)) if b is not None]
        near = [str(int(b) + d) for b in bounds for d in (-1, 0, 1)]
        return st.one_of(st.sampled_from(near or ["0"]), st.integers(-5, 5000).map(str), st.sampled_from(HUGE))
    if name == "path":
        return st.sampled_from(PATHS)
    if name == "boolean":
        return st.sampled_from(["true", "false", "1", "0", "yes", "maybe"])
    return None


@dataclasses.dataclass(frozen=True)
class ParamSpec:
    """One option or argument of a command, as click declares it."""

    name: str
    option: bool
    opts: tuple[str, ...]
    flag: bool
    multiple: bool
    nargs: int
    required: bool
    values: st.SearchStrategy[str] | None
    fitting: st.SearchStrategy[str] | None  # the values its type and name imply (None: generic ones only)


def _specs(command: Any, sandbox: Sandbox) -> list[ParamSpec]:
    hints, generic = _hints(sandbox), _generic(sandbox)
    specs = []
    for param in command.params:
        option = param.param_type_name == "option"
        flag = option and bool(param.is_flag)
        values = fitting = None
        if not flag:
            branches = [s for s in (_type_values(param), hints.get(param.name or "")) if s is not None]
            # twice the weight for the values that fit; the generic ones for everything else
            values = st.one_of(*branches, *branches, generic) if branches else generic
            fitting = st.one_of(*branches) if branches else generic
        specs.append(
            ParamSpec(
                name=param.name or "",
                option=option,
                opts=tuple(param.opts) + tuple(getattr(param, "secondary_opts", ()) or ()),
                flag=flag,
                multiple=bool(getattr(param, "multiple", False)),
                nargs=param.nargs,
                required=bool(param.required),
                values=values,
                fitting=fitting,
            )
        )
    return specs


# ---------------------------------------------------------------------------------------------
# Config files: the known keys from the pydantic models, with values of the right type (inside
# and outside their bounds) or of a wrong one, plus unknown keys and broken files.

ANY_VALUE: st.SearchStrategy[Any] = st.recursive(
    st.one_of(
        st.booleans(),
        st.integers(),
        st.integers(min_value=10**18, max_value=10**40).map(lambda n: n % 2**64),
        st.floats(),
        TEXT,
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)),
    max_leaves=6,
)
CONFIG_PATHS = [
    "t.db",
    "other.db",
    "nodir/s.db",
    "folder",
    "~/x.db",
    "",
    ".",
    "pm",
    "missing",
    "config.toml",
    "mem.json",
    "garbage.json",
    "garbage.db",
    "/nonexistent/dir/x.db",
    "a\u0000b",
    "pm/a.md",
]
STRINGS_BY_NAME: dict[str, list[str]] = {
    "timezone": [
        "UTC",
        "Europe/Paris",
        "America/New_York",
        "Mars/Olympus",
        "",
        "../../etc/passwd",
        "utc",
        "Etc/GMT+14",
        "EST5EDT",
        "a" * 300,
    ],
    "repo": ["acme/incidents", "bad repo", "a/b/c", "", "x/y"],
    "base_url": ["https://api.github.com", "http://127.0.0.1:9", "not a url", ""],
    "url": ["https://acme.atlassian.net", "not a url", ""],
    "source_url": [
        "https://github.com/acme/pm/blob/main/{path}",
        "http://x/{path}",
        "https://x/",
        "ftp://{path}",
        "{path}",
        "",
    ],
    "token_env": [OWNER_TOKEN_ENV, "", "1BAD", "ghp_abcdefghijklmnop", "bad name"],
    "email_env": [OWNER_TOKEN_ENV, "", "1BAD"],
    "default_target": ["mem", "nope", "", "gh"],
    "project": ["OPS", "", "ops"],
    "github": ["alice-chen", "", "bad login!"],
    "jira": ["5b10ac8d82e05b22cc7d4ef5", ""],
    "email": ["alice@example.com", "not an email", ""],
}


def _bounds(metadata: list[Any]) -> tuple[float | None, float | None]:
    low = high = None
    for item in metadata:
        for attr in ("ge", "gt"):
            if getattr(item, attr, None) is not None:
                low = getattr(item, attr)
        for attr in ("le", "lt"):
            if getattr(item, attr, None) is not None:
                high = getattr(item, attr)
    return low, high


def _valid(annotation: Any, metadata: list[Any], name: str, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values of the annotated type (about its bounds, so some are out of range)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        extra = [m for a in args[1:] for m in ([a, *getattr(a, "metadata", [])])]
        return _valid(args[0], metadata + extra, name, depth)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        return st.one_of(*[_valid(a, metadata, name, depth) for a in members])
    if origin is typing.Literal:
        return st.one_of(st.sampled_from(list(args)), st.sampled_from([str(a).upper() for a in args] + [""]))
    if annotation is bool:
        return st.booleans()
    if annotation in (int, float):
        low, high = _bounds(metadata)
        marks = [b for b in (low, high) if b is not None]
        near = [annotation(b) + d for b in marks for d in (-1, 0, 1)] + [annotation(0)]
        numbers = st.integers(-10, 1000) if annotation is int else st.floats(-10, 1000)
        return st.one_of(st.sampled_from(near), numbers, st.sampled_from([10**30, -(10**30)]))
    if annotation is str:
        known = STRINGS_BY_NAME.get(name)
        return st.one_of(st.sampled_from(known), TEXT) if known else TEXT
    if annotation is Path:
        return st.sampled_from(CONFIG_PATHS)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return st.one_of(st.sampled_from([m.value for m in annotation]), TEXT)
    if origin is list:
        return st.lists(_valid(args[0], [], name, depth + 1), max_size=3)
    if origin is dict:
        keys = _valid(args[0], [], "key", depth + 1).map(str)
        return st.dictionaries(keys, _valid(args[1], [], name, depth + 1), max_size=3)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_table(annotation, depth + 1)
    return ANY_VALUE


_TABLES: dict[type[BaseModel], st.SearchStrategy[dict[str, Any]]] = {}


def _model_table(model: type[BaseModel], depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """A table of some of the model's keys: values right, wrong-typed, or unknown keys added
    (built once per model: strategies are drawn from inside draws)."""
    if model not in _TABLES:
        _TABLES[model] = _new_model_table(model, depth)
    return _TABLES[model]


def _new_model_table(model: type[BaseModel], depth: int) -> st.SearchStrategy[dict[str, Any]]:

    @st.composite
    def table(draw: st.DrawFn) -> dict[str, Any]:
        out: dict[str, Any] = {}
        fields = model.model_fields
        for name, info in fields.items():
            required = info.is_required()
            if not required and not draw(st.booleans()):
                continue
            if draw(st.integers(0, 9)) == 0:
                out[name] = draw(ANY_VALUE)  # a wrong type, mostly
            else:
                out[name] = draw(_valid(info.annotation, list(info.metadata), name, depth))
        if draw(st.integers(0, 9)) == 0:
            out[draw(TEXT)] = draw(ANY_VALUE)  # an unknown key
        return out

    return table()


CONFIG_MODEL = config_module.Config
TARGET_MODELS = list(typing.get_args(typing.get_args(config_module.TargetConfig)[0]))  # GitHub, Jira, memory
# The memory target's issues file: missing, a folder, in a folder that does not exist, no JSON, a
# store, random JSON (aux.jsonl), the sandbox's own.
MEMORY_PATHS = [
    "mem.json",
    "mem.json",
    "missing.json",
    "folder",
    "nodir/m.json",
    "",
    "garbage.json",
    "t.db",
    "aux.jsonl",
    "export.jsonl",
    "empty.db",
    "not-a-store.txt",
    "~/m.json",
    "pm/a.md",
]


@st.composite
def config_files(draw: st.DrawFn, clean: bool = False) -> bytes | None:
    """The bytes of the config file, or None: no file (and --config names it: not found). Clean: a
    valid-looking one (the sandbox's, some settings changed, the memory target's file elsewhere)."""
    kinds = (
        ["base", "sections", "target", "target"]
        if clean
        else [
            "base",
            "base",
            "base",
            "sections",
            "sections",
            "wrong",
            "random",
            "broken",
            "binary",
            "empty",
            "none",
            "model",
            "target",
            "target",
        ]
    )
    kind = draw(st.sampled_from(kinds))
    if kind == "none":
        return None
    if kind == "empty":
        return draw(st.sampled_from([b"", b"\n", b" \t\r\n", b"# only a comment\n"]))
    if kind == "binary":
        return draw(st.binary(max_size=64))
    base = _base_config(conflict=draw(st.sampled_from(["manual", "newest", "local", "remote"])))
    if kind == "base":
        return toml(base).encode()
    if kind == "sections":  # known sections with values of the right types, some out of range
        section = draw(st.sampled_from(sorted(CONFIG_MODEL.model_fields)))
        info = CONFIG_MODEL.model_fields[section]
        base[section] = draw(_valid(info.annotation, list(info.metadata), section))
        return toml(base).encode()
    if kind == "target":  # the memory target's issues file anywhere, and maybe a second target
        target: dict[str, Any] = {"kind": "memory", "path": draw(st.sampled_from(MEMORY_PATHS))}
        if draw(st.booleans()):
            target["labels"] = draw(st.lists(TEXT, max_size=2))
        base["targets"] = {"mem": target}
        if draw(st.booleans()):
            model = draw(st.sampled_from(TARGET_MODELS))
            base["targets"][draw(st.sampled_from(["gh", "jira", "other", ""]))] = draw(_model_table(model))
        return toml(base).encode()
    if kind == "model":  # a whole config drawn from the models
        return toml(draw(_model_table(CONFIG_MODEL))).encode()
    if kind == "wrong":  # one known key with a value of another type
        section = draw(st.sampled_from(sorted(CONFIG_MODEL.model_fields)))
        annotation = CONFIG_MODEL.model_fields[section].annotation
        sub = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
        if sub is not None and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(sub.model_fields)))
            base[section] = {**base.get(section, {}), key: draw(ANY_VALUE)}
        else:
            base[section] = draw(ANY_VALUE)
        return toml(base).encode()
    if kind == "random":  # valid TOML, random keys
        data = draw(st.dictionaries(TEXT, ANY_VALUE, max_size=4))
        return toml(data).encode()
    # broken TOML: a valid file cut short, a duplicate key, or random text
    text = toml(base)
    return draw(
        st.sampled_from(
            [
                text[: draw(st.integers(1, max(1, len(text) - 1)))].encode() + b'"',
                (text + "\n[sync]\nconflict = 'x'\n").encode(),
                b"[report\ndue_soon_days = 7\n",
                b"a = \n",
                b"x = " + b"[" * 3000 + b"]" * 3000 + b"\n",
                draw(st.text(max_size=80)).encode("utf-8", "surrogatepass"),
                "[people.\u00e9]\nname = 'x'\n".encode(),
            ]
        )
    )


# ---------------------------------------------------------------------------------------------
# Documents.

HEADINGS = [
    "# Login outage",
    "## Action Items",
    "## Action items",
    "### Follow-up",
    "**Next Steps**",
    "Remediation:",
    "## Timeline",
    "## What went wrong",
    "## Corrective and Preventative Measures",
    "## Lessons learned",
    "#",
    "####### deep",
    "Action Items",
    "## To-do",
    "## Appendix",
]
META = [
    "Incident date: {date}",
    "Date: {date}",
    "Review date: {date}",
    "Services: api, db",
    "Impact: {text}",
    "---",
    "title: {text}",
    "<!-- {text} -->",
    "```",
    "> {text}",
]
LINES = [
    "- [ ] {task}",
    "- [x] {task}",
    "* {task}",
    "1. {task}",
    "TODO: {task}",
    "TODO({owner}): {task}",
    "Action: {task}",
    "AI: {task}",
    "- {task} (Owner: {owner}, Due: {date})",
    "- {task} @{owner} by {date}",
    "- [{owner}] {task}",
    "- {task} — {owner}, due {date}",
    "| {task} | {owner} | {date} |",
    "| Task | Owner | Due |",
    "|---|---|---|",
    "| {task} |",
    "- {{{{ACTION}}}}",
    "- <fill in>",
    "- [describe the fix here]",
    "{text}",
    "- {task} (JIRA: OPS-{n})",
    "- {task} #{n}",
    "  - {task}",
    "Owner: {owner}",
    "Due: {date}",
]
TASKS = [
    "Add an alert on error rate",
    "Drain traffic from bad nodes",
    "Added retries",
    "Rewrote the cron entry",
    "Increased monitoring of the queue",
    "Quarantine nodes",
    "{text}",
    "An email was sent to support",
    "Bound the cache to 1 GB",
]


TEMPLATES = HEADINGS + META + LINES + LINES


@st.composite
def markdownish(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(0, 14))):
        template = draw(st.sampled_from(TEMPLATES))
        task = draw(st.sampled_from(TASKS)) if "{task}" in template else ""
        wanted = template + task
        fill = {  # only what the line uses: drawing costs more than running the command
            "date": draw(st.sampled_from(DATES)) if "{date}" in wanted else "",
            "owner": draw(st.sampled_from(OWNERS)) if "{owner}" in wanted else "",
            "text": draw(st.text(max_size=40)) if "{text}" in wanted else "",
            "n": draw(st.integers(0, 10**6)) if "{n}" in wanted else 0,
        }
        lines.append(template.format(task=task.format(**fill), **fill))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    return newline.join(lines)


@st.composite
def document_bytes(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["md", "md", "md", "md", "binary", "empty", "encoded", "long"]))
    if kind == "binary":
        return draw(st.binary(max_size=200))
    if kind == "empty":
        return draw(st.sampled_from([b"", b"\n", b"   \n\t\n", "\ufeff".encode()]))
    text = draw(markdownish())
    if kind == "encoded":
        encoding = draw(st.sampled_from(["utf-16", "utf-8-sig", "latin-1", "cp1252"]))
        return text.encode(encoding, errors="replace")
    if kind == "long":
        return (text + "\n- [ ] " + "x" * draw(st.integers(1000, 20000)) + "\n").encode()
    return text.encode("utf-8", errors="surrogatepass")


DOC_NAMES = [
    "a.md",
    "\udcff.md",
    "b.txt",
    "c.markdown",
    "d.pdf",
    "ü ñ.md",
    ".hidden.md",
    "sub/e.md",
    "A.MD",
    "f.md.bak",
]


# ---------------------------------------------------------------------------------------------
# One example.


@dataclasses.dataclass(frozen=True)
class Example:
    argv: list[str]
    config: bytes | None
    docs: dict[str, bytes]
    aux: bytes  # aux.jsonl: something for `import` to read
    hook: str  # $TRACKER_FUZZ_HOOK

    def command(self) -> str | None:
        return next((a for a in self.argv if a in COMMANDS), None)

    def db(self) -> str:
        return self.argv[self.argv.index("--db") + 1] if "--db" in self.argv[:-1] else "t.db"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # hypothesis prints examples with this
        printer.text(repr(self))

    def __repr__(self) -> str:  # what a failure prints: the argv whole, the files cut short
        def cut(data: bytes | None, n: int) -> str:
            return repr(data if data is None or len(data) <= n else data[:n] + b"...")

        docs = {name: cut(data, 120) for name, data in self.docs.items()}
        return (
            f"Example(argv={self.argv!r}, config={cut(self.config, 800)}, docs={docs}, "
            f"aux={cut(self.aux, 120)}, hook={self.hook!r})"
        )


def _mutated_issues(issues: bytes, data: st.DataObject) -> bytes:
    """The sandbox's memory issues with one key of one issue dropped or given another value."""
    rows = json.loads(issues)
    row = rows[data.draw(st.integers(0, len(rows) - 1))]
    table = row if data.draw(st.booleans()) else row["fields"]
    key = data.draw(st.sampled_from(sorted(table)))
    if data.draw(st.booleans()):
        del table[key]
    else:
        table[key] = data.draw(ANY_VALUE)
    return json.dumps(rows).encode()


def _root_args(draw: st.DrawFn, clean: bool) -> list[str]:
    if clean:
        return ["--config", "config.toml", "--db", "t.db"]
    args: list[str] = []
    for param in GROUP.params:  # type: ignore[attr-defined]
        if param.name == "db":
            choice = draw(
                st.sampled_from(
                    ["t.db"] * 12
                    + [
                        "fresh.db",
                        "nodir/x.db",
                        "folder",
                        "garbage.db",
                        "empty.db",
                        "not-a-store.txt",
                        "config.toml",
                        "",
                        None,
                    ]
                )
            )
            if choice is not None:
                args += ["--db", choice]
        elif param.name == "config":
            choice = draw(st.sampled_from(["config.toml"] * 12 + ["missing.toml", "folder", "t.db", "", None]))
            if choice is not None:
                args += ["--config", choice]
        elif getattr(param, "is_flag", False):
            if draw(st.integers(0, 60)) == 0:
                args.append(param.opts[0])
        elif draw(st.integers(0, 20)) == 0:
            args += [param.opts[0], draw(TEXT)]
    return args


def examples(sandbox: Sandbox) -> st.SearchStrategy[Example]:
    specs = {name: _specs(command, sandbox) for name, command in COMMANDS.items()}
    generic = _generic(sandbox)
    extract_paths = st.one_of(
        st.sampled_from(
            [
                "docs",
                "docs/a.md",
                "docs/b.txt",
                "docs/sub/e.md",
                "pm",
                "pm/a.md",
                str(sandbox.big),
                "docs/d.pdf",
                "docs/ü ñ.md",
            ]
        ),
        st.sampled_from(PATHS),
    )

    @st.composite
    def example(draw: st.DrawFn) -> Example:
        # Two in five examples are "clean": the sandbox's store and config file (a valid-looking
        # one), values that fit each option, no stray tokens; so that the commands get past
        # parsing and the config into what they do with the store, the target and the documents.
        clean = draw(st.integers(0, 4)) < 2
        name = draw(st.sampled_from(sorted(COMMANDS) if clean else [*sorted(COMMANDS), "no-such-command"]))
        groups: list[list[str]] = []
        positional: list[str] = []
        for spec in specs.get(name, []):
            if spec.option:
                if draw(st.integers(0, 3)) != 0 and not spec.required:
                    continue  # most options left out
                if spec.required and not clean and draw(st.integers(0, 15)) == 0:
                    continue  # a required option missing
                for _ in range(draw(st.integers(1, 3)) if spec.multiple else 1):
                    opt = draw(st.sampled_from(spec.opts))
                    if spec.flag:
                        groups.append([opt])
                    else:
                        values = spec.fitting if clean else spec.values
                        assert values is not None
                        groups.append([opt, draw(values)])
            else:
                values = extract_paths if name == "extract" else spec.fitting if clean else spec.values
                assert values is not None
                if spec.nargs == -1:
                    positional += draw(st.lists(values, min_size=0 if draw(st.integers(0, 9)) == 0 else 1, max_size=3))
                elif spec.required:
                    if clean or draw(st.integers(0, 15)):
                        positional.append(draw(values))
                elif draw(st.booleans()):
                    positional.append(draw(values))
        if not clean and draw(st.integers(0, 25)) == 0:
            groups.append([draw(st.sampled_from(["--no-such-option", "--help", "-h", "--", "extra", "--db"]))])
        if not clean and draw(st.integers(0, 25)) == 0:
            positional.append(draw(generic))
        groups = draw(st.permutations(groups)) if groups else groups
        argv = [*_root_args(draw, clean), name, *positional, *[token for group in groups for token in group]]
        docs = draw(st.dictionaries(st.sampled_from(DOC_NAMES), document_bytes(), max_size=3))
        aux = draw(
            st.one_of(
                st.just(sandbox.pristine["export.jsonl"]),
                st.sampled_from(sandbox.pristine["export.jsonl"].splitlines(keepends=True)).map(bytes),
                st.binary(max_size=64),
                st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
                st.lists(ANY_VALUE, max_size=3).map(lambda v: "\n".join(json.dumps(x) for x in v).encode()),
                ANY_VALUE.map(lambda v: json.dumps(v).encode()),  # one JSON value: for a memory target's file
                st.builds(_mutated_issues, st.just(sandbox.pristine["mem.json"]), st.data()),
            )
        )
        return Example(
            argv=argv,
            config=draw(config_files(clean)),
            docs=docs,
            aux=aux,
            hook=draw(st.sampled_from(["", "not a url", "http://example.com/hook", "ftp://x/y", "  "])),
        )

    return example()


# ---------------------------------------------------------------------------------------------
# The checks.

COUNT = Counter[str]()
SLOWEST: list[tuple[float, list[str]]] = []  # the five slowest commands: (seconds, argv)


class NetworkUsed(Exception):
    pass


def _no_network(*args: object, **kwargs: object) -> Any:
    COUNT["network attempts"] += 1
    raise NetworkUsed("the fuzz never touches the network")


def _files(root: Path) -> dict[str, bytes]:
    out = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue
            out[str(path.relative_to(root))] = path.read_bytes()
    return out


def _store_files(example: Example) -> set[str]:
    """The store the command used (its -wal and -shm too): what `extract` may change on exit 2."""
    db = example.db()
    return {db, f"{db}-wal", f"{db}-shm", "t.db", "t.db-wal", "t.db-shm"}


def _created_ok(name: str, data: bytes) -> bool:
    """Files an exit 2 may leave behind: a sync's lock file, and a store created where --db (or the
    config's store path) named no file yet (an empty store: nothing of the user's changed)."""
    return name.endswith((".lock", "-wal", "-shm", "-journal")) or data[:16] in (b"SQLite format 3\x00", b"")


def _exclusions(example: Example, result: Result) -> str | None:
    """Known bugs outside the files this fuzz may fix, each described in the report; None when the
    example is not one of them."""
    error = result.exception
    if (
        # A document whose file name is not UTF-8 (b"\xff.md", found by walking a folder; one given
        # by name is refused in app.py) becomes a source holding a lone surrogate: storing it fails
        # in `Store.postmortem_by_source` (sqlite3 cannot encode it), printing it fails on a strict
        # UTF-8 stdout. The fix belongs in tracker/services/extract.py (refuse or re-encode such a name).
        example.command() == "extract"
        and any(not _utf8(name) for name in example.docs)
        and isinstance(error, UnicodeEncodeError)
        and "surrogates not allowed" in str(error)
    ):
        return "non-UTF-8 document name"
    return None


def _utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _run_one(sandbox: Sandbox, runner: CliRunner, example: Example) -> None:
    sandbox.reset()
    work = sandbox.work
    if example.config is not None:
        (work / "config.toml").write_bytes(example.config)
    for name, data in example.docs.items():
        path = work / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (work / "docs").mkdir(exist_ok=True)
    (work / "aux.jsonl").write_bytes(example.aux)
    before = _files(work)
    started = time.perf_counter()
    result = runner.invoke(app, example.argv, env={HOOK_ENV: example.hook})
    took = time.perf_counter() - started
    COUNT["seconds in commands (x1000)"] += int(took * 1000)
    SLOWEST.append((took, example.argv))
    SLOWEST.sort(key=lambda pair: -pair[0])
    del SLOWEST[5:]
    _close_connections()
    command = example.command()
    COUNT["examples"] += 1
    COUNT[f"exit {result.exit_code}"] += 1
    COUNT[f"command {command}"] += 1
    excluded = _exclusions(example, result)
    if excluded:
        COUNT[f"excluded (known bug): {excluded}"] += 1
        return
    where = f"\nargv: {example.argv}\nexit: {result.exit_code}\noutput:\n{result.output}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        assert result.exc_info is not None
        raise AssertionError("".join(traceback.format_exception(*result.exc_info)) + where)
    assert "Traceback" not in result.output, where
    assert result.exit_code in (0, 1, 2, 3), where
    if result.exit_code == 1:
        assert command == "doctor" or (command == "report" and "--fail-on" in example.argv), "exit 1" + where
    if result.exit_code == 3:
        assert command == "sync" or (command == "report" and "--sync-first" in example.argv), "exit 3" + where
    if result.exit_code != 2:
        return
    assert result.output.strip(), "exit 2 says nothing" + where
    after = _files(work)
    # `extract` with some unreadable documents imports the others and exits 2 (README: "A binary,
    # oversize or unreadable file gets a one-line message (exit 2) while the others still import"):
    # then the store may change; an error of the whole command ("error: ...") changes nothing.
    partial = command == "extract" and not any(line.startswith("error: ") for line in result.stderr.splitlines())
    skip = _store_files(example) if partial else set()
    # An empty file is an empty SQLite database: `--db empty.db` creates the store in it, as in a
    # --db path that names no file yet (see `_created_ok`).
    skip |= {example.db()} if before.get(example.db()) == b"" else set()
    changed = sorted(n for n, data in before.items() if n not in skip and after.get(n) != data)
    assert not changed, f"exit 2 changed {changed}" + where
    created = sorted(n for n, data in after.items() if n not in before and not _created_ok(n, data))
    assert not created, f"exit 2 left {created} behind" + where


@contextlib.contextmanager
def _fuzzing(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """The process state every example runs in: cwd, environment, no network, and connections tracked."""
    work = sandbox.work
    monkeypatch.chdir(work)
    home = work / "home"
    for key, value in {
        "HOME": home,
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_DATA_HOME": home / ".local/share",
        "XDG_CACHE_HOME": home / ".cache",
        "TRACKER_CACHE_DIR": sandbox.cache,
    }.items():
        monkeypatch.setenv(key, str(value))
    for key in ("TRACKER_CONFIG", "TRACKER_DB", "GITHUB_TOKEN", OWNER_TOKEN_ENV, "TRACKER_FUZZ_UNSET_VAR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setattr(socket.socket, "connect", _no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", _no_network)
    monkeypatch.setattr(socket, "create_connection", _no_network)
    monkeypatch.setattr(socket, "getaddrinfo", _no_network)
    monkeypatch.setattr(store_db, "open_db", _tracking_open_db(store_db.open_db))
    # CliRunner builds the click group from the typer app on every invoke (~45 ms, ten times the
    # command's own time); the group is the same every time, so build it once.
    original = typer.testing._get_command
    monkeypatch.setattr(typer.testing, "_get_command", lambda a: GROUP if a is app else original(a))
    COUNT.clear()
    SLOWEST.clear()
    yield CliRunner()
    _close_connections()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    return _build(tmp_path_factory.mktemp("fuzz"))


def _fuzz(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, how: settings) -> Counter[str]:
    with _fuzzing(sandbox, monkeypatch) as runner:

        @how
        @given(examples(sandbox))
        def fuzz(example: Example) -> None:
            _run_one(sandbox, runner, example)

        started = time.perf_counter()
        fuzz()
        COUNT["seconds (x1000)"] = int((time.perf_counter() - started) * 1000)
        assert COUNT["network attempts"] == 0
        return Counter(COUNT)


def _report(counts: Counter[str]) -> None:
    seconds = counts.pop("seconds (x1000)") / 1000
    print(f"\nfuzz: {counts['examples']} examples run in {seconds:.1f} s")
    for key, n in sorted(counts.items()):
        print(f"  {key}: {n}")
    for took, argv in SLOWEST:
        print(f"  slow: {took:.2f} s {argv}")


SETTINGS: dict[str, Any] = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
}


def test_fuzz_cli(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default suite's sample: 300 derandomized examples (the same ones on every run, ~6 s).
    Prints the number of examples run (`-s`)."""
    counts = _fuzz(sandbox, monkeypatch, settings(max_examples=300, derandomize=True, **SETTINGS))
    _report(counts)
    assert counts["examples"] >= 300


@pytest.mark.slow
def test_fuzz_cli_slow(sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    """The long run: 20,000 random examples (`pytest -m slow -s tests/cli/test_fuzz_cli.py`, a few
    minutes). Prints the number of examples run (`-s`)."""
    counts = _fuzz(sandbox, monkeypatch, settings(max_examples=20_000, **SETTINGS))
    _report(counts)
    assert counts["examples"] >= 20_000
