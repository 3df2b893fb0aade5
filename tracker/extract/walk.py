"""Walk the blocks in order, keeping track of section and category, and collect candidate items."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import islice

from tracker.extract.annotations import is_annotation_line, read_extra
from tracker.extract.blocks import Blank, Block, Entry, Heading, Rule, Table, Text
from tracker.extract.headlines import entry_heading, is_terminated, label_entry, run_in, text_heading
from tracker.extract.phrasing import is_filler, is_imperative, is_placeholder, opens_with_verb
from tracker.extract.result import RejectedLine
from tracker.extract.sections import Kind, SectionTracker, classify, clean_heading
from tracker.extract.tables import layout, read_row
from tracker.extract.tasks import ENTRY, LINE, Candidate, Rejection, candidate, prose_candidates
from tracker.extract.vocab import wordset
from tracker.model import Status

_URL_RE = re.compile(r"^<?https?://\S+>?$")
#: The characters a line `_URL_RE` matches can start with.
_URL_FIRST = ("<", "h")
_CONNECTORS = wordset("a an the and or of to for in on with by from their our its that which as")
_DECIDED_RE = re.compile(
    r"^(?:then,?\s+|so,?\s+|finally,?\s+)?(?:we|they|the\s+team|i)\s+(?:\w+\s+)?(?:decided|agreed|chose|opted)\b.*:\s*$",
    re.I,
)
#: The numbering of a heading ("1. Persist webhooks ...", "B) ..."), which is not part of an item's text.
_NUMBERING_RE = re.compile(r"^(?:\d{1,3}[.)]|[A-Za-z][.)])\s+")
#: Outside follow-up sections, a line that introduces the steps someone took or a procedure ("... followed
#: these steps:", "the recovery procedure:"): the list below tells what was done, it asks for no new work.
_STEPS_RE = re.compile(
    r"(?:\b(?:steps?|procedure|sequence|commands?|runbook|playbook)\b[^:]{0,40}|\b(?:did|ran|took|followed|"
    r"performed|executed)\b.{0,40}\b(?:following|these|this|below)\b[^:]{0,20}):\s*$",
    re.I,
)


@dataclass(slots=True)
class Found:
    candidate: Candidate
    section: str | None


@dataclass(slots=True)
class Walker:
    sections: SectionTracker = field(default_factory=SectionTracker)
    found: list[Found] = field(default_factory=list)
    refused: list[RejectedLine] = field(default_factory=list)  # in document order, with their sections
    categories: list[tuple[int, str | None]] = field(default_factory=list)
    para: list[str] = field(default_factory=list)
    last_entry: Entry | None = None
    last_role: str = ""  # "item", "heading", "label" or "other": what the last list entry was
    fresh: bool = True  # the previous block was a blank line, heading or rule
    content: bool = False  # something stood under the current heading
    narrated: bool = False  # a "we decided to:" line: the list below narrates the response
    headings: int = 0
    last_item_entry: Entry | None = None  # the list entry that gave the last item
    describing: bool = False  # under a heading that is an item itself: the text below describes it
    signed_off: bool = False  # after a letter's sign-off ("Kind regards,"): the prose below is its signature
    prose_item: bool = False  # indented annotation lines below a paragraph are annotating its item

    def add(self, cand: Candidate | Rejection) -> bool:
        """Keep an item (with the kind of section it stands in among its reasons), or note a refusal."""
        if isinstance(cand, Rejection):
            self.refused.append(RejectedLine(cand.text, self.sections.name, cand.reason))
            self.signed_off = self.signed_off or cand.reason == "sign-off"
            return False
        kind = self.sections.kind
        if kind is Kind.FOLLOW_UP or kind is Kind.LESSONS:
            cand.reasons.insert(0, f"{'section' if kind is Kind.FOLLOW_UP else 'lessons'}:{self.sections.name}")
        self.found.append(Found(cand, self.sections.name))
        return True

    def heading(self, name: str, level: int = 0) -> None:
        self.flush()
        if not name:
            return
        self.headings += 1
        if level:
            self.sections.markdown(level, name)
        else:
            self.sections.soft(name)
        self.categories.clear()
        self.content = self.narrated = self.describing = self.prose_item = False
        self.signed_off = self.signed_off and not level  # a signature's name line may read as a bare title
        self.last_entry = self.last_item_entry = None

    def category(self) -> str | None:
        return self.categories[-1][1] if self.categories else None

    def walk(self, blocks: list[Block]) -> list[Found]:
        for n, block in enumerate(blocks):  # the commonest kinds of block are tested first
            if isinstance(block, Blank):
                self.flush()
                self.fresh = True
                continue
            if isinstance(block, Rule):
                self.rule()
                continue
            seen = self.headings
            if isinstance(block, Entry):
                self.entry(block)
            elif isinstance(block, Text):
                self.text(block)
            elif isinstance(block, Heading):
                if not self.heading_item(block, blocks, n):
                    self.heading(clean_heading(block.text), block.level)
            else:
                self.table(block)
            self.fresh = self.headings != seen
        self.flush()
        return self.found

    def heading_item(self, heading: Heading, blocks: list[Block], n: int) -> bool:
        """A numbered or annotated sub-heading of a follow-up section that asks for work and has only text
        below it ("### 1. Persist webhooks before acknowledging them", a paragraph, "**Owner:** Lucia"): the
        heading is the item, and the text below describes it (its Owner / Due lines annotate it). True
        when taken so. (An unnumbered heading over prose alone stays a section: its sentences may be items.)"""
        if not (self.sections.in_follow_up and 0 < self.sections.level < heading.level):
            return False
        below = _text_below(blocks, n)
        if below is None:
            return False
        name = clean_heading(heading.text)
        task = _NUMBERING_RE.sub("", name, count=1)
        if task == name and not any(is_annotation_line(text.text) for text in below):
            return False
        if classify(name) is not Kind.NEUTRAL or not (is_imperative(task) or opens_with_verb(task)):
            return False
        self.flush()
        cand = candidate(task, Kind.FOLLOW_UP, LINE, category=self.category())
        self.describing = self.add(cand)
        self.content = True
        self.last_entry = self.last_item_entry = None
        return self.describing

    def rule(self) -> None:
        self.flush()
        if self.content:
            self.sections.rule()
            self.categories.clear()
            self.content = False
        self.fresh = True

    def table(self, table: Table) -> None:
        self.flush()
        self.content, self.prose_item = True, False
        lay = layout(table.header, self.sections.in_follow_up)
        if lay is None:
            return
        reason = f"table:{table.header[lay.work].strip(' *_')}"
        for row in table.rows:
            notes = read_row(lay, row)
            if notes is None or not notes.text:
                continue
            if is_placeholder(notes.text) or (len(notes.text) <= 40 and is_filler(notes.text)):
                self.add(Rejection(notes.text, "placeholder"))
            else:
                self.add(Candidate(notes.text, None, notes, reasons=[reason]))

    def entry(self, entry: Entry) -> None:
        self.flush()
        self.content, self.prose_item = True, False
        while self.categories and self.categories[-1][0] >= entry.indent:
            self.categories.pop()
        item_entry = self.last_item_entry
        if item_entry is not None and entry.indent > item_entry.indent and is_annotation_line(entry.text):
            self.extra(entry.text)  # "  - Owner: Alice" under an item annotates it
            return
        self.last_entry = entry
        if entry.check is None:
            name = entry_heading(entry.text, entry.marker, entry.has_children, self.sections.in_follow_up)
            if name:
                self.heading(name)
                self.last_entry, self.last_role = entry, "heading"
                return
            label = label_entry(entry.text, entry.has_children)
            if label is not None and self.sections.kind is not Kind.OTHER:
                self.categories.append((entry.indent, label or None))
                self.last_role = "label"
                return
            if entry.text.endswith(":") and _DECIDED_RE.search(entry.text):
                self.narrated = True
        told = self.narrated and entry.check is None and self.sections.kind is not Kind.OTHER
        kind = Kind.OTHER if told else self.sections.kind
        cand = candidate(entry.text, kind, ENTRY, check=entry.check, category=self.category())
        if told and isinstance(cand, Rejection):
            cand = Rejection(cand.text, "narration")  # the list under "we decided to:" / "followed these steps:"
        self.last_role = "item" if self.add(cand) else "other"
        self.last_item_entry = entry if self.last_role == "item" else None

    def text(self, block: Text) -> None:
        if self.describing:  # below a heading that is an item: its annotations, else its description
            if is_annotation_line(block.text):
                self.extra(block.text)
            return
        last = self.last_entry
        if last is not None and block.indent > last.indent and self.last_role != "heading":
            if self.last_role == "item" and block.after_blank:
                self.extra(block.text)
            return
        if block.indent <= (last.indent if last else 0):
            self.last_entry = None
        if block.indent > 0 and (self.para or self.prose_item) and is_annotation_line(block.text):
            found = len(self.found)  # "    Person in charge: DB team" indented below a paragraph: it annotates
            self.flush()  # the item the paragraph gives, if it gives one
            if self.prose_item or len(self.found) > found:
                self.extra(block.text)
                self.prose_item = True
                return
        self.prose_item = False
        self.content = True
        continues = bool(self.para) and _joins(self.para[-1], block.text)
        name = text_heading(block.text, in_follow_up=self.sections.in_follow_up, fresh=self.fresh, continues=continues)
        if name:
            self.heading(name)
            return
        if block.text.endswith(":") and (_DECIDED_RE.search(block.text) or self._introduces_steps(block.text)):
            self.narrated = True
        self.para.append(block.text)

    def _introduces_steps(self, text: str) -> bool:
        return not self.sections.in_follow_up and bool(_STEPS_RE.search(text))

    def extra(self, text: str) -> None:
        notes = read_extra(text)
        item = self.found[-1].candidate
        if notes.status is not None and notes.status is not Status.OPEN:  # "Done in #12.", "Status: WIP"
            item.notes.status = notes.status
        item.notes.ticket = item.notes.ticket or notes.ticket  # "Ticket: JIRA-12" below the item
        item.notes.owner = item.notes.owner or notes.owner
        item.notes.due_text = item.notes.due_text or notes.due_text

    def flush(self) -> None:
        if not self.para:
            return
        units, self.para = _units(self.para), []
        for unit in units:
            self.unit(unit)

    def unit(self, unit: str) -> None:
        if unit[:1] in _URL_FIRST and _URL_RE.match(unit):
            return
        if self.signed_off:
            self.add(Rejection(unit, "signature"))  # "Director of Digital Infrastructure, IT Services"
            return
        start = 0
        for h_start, h_end, name in run_in(unit):
            if h_start == 0 and self.sections.in_follow_up:
                continue  # "Short-term Actions: ..." inside a follow-up section is a category
            self.prose(unit[start:h_start])
            self.sections.soft(name)
            self.categories.clear()
            start = h_end
        self.prose(unit[start:])

    def prose(self, text: str) -> None:
        text = text.strip()
        if not text:
            return
        kind = Kind.OTHER if self.narrated else self.sections.kind
        for cand in prose_candidates(text, kind, self.category()):
            self.add(cand)


def _text_below(blocks: list[Block], n: int) -> list[Text] | None:
    """The text blocks between heading `n` and the next heading; None when a list entry or a table
    stands there, or nothing does."""
    texts: list[Text] = []
    for block in islice(blocks, n + 1, None):
        if isinstance(block, Heading):
            break
        if isinstance(block, Entry | Table):
            return None
        if isinstance(block, Text):
            texts.append(block)
    return texts or None


def _joins(prev: str, nxt: str) -> bool:
    if (nxt[:1] in _URL_FIRST and _URL_RE.match(nxt)) or prev.rstrip("*_ ").endswith((".", "!", "?")):
        return False
    if is_terminated(prev):
        return nxt[:1].islower()
    last_word = (prev.rsplit(None, 1) or [""])[-1].lower()  # "" for a blank line
    return nxt[:1].islower() or nxt[:1] in "(`\"'" or prev.endswith(",") or last_word in _CONNECTORS


def _units(lines: list[str]) -> list[str]:
    """Plain lines -> logical lines: wrapped prose joined, one-item-per-line lists kept apart."""
    units = [lines[0]]
    for line in lines[1:]:
        if _joins(units[-1], line):
            units[-1] = f"{units[-1]} {line}"
        else:
            units.append(line)
    return units
