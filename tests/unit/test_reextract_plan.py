"""`plan_document`, the pure re-extraction plan: which fresh items are created, which stored ones
are kept (and what changes in them), which are removed. No store involved."""

from __future__ import annotations

from datetime import date

from tests.support import START, new_item
from tracker.model import ActionItem, Status, StatusReason
from tracker.reextract.plan import Create, Keep, NewItem, plan_document


def stored(item_id: str, text: str, position: int, **fields: object) -> ActionItem:
    values: dict[str, object] = {"section": "Action Items", "status": Status.OPEN, "created": START, "updated": START}
    values.update(fields)
    return ActionItem(id=item_id, postmortem_id="PM-1", text=text, position=position, **values)  # type: ignore[arg-type]


def fresh(text: str, position: int, **fields: object) -> NewItem:
    return new_item(text, position, **fields)


def test_a_new_document_creates_every_item_in_order_and_open_items_to_review_are_proposed() -> None:
    new = [fresh("Add alerts", 0, review=True), fresh("Fix DNS", 1, status=Status.DONE, review=True)]
    plan = plan_document([], new)
    assert [type(s) for s in plan.items] == [Create, Create] and plan.removals == []
    first, second = (s.values for s in plan.items if isinstance(s, Create))
    assert (first["text"], first["status"]) == ("Add alerts", Status.PROPOSED)
    assert (second["text"], second["status"]) == ("Fix DNS", Status.DONE)  # done needs no review


def test_known_items_are_kept_with_only_what_the_document_changes() -> None:
    existing = [
        stored("AI-1", "Add alerts", 0, owner="Alice"),
        stored("AI-2", "Fix DNS", 1, owner="Bob", edited_fields=["owner"]),
    ]
    new = [fresh("Add alerts", 0, owner="Carol", due=date(2026, 12, 1)), fresh("Fix DNS", 1, owner="Dan")]
    plan = plan_document(existing, new)
    one, two = plan.items
    assert isinstance(one, Keep) and one.old.id == "AI-1"
    assert one.changes == {"owner": "Carol", "due": date(2026, 12, 1)}
    assert isinstance(two, Keep) and two.changes == {}  # a person's owner wins over the document
    assert not one.proposed and not two.proposed


def test_the_extractors_notes_are_refreshed_apart_from_changes() -> None:
    existing = [stored("AI-1", "Add alerts", 0, confidence=0.4, reasons=["old"])]
    (keep,) = plan_document(existing, [fresh("Add alerts", 0, confidence=0.9, reasons=("section:Action Items",))]).items
    assert isinstance(keep, Keep) and keep.changes == {}
    assert keep.notes == {"confidence": 0.9, "reasons": ["section:Action Items"]}


def test_vanished_items_are_removed_and_rejected_ones_left_alone() -> None:
    existing = [
        stored("AI-1", "Add alerts", 0),
        stored("AI-2", "Proposed thing", 1, status=Status.PROPOSED),
        stored("AI-3", "Rejected thing", 2, status=Status.WONT_DO, status_reason=StatusReason.REJECTED),
        stored("AI-4", "Gone already", 3, status=Status.REMOVED),
    ]
    plan = plan_document(existing, [fresh("Add alerts", 0)])
    assert [(r.old.id, r.changes) for r in plan.removals] == [
        ("AI-2", {"status": Status.REMOVED, "status_reason": StatusReason.UNREVIEWED}),
    ]


def test_a_proposed_item_stays_proposed_and_says_so() -> None:
    existing = [stored("AI-1", "Add alerts", 0, status=Status.PROPOSED)]
    (keep,) = plan_document(existing, [fresh("Add alerts!", 0, owner="Alice")]).items
    assert isinstance(keep, Keep) and keep.proposed and keep.changes == {"text": "Add alerts!", "owner": "Alice"}
