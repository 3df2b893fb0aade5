"""A sample of crash points, by SIGKILL of a real `tracker sync` process (fake on 127.0.0.1)."""

from __future__ import annotations

import pytest

from tests.reliability import figures
from tests.reliability.sigkill import killed_sweep
from tests.reliability.world import KINDS


@pytest.mark.slow
@pytest.mark.parametrize("kind", KINDS)
def test_a_sample_of_sigkilled_syncs_is_survived(kind: str) -> None:
    result = killed_sweep(kind)
    figures.record(f"crash by SIGKILL, a sample: {result.line()}")
    assert result.failures == [], "\n".join(result.failures)
    assert result.survived == result.tried == 12
