"""Re-extraction: pair the items already stored for a postmortem with freshly extracted ones.

Pure. Items pair when their texts are equal, else similar enough (difflib ratio >= 0.6), with
nearby positions preferred; what stays unpaired is new (extracted side) or removed (stored side).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

SIMILAR = 0.6


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def pair_items(old: Sequence[tuple[str, int]], new: Sequence[tuple[str, int]]) -> dict[int, int]:
    """Map index in `new` -> index in `old`, from (text, position) pairs."""
    old_norm = [_norm(t) for t, _ in old]
    new_norm = [_norm(t) for t, _ in new]
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for ni, text in enumerate(new_norm):  # exact text first, nearest position wins
        exact = [oi for oi, o in enumerate(old_norm) if o == text and oi not in used]
        if exact:
            best = min(exact, key=lambda oi: abs(old[oi][1] - new[ni][1]))
            pairs[ni] = best
            used.add(best)
    scored = sorted(
        (
            (_similarity(new_norm[ni], old_norm[oi]) - 0.01 * abs(old[oi][1] - new[ni][1]), ni, oi)
            for ni in range(len(new))
            if ni not in pairs
            for oi in range(len(old))
            if oi not in used
        ),
        reverse=True,
    )
    for score, ni, oi in scored:
        if score < SIMILAR:
            break
        if ni in pairs or oi in used:
            continue
        pairs[ni] = oi
        used.add(oi)
    return pairs


def _similarity(a: str, b: str) -> float:
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    return matcher.ratio()
