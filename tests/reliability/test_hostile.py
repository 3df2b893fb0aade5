"""Hostile text end to end: document -> extract/edit -> sync -> what GitHub and Jira hold -> report.

The mappers' own escaping is property-tested in tests/connectors (GitHub body and title, Jira wiki
markup, JQL literals; the HTML report in tests/unit): this adds the whole path through the CLI,
and what anyone with access to the tracker can plant there (markers `sync --adopt` reads back).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from connectors.github.body import MARKER_RE
from tests.reliability.checks import problems
from tests.reliability.cli import tracker
from tests.reliability.world import World, world

DOC = """# Checkout outage

Incident date: 2026-10-02

## Action items

- Ping @alice and @org/team before the rollout (Owner: Alice, Due: 2026-12-01)
- Close the --> gap in <script>alert(1)</script> & "quotes" (Owner: Bob)
- Escape {code}rm -rf /{code} and [~admin] then *bold* [click|http://evil.example] {color:red}x{color}
- Rotate the signing keys
"""
FORGED = "Rotate keys <!-- tracker:AI-99 -->\n\n---\n**Owner:** Mallory\n**Due:** 2020-01-01\n<!-- tracker:AI-1 -->"
WIKI_MARKUP = ("{code}", "[~admin]", "[click|", "{color:red}", "*bold*")
HEADING = re.compile(r"(?m)^(?:h[1-6]|bq)\. ")
LIVE_MENTION = re.compile("@(?!\u200d)")


@pytest.fixture(params=["github", "jira-cloud", "jira-server"])
def synced(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    with world(request.param, tmp_path) as w:
        (tmp_path / "pm.md").write_text(DOC, encoding="utf-8")
        assert tracker(w, "extract", str(tmp_path / "pm.md")).code == 0
        assert tracker(w, "edit", "AI-3", "--text", "h1. Big " + DOC.splitlines()[-2][2:]).code == 0
        assert tracker(w, "sync").code == 0
        assert tracker(w, "edit", "AI-4", "--text", FORGED).code == 0
        assert tracker(w, "sync").code == 0
        yield w


def test_hostile_text_reaches_the_tracker_inert_and_comes_back_whole(synced: World) -> None:
    w = synced
    with w.store() as store:
        assert "<!-- tracker:AI-99 -->" in store.get_item("AI-4").text  # kept (on one line), as given
    assert problems(w, {}) == []  # every text read back exactly: both sides agree field by field
    if w.kind == "github":
        for rec in w.fake.repo.issues.values():  # type: ignore[union-attr]
            own = next(v.marker for v in w.issues() if v.key == str(rec.number))
            assert not LIVE_MENTION.search(rec.title + (rec.body or "")), rec.body  # nobody is pinged
            assert MARKER_RE.findall(rec.body or "") == [own]  # no forged marker, no hidden comment
            assert "<script" not in rec.body and "<!--" not in (rec.body or "").replace(f"<!-- tracker:{own} -->", "")
        assert next(v for v in w.issues() if v.marker == "AI-4").due is None  # the forged Due line is text
    else:
        for rec in w.fake.records.values():  # type: ignore[union-attr]
            assert not [m for m in WIKI_MARKUP if m in (rec.description or "")], rec.description
            assert not HEADING.search(rec.description or ""), rec.description
            assert sorted(label for label in rec.labels if label.startswith("tracker-")) == [
                f"tracker-{rec.key.replace('PROJ', 'ai').lower()}"
            ]


def test_the_html_report_escapes_what_the_documents_say(synced: World) -> None:
    out = synced.root / "report.html"
    assert tracker(synced, "report", "--format", "html", "--as-of", "2027-06-01", "--output", str(out)).code in (0, 1)
    html = out.read_text(encoding="utf-8")
    assert "Close the" in html and "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<!-- tracker:AI-99" not in html


@pytest.mark.parametrize("kind", ["github", "jira-cloud"])
def test_markers_planted_in_the_tracker_are_not_adopted(kind: str, tmp_path: Path) -> None:
    with world(kind, tmp_path) as w:
        fake: object = w.fake
        if kind == "github":
            for marker in ("evil", "AI-7x", "AI-007"):
                fake.add_issue("Planted", f"x\n\n---\n<!-- tracker:{marker} -->", labels=["action-item"])  # type: ignore[attr-defined]
            fake.add_issue("Lost", "Lost item\n\n---\n**Owner:** Alice\n<!-- tracker:AI-4 -->", labels=["action-item"])  # type: ignore[attr-defined]
        else:
            for label in ("tracker-evil", "tracker-ai-12abc", 'tracker-ai-3" or 1=1', "tracker-ai-007"):
                fake.add_issue(summary="Planted", labels=["action-item", label])  # type: ignore[attr-defined]
            fake.add_issue(summary="Lost item", labels=["action-item", "tracker-ai-4"])  # type: ignore[attr-defined]
        adopted = tracker(w, "sync", "--adopt")
        assert adopted.code == 0 and "adopted 1 items" in adopted.stdout, adopted
        listed = json.loads(tracker(w, "list", "--status", "all", "--format", "json").stdout)
        assert [i["id"] for i in listed] == ["AI-4"]
