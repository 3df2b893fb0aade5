"""`tracker import`: restore a `tracker export` file into an empty store.

(`tracker export` itself is on the lean read path: `tracker.store.export` over the read connection.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tracker.errors import InputError
from tracker.services.workspace import Workspace
from tracker.sync.status import fields_from_json


@dataclass(frozen=True, slots=True)
class Restored:
    counts: dict[str, int]  # rows restored per table


def restore(ws: Workspace, file: Path) -> Restored:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{file}: cannot read ({exc.__class__.__name__})") from None
    return Restored(ws.store.restore(text.splitlines(), str(file), fields_from_json))
