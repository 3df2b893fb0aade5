"""The settings of a `kind = "memory"` target (`[targets.NAME]` in the config)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from tracker.config_base import TargetBase


class MemoryTarget(TargetBase):
    """An in-process tracker, for trying the sync out and for tests."""

    kind: Literal["memory"]
    path: Path | None = Field(default=None, description="JSON file keeping the issues between runs")
