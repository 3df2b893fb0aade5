"""The `tracker` command. Only this package talks to the user."""

from tracker.cli.app import app, main

__all__ = ["app", "main"]
