"""The Slack sender, driving the real slack-sdk WebClient against the stateful fake Web API on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.http_server import serve
from tests.fakes.slack_api_fake import FakeSlackApi
from tracker.errors import AuthError, NotDeliveredError
from tracker.remind.send_slack import SlackSender


@pytest.fixture
def fake() -> FakeSlackApi:
    return FakeSlackApi(users={"alice@example.com": "U0ALICE", "bob@example.com": "U0BOB"}, channels={"C0OPS"})


@pytest.fixture
def url(fake: FakeSlackApi) -> Iterator[str]:
    with serve(fake.handle) as base:
        yield base + "/api/"


def _sender(fake: FakeSlackApi, url: str, waits: list[float], token: str | None = None, **kw: float) -> SlackSender:
    return SlackSender(token or fake.token, url, "SLACK_BOT_TOKEN", sleep=waits.append, **kw)


def test_post_to_a_user_and_a_channel_and_look_up_by_email(fake: FakeSlackApi, url: str) -> None:
    sender = _sender(fake, url, [])
    sender.check()
    assert sender.lookup("Bob@Example.com") == "U0BOB"
    sender.post("U0ALICE", "hello *Alice*")
    sender.post("C0OPS", "ownerless")
    assert fake.calls == ["auth.test", "users.lookupByEmail", "chat.postMessage", "chat.postMessage"]
    assert [(p["channel"], p["text"]) for p in fake.posts] == [("U0ALICE", "hello *Alice*"), ("C0OPS", "ownerless")]
    assert fake.posts[0]["unfurl_links"] is False


def test_a_rate_limit_is_waited_out_for_its_retry_after(fake: FakeSlackApi, url: str) -> None:
    fake.rate_limits["chat.postMessage"] = 2
    fake.retry_after = 7
    waits: list[float] = []
    _sender(fake, url, waits).post("U0ALICE", "hi")
    assert waits == [7.0, 7.0] and len(fake.posts) == 1
    assert fake.calls.count("chat.postMessage") == 3


def test_a_rate_limit_longer_than_allowed_fails_that_message(fake: FakeSlackApi, url: str) -> None:
    fake.rate_limits["chat.postMessage"] = 1
    fake.retry_after = 600
    waits: list[float] = []
    with pytest.raises(NotDeliveredError, match="rate limited"):
        _sender(fake, url, waits, max_wait=60).post("U0ALICE", "hi")
    assert waits == [] and fake.posts == []


def test_a_refused_token_is_an_auth_error_naming_the_variable_not_the_token(fake: FakeSlackApi, url: str) -> None:
    wrong = "xoxb-WRONG-token-999"
    with pytest.raises(AuthError) as caught:
        _sender(fake, url, [], token=wrong).check()
    text = str(caught.value)
    assert "invalid_auth" in text and "$SLACK_BOT_TOKEN" in text and wrong not in text and fake.token not in text
    assert caught.value.exit_code == 2 and caught.value.__cause__ is None


def test_an_unknown_or_deactivated_user_fails_that_message_only(fake: FakeSlackApi, url: str) -> None:
    fake.gone_users.add("U0BOB")
    sender = _sender(fake, url, [])
    with pytest.raises(NotDeliveredError, match="user_not_found"):
        sender.post("U0BOB", "hi")
    with pytest.raises(NotDeliveredError, match="channel_not_found"):
        sender.post("U0NOBODY", "hi")
    with pytest.raises(NotDeliveredError, match="users_not_found"):
        sender.lookup("carol@example.com")
    sender.post("U0ALICE", "still sent")
    assert [p["channel"] for p in fake.posts] == ["U0ALICE"]


def test_an_unreachable_api_is_a_failure_without_the_url_or_token(fake: FakeSlackApi) -> None:
    from tests.fakes.smtp_server import free_port

    sender = SlackSender(fake.token, f"http://127.0.0.1:{free_port()}/api/", "SLACK_BOT_TOKEN")
    with pytest.raises(NotDeliveredError) as caught:
        sender.post("U0ALICE", "hi")
    assert "chat.postMessage failed: URLError" in str(caught.value) and "127.0.0.1" not in str(caught.value)
