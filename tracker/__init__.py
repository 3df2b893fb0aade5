"""Extract postmortem action items and keep them in sync with issue trackers."""

__version__ = "0.1.0"
