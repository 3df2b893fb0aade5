"""The markups besides Markdown and plain text that postmortems are written in: AsciiDoc and MediaWiki
headings, reStructuredText underlines and directives, and Org mode, through `extract_text`; and the
folder scan that finds their files."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from textwrap import dedent

import pytest

from tracker.extract import ExtractedDocument, extract_text
from tracker.model import Status
from tracker.sources import iter_documents


def doc(text: str) -> ExtractedDocument:
    return extract_text(dedent(text), "test")


def rows(text: str) -> list[tuple[str, str | None, str | None, Status, date | None]]:
    return [(i.text, i.section, i.owner, i.status, i.due) for i in doc(text).items]


ASCIIDOC = """\
    = Postmortem: Search latency regression
    :revdate: 2026-06-12

    == Summary

    A new ranking model doubled p99 latency. Roll back the model.

    == Action Items

    * Add a latency budget check to the model release pipeline
    . Benchmark the new model on production-sized indexes
    """


def test_asciidoc_headings_and_title() -> None:
    found = doc(ASCIIDOC)
    assert found.title == "Postmortem: Search latency regression"
    assert [(i.section, i.text) for i in found.items] == [
        ("Action Items", "Add a latency budget check to the model release pipeline"),
        ("Action Items", "Benchmark the new model on production-sized indexes"),
    ]


def test_mediawiki_headings_closed_with_equals_signs() -> None:
    text = "== Summary ==\nRestart the cache.\n\n=== Follow-ups ===\n* Add a cache hit-rate alert\n"
    assert [(i.section, i.text) for i in doc(text).items] == [("Follow-ups", "Add a cache hit-rate alert")]


def test_an_equals_sign_opening_a_formula_is_no_heading() -> None:
    text = "## Next steps\n\n= 5 per core, the vendor says\n\n- Raise the pool size\n"
    assert [(i.section, i.text) for i in doc(text).items][-1] == ("Next steps", "Raise the pool size")


RST = """\
    =========================
    Postmortem: DNS flapping
    =========================

    Summary
    ~~~~~~~

    Resolvers flapped. Restart the resolvers.

    Action items
    ~~~~~~~~~~~~

    - Pin the resolver image version (owner: netops)

    .. note:: Read the probe design in the wiki.

    .. todo:: Decide whether to split the resolver pool

    Timeline
    ^^^^^^^^

    - 10:00 Restart the resolvers
    """


def test_restructuredtext_underlines_and_directives() -> None:
    found = doc(RST)
    assert found.title == "Postmortem: DNS flapping"
    assert rows(RST) == [
        ("Pin the resolver image version", "Action items", "netops", Status.OPEN, None),
        ("Decide whether to split the resolver pool", "Action items", None, Status.OPEN, None),
    ]


def test_a_tilde_fence_after_a_blank_line_is_still_code() -> None:
    text = "## Action items\n\n- Add an alert\n\n~~~\n- Restart everything\n~~~\n"
    assert [i.text for i in doc(text).items] == ["Add an alert"]


ORG = """\
    #+TITLE: Postmortem: mail relay backlog
    #+DATE: 2026-08-02

    * Summary
    The relay queued 40k messages. Restart the relay.

    * Action items
    ** TODO [#A] Add a queue-size alert to the relay dashboard   :monitoring:
       DEADLINE: <2026-08-16 Sun>
    ** DONE Raise the relay's connection limit
       CLOSED: [2026-08-03 Mon 10:00]
    ** TODO Document the relay failover in the wiki
       :PROPERTIES:
       :OWNER:    Ines
       :CREATED:  2026-08-02
       :END:
    ** CANCELLED Move the relay to a managed service
    #+BEGIN_SRC sh
    * TODO not a headline inside code
    #+END_SRC
    """


def test_org_mode_headlines_keywords_deadlines_and_owner_properties() -> None:
    found = doc(ORG)
    assert (found.title, found.incident_date) == ("Postmortem: mail relay backlog", date(2026, 8, 2))
    assert rows(ORG) == [
        ("Add a queue-size alert to the relay dashboard", "Action items", None, Status.OPEN, date(2026, 8, 16)),
        ("Raise the relay's connection limit", "Action items", None, Status.DONE, None),
        ("Document the relay failover in the wiki", "Action items", "Ines", Status.OPEN, None),
        ("Move the relay to a managed service", "Action items", None, Status.WONT_DO, None),
    ]


def test_a_markdown_bullet_list_is_not_read_as_org_headlines() -> None:
    text = "## Action items\n\n* TODO Add an alert\n* Rotate the keys\n"
    assert [(i.section, i.text) for i in doc(text).items] == [
        ("Action items", "TODO Add an alert"),
        ("Action items", "Rotate the keys"),
    ]


@pytest.mark.parametrize("suffix", [".rst", ".adoc", ".asciidoc", ".org"])
def test_a_folder_scan_finds_the_other_markups(tmp_path: Path, suffix: str) -> None:
    (tmp_path / f"pm{suffix}").write_text("x")
    (tmp_path / "notes.pdf").write_text("x")
    assert [p.name for p in iter_documents([tmp_path])] == [f"pm{suffix}"]


def test_a_table_pasted_with_tabs_is_a_table() -> None:
    text = (
        "Postmortem: token service outage\n\nAction items\n\n"
        "Action\tOwner\tDue\n"
        "Rotate the signing keys\tAlice\t2026-04-09\n"
        "Add key-age alerting\tBob\n"
        "\n\tindented\tcode\tis not a row\n"
    )
    assert rows(text) == [
        ("Rotate the signing keys", "Action items", "Alice", Status.OPEN, date(2026, 4, 9)),
        ("Add key-age alerting", "Action items", "Bob", Status.OPEN, None),
    ]


GRID = """\
    Follow-up actions
    =================

    .. TODO(sofia): add the tenant usage graph for February and March here

    +--------------------------------------------+-----------------+------------+
    | Task                                       | Owner           | Due        |
    +============================================+=================+============+
    | Make ``upload-svc`` resume a multipart     | Sofia Marchetti | 2026-04-30 |
    | upload after a client retry                |                 |            |
    +--------------------------------------------+-----------------+------------+
    | Lower the tenant quota back to 500 TB      |                 | TBD        |
    +--------------------------------------------+-----------------+------------+
    """


def test_restructuredtext_grid_tables_and_todo_comments() -> None:
    assert rows(GRID) == [
        ("add the tenant usage graph for February and March here", "Follow-up actions", "sofia", Status.OPEN, None),
        (
            "Make ``upload-svc`` resume a multipart upload after a client retry",
            "Follow-up actions",
            "Sofia Marchetti",
            Status.OPEN,
            date(2026, 4, 30),
        ),
        ("Lower the tenant quota back to 500 TB", "Follow-up actions", None, Status.OPEN, None),
    ]
