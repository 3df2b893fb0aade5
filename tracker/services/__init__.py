"""The use cases, one module each: what a command does, without the command line.

Each service is a function of a `Workspace` (the config and the store, opened on first use), a
clock and the command's options, and returns a typed result; it never prints. The CLI parses the
options, calls one service and renders what it returns.
"""
