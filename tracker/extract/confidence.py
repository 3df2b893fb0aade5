"""How sure the extractor is that an item is one: its rules' votes, combined.

Each reason an item was accepted for (see `tracker.extract.tasks`) is evidence with a weight: the
chance, on its own, that text it fires on is an action item. Evidence combines as independent votes
(noisy-or: 1 - the product of (1 - weight)); doubts then scale the result down. The weights were set
by hand from the labelled documents' errors: explicit markers and action-item tables are near
certain, a verb asking for work in a follow-up section is strong, a bare noun phrase is weak, and a
sentence in running prose or one opening with a past participle ("Increased monitoring ...") may be a
report rather than a request.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

#: reason kind (the part before ":") -> weight as evidence
EVIDENCE = {
    "marker": 0.95,  # checkbox, TODO:, Action:, AI:
    "table": 0.9,  # a row of a table whose header names the work
    "annotation": 0.8,  # Owner: / Due: / Deadline:
    "section": 0.6,  # stands in a follow-up section
    "lessons": 0.1,  # stands in a lessons-type section
    "imperative": 0.6,  # opens with a verb asking for work
    "modal": 0.45,  # should / must / will / need to
    "suggestion": 0.45,  # "We could ...", "It would be useful to ..."
    "gerund": 0.4,  # "Adding alerts for ..."
    "later-sentence": 0.3,  # a later sentence of the entry asks for work
    "noun-phrase": 0.2,  # "Better alerting for disk usage"
    "entry": 0.2,  # a list entry in a follow-up section, no verb to go by
}
#: reason kind -> factor applied after the evidence is combined
DOUBT = {
    "prose": 0.85,  # one sentence of a paragraph, not its own list entry
    "participle-opener": 0.6,  # "Increased issue monitoring ...": may report finished work
}


def confidence(reasons: Iterable[str]) -> float:
    """0-1, rounded to two places: the evidence combined, then scaled by the doubts."""
    return _combined(tuple(reasons))


@lru_cache(maxsize=4096)  # items repeat their reasons ("section:Action Items", "marker:checkbox")
def _combined(reasons: tuple[str, ...]) -> float:
    miss = 1.0
    scale = 1.0
    for reason in reasons:
        kind = reason.split(":", 1)[0]
        miss *= 1.0 - EVIDENCE.get(kind, 0.0)
        scale *= DOUBT.get(kind, 1.0)
    return round((1.0 - miss) * scale, 2)
