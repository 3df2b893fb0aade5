"""Documents in, records stored: read, extract, apply the due-date policy, store (or preview)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.config import Config
from tracker.errors import InputError
from tracker.model import Postmortem, Priority
from tracker.reextract.plan import NewItem, plan_document
from tracker.store import ImportResult, Store

if TYPE_CHECKING:
    from tracker.extract import ExtractedDocument
    from tracker.identity import Identity
    from tracker.sources import Document


@dataclass
class DocumentOutcome:
    """What happened to one input file."""

    source: str  # the path as given
    document: ExtractedDocument | None = None
    moved: str | None = None  # "PM-5: moved from a.md to b.md"
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
    targets: Sequence[str] = (),
    as_postmortem: str | None = None,
    new: bool = False,
) -> list[DocumentOutcome]:
    """Extract every document; store each one (its own transaction) unless `store` is None (dry run).

    `as_postmortem` (one document only) and `new` settle which postmortem a document is when
    `tracker.identity` finds it unclear.
    """
    from tracker.extract import extract_text, find_documents, read_document

    documents = list(find_documents(paths, _root(config)))
    chosen = None
    if as_postmortem is not None:
        if len(documents) != 1:
            raise InputError(f"--as {as_postmortem} names one postmortem: give exactly one document")
        if store is not None:
            chosen = store.get_postmortem(as_postmortem)
    outcomes = []
    for found in documents:
        path = found.path
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
            known = _identify(store, doc, found, chosen=chosen, new=new)
            if known.unclear:
                outcome.warnings.append(known.unclear)
            else:
                pm = _postmortem(known.postmortem, doc, found.source, text, targets, now, config)
                outcome.result = store_document(store, pm, new_items(doc, outcome.dues, config), now)
                if known.moved_from:
                    outcome.moved = f"{pm.id}: moved from {known.moved_from} to {found.source}"
        outcomes.append(outcome)
    return outcomes


def store_document(store: Store, pm: Postmortem, new: list[NewItem], now: datetime) -> ImportResult:
    """Store a document's items: new ones created, known ones updated by the re-extraction rules
    (`tracker.reextract`), vanished ones marked removed; a new postmortem gets its id."""
    existing = store.items(postmortem_id=pm.id, with_links=False) if pm.id else []
    return store.apply_document(pm, plan_document(existing, new), now)


def _root(config: Config) -> Path | None:
    """`[extract] root`, relative to the config file's folder."""
    root = config.extract.root
    if root is not None and not root.is_absolute() and config.source is not None:
        return config.source.parent / root
    return root


def _identify(
    store: Store, doc: ExtractedDocument, found: Document, *, chosen: Postmortem | None, new: bool
) -> Identity:
    from tracker.identity import Lookalike, identify

    items = [(i.text, i.position) for i in doc.items]
    by_source = store.postmortem_by_source(found.source)
    lookalikes = []
    if chosen is None and by_source is None and not new:
        lookalikes = [
            Lookalike(
                pm,
                [(i.text, i.position) for i in store.items(postmortem_id=pm.id, with_links=False)],
                present=(found.root / pm.source).is_file(),
            )
            for pm in store.postmortems_titled(doc.title, doc.incident_date)
        ]
    return identify(found.source, items, by_source, lookalikes, chosen=chosen, new=new)


def derive_due(
    doc: ExtractedDocument, due: date | None, priority: Priority | None, config: Config
) -> tuple[date | None, bool]:
    """The written due date, else one derived from `[policy]` (review date, else incident date, + N days)."""
    if due is not None:
        return due, False
    by_priority = config.policy.due_days_by_priority
    days = by_priority.get(priority, config.policy.due_days) if priority is not None else config.policy.due_days
    start = doc.review_date or doc.incident_date
    if days is None or start is None:
        return None, False
    return start + timedelta(days=days), True


def _postmortem(
    known: Postmortem | None,
    doc: ExtractedDocument,
    source: str,
    text: str,
    targets: Sequence[str],
    now: datetime,
    config: Config,
) -> Postmortem:
    return Postmortem(
        id=known.id if known else "",  # the store numbers new postmortems
        title=doc.title,
        source=source,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        incident_date=doc.incident_date,
        review_date=doc.review_date,
        services=list(doc.services),
        impact=doc.impact,
        url=config.extract.link_for(source) or (known.url if known else None),
        targets=list(targets) or (known.targets if known else []),
        imported=now,
    )


def new_items(doc: ExtractedDocument, dues: list[tuple[date | None, bool]], config: Config) -> list[NewItem]:
    """The document's items for the store; those that need a person's review before any sync are
    marked (`[sync] require_review`, or the extractor less sure than `[extract] min_confidence`)."""
    everything = config.sync.require_review
    floor = config.extract.min_confidence
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
            confidence=i.confidence,
            reasons=tuple(i.reasons),
            review=everything or i.confidence < floor,
            ticket=i.ticket,
        )
        for i, (due, derived) in zip(doc.items, dues, strict=True)
    ]
