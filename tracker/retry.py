"""Bounded retries with exponential backoff and jitter, shared by the connectors.

A connector supplies `classify(exc) -> Delay | None`: how long a failed call should wait before
trying again (None: do not retry). Rate-limit waits are capped by `max_rate_wait`; a wait beyond
it raises RateLimitedError so the sync stops cleanly and the next run resumes. Transient faults
(5xx, timeouts) are retried only for idempotent calls: a create is never blindly repeated.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Literal, TypeVar

from tracker.errors import RateLimitedError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Delay:
    """`seconds` to wait: a server-given wait for "rate", None = use backoff for "transient"."""

    kind: Literal["rate", "transient"]
    seconds: float | None = None


@dataclass
class RetryPolicy:
    max_retries: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_rate_wait: float = 300.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def backoff(self, attempt: int) -> float:
        """Full-jitter exponential backoff for the given attempt (0-based)."""
        ceiling: float = min(self.max_delay, self.base_delay * 2.0**attempt)
        return ceiling * (0.5 + self.rng.random() / 2)

    def call(
        self,
        fn: Callable[[], T],
        classify: Callable[[Exception], Delay | None],
        *,
        idempotent: bool = True,
        what: str = "request",
    ) -> T:
        attempt = 0
        while True:
            try:
                return fn()
            except Exception as exc:
                delay = classify(exc)
                if delay is None or attempt >= self.max_retries:
                    raise
                if delay.kind == "transient" and not idempotent:
                    raise
                wait = self._wait_for(delay, attempt, what)
                self.sleep(wait)
                attempt += 1

    def _wait_for(self, delay: Delay, attempt: int, what: str) -> float:
        if delay.kind == "transient":
            return self.backoff(attempt)
        seconds = delay.seconds if delay.seconds is not None else 60.0
        if seconds > self.max_rate_wait:
            resume = (datetime.now(UTC) + timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M UTC")
            raise RateLimitedError(
                f"rate limited on {what}: a {seconds:.0f}s wait exceeds max_rate_wait; resume after {resume}",
                resume_at=resume,
            )
        return seconds
