"""Documents in, records stored: read, extract, apply the due-date policy, store (or preview)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.config import Config
from tracker.errors import InputError
from tracker.model import Postmortem
from tracker.store import ImportResult, NewItem, Store

if TYPE_CHECKING:
    from tracker.extract import ExtractedDocument


@dataclass
class DocumentOutcome:
    """What happened to one input file."""

    source: str
    document: ExtractedDocument | None = None
    result: ImportResult | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    dues: list[tuple[date | None, bool]] = field(default_factory=list)  # (due, derived) per item


def run_import(
    paths: Iterable[Path],
    config: Config,
    store: Store | None,
    *,
    now: datetime,
    review_date: date | None = None,
    target: str | None = None,
) -> list[DocumentOutcome]:
    """Extract every document; store each one (its own transaction) unless `store` is None (dry run)."""
    from tracker.extract import extract_text, iter_documents, read_document

    outcomes = []
    for path in iter_documents(paths):
        outcome = DocumentOutcome(source=str(path))
        try:
            text, warnings = read_document(path)
        except InputError as exc:
            outcome.error = str(exc)
            outcomes.append(outcome)
            continue
        doc = extract_text(text, str(path), review_date=review_date, day_first=config.extract.day_first)
        outcome.document = doc
        outcome.warnings = [*warnings, *doc.warnings]
        outcome.dues = [derive_due(doc, i.due, i.priority, config) for i in doc.items]
        if not doc.items:
            outcome.warnings.append("no action items found")
        if store is not None and doc.items:
            pm = _postmortem(store, doc, path, text, target, now)
            outcome.result = store.import_document(pm, _new_items(doc, outcome.dues), now)
        outcomes.append(outcome)
    return outcomes


def derive_due(
    doc: ExtractedDocument, due: date | None, priority: object, config: Config
) -> tuple[date | None, bool]:
    """The written due date, else one derived from `[policy]` (review date, else incident date, + N days)."""
    if due is not None:
        return due, False
    days = config.policy.due_days_by_priority.get(priority, config.policy.due_days)  # type: ignore[call-overload]
    start = doc.review_date or doc.incident_date
    if days is None or start is None:
        return None, False
    return start + timedelta(days=days), True


def _postmortem(
    store: Store, doc: ExtractedDocument, path: Path, text: str, target: str | None, now: datetime
) -> Postmortem:
    source = str(path.resolve())
    known = store.postmortem_by_source(source)
    return Postmortem(
        id=known.id if known else "",  # the store numbers new postmortems
        title=doc.title,
        source=source,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        incident_date=doc.incident_date,
        review_date=doc.review_date,
        services=list(doc.services),
        impact=doc.impact,
        url=known.url if known else None,
        target=target or (known.target if known else None),
        imported=now,
    )


def _new_items(doc: ExtractedDocument, dues: list[tuple[date | None, bool]]) -> list[NewItem]:
    return [
        NewItem(
            text=i.text,
            category=i.category,
            section=i.section,
            owner=i.owner,
            due=due,
            due_derived=derived,
            status=i.status,
            priority=i.priority,
            position=i.position,
        )
        for i, (due, derived) in zip(doc.items, dues, strict=True)
    ]
