"""The extractor against labelled postmortems, scored with the corpus's own scorer: the seeds
(`fixtures/corpus`) and our own documents in the layouts that fooled it before (`fixtures/own`:
remediation lists in the past tense, procedures and chat logs, an unfilled template, footnoted
headings, trailing links)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tracker.extract import extract_text, read_document

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
OWN = CORPUS.parent / "own"
#: 68 documents written and labelled (LABELING.md) by sessions that never saw the extractor, in
#: genres from company RCAs, open-source reports and templates to e-mail, Slack, Notion, Org and RST.
BLIND = CORPUS.parent / "blind"
FIELDS = ("owner", "due", "status", "section", "category")


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("corpus_score", CORPUS / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _predict(path: Path) -> list[dict[str, Any]]:
    text, _ = read_document(path)
    doc = extract_text(text, str(path))
    return [
        {
            "text": i.text,
            "category": i.category,
            "section": i.section,
            "owner": i.owner,
            "due": i.due.isoformat() if i.due else None,
            "status": i.status.value,
        }
        for i in doc.items
    ]


def _score(folder: Path) -> dict[str, float]:
    score = _scorer()
    gold = json.loads((folder / "gold.json").read_text())
    tp = fp = fn = 0
    right = dict.fromkeys(FIELDS, 0)
    for name, labels in gold.items():
        pred = _predict(folder / name)
        pairs = score.match(labels["items"], pred)
        tp, fp, fn = tp + len(pairs), fp + len(pred) - len(pairs), fn + len(labels["items"]) - len(pairs)
        for gi, pi in pairs:
            for f in FIELDS:
                right[f] += score.same(f, labels["items"][gi], pred[pi])
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    result = {"f1": 2 * precision * recall / (precision + recall)}
    result.update({f: right[f] / tp for f in FIELDS})
    return result


@pytest.fixture(scope="module", params=["corpus", "own"])
def scores(request: pytest.FixtureRequest) -> dict[str, float]:
    return _score(CORPUS if request.param == "corpus" else OWN)


def test_item_f1_is_perfect(scores: dict[str, float]) -> None:
    assert scores["f1"] == 1.0


@pytest.mark.parametrize("field", FIELDS)
def test_field_accuracy_is_perfect(scores: dict[str, float], field: str) -> None:
    assert scores[field] == 1.0


def test_blind_labelled_documents_score_high() -> None:
    """Their labellers decided some cases otherwise than this tool does (an "In progress" row is open
    to them, in progress here; "next week" is 7 days to one of them, Friday of next week here), so
    the bar is high, not perfect; status is not scored (they label only open and done)."""
    blind = _score(BLIND)
    assert blind["f1"] >= 0.99
    assert min(blind["owner"], blind["due"]) >= 0.98
    assert min(blind["section"], blind["category"]) >= 0.99


def test_document_fields_match_gold() -> None:
    gold = json.loads((CORPUS / "gold.json").read_text())
    for name, labels in gold.items():
        text, _ = read_document(CORPUS / name)
        doc = extract_text(text, name)
        assert doc.title == labels["title"], name
        assert (doc.incident_date.isoformat() if doc.incident_date else None) == labels["incident_date"], name
        assert doc.impact == labels["impact"], name


def test_review_date_is_read_and_can_be_overridden() -> None:
    from datetime import date

    text, _ = read_document(CORPUS / "000_fe037dfd66803624.txt")
    assert extract_text(text, "x").review_date == date(2024, 3, 17)
    assert extract_text(text, "x", review_date=date(2024, 4, 2)).review_date == date(2024, 4, 2)
