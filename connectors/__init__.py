"""Connectors: one module per issue tracker, each a thin adapter behind tracker.connector.Connector."""
