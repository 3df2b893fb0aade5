"""Action-item extraction from postmortem documents (pure standard library).

    text, warnings = read_document(path)
    doc = extract_text(text, str(path))
    for item in doc.items: ...

Modules, one job each: `decode` (bytes -> text), `sources` (paths -> documents), `lines` (text ->
classified lines), `blocks` (lines -> headings / list entries / tables / text), `sections` and
`headlines` (which headings are follow-up sections), `phrasing` and `tasks` (what reads as a task),
`annotations` (owner / due annotations), `markers` (status / priority markers), `tables`
(action-item tables), `walk` (document order, section and category), `fields` (title / dates /
services / impact), `extractor` (all of it together).
"""

from __future__ import annotations

from tracker.extract.decode import decode_bytes, read_document
from tracker.extract.extractor import extract_text
from tracker.extract.result import ExtractedDocument, ExtractedItem
from tracker.sources import find_documents, iter_documents

__all__ = [
    "ExtractedDocument",
    "ExtractedItem",
    "decode_bytes",
    "extract_text",
    "find_documents",
    "iter_documents",
    "read_document",
]
