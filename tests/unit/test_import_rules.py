"""The import rules of the whiteboard (README, Architecture), checked on the source with `ast`.

    cli -> services -> store (through its façade) / sync / report / extract / delivery / remind -> model
    remind decides (gather, plan, compose) without the network; only its senders talk to Slack and SMTP
    connectors only through the protocol in `tracker.connector`; report and extract never the network
    the CLI, the services and the report reach the store only through its doors (`tracker.store`,
    `tracker.store.protocol`, `tracker.store.reader`), never sqlite3 or the store's internals;
    only the store imports sqlite3; and no module imports itself round about

Every `import` in `tracker/` and `connectors/` is read, including the lazy ones inside functions.
A rule is (importing package, imported module prefix). The few imports that still break a rule are
listed in `KNOWN`, each with the reason; the test also fails when one of them is gone, so the list
only ever shrinks.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

NETWORK = ("requests", "urllib3", "http.client", "socket", "smtplib", "slack_sdk", "github", "jira", "gitlab")

# (package whose modules import, module prefixes they must not import)
FORBIDDEN: list[tuple[str, tuple[str, ...]]] = [
    ("tracker/extract", ("tracker.store", "tracker.sync", "tracker.report", "tracker.cli", "tracker.delivery",
                         "connectors", "sqlite3", *NETWORK)),
    ("tracker/report", ("tracker.sync", "tracker.cli", "tracker.extract", "tracker.delivery", "connectors",
                        *NETWORK)),
    ("tracker/store", ("tracker.connector", "tracker.sync", "tracker.cli", "tracker.report", "tracker.extract",
                       "tracker.delivery", "connectors", *NETWORK)),
    ("tracker/sync", ("tracker.cli", "tracker.report", "tracker.extract", "tracker.delivery", "connectors",
                      "sqlite3", *NETWORK)),
    ("tracker/delivery", ("tracker.store", "tracker.sync", "tracker.cli", "tracker.extract", "connectors",
                          "sqlite3")),
    ("tracker/model.py", ("tracker.store", "tracker.sync", "tracker.report", "tracker.extract", "tracker.cli",
                          "connectors", "sqlite3", *NETWORK)),
    ("tracker/connector.py", ("tracker.store", "tracker.sync", "tracker.cli", "connectors", *NETWORK)),
    ("connectors", ("tracker.store", "tracker.sync", "tracker.cli", "tracker.report", "tracker.extract",
                    "tracker.delivery", "sqlite3")),
    ("tracker/reextract", ("tracker.store", "tracker.sync", "tracker.report", "tracker.extract", "tracker.cli",
                           "tracker.delivery", "tracker.connector", "connectors", "sqlite3", *NETWORK)),
    ("tracker/remind", ("tracker.sync", "tracker.cli", "tracker.extract", "tracker.delivery", "tracker.services",
                        "connectors", "sqlite3")),
    # who gets what, and in which words, is decided without the network
    ("tracker/remind/plan.py", NETWORK),
    ("tracker/remind/compose.py", NETWORK),
    ("tracker/remind/gather.py", NETWORK),
    ("tracker/services", ("tracker.cli",)),
    ("tracker/cli", ("sqlite3",)),
]  # fmt: skip

#: What of the store the CLI may import: the façade, the opener (the `Store` class) and the read door.
STORE_DOOR = ("tracker.store", "tracker.store.Store", "tracker.store.ImportResult", "tracker.store.EDITABLE")
STORE_DOOR_MODULES = ("tracker.store.protocol", "tracker.store.reader")  # and every name in them
STORE_INTERNALS = "tracker.store internals"
#: Who reaches the store only through its doors.
STORE_CLIENTS = ("tracker/cli", "tracker/report", "tracker/services", "tracker/remind")

# Nothing outside the CLI imports the CLI, only the store opens SQLite, and only its pg module PostgreSQL.
ONLY_FROM: list[tuple[str, tuple[str, ...]]] = [
    ("tracker.cli", ("tracker/cli", "tracker/__main__.py")),
    ("sqlite3", ("tracker/store",)),
    ("psycopg", ("tracker/store/pg.py",)),  # PostgreSQL: loaded for a postgresql:// store only
]

#: (module path, rule) of an import still breaking a rule -> why
KNOWN: dict[tuple[str, str], str] = {}


def _imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _all_imports() -> dict[str, set[str]]:
    files = [*sorted((ROOT / "tracker").rglob("*.py")), *sorted((ROOT / "connectors").rglob("*.py"))]
    return {path.relative_to(ROOT).as_posix(): set(_imports(path)) for path in files}


def _matches(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _under(path: str, package: str) -> bool:
    return path == package or path.startswith(package + "/")


def _a_door(module: str) -> bool:
    return module in STORE_DOOR or any(_matches(module, door) for door in STORE_DOOR_MODULES)


def _breaks() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for path, modules in _all_imports().items():
        for package, prefixes in FORBIDDEN:
            if _under(path, package):
                found |= {(path, p) for m in modules for p in prefixes if _matches(m, p)}
        if any(_under(path, p) for p in STORE_CLIENTS):
            found |= {(path, STORE_INTERNALS) for m in modules if _matches(m, "tracker.store") and not _a_door(m)}
        for prefix, allowed in ONLY_FROM:
            if not any(_under(path, a) for a in allowed):
                found |= {(path, prefix) for m in modules if _matches(m, prefix)}
    return found


def test_the_import_rules_hold() -> None:
    breaks = _breaks()
    assert breaks - KNOWN.keys() == set(), "imports that break the rules (see this module's docstring)"
    assert KNOWN.keys() - breaks == set(), "fixed: remove these from KNOWN"


def test_the_check_sees_lazy_imports_and_from_imports(tmp_path: Path) -> None:
    source = tmp_path / "m.py"
    source.write_text("import os\ndef f():\n    from tracker.store import queries\n    import slack_sdk.webhook\n")
    assert {"tracker.store", "tracker.store.queries", "slack_sdk.webhook"} <= set(_imports(source))
    assert _matches("slack_sdk.webhook", "slack_sdk") and not _matches("slack_sdkx", "slack_sdk")


def _module_name(path: str) -> str:
    return path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def _edges(path: Path, modules: set[str]) -> Iterator[str]:
    """The project modules `path` imports: `from pkg import mod` is an import of `pkg.mod` (the
    package's `__init__` runs either way; it is not a dependency of the importing module's design).
    Imports under `if TYPE_CHECKING:` are for the type checker only and never run."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING")
        for stmt in node.body
        for inner in ast.walk(stmt)
    }
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            subs = [f"{node.module}.{alias.name}" for alias in node.names]
            named = [s for s in subs if s in modules]
            yield from named
            if len(named) < len(subs) and node.module in modules:
                yield node.module


def _cycles() -> list[set[str]]:
    """Every group of modules that import each other, directly or round about (lazy imports too)."""
    files = {_module_name(p): ROOT / p for p in _all_imports()}
    graph = {m: set(_edges(path, set(files))) - {m} for m, path in files.items()}
    reach: dict[str, set[str]] = {}
    for start in graph:
        seen, todo = set(), [start]
        while todo:
            for nxt in graph[todo.pop()] - seen:
                seen.add(nxt)
                todo.append(nxt)
        reach[start] = seen
    groups = {frozenset({m} | {o for o in reach[m] if m in reach[o]}) for m in graph if m in reach[m]}
    return [set(g) for g in groups]


#: Import cycles still in the code, each with the reason; the list only ever shrinks.
KNOWN_CYCLES: dict[frozenset[str], str] = {}


def test_no_module_imports_itself_round_about() -> None:
    cycles = {frozenset(c) for c in _cycles()}
    assert cycles - KNOWN_CYCLES.keys() == set(), "import cycles (a lazy import is still a cycle)"
    assert KNOWN_CYCLES.keys() - cycles == set(), "fixed: remove these from KNOWN_CYCLES"
