"""Property tests: the extractor never raises on any text and gives the same answer twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.errors import InputError
from tracker.extract import ExtractedDocument, decode_bytes, extract_text

SEEDS = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "corpus").glob("*.txt"))
SEED_TEXTS = [p.read_text() for p in SEEDS]
TOKENS = [
    "- ", "* ", "+ ", "1. ", "a) ", "- [ ] ", "- [x] ", "## ", "# ", "**", "__", "|", "|---|---|\n",
    "\n", "  ", "\t", ":", "(", ")", "[", "]", "@", "—", "TODO(", "TODO: ", "Owner: ", "Due: ",
    "Deadline: ", "<!--", "-->", "```", "===\n", "---\n", "Action Items", "Next Steps:",
    "Lessons Learned", "within two weeks", "by Friday", "EOW", "2024-02-30", "April 1st, 2024",
    "04/01/2024", "Q5", "P1", "(DONE)", "_done_", "Review Date: ", "Incident date: ", "\r\n",
    "\ufeff", "\x00", "é", "✅", "https://x.y/z",
]  # fmt: skip
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(text: str, **kw: object) -> ExtractedDocument:
    first = extract_text(text, "prop.md", **kw)  # type: ignore[arg-type]
    second = extract_text(text, "prop.md", **kw)  # type: ignore[arg-type]
    assert first == second
    assert [i.position for i in first.items] == list(range(len(first.items)))
    assert all(i.text.strip() for i in first.items)
    assert all(i.due is None or not i.due_relative or i.due.year >= 1 for i in first.items)
    return first


@SETTINGS
@given(st.text())
def test_any_text(text: str) -> None:
    check(text)


@SETTINGS
@given(st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=60).map("".join),
       st.none() | st.dates(), st.booleans())  # fmt: skip
def test_markdown_like_soup(text: str, review: date | None, day_first: bool) -> None:
    check(text, review_date=review, day_first=day_first)


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_decoded(data: bytes) -> None:
    try:
        text, _ = decode_bytes(data, "prop.bin")
    except InputError:
        text = data.decode("latin-1")
    check(text)


@SETTINGS
@given(
    st.sampled_from(SEED_TEXTS),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 20), st.sampled_from(TOKENS) | st.text(max_size=5)),
             max_size=25),
)  # fmt: skip
def test_mutated_seed_documents(text: str, edits: list[tuple[float, int, str]]) -> None:
    for where, cut, insert in edits:
        i = int(where * len(text))
        text = text[:i] + insert + text[i + cut :]
    check(text)


@settings(max_examples=20, deadline=None)
@given(st.sampled_from([*TOKENS, "Implement the fix and ", "a: ", "(", "— a ", "Done in x. "]),
       st.integers(1000, 20000))  # fmt: skip
def test_huge_lines(piece: str, repeat: int) -> None:
    check("## Action items\n\n- " + piece * repeat + "\n")


@settings(max_examples=20, deadline=None)
@given(st.integers(1, 400), st.sampled_from(["- ", "* ", "1. ", "- [ ] ", "> "]), st.sampled_from([":", "", "."]))
def test_deep_nesting(depth: int, marker: str, end: str) -> None:
    lines = [" " * (2 * level) + f"{marker}Level {level} add alerts{end}" for level in range(depth)]
    check("## Follow-ups\n\n" + "\n".join(lines))


def test_seed_documents_survive_every_truncation_point() -> None:
    text = SEED_TEXTS[0]
    for cut in range(0, len(text), 37):
        check(text[:cut])
