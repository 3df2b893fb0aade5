"""Sending reminders over Slack's Web API with the official slack-sdk (`WebClient`).

`auth.test` first (a refused token stops the run before anything is sent: AuthError, exit 2),
`users.lookupByEmail` for a person known only by e-mail, `chat.postMessage` to the user id (a DM
from the bot) or to a channel. A 429 is waited out for its `Retry-After` (slack-sdk's
`RateLimitErrorRetryHandler`, bounded by `max_wait` and given the sleep to use); a refusal that
concerns one recipient (`user_not_found`, `channel_not_found`, `users_not_found`, ...) is a
NotDeliveredError for that message only. The token is never part of any message: the client's
own errors (which name URLs and answers) are not passed on, only Slack's error code.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from tracker.errors import AuthError, NoSlackUserError, NotDeliveredError

TIMEOUT = 15
#: Slack's answers that mean the token (or its scopes) is wrong: no message can be sent with it.
TOKEN_ERRORS = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "account_inactive",
        "token_revoked",
        "token_expired",
        "missing_scope",
        "no_permission",
    }
)


class _BoundedRateLimitWait(RateLimitErrorRetryHandler):
    """slack-sdk's 429 handler, waiting `Retry-After` seconds through `sleep`, never longer than `max_wait`."""

    def __init__(self, max_wait: float, sleep: Callable[[float], None], max_retry_count: int = 3) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait
        self.sleep = sleep

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code == 429 and _retry_after(response) <= self.max_wait

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        state.next_attempt_requested = True
        self.sleep(_retry_after(response) if response is not None else 1.0)
        state.increment_current_attempt()


def _retry_after(response: HttpResponse) -> float:
    for name, values in response.headers.items():
        if name.lower() == "retry-after":
            value = values[0] if isinstance(values, list) else values
            try:
                return max(0.0, float(value))
            except ValueError:
                break
    return 1.0


class SlackSender:
    def __init__(
        self,
        token: str,
        api_url: str,
        token_env: str,
        *,
        max_wait: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        handler = _BoundedRateLimitWait(max_wait, sleep)
        self._client = WebClient(token=token, base_url=api_url, timeout=TIMEOUT, retry_handlers=[handler])
        self._env = token_env

    def check(self) -> None:
        """AuthError when Slack refuses the token (nothing is sent then)."""
        self._call("auth.test", lambda: self._client.auth_test(), None)

    def lookup(self, email: str) -> str:
        """The Slack user id of this e-mail address (`users.lookupByEmail`)."""
        answer = self._call("users.lookupByEmail", lambda: self._client.users_lookupByEmail(email=email), email)
        user = answer.get("user") or {}
        user_id = user.get("id") if isinstance(user, dict) else None
        if not isinstance(user_id, str) or not user_id:
            raise NotDeliveredError("Slack's users.lookupByEmail answer has no user id", target="slack", item_id=email)
        return user_id

    def post(self, channel: str, text: str) -> None:
        """`chat.postMessage` to a user id (a DM from the bot) or a channel."""
        self._call(
            "chat.postMessage",
            lambda: self._client.chat_postMessage(channel=channel, text=text, unfurl_links=False, unfurl_media=False),
            channel,
        )

    def _call(self, method: str, call: Callable[[], Any], who: str | None) -> Any:
        try:
            return call()
        except SlackApiError as exc:
            code = _code(exc)
            if code in TOKEN_ERRORS:
                raise AuthError(
                    f"Slack refused the bot token in ${self._env} ({code}); check the token and its scopes "
                    "(chat:write, users:read.email)",
                    target="slack",
                ) from None
            status = getattr(exc.response, "status_code", None)
            detail = code or f"HTTP {status}"
            if status == 429:
                detail = "rate limited for longer than [sync] max_rate_wait"
            if code == "users_not_found":
                raise NoSlackUserError(
                    f"Slack {method}: no Slack user has this address (users_not_found)", target="slack", item_id=who
                ) from None
            raise NotDeliveredError(f"Slack {method} refused: {detail}", target="slack", item_id=who) from None
        except Exception as exc:  # the client's message may name URLs: only the kind is passed on
            raise NotDeliveredError(
                f"Slack {method} failed: {exc.__class__.__name__}", target="slack", item_id=who
            ) from None


def _code(exc: SlackApiError) -> str | None:
    try:
        code = exc.response.get("error")
    except Exception:  # an answer that is no JSON object
        return None
    return code if isinstance(code, str) else None
