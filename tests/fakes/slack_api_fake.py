"""A stateful fake of the parts of Slack's Web API that `tracker remind` calls, for the real slack-sdk.

Answers as Slack documents: HTTP 200 with `{"ok": true, ...}` or `{"ok": false, "error": CODE}`;
a rate limit is HTTP 429 with `Retry-After` (seconds) and `{"ok": false, "error": "ratelimited"}`.
- every method: a bearer token other than `token` → `invalid_auth` (none → `not_authed`);
- `auth.test` → the bot's identity;
- `users.lookupByEmail?email=` (GET) → the user, else `users_not_found`;
- `chat.postMessage` (JSON body) → posted to a user id (a DM) or a channel id; a user in
  `gone_users` → `user_not_found`; an id nobody has → `channel_not_found`; no text → `no_text`;
  text over 40,000 characters → `msg_too_long`.
`rate_limits[method] = n` answers the next n calls of that method with a 429. Every call is kept in
`calls` (method names), every message in `posts`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

Answer = tuple[int, dict[str, str], bytes]


@dataclass
class FakeSlackApi:
    token: str = "xoxb-FAKE-slack-bot-TOKEN-123"
    users: dict[str, str] = field(default_factory=dict)  # e-mail (lower case) -> user id
    channels: set[str] = field(default_factory=set)  # channel ids (C…) and names (#ops)
    gone_users: set[str] = field(default_factory=set)  # user ids deactivated since
    rate_limits: dict[str, int] = field(default_factory=dict)
    retry_after: int = 1
    calls: list[str] = field(default_factory=list)
    posts: list[dict[str, Any]] = field(default_factory=list)

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Answer:
        parts = urlsplit(target)
        name = parts.path.rsplit("/", 1)[-1]
        self.calls.append(name)
        auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        if not auth:
            return _json({"ok": False, "error": "not_authed"})
        if auth != f"Bearer {self.token}":
            return _json({"ok": False, "error": "invalid_auth"})
        if self.rate_limits.get(name):
            self.rate_limits[name] -= 1
            return _json({"ok": False, "error": "ratelimited"}, 429, {"Retry-After": str(self.retry_after)})
        args = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if body:
            args.update(_body(headers, body))
        handler = {"auth.test": self._auth_test, "users.lookupByEmail": self._lookup, "chat.postMessage": self._post}
        found = handler.get(name)
        return found(args) if found else _json({"ok": False, "error": "unknown_method"}, 404)

    def _auth_test(self, args: dict[str, Any]) -> Answer:
        return _json(
            {"ok": True, "url": "https://acme.slack.com/", "team": "Acme", "user": "tracker", "user_id": "UBOT"}
        )

    def _lookup(self, args: dict[str, Any]) -> Answer:
        user_id = self.users.get(str(args.get("email", "")).lower())
        if user_id is None:
            return _json({"ok": False, "error": "users_not_found"})
        return _json({"ok": True, "user": {"id": user_id, "profile": {"email": args["email"]}}})

    def _post(self, args: dict[str, Any]) -> Answer:
        channel, text = str(args.get("channel", "")), args.get("text")
        if channel in self.gone_users:
            return _json({"ok": False, "error": "user_not_found"})
        if channel not in set(self.users.values()) | self.channels:
            return _json({"ok": False, "error": "channel_not_found"})
        if not text:
            return _json({"ok": False, "error": "no_text"})
        if len(text) > 40_000:
            return _json({"ok": False, "error": "msg_too_long"})
        self.posts.append({"channel": channel, "text": text, **{k: v for k, v in args.items() if k != "text"}})
        return _json({"ok": True, "channel": channel, "ts": f"1700000000.{len(self.posts):06d}"})

    def texts_to(self, channel: str) -> list[str]:
        return [p["text"] for p in self.posts if p["channel"] == channel]


def _body(headers: dict[str, str], body: bytes) -> dict[str, Any]:
    kind = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
    if "json" in kind:
        found = json.loads(body)
        return found if isinstance(found, dict) else {}
    return {k: v[0] for k, v in parse_qs(body.decode()).items()}


def _json(data: dict[str, Any], status: int = 200, extra: dict[str, str] | None = None) -> Answer:
    return status, {"Content-Type": "application/json; charset=utf-8", **(extra or {})}, json.dumps(data).encode()
