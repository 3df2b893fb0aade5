"""A Slack incoming webhook that checks messages the way Slack documents it does.

Answers as Slack's webhooks do: `200 ok`, or a 4xx with a plain-text error code
(`invalid_payload`, `invalid_blocks`, `no_text`, `msg_blocks_too_long`). The checks are the
documented Block Kit limits: at most 50 blocks; header: plain_text, at most 150 characters;
section: text at most 3,000 characters; context: at most 10 elements; known block types only;
and the whole message's block text under 13,000 characters (Slack's observed cut-off for
`msg_blocks_too_long`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

KNOWN = {"header", "section", "context", "divider", "markdown", "actions", "image", "rich_text"}


@dataclass
class FakeSlackWebhook:
    path: str = "/services/T000/B000/SECRETSECRET"
    messages: list[dict[str, Any]] = field(default_factory=list)
    fail_with: tuple[int, str] | None = None

    def handle(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        if self.fail_with is not None:
            status, text = self.fail_with
            return status, {"Content-Type": "text/plain"}, text.encode()
        if method != "POST" or target != self.path:
            return 404, {}, b"no_service"
        try:
            message = json.loads(body)
        except ValueError:
            return 400, {}, b"invalid_payload"
        problem = problems(message)
        if problem:
            return 400, {}, problem.encode()
        self.messages.append(message)
        return 200, {"Content-Type": "text/html"}, b"ok"


def problems(message: Any) -> str | None:
    """Slack's error code for a message it would refuse, else None."""
    if not isinstance(message, dict):
        return "invalid_payload"
    blocks = message.get("blocks")
    if not message.get("text") and not blocks:
        return "no_text"
    if blocks is None:
        return None
    if not isinstance(blocks, list) or len(blocks) > 50:
        return "invalid_blocks"
    total = 0
    for block in blocks:
        size = _block_size(block)
        if size is None:
            return "invalid_blocks"
        total += size
    return "msg_blocks_too_long" if total > 13_000 else None


def _block_size(block: Any) -> int | None:
    kind = block.get("type") if isinstance(block, dict) else None
    if kind not in KNOWN:
        return None
    if kind == "header":
        text = block.get("text") or {}
        ok = text.get("type") == "plain_text" and 0 < len(text.get("text", "")) <= 150
        return len(text.get("text", "")) if ok else None
    if kind == "section":
        text = block.get("text") or {}
        ok = text.get("type") in ("mrkdwn", "plain_text") and 0 < len(text.get("text", "")) <= 3000
        return len(text.get("text", "")) if ok else None
    if kind == "context":
        elements = block.get("elements") or []
        if not 0 < len(elements) <= 10:
            return None
        return sum(len(e.get("text", "")) for e in elements)
    return 0
