"""The settings of a `kind = "github"` target (`[targets.NAME]` in the config)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from tracker.config_base import TargetBase


class GitHubTarget(TargetBase):
    kind: Literal["github"]
    repo: str = Field(pattern=r"^[\w.-]+/[\w.-]+$")
    base_url: str = "https://api.github.com"
    due_as_milestone: bool = False
    writes_per_minute: int = Field(default=80, ge=1, le=10_000)
    writes_per_hour: int = Field(default=500, ge=1, le=100_000)
