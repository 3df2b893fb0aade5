"""The typer app, global options, and the one place errors become messages and exit codes."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from tracker import __version__
from tracker.cli.context import Context
from tracker.errors import EXIT_USAGE, TrackerError
from tracker.logs import quiet_library_logs as quiet_library_logs


class _Commands(TyperGroup):
    """The one place errors become one-line messages and exit codes: a TrackerError its own code,
    a usage error (unknown option, bad choice, missing argument) exit 2."""

    def invoke(self, ctx: Any) -> Any:  # a click Context
        try:
            return super().invoke(ctx)
        except TrackerError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None

    def main(self, *args: Any, **kwargs: Any) -> Any:
        errors = _click_errors()
        kwargs["standalone_mode"] = False  # errors come back here instead of click's usage box
        argv = args[0] if args else kwargs.get("args")
        for arg in sys.argv[1:] if argv is None else argv:
            if not _is_utf8(arg):
                typer.echo(f"error: '{_shown(arg)}' is not UTF-8 text; give ids, names and paths in UTF-8", err=True)
                sys.exit(EXIT_USAGE)
        try:
            code = super().main(*args, **kwargs)
        except errors.NoArgsIsHelpError as exc:
            exc.show()  # `tracker` alone: the help, as before
            sys.exit(exc.exit_code)
        except errors.UsageError as exc:
            hint = f" (see `{exc.ctx.command_path} -h`)" if exc.ctx is not None else ""
            typer.echo(f"error: {exc.format_message()}{hint}", err=True)
            sys.exit(EXIT_USAGE)
        except errors.ClickException as exc:
            typer.echo(f"error: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo("aborted", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _is_utf8(arg: object) -> bool:
    """False for an argument holding bytes that are not UTF-8 (Python hands them over as lone
    surrogates): no id, name or date is spelled so, and the store (SQLite text) cannot hold one."""
    if not isinstance(arg, str):
        return True
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(arg: str) -> str:
    """The argument as typed: its bytes that are not UTF-8 as `\\xff`."""
    try:
        return arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate no byte decodes to (only from a caller in-process)
        return arg.encode("utf-8", "backslashreplace").decode("utf-8")


def _click_errors() -> Any:
    """click's exception classes: vendored by typer (0.2x) as `typer._click`, else click itself."""
    try:
        from typer._click import exceptions
    except ImportError:  # typer that depends on click
        from click import exceptions  # type: ignore[no-redef,import-not-found,unused-ignore]
    return exceptions


app = typer.Typer(
    name="tracker",
    cls=_Commands,
    help="Extract postmortem action items, sync them with GitHub or Jira, and report who owes what.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion for bash, zsh, fish, PowerShell
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tracker {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="Config file (default: $TRACKER_CONFIG, then the user config dir)."),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH|URL",
            help="Store file, or a shared PostgreSQL store: postgresql://user@host/dbname "
            "(default: $TRACKER_DB, then [store] url or path, then the user data dir).",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Postmortem action items: extract, sync, report.

    Example: tracker extract postmortems/ && tracker status
    """
    ctx.obj = Context(config_path=config, db_path=db)
    ctx.call_on_close(ctx.obj.close)


#: Which module defines each command. Importing one registers its commands on `app`.
COMMAND_MODULES = {
    "extract": "extract_cmd",
    "review": "review_cmd",
    "list": "items_cmd",
    "postmortems": "items_cmd",
    "show": "items_cmd",
    "edit": "items_cmd",
    "done": "items_cmd",
    "init": "items_cmd",
    "status": "report_cmd",
    "report": "report_cmd",
    "remind": "remind_cmd",
    "sync": "sync_cmd",
    "conflicts": "sync_cmd",
    "resolve": "sync_cmd",
    "export": "admin_cmd",
    "import": "admin_cmd",
    "doctor": "admin_cmd",
}
_GLOBAL_OPTIONS_WITH_VALUES = ("--config", "--db")


def _register(argv: list[str] | None = None) -> None:
    """Import the module of the command being run (every module for help or an unknown command),
    so that a quick `tracker status` does not pay for importing the sync engine and the extractor;
    and keep only that command, since typer reads the signature of every command registered."""
    import importlib

    name = _command_name(argv) if argv is not None else None
    if name is None and argv is not None and "--version" in argv:
        return  # answered by the eager --version option before any command runs
    modules = {COMMAND_MODULES[name]} if name in COMMAND_MODULES else set(COMMAND_MODULES.values())
    for module in sorted(modules):
        importlib.import_module(f"tracker.cli.{module}")
    if name in COMMAND_MODULES:
        from typer.main import get_command_name

        def named(info: Any) -> str:
            return info.name or get_command_name(info.callback.__name__)

        app.registered_commands = [c for c in app.registered_commands if named(c) == name]


def _command_name(argv: list[str]) -> str | None:
    args = iter(argv)
    for arg in args:
        if arg in _GLOBAL_OPTIONS_WITH_VALUES:
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None


def main() -> None:
    # pydantic scans every installed distribution's entry points for plugins the first time it
    # builds a validator (~15 ms per run); this tool uses none.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _register(sys.argv[1:])
    try:
        app()
    except TrackerError as exc:  # raised while parsing global options
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
