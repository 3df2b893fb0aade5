"""Posting the markdown report to a Slack incoming webhook.

The webhook URL is a secret: it is read from the environment variable named by the caller and
never appears in any message (requests' own errors name the URL, so none of them are passed on).
"""

from __future__ import annotations

import os

from tracker.errors import EXIT_USAGE, TrackerError

#: Slack caps a markdown block at 12,000 characters; longer reports are cut at a line.
MAX_MARKDOWN = 12_000
TIMEOUT = 15.0


class DeliveryError(TrackerError):
    """The report was written, but posting it (to Slack) failed."""

    exit_code = EXIT_USAGE


def payload(markdown: str, limit: int = MAX_MARKDOWN) -> dict[str, object]:
    """The webhook body: a markdown block, cut at a line boundary when too long."""
    text = markdown
    if len(text) > limit:
        cut = text.rfind("\n", 0, limit - 200)
        rest = text[cut:].count("\n")
        text = text[: max(cut, 0)] + f"\n\n_… {rest} more lines: see the full report._"
    first = markdown.split("\n", 1)[0].lstrip("# ").strip()
    return {"text": first or "Action items report", "blocks": [{"type": "markdown", "text": text}]}


def post(markdown: str, env_var: str) -> None:
    """POST the report; DeliveryError (one line, no URL) when the variable is unset or Slack refuses."""
    url = os.environ.get(env_var, "").strip()
    if not url:
        raise DeliveryError(f"--slack-webhook-env: environment variable {env_var} is not set or empty")
    if not url.startswith("https://"):
        raise DeliveryError(f"${env_var} does not hold an https:// webhook URL; not posted")
    import requests

    try:
        response = requests.post(url, json=payload(markdown), timeout=TIMEOUT)
    except (requests.RequestException, OSError) as exc:  # the message would name the URL: not passed on
        raise DeliveryError(
            f"posting to Slack (${env_var}) failed: {exc.__class__.__name__}; the report was written"
        ) from None
    if response.status_code >= 300:
        body = " ".join(response.text.split())[:80].replace(url, "<webhook>")
        detail = f" ({body})" if body else ""
        raise DeliveryError(f"Slack (${env_var}) answered HTTP {response.status_code}{detail}; the report was written")
