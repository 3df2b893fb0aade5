"""The review step below the CLI: which new items are proposed, how re-extraction treats proposed,
accepted and rejected items, and `tracker.services.review`'s all-or-nothing decisions."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.support import START, add_postmortem, new_item, open_store
from tracker.config import parse_config
from tracker.errors import ConfigError, InputError, NotFoundError
from tracker.extract import ExtractedDocument, ExtractedItem
from tracker.model import ActionItem, Status, StatusReason
from tracker.reextract.rules import changes, vanished
from tracker.services import review
from tracker.services.extract import new_items
from tracker.store import Store

pytestmark = pytest.mark.both_stores  # the store suite runs on both stores

LATER = START + timedelta(hours=1)


def extracted(text: str, position: int, confidence: float = 1.0, status: Status = Status.OPEN) -> ExtractedItem:
    return ExtractedItem(
        text=text,
        category=None,
        section="Action Items",
        owner="Alice",
        due=None,
        due_relative=False,
        status=status,
        priority=None,
        position=position,
        confidence=confidence,
        reasons=("section:Action Items", "imperative:add"),
    )


def document(*items: ExtractedItem) -> ExtractedDocument:
    return ExtractedDocument(
        source="pm.md",
        title="Login outage",
        incident_date=None,
        review_date=None,
        services=(),
        impact=None,
        items=items,
        warnings=(),
    )


def store_document(store: Store, doc: ExtractedDocument, toml: dict[str, object] | None = None) -> list[str]:
    config = parse_config(toml or {})
    result = add_postmortem(store, new_items(doc, [(None, False)] * len(doc.items), config))
    return result.ids


# which new items are proposed -----------------------------------------------------------------


def test_a_new_item_below_min_confidence_is_stored_proposed_with_its_confidence_and_reasons(
    tmp_path: Path, store_location: Path | str
) -> None:
    store = open_store(store_location)
    doc = document(extracted("Add a canary stage", 0, 0.9), extracted("Better dashboards", 1, 0.3))
    sure, unsure = store_document(store, doc)
    assert store.get_item(sure).status == Status.OPEN
    item = store.get_item(unsure)
    assert item.status == Status.PROPOSED
    assert item.confidence == 0.3 and item.reasons == ["section:Action Items", "imperative:add"]


def test_min_confidence_is_configurable_and_validated(tmp_path: Path, store_location: Path | str) -> None:
    store = open_store(store_location)
    doc = document(extracted("Better dashboards", 0, 0.3))
    (item_id,) = store_document(store, doc, {"extract": {"min_confidence": 0.2}})
    assert store.get_item(item_id).status == Status.OPEN
    for bad in (-0.1, 1.5, "high"):
        with pytest.raises(ConfigError, match=r"extract\.min_confidence"):
            parse_config({"extract": {"min_confidence": bad}})


def test_require_review_proposes_every_new_open_item_but_not_done_ones(
    tmp_path: Path, store_location: Path | str
) -> None:
    store = open_store(store_location)
    doc = document(extracted("Add a canary stage", 0), extracted("Rotate the keys", 1, status=Status.DONE))
    first, ticked = store_document(store, doc, {"sync": {"require_review": True}})
    assert store.get_item(first).status == Status.PROPOSED
    assert store.get_item(ticked).status == Status.DONE  # nothing is ever filed for it: no review needed


def test_a_done_item_below_the_threshold_is_stored_done(tmp_path: Path, store_location: Path | str) -> None:
    store = open_store(store_location)
    (item_id,) = store_document(store, document(extracted("Rotate the keys", 0, 0.1, Status.DONE)))
    assert store.get_item(item_id).status == Status.DONE


# re-extraction ---------------------------------------------------------------------------------


def test_re_extraction_updates_a_proposed_item_in_place_and_keeps_it_proposed(
    tmp_path: Path, store_location: Path | str
) -> None:
    store = open_store(store_location)
    (item_id,) = store_document(store, document(extracted("Better dashboards", 0, 0.3)))
    result = add_postmortem(
        store, [new_item("Better dashboards for uploads", 0, owner="Bob", status=Status.DONE)], now=LATER
    )
    item = store.get_item(item_id)
    assert result.ids == [item_id] and result.proposed == [item_id]
    assert (item.text, item.owner, item.status) == ("Better dashboards for uploads", "Bob", Status.PROPOSED)


def test_an_accepted_item_is_never_proposed_again(tmp_path: Path, store_location: Path | str) -> None:
    store = open_store(store_location)
    (item_id,) = store_document(store, document(extracted("Better dashboards", 0, 0.3)))
    review.decide(store, LATER, accept=[item_id])
    store_document(store, document(extracted("Better dashboards", 0, 0.1)))
    assert store.get_item(item_id).status == Status.OPEN
    add_postmortem(store, [], now=LATER)  # it vanishes...
    assert store.get_item(item_id).status == Status.REMOVED
    store_document(store, document(extracted("Better dashboards", 0, 0.1)))  # ...and comes back
    assert store.get_item(item_id).status == Status.OPEN


def test_a_rejected_item_stays_rejected_whatever_the_document_does(tmp_path: Path, store_location: Path | str) -> None:
    store = open_store(store_location)
    (item_id,) = store_document(store, document(extracted("Better dashboards", 0, 0.3)))
    review.decide(store, LATER, reject=[item_id])
    for items in ([extracted("Better dashboards", 0, 0.1)], [], [extracted("Better dashboards", 0, 0.1)]):
        ids = store_document(store, document(*items), {"sync": {"require_review": True}})
        assert ids == ([item_id] if items else [])
        item = store.get_item(item_id)
        assert (item.status, item.status_reason) == (Status.WONT_DO, StatusReason.REJECTED)
    assert [i.id for i in store.items(statuses=None)] == [item_id]  # never a second item


def test_an_item_removed_before_review_is_proposed_again_when_it_comes_back(
    tmp_path: Path, store_location: Path | str
) -> None:
    store = open_store(store_location)
    (item_id,) = store_document(store, document(extracted("Better dashboards", 0, 0.3)))
    add_postmortem(store, [], now=LATER)
    gone = store.get_item(item_id)
    assert (gone.status, gone.status_reason) == (Status.REMOVED, StatusReason.UNREVIEWED)
    store_document(store, document(extracted("Better dashboards", 0, 0.9)))
    back = store.get_item(item_id)
    assert (back.status, back.status_reason) == (Status.PROPOSED, None)


def test_new_extractor_notes_alone_are_saved_without_counting_as_a_change(
    tmp_path: Path, store_location: Path | str
) -> None:
    store = open_store(store_location)
    (item_id,) = store_document(store, document(extracted("Add a canary stage", 0, 0.9)))
    before = store.get_item(item_id)
    result = add_postmortem(
        store, [new_item("Add a canary stage", 0, owner="Alice", confidence=0.8, reasons=("x",))], now=LATER
    )
    after = store.get_item(item_id)
    assert result.unchanged == [item_id] and (after.confidence, after.reasons) == (0.8, ["x"])
    assert after.updated == before.updated  # neither fresher for the report nor for a sync conflict


def test_merge_rules_are_pure() -> None:
    store_item = _item(status=Status.PROPOSED)
    assert changes(store_item, {"text": "New", "status": Status.OPEN}) == {"text": "New"}
    rejected = _item(status=Status.WONT_DO, status_reason=StatusReason.REJECTED)
    assert vanished(rejected) is None
    unreviewed = {"status": Status.REMOVED, "status_reason": StatusReason.UNREVIEWED}
    assert vanished(_item(status=Status.PROPOSED)) == unreviewed
    assert vanished(_item(status=Status.OPEN)) == {"status": Status.REMOVED}


def _item(**fields: object) -> ActionItem:
    values: dict[str, object] = {"id": "AI-1", "postmortem_id": "PM-1", "text": "Old", "created": START}
    values["updated"] = START
    values.update(fields)
    return ActionItem.model_validate(values)


# decisions ------------------------------------------------------------------------------------


def _three_proposed(store: Store) -> list[str]:
    toml: dict[str, object] = {"sync": {"require_review": True}}
    doc = document(extracted("One", 0), extracted("Two", 1), extracted("Three", 2))
    return store_document(store, doc, toml)


def test_decide_accepts_and_rejects_by_any_spelling_of_the_id(tmp_path: Path, store_location: Path | str) -> None:
    store = open_store(store_location)
    one, two, three = _three_proposed(store)
    done = review.decide(store, LATER, accept=[one.lower(), three.split("-")[1]], reject=[two])
    assert done == review.Decisions((one, three), (two,))
    assert [store.get_item(i).status for i in (one, two, three)] == [Status.OPEN, Status.WONT_DO, Status.OPEN]
    assert store.get_item(two).status_reason == StatusReason.REJECTED
    assert review.proposed(store) == []


def test_the_rest_goes_the_way_asked(tmp_path: Path, store_location: Path | str) -> None:
    store = open_store(store_location)
    one, two, three = _three_proposed(store)
    done = review.decide(store, LATER, reject=[two], rest="accept")
    assert done == review.Decisions((one, three), (two,))


@pytest.mark.parametrize(
    ("accept", "reject", "error"),
    [
        (["AI-1", "AI-99"], [], NotFoundError),  # unknown
        (["AI-1"], ["ai-1"], InputError),  # both
        (["AI-1", "AI-4"], [], InputError),  # not proposed (open)
    ],
)
def test_a_bad_id_changes_nothing(
    tmp_path: Path, accept: list[str], reject: list[str], error: type, store_location: Path | str
) -> None:
    store = open_store(store_location)
    _three_proposed(store)
    add_postmortem(store, [new_item("Open already", 0)], source="other.md")  # AI-4, open
    with pytest.raises(error):
        review.decide(store, LATER, accept=accept, reject=reject)
    assert len(review.proposed(store)) == 3


def test_an_item_of_another_postmortem_is_refused(tmp_path: Path, store_location: Path | str) -> None:
    store = open_store(store_location)
    _three_proposed(store)
    with pytest.raises(InputError, match="AI-1 belongs to PM-1, not PM-7"):
        review.decide(store, LATER, accept=["AI-1"], postmortem_id="PM-7")


def test_an_edit_keeps_the_item_proposed_and_survives_re_extraction(tmp_path: Path, store_location: Path | str) -> None:
    store = open_store(store_location)
    one, *_ = _three_proposed(store)
    edited = review.edit(store, one, {"text": "One, said better", "owner": None}, LATER)
    assert (edited.text, edited.owner, edited.status) == ("One, said better", None, Status.PROPOSED)
    with pytest.raises(InputError):
        review.edit(store, one, {"status": Status.OPEN}, LATER)
    with pytest.raises(InputError):
        review.edit(store, one, {"text": "  "}, LATER)
    _three_proposed(store)
    assert store.get_item(one).text == "One, said better"


def test_no_edit_sends_an_item_back_to_proposed(tmp_path: Path, store_location: Path | str) -> None:
    store = open_store(store_location)
    (item_id,) = store_document(store, document(extracted("Add a canary", 0)))
    with pytest.raises(InputError, match="never goes back to proposed"):
        store.edit_item(item_id, {"status": Status.PROPOSED}, LATER)


def test_jira_status_map_refuses_proposed() -> None:
    target = {"kind": "jira", "url": "https://x.example", "project": "OPS", "status_map": {"proposed": "Triage"}}
    with pytest.raises(ConfigError, match="proposed items never reach Jira"):
        parse_config({"targets": {"jira": target}})
