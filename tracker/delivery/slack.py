"""Posting the report to a Slack incoming webhook, through the official slack-sdk.

The webhook URL is a secret: it is read from the environment variable named by the caller and
never appears in any message (the client's own errors may name the URL, so none are passed on).
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from tracker.errors import EXIT_USAGE, TrackerError

TIMEOUT = 15


class DeliveryError(TrackerError):
    """The report was written, but posting it (to Slack) failed."""

    exit_code = EXIT_USAGE


def webhook_url(env_var: str) -> str:
    """The URL in `$env_var`: https, or http to this machine (a local relay or a test server)."""
    url = os.environ.get(env_var, "").strip()
    if not url:
        raise DeliveryError(f"--slack-webhook-env: environment variable {env_var} is not set or empty")
    parts = urlsplit(url)
    local = parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")
    if parts.scheme != "https" and not local:
        raise DeliveryError(f"${env_var} does not hold an https:// webhook URL; not posted")
    return url


def post(message: dict[str, object], env_var: str) -> None:
    """POST a Block Kit message; DeliveryError (one line, no URL) when the variable is unset or Slack refuses."""
    url = webhook_url(env_var)
    from slack_sdk.webhook import WebhookClient

    client = WebhookClient(url, timeout=TIMEOUT)
    try:
        response = client.send(text=str(message["text"]), blocks=message["blocks"])  # type: ignore[arg-type]
    except Exception as exc:  # the message may name the URL: not passed on
        raise DeliveryError(
            f"posting to Slack (${env_var}) failed: {exc.__class__.__name__}; the report was written"
        ) from None
    if response.status_code >= 300:
        body = " ".join(str(response.body or "").split())[:80].replace(url, "<webhook>")
        detail = f" ({body})" if body else ""
        raise DeliveryError(f"Slack (${env_var}) answered HTTP {response.status_code}{detail}; the report was written")
