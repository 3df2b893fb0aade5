"""The settings of a `kind = "gitlab"` target (`[targets.NAME]` in the config)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from tracker.config_base import TargetBase


class GitLabTarget(TargetBase):
    kind: Literal["gitlab"]
    url: str = Field(default="https://gitlab.com", pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$")
    project: str = Field(pattern=r"^(\d+|[\w.-]+(/[\w.-]+)+)$", description="group/sub/name, or the numeric id")
    wont_do_label: str = Field(default="wont-do", min_length=1, description="on a closed issue: closed as won't do")
