"""Which stored postmortem a document is: the same one, a moved one, a new one, or unclear.

Pure. The rule, in order:

1. `--as PM-N` says which postmortem it is; `--new` says it is none of the lookalikes.
2. The postmortem stored under the document's relative source is it.
3. Otherwise its lookalikes are the postmortems with the same title (case and spacing aside) and
   the same incident date. A lookalike whose items are mostly the document's (at least half of
   the larger list pairs up, as re-extraction pairs them) and whose own file is gone is the
   document, moved or renamed. A lookalike whose file is still there makes the document a copy;
   a lookalike with other items and no file left, or two candidates, leaves it unclear. Unclear
   changes nothing and asks for `--as` or `--new`.
4. No lookalike: a new postmortem. Two different documents sharing a title stay two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tracker.model import Postmortem
from tracker.reextract.matching import pair_items

#: The share of items two versions of one document have in common, at least.
SAME_DOCUMENT = 0.5


@dataclass(frozen=True, slots=True)
class Lookalike:
    """A stored postmortem with the document's title and incident date."""

    postmortem: Postmortem
    items: Sequence[tuple[str, int]]  # (text, position) of its items
    present: bool  # its own file still lies where its source says


@dataclass(frozen=True, slots=True)
class Identity:
    """The answer: `postmortem` None means a new one; `unclear` set means store nothing."""

    postmortem: Postmortem | None = None
    moved_from: str | None = None
    unclear: str | None = None


def identify(
    source: str,
    items: Sequence[tuple[str, int]],
    by_source: Postmortem | None,
    lookalikes: Sequence[Lookalike],
    *,
    chosen: Postmortem | None = None,
    new: bool = False,
) -> Identity:
    """Decide which postmortem the document at `source` with these items is (see the module)."""
    if chosen is not None and by_source is not None and by_source.id != chosen.id:
        return Identity(unclear=f"this file is {by_source.id} already; --as {chosen.id} would make two of one file")
    if chosen is not None:
        return Identity(chosen, moved_from=chosen.source if chosen.source != source else None)
    if by_source is not None:
        return Identity(by_source)
    if new:
        return Identity()
    similar = [look for look in lookalikes if overlap(items, look.items) >= SAME_DOCUMENT]
    gone = [look for look in lookalikes if not look.present]
    if len(similar) == 1 and not similar[0].present:
        pm = similar[0].postmortem
        return Identity(pm, moved_from=pm.source)
    if similar:
        return Identity(unclear=_unclear(similar, "has the same title, date and items as"))
    if gone:
        return Identity(unclear=_unclear(gone, "has the same title and date, but other items, as"))
    return Identity()


def overlap(new: Sequence[tuple[str, int]], old: Sequence[tuple[str, int]]) -> float:
    """The share of the larger item list that pairs with the other (0 when either is empty)."""
    if not new or not old:
        return 0.0
    return len(pair_items(old, new)) / max(len(new), len(old))


def _unclear(looks: Sequence[Lookalike], how: str) -> str:
    names = " and ".join(
        f"{look.postmortem.id} ({look.postmortem.source}{'' if look.present else ', file gone'})" for look in looks
    )
    first = looks[0].postmortem.id
    return f"{how} {names}; nothing stored: pass --as {first} if it is that one, or --new"
