"""Keeping the client libraries' log records off the terminal."""

from __future__ import annotations


def quiet_library_logs() -> None:
    """Library log records never reach the terminal: the CLI's one-line messages are what users see.

    Called by the commands that load an HTTP client, once it is imported (the others never import
    `logging`: it costs start-up time).

    `jira` logs a failed answer's whole body through the root logger (which, with no handler,
    prints it); PyGithub gives its logger a console handler when imported (call this again after)."""
    import logging

    root = logging.getLogger()
    if not any(type(h) is logging.NullHandler for h in root.handlers):
        root.addHandler(logging.NullHandler())
    github = logging.root.manager.loggerDict.get("github")
    if isinstance(github, logging.Logger):
        for handler in list(github.handlers):
            if type(handler) is logging.StreamHandler:
                github.removeHandler(handler)
