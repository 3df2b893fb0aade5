"""The extractor's fast paths read text exactly as the patterns they stand in for, or skip a pattern
only where it cannot match."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker import dates
from tracker.extract import annotations, blocks, fields, headlines, lines, owners, phrasing, tasks

#: Characters the patterns care about, and a few they do not.
MARKUP = " \t#-*+•_.:;,()[]|/\\&'@—x0123456789aAbBdDeEhHnNoOpPrRsStTwW\x0b\u2028é"
SOUP = st.text(alphabet=MARKUP, max_size=40)
WORDY = st.lists(
    st.sampled_from(["Owner", "owner", "due", "Due", "Deadline", "eta", "to", "will", "Action", "Items", "Next Steps"])
    | SOUP,
    max_size=8,
).map(" ".join)
FAST = settings(max_examples=400, deadline=None)

_ATX = r"^ {0,3}(#{1,6})(?:[ \t]+(.*?)|(?=[A-Za-z])(.*?))?(?:[ \t]+#+)?[ \t]*$"


HEADING_LIKE = st.tuples(
    st.text(alphabet=" ", max_size=5),
    st.text(alphabet="#", max_size=8),
    st.text(alphabet=" \t#aB1.!\x0b\u2028é", max_size=10),
).map("".join)
NOISE_LIKE = st.lists(
    st.sampled_from(["None", "N/A", "na", "TBD", "tba", "todo", "Nothing", "no action items", "No follow-ups", "PR 12"])
    | st.sampled_from(["MR #3", "!4", "#12", "http://x", "<https://y>", "[a](b)", "~6 days", "40%", "...", "???", "-"])
    | st.text(alphabet=".,;|-?!*_ ", max_size=3),
    min_size=1,
    max_size=3,
).map("".join)


@FAST
@given(HEADING_LIKE | st.text(alphabet=" \t#aB1.!\x0b\u2028é", max_size=14))
def test_atx_reads_as_the_pattern(raw: str) -> None:
    import re

    m = re.match(_ATX, raw)
    expected = (len(m.group(1)), (m.group(2) or m.group(3) or "").strip()) if m else None
    assert lines._atx(raw) == expected


@FAST
@given(st.sampled_from(["", " ", "  ", "\t"]), st.sampled_from(sorted(lines._BULLETS)), SOUP)
def test_bullet_entries_read_as_the_pattern(indent: str, bullet: str, rest: str) -> None:
    raw = f"{indent}{bullet}{rest}"
    width, unindented = lines._indent(raw)
    line = lines._entry(0, raw, width, unindented)
    m = lines._ENTRY_RE.match(raw)
    if m is None:
        assert line is None
    else:  # the checkbox rule that follows is shared
        assert line is not None and line.marker == m.group("m")
        assert m.group("body").strip().endswith(line.text)


@FAST
@given(NOISE_LIKE | WORDY)
def test_noise_first_characters(text: str) -> None:
    stripped = text.strip().strip("*_").strip()
    expected = not stripped or bool(phrasing._NOISE_RE.match(stripped)) or not phrasing._WORD_RE.search(stripped)
    assert phrasing.is_noise(text) == expected


@FAST
@given(WORDY)
def test_labels_skipped_only_when_too_long(text: str) -> None:
    if ":" in text and not phrasing._few_words_before_colon(text):
        m = phrasing._LABEL_RE.match(text)
        assert m is None or len(m.group("label").split()) > 7


@FAST
@given(WORDY)
def test_field_labels_skipped_only_when_they_cannot_match(line: str) -> None:
    if ":" in line and not fields._may_open_label(line):
        assert fields._LABEL_RE.match(line) is None
    if "|" in line and line.count("|") > 3:
        assert fields._TABLE_PAIR_RE.match(line) is None


@FAST
@given(WORDY)
def test_run_in_headings_as_the_pattern(text: str) -> None:
    if ": " in text:
        found = [m.span() for m in headlines._run_ins(text)]
        assert found == [m.span() for m in headlines._RUN_IN_RE.finditer(text)]


@FAST
@given(WORDY)
def test_annotation_keys_searched_from_the_first_piece(text: str) -> None:
    low = text.lower()
    if any(key in low for key in annotations._HINT_KEYS):
        assert annotations.may_be_annotated.__wrapped__(text) == bool(annotations._HINT_RE.search(text))  # type: ignore[attr-defined]


@FAST
@given(WORDY)
def test_subject_owners_need_a_promise(text: str) -> None:
    if "to" not in text and "will" not in text:
        assert owners._SUBJECT_RE.match(text) is None


@FAST
@given(st.text(alphabet="|a \\`-", max_size=20))
def test_cells_split_as_the_pattern(row: str) -> None:
    if "\\" not in row:
        assert row.split("|") == blocks._CELL_SPLIT_RE.split(row)


@FAST
@given(
    st.dates(min_value=date(1000, 1, 1)) | st.text(alphabet="0123456789-/.", min_size=10, max_size=10), st.booleans()
)
def test_iso_days_read_as_the_pattern(day: date | str, day_first: bool) -> None:
    text = day.isoformat() if isinstance(day, date) else day
    fast = dates._whole_iso_day(text)
    if fast is not None:
        found = (dates._from_match(m, day_first) for m in dates.DATE_RE.finditer(text))
        assert fast == next((day for day in found if day is not None), None)


@FAST
@given(
    st.sampled_from(["", "*", "**", "_", "__", "***"]),
    st.sampled_from(["TODO", "Todo", "todo", "FIXME", "Action", "action", "AI", "Tod", "A", "T"]),
    SOUP,
)
def test_markers_need_their_first_two_letters(lead: str, word: str, rest: str) -> None:
    text = f"{lead}{word}{rest}"
    if text.lstrip("*_")[:2] not in tasks._MARKER_STARTS:
        assert tasks._MARKER_RE.match(text) is None


@FAST
@given(
    st.sampled_from(["Please ", "also, ", "Then ", "and ", "Additionally: ", "finally ", "Next ", "so ", "- ", ""]),
    WORDY,
)
def test_lead_words_need_their_first_letters(lead: str, rest: str) -> None:
    text = f"{lead}{rest}"
    m = phrasing._LEAD_RE.match(text)
    assert phrasing._without_lead.__wrapped__(text) == (text if m is None else text[m.end() :])  # type: ignore[attr-defined]


#: Text with the characters case-blind patterns fold onto ASCII letters, and others that they do not.
FOLDING = st.lists(
    st.sampled_from(["İn", "wıthin", "ſhould", "\u212aeep", "weeks", "Done", "tıcket", "—", "é", "’ll", "ſ", "ı"])
    | WORDY,
    max_size=6,
).map(" ".join)


@FAST
@given(FOLDING)
def test_cheap_tests_hold_for_text_beyond_ascii(text: str) -> None:
    from tracker.extract import markers, tickets

    assert dates.may_be_relative(text) or dates.RELATIVE_RE.search(text) is None
    assert phrasing._may_hold_modal(text) or phrasing._MODAL_RE.search(text) is None
    assert phrasing._may_be_passive(text) or phrasing._PASSIVE_RE.search(text) is None
    assert phrasing._may_address_writer(text) or phrasing._WRITER_RE.search(text) is None
    assert markers._mentions_done_word(text) == bool(markers._DONE_TAIL_WORDS_RE.search(text))
    assert tickets._may_name_ticket(text) or tickets._ANNOTATION_RE.search(text) is None


@FAST
@given(st.text(alphabet=" \t*_<[.…xX?({}$>]a", max_size=12))
def test_placeholders_tested_without_copies(text: str) -> None:
    stripped = text.strip().strip("*_").strip()
    braces = "{" in stripped and ("{{" in stripped or "${" in stripped)
    if not braces and stripped[:1] not in phrasing._BLANK_FIRST:
        assert not phrasing.is_placeholder.__wrapped__(text)  # type: ignore[attr-defined]
    if braces:
        assert phrasing.is_placeholder.__wrapped__(text)  # type: ignore[attr-defined]


@FAST
@given(
    st.sampled_from(
        ["Remember that ", "note that ", "Keep in mind that ", "bear in mind that ", "We could ", "the team might "]
    )
    | st.sampled_from(
        ["It would be useful to ", "it could be good to ", "*x*", "_y_", "[TODO]", "<fill>", "İt would be nice to "]
    )
    | st.just(""),
    WORDY,
)
def test_anchored_patterns_need_their_first_letters(lead: str, rest: str) -> None:
    text = f"{lead}{rest}"
    body = phrasing._without_lead(text.strip())
    assert phrasing.is_reminder(text) == bool(phrasing._REMINDER_RE.match(body))
    expected = bool(phrasing._SUGGESTION_RE.match(body)) and not phrasing._COUNTERFACTUAL_RE.search(text)
    assert phrasing.is_suggestion(text) == expected
    if phrasing._PLACEHOLDER_RE.match(text.strip()):
        assert phrasing.is_instruction(text)
