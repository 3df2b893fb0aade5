"""The jira connector: its settings (`config`), and the connector behind `tracker.connector.Connector`."""
