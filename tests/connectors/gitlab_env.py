"""GitLab behind the fake server, wired the way the tests use it.

- `fake_gitlab` fixture: a `FakeGitLab` installed in a fresh `responses` mock (stopped after the test).
- `client(fake, **kw)`: a real `gitlab.Gitlab` for it (private token, no wait: `time.sleep` is the
  caller's to patch; python-gitlab sleeps through `gitlab.utils.time.sleep`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gitlab
import pytest
import responses

from tests.fakes.gitlab_fake import FakeGitLab


def client(fake: FakeGitLab, **kw: Any) -> gitlab.Gitlab:
    options: dict[str, Any] = {"private_token": fake.token, "per_page": None} | kw
    if options["per_page"] is None:
        del options["per_page"]
    return gitlab.Gitlab(fake.origin, **options)


@pytest.fixture
def fake_gitlab() -> Iterator[FakeGitLab]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeGitLab()
        fake.install(mock)
        yield fake
