"""English verb morphology from lemminflect's bundled word list: which words are past forms of a
verb ("added", "bound", "rewrote", "sent"), which are a verb's base form ("drain", "quarantine"),
which can be adjectives ("automated", "increased").

The tense of a sentence's first word is read from these forms, not from the words that follow it.
The list is lemminflect's inflection table (`resources/infl_lu.csv.gz`: lemma, part of speech,
then the VBD, VBN, VBG and VBZ forms), read directly: importing lemminflect itself loads numpy and
its models (~1 s) for lookups this needs none of. Words the table does not know ("refactored",
"load-tested") are read by rule: a regular `-ed` ending is a past form.
"""

from __future__ import annotations

import gzip
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_PACKAGE = "lemminflect"
_TABLE = "resources/infl_lu.csv.gz"
_OVERRIDES = "resources/infl_overrides.csv"


@dataclass(frozen=True, slots=True)
class Forms:
    past: dict[str, frozenset[str]]  # past-tense / past-participle form -> the verbs it is a form of
    participles: frozenset[str]  # past participles ("written", "added"), which may be adjectives
    inflected: frozenset[str]  # every verb form but the base: past, participle, -ing, -s
    base: frozenset[str]  # verbs' base forms
    adjectives: frozenset[str]
    known: frozenset[str]  # every word the table lists, in any part of speech


@lru_cache(maxsize=1)
def forms() -> Forms:
    """The table, read once per process (~50 ms)."""
    past: dict[str, set[str]] = {}
    participles: set[str] = set()
    inflected: set[str] = set()
    base: set[str] = set()
    adjectives: set[str] = set()
    known: set[str] = set()
    for line in _table_text().splitlines():
        cells = line.split(",")
        known.add(cells[0])
        if len(cells) < 2 or cells[1] not in ("adj", "verb"):
            continue  # nouns and adverbs (most of the table): only their lemma is wanted
        lemma, pos, vbd, vbn, vbg, vbz, *_ = (*cells, "", "", "", "")
        if pos == "adj":
            adjectives.add(lemma)
            adjectives.update(f for forms_ in (vbd, vbn) for f in forms_.split("/") if f)  # better, best
        elif pos == "verb":
            base.add(lemma)
            participle = set((vbn or vbd).split("/")) - {""}
            participles |= participle
            inflected.update(f for forms_ in (vbd, vbn, vbg, vbz) for f in forms_.split("/") if f)
            for form in set(vbd.split("/")) - {""} | participle:
                past.setdefault(form, set()).add(lemma)
    for lemma, tag, form in _overrides():  # the table's corrections ("run" is run's participle too)
        participles.update([form] if tag == "VBN" else [])
        inflected.add(form)
        past.setdefault(form, set()).add(lemma)
    return Forms(
        {form: frozenset(lemmas) for form, lemmas in past.items()},
        frozenset(participles),
        frozenset(inflected - base),
        frozenset(base),
        frozenset(adjectives),
        frozenset(known),
    )


def _package_dir() -> Path:
    """lemminflect's folder, found without importing it (it imports numpy)."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"{_PACKAGE} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _table_text() -> str:
    """The bundled table."""
    return gzip.decompress((_package_dir() / _TABLE).read_bytes()).decode("utf-8")


def _overrides() -> list[tuple[str, str, str]]:
    """The bundled corrections of the table's past forms: (lemma, "VBD" or "VBN", form)."""
    path = _package_dir() / _OVERRIDES
    rows = (line.split(",") for line in path.read_text(encoding="utf-8").splitlines()) if path.exists() else ()
    return [(r[0], r[1], r[2]) for r in rows if len(r) == 3 and r[1] in ("VBD", "VBN")]


@lru_cache(maxsize=8192)
def is_past_form(word: str) -> bool:
    """A verb's past tense or past participle that is not also a base form of the same verb:
    "added", "bound" (of bind), "rewrote", "sent", "unpublished"; not "set", "put", "read" (base
    forms too)."""
    word = word.lower()
    table = forms()
    lemmas = table.past.get(word)
    if lemmas is not None:
        return bool(lemmas - {word})
    if word in table.known:  # "unpublished", "unpinned": listed as adjectives, but the past of un- verbs too
        return word.startswith("un") and len(word) > 6 and is_past_form(word[2:])
    return _regular_past(word)


def _regular_past(word: str) -> bool:
    """An unknown word with a regular past ending: "refactored", "load-tested", "autoscaled"."""
    stem = word.rsplit("-", 1)[-1]
    return len(stem) > 4 and stem.endswith("ed") and not stem.endswith("eed")


@lru_cache(maxsize=8192)
def is_base_verb(word: str) -> bool:
    """A verb's base form ("drain", "quarantine", "set")."""
    return word.lower() in forms().base


@lru_cache(maxsize=8192)
def is_inflected_verb(word: str) -> bool:
    """A verb form other than the base: "partitions", "caused", "running"."""
    return word.lower() in forms().inflected


@lru_cache(maxsize=8192)
def is_english_word(word: str) -> bool:
    """Listed in the table in any part of speech ("marsh", "cloud"; not "helen", "priya")."""
    return word.lower() in forms().known


@lru_cache(maxsize=8192)
def is_participle(word: str) -> bool:
    """A past participle, a base form's double or not ("written", "added", "run", "set")."""
    return word.lower() in forms().participles


@lru_cache(maxsize=8192)
def can_be_adjective(word: str) -> bool:
    """Listed as an adjective ("automated", "increased", "fixed")."""
    return word.lower() in forms().adjectives


def is_simple_past_only(word: str) -> bool:
    """A past tense that is no participle, so never an adjective: "rewrote", "ran", "began"."""
    word = word.lower()
    table = forms()
    return word in table.past and word not in table.participles and word not in table.base
