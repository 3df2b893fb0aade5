"""How a piece of text is phrased: a task, a lesson, a report of finished work, an intro, a label."""

from __future__ import annotations

import re

from tracker.dates import folds_as_ascii
from tracker.extract import morphology
from tracker.extract.memo import per_text
from tracker.extract.vocab import (
    ANNOTATION_LABELS,
    IMPERATIVE_VERBS,
    IRREGULAR_PAST,
    NON_TASK_OPENERS,
    PAST_FOLLOWERS,
    wordset,
)

_WORD = r"[A-Za-z][A-Za-z'’-]*"
_WORD_RE = re.compile(_WORD)
#: The first four words `_WORD_RE.findall` would give, in one match from the start (a word is a maximal
#: run, so the characters between two words are not letters).
_NEXT_WORD = rf"[^A-Za-z]*({_WORD})"
_FIRST_WORDS_RE = re.compile(rf"{_NEXT_WORD}(?:{_NEXT_WORD}(?:{_NEXT_WORD}(?:{_NEXT_WORD})?)?)?")
_LEAD_RE = re.compile(r"^(?:[\W_]+|(?:please|also|then|and|additionally|finally|next|so)\b[,:]?\s*)+", re.I)
#: The first letters of `_LEAD_RE`'s filler words.
_LEAD_LETTERS = frozenset("patfns")
_MODAL_RE = re.compile(
    r"(?=[smwhnoipa'SMWHNOIPA])(?:\b(should|must|shall|will|needs? to|have to|has to|ought to"
    r"|(?:am|is|are|'m|'re) going to|plans? to|intends? to|would like to|wants? to|'ll"
    r"|(?:we(?:\s+are|'re)|i(?:\s+am|'m))\s+(?:now\s+|also\s+|currently\s+)?(?!sharing|writing|publishing|posting|"
    r"seeing|experiencing|observing|noticing|hearing|"
    r"receiving|expecting|sorry)[a-z]+ing)\b"  # "We are adding ...": work under way, promised
    r"|(?<!the )\bneeds?\b(?! (?:was|is|were|are)\b))",
    re.I,
)
_COUNTERFACTUAL_RE = re.compile(
    r"\b(?:should|could|would|must)(?:\s*n[o']?t)?\s*(?:have|'ve)\s+(?:been|\w+ed|\w+en|done|made|caught|had|"
    r"known|gone|seen|taken|run|built|sent|got)\b",
    re.I,
)
_PASSIVE_RE = re.compile(
    r"\b(was|were|has been|have been|had been|is now|are now)(?:\s+(?:not|also|then|quickly|immediately|already))?"
    r"\s+([A-Za-z][a-z-]+)\b",
    re.I,
)
#: Past participles the table lists as base forms too ("was set", "was put").
_PARTICIPLE_EXTRA = frozenset({"set", "put", "cut", "run", "shut", "read", "hit", "spread", "reset", "done"})
#: Words after "was"/"were" that are no participle of finished work ("was used to", "were supposed to").
_PASSIVE_NOT_PAST = frozenset({"supposed", "used", "able", "unable", "based", "related", "concerned", "involved"})
_INVERTED_RE = re.compile(r"(?:should|were|had)\s+(?:they|it|this|these|there|any|such)\b", re.I)
_FINITE_RE = re.compile(r"\b(is|are|was|were|has|have|had|been|did|does|can|could|may|might|would)\b", re.I)
_NOISE_RE = re.compile(
    r"^(?:none|n/?a|tbd|tba|nothing|no action items?|no follow[\s-]*ups?|-+|\.+|todo|\?+"
    r"|end\s+of\s+(?:the\s+)?(?:document|report)|document\s+ends)[.!]?$"
    r"|^(?:<?https?://\S+>?|!?\[[^\]]*\]\([^)]*\)|#\d+|(?:PR|pr|MR|!)\s*#?\d+|[\s,;.|])+$"
    r"|^[~≈<>]?\s*\d[\d.,:]*\s*(?:%|[a-z]+)?\.?$",  # "~6 days", "40%": a quantity
    re.I,
)
_CODE_ONLY_RE = re.compile(r"^(`+)[^`]+\1\s*[.!]?$")
#: Who made the page and when: "Exported by Luca Bianchi on 2026-04-30 16:02", "Generated at 10:02".
_MADE_BY_RE = re.compile(
    r"\b(?:exported|generated|(?:last\s+)?updated)\s+(?:by\s+[^\n]{1,40}?\s+)?(?:on|at)\s+[^\n]*\d", re.I
)
#: The ASCII characters, in lower case, that a `_NOISE_RE` match can start with.
_NOISE_FIRST = frozenset("nted-.?<h![#pm,;|~>0123456789 \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f")
_INTRO_RE = re.compile(r"\b(following|as follows|below|listed here|these (items|tasks|actions))\b", re.I)
#: A sentence that announces changes without naming one: "We are making several changes as a result of ...".
#: ... closing on what it announces: "Over the coming weeks we will make three further changes."
_ANNOUNCED_RE = re.compile(
    r"\b(?:make|making|made|take|taking|implement|implementing)\s+(?:several|a\s+few|a\s+number\s+of|some|multiple|"
    r"many|two|three|four|five|the\s+following)\s+(?:further\s+|more\s+|additional\s+|other\s+|key\s+)?changes\s*[.:]?$",
    re.I,
)
_ANNOUNCE_RE = re.compile(
    r"^(?:we(?:\s+are|'re|\s+will\s+be|\s+have)|we'll\s+be)\s+(?:making|taking|made|taken)\s+"
    r"(?:several|a\s+few|a\s+number\s+of|some|multiple|many|the\s+following|these|three|two|four)\s+"
    r"(?:changes|steps|actions|improvements|measures)\b",
    re.I,
)
_LABEL_RE = re.compile(
    r"^(?:\*\*|__|\*|_)?(?P<label>[A-Za-z][^:*_]{0,60}?)(?:\*\*|__|\*|_)?\s*:(?:\*\*|__|\*|_)?\s+(?P<rest>\S.*)$"
)
_LABEL_BAD_RE = re.compile(r"[.!?;,()\[\]`@<>]|https?|\d{1,2}:\d{2}|^\d")
_SENTENCE_RE = re.compile(r"(?<=[.!?])([\"')\]]*)\s+(?=[\"'(\[`*_]?[A-Z0-9@])")
#: What every `_SENTENCE_RE` match needs: an end mark, closing quotes or brackets, then a space.
_SENTENCE_END_RE = re.compile(r"[.!?][\"')\]]*\s")
_ABBREV = (
    "e.g.",
    "i.e.",
    "etc.",
    "vs.",
    "approx.",
    "mr.",
    "ms.",
    "dr.",
    "no.",
    "inc.",
    "cf.",
    "incl.",
    "est.",
)
_NOT_AFTER_VERB = frozenset({"is", "are", "was", "were", "has", "have", "had", "will", "should", "can", "of", "s"})
_NOUNISH = wordset(
    """test alert log monitor review report record plan work use change support document map page label lock
    track train list load query queue scan search script snapshot index mock pilot practice rate shard email
    release patch fix update upgrade backup cache cap check deploy tag target version watch design drill
    process access"""
)
_INSTRUCTION_RE = re.compile(
    r"^(?:(?:explain|describe|list|summari[sz]e|outline|mention|state|detail|fill\s+in|insert|replace|enter)\b"
    r".*\b(?:what|how|why|which|when|who|in\s+detail|here|below|above)\b"
    r"|(?:a|an|the)\s+(?:list|description|summary|explanation|overview|brief\s+\w+)\s+of\b"
    r"|be\s+(?:brief|concise|specific|clear|precise)\b"
    r"|(?:delete|remove)\s+this\s+(?:line|section|text|paragraph|note|comment|table|row|template)\b"
    r"|(?:list|add|enter|write|record)\s+(?:each|all|any|every|the|your)\s+(?:action\s+items?|tasks?|follow[\s-]*ups?"
    r"|remediations?|items?)\b(?!\s+(?:in|into|to)\s+(?:jira|github|gitlab|the\s+tracker)))",
    re.I,
)
_HOW_TO_RE = re.compile(r"\bhow\s+to\b|\b(?:guide|runbook|playbook|docs|documentation|wiki|readme)\b", re.I)
_WRITER_RE = re.compile(r"\byour\s+(?:post[\s-]*mortems?|blogs?|articles?|write[\s-]*ups?|readers|audience)\b", re.I)
#: A template's rules for the items themselves: "Every action item needs an owner", "Write them as
#: tasks ...", "Create a ticket for each one and link it", "Label each item as ...".
_ABOUT_ITEMS_RE = re.compile(
    r"^(?:every|each)\s+(?:action\s+)?item\s+(?:needs|should|must|has)\b|^write\s+them\s+as\b"
    r"|\bfor\s+each\s+(?:one|item|action\s+item)\b|^label\s+each\s+(?:one|item|action\s+item)\b",
    re.I,
)
_REMINDER_RE = re.compile(r"^(?:remember|note|keep\s+in\s+mind|bear\s+in\s+mind)\s+that\b", re.I)
_SUGGESTION_RE = re.compile(
    r"^(?:we|the\s+team)\s+(?:could|might)\s+(?!not\b|never\b|have\s+(?:been|\w+ed|\w+en)\b)\w+"
    r"|^(?:we|i)\s+(?:would\s+)?(?:strongly\s+)?(?:recommend|suggest|propose)\b"
    r"|^it\s+is\s+(?:further\s+|also\s+|strongly\s+)?(?:recommended|suggested|proposed|advised)\s+that\b"
    r"|^it\s+(?:would|could|might)\s+be\s+(?:\w+\s+)?(?:useful|good|nice|helpful|great|better|beneficial"
    r"|worthwhile|valuable|wise|prudent|worth)\s+to\b",
    re.I,
)
_BLANK_RE = re.compile(
    r"^(?:\{[^{}]{1,60}\}|<[^<>]{1,60}>|\[(?![xX ]?\])[^\]]{1,80}\](?!\()|_{3,}|\.{3,}|…|x{3,}|\?{2,})[.:]?$", re.I
)
_PAREN_NOTE_RE = re.compile(r"^\((.+)\)[.:]?$")
#: A template's numbered filler ("Action item 1", "Item 2", "Task #3") and its stand-ins for a person.
_NUMBERED_FILLER_RE = re.compile(r"^(?:action\s+item|action|item|task|follow[\s-]*up|step)\s*#?\d{1,2}$", re.I)
_STAND_INS = frozenset(
    {"name", "owner", "person", "someone", "assignee", "first last", "firstname lastname", "username", "@username"}
    | {"@handle"}
)


def is_filler(text: str | None) -> bool:
    """A template's filler: numbered ("Action item 1", "Item 2") or a stand-in for a person ("name")."""
    if not text or len(text) > 40:
        return False
    if text[-1].isdigit():
        return _NUMBERED_FILLER_RE.match(text.strip().strip("*_").strip()) is not None
    low = text.lower()
    if low in _STAND_INS:
        return True
    return (text[0] in " *_" or text[-1] in " *_.:") and low.strip(" *_.:") in _STAND_INS


_EXAMPLE_RE = re.compile(r"^(?:e\.g\.|eg[.:]|example:|for\s+example[,:])\s*", re.I)
#: The characters `_BLANK_RE` or `_PAREN_NOTE_RE` can match first.
_BLANK_FIRST = frozenset("{<[_.…xX?(")
_WRITER_HINT_RE = re.compile(r"\b(?:e\.g\.|here|fill\s+in|if\s+any|optional|replace\s+this)\b", re.I)
_PLACEHOLDER_RE = re.compile(r"^(?:\*[^*].*[^*]\*|_[^_].*[^_]_|\[[A-Z_ ]+\]|<[^>]+>)[.:]?$")
_KEY_WORDS = wordset("owner owners assignee due deadline eta status priority")
#: Second words of a key: "Due date:", "Owner team:", "Priority level:".
_KEY_SECOND_WORDS = wordset("date dates name names team teams level update of by also that")
_OBJECT_STARTS = wordset("the a an our their its this that these all some more new additional extra several")
_PRIORITY_LABEL_RE = re.compile(r"^P[0-4]$|^(?:critical|high|medium|low)(?:\s+priority)?$", re.I)
_PROHIBITION_RE = re.compile(r"^(never|don'?t|do not|avoid|stop)\b", re.I)


def words(text: str) -> list[str]:
    return _WORD_RE.findall(text)


@per_text
def _without_lead(text: str) -> str:
    """The text without leading punctuation and filler words ("- Please also ...")."""
    first = text[:1]
    if first.isascii() and first.isalnum() and first.lower() not in _LEAD_LETTERS:
        return text  # neither punctuation nor a filler word's first letter
    m = _LEAD_RE.match(text)  # anchored at the start: the one place `sub` could replace
    return text if m is None else text[m.end() :]


@per_text
def _opening(text: str) -> tuple[str, ...]:
    """The first four words, in lower case, with a typographic apostrophe as a plain one."""
    head = _without_lead(text)[:120]
    if head.isascii():  # lower case keeps every ASCII letter a letter, and there is no typographic apostrophe
        m = _FIRST_WORDS_RE.match(head.lower())
        return tuple(filter(None, m.groups())) if m else ()
    m = _FIRST_WORDS_RE.match(head)
    if m is None:
        return ()
    return tuple(w.lower().replace("’", "'") for w in m.groups() if w is not None)


@per_text
def is_imperative(text: str) -> bool:
    """Opens with a verb asking for work: "Implement ...", "Set up ...", "Re-run ..."."""
    ws = _opening(text)
    if not ws:
        return False
    first = ws[0]
    verb = first in IMPERATIVE_VERBS or (first.startswith("re-") and first[3:] in IMPERATIVE_VERBS)
    if not verb:
        return False
    second = ws[1] if len(ws) > 1 else ""
    # "Test coverage is low", "Alert fatigue was high", "Design assumption baked in" are statements
    if second in _NOT_AFTER_VERB or (first in _NOUNISH and len(ws) > 2 and _noun_then_verb(first, second, ws[2])):
        return False
    if (
        second
        and morphology.is_past_form(second)
        and (len(ws) == 2 or ws[2] in _AFTER_EVENT or _tells_event(second, ws[2]))
    ):
        return False  # "Rollback completed at 10:15", "Fix deployed.", "Rollback took under five minutes": an event
    return second in _OBJECT_STARTS or first in _CLAUSE_VERBS or not _noun_subject(text)


#: Verbs whose object may be a clause without "that" ("Ensure backups are tested").
_CLAUSE_VERBS = wordset("ensure make verify confirm check double-check validate guarantee prove assert require see")
#: A finite "to be" after a noun-phrase subject; before it, no word that opens a clause of its own.
_SUBJECT_VERB_RE = re.compile(
    r"^(?P<subject>[^,;:()]*?)\b(?:was|were|is|are|has\s+been|have\s+been"
    r"|(?:should|must|will|would|can|could|may|might)\s+be|(?:needs?|has|have)\s+to\s+be)\b",
    re.I,
)
_CLAUSE_OPENER_RE = re.compile(
    r"\b(?:that|which|who|whose|when|whenever|if|unless|so|until|while|after|before|once|where|whether|because|"
    r"to|and|or|but|how|what|why|as|since|though|although|even)\b",
    re.I,
)


def _noun_subject(text: str) -> bool:
    """ "Log rotation on the scheduler host was disabled ...", "Rebalance storms were not on anyone's
    radar", "Debug tracing in public pipelines should be treated as ...": the opening verb-like word
    begins the subject of a statement, not a request for work ("Rotate the keys that were leaked"
    has its "were" inside a clause of its own)."""
    low = text.lower()
    if " is " not in low and " are " not in low and " was " not in low and " were " not in low and " be" not in low:
        return False  # " be" also finds " been"
    m = _SUBJECT_VERB_RE.match(_without_lead(text))
    return m is not None and _CLAUSE_OPENER_RE.search(m.group("subject")) is None


def opens_with_verb(text: str) -> bool:
    """Opens with a verb's base form that no word list names ("Drain traffic ...", "Quarantine nodes
    ..."), followed by what reads as its object ("Sunset the legacy API"): an imperative in a list
    of follow-up work. Not used for headings: "Root cause" opens with a verb too."""
    ws = _opening(text)
    if len(ws) < 2 or ws[0] in NON_TASK_OPENERS or ws[1] in _NOT_AFTER_VERB:
        return False
    if morphology.can_be_adjective(ws[0]):
        return False  # "Better dashboards for ...", "Clear ownership of ...": a noun phrase
    if morphology.is_base_verb(ws[0]) and not morphology.is_inflected_verb(ws[1]):
        return not morphology.is_past_form(ws[0])
    return ws[1] in _OBJECT_STARTS


def _tells_event(past: str, after: str) -> bool:
    """ "took under five minutes", "escalated quickly": a past tense that is no participle, or one that an
    adverb follows, tells what happened (a participle before a noun is an adjective: "Fix broken links")."""
    return morphology.is_simple_past_only(past) or (after.endswith("ly") and len(after) > 4)


def _noun_then_verb(first: str, second: str, third: str) -> bool:
    """Whether a noun-like first word opens a subject: "Test coverage is ...", "Design assumption baked
    in", "Shard counts matter more than we thought"."""
    if third in _NOT_AFTER_VERB - {"of"}:
        return True
    past = third in IRREGULAR_PAST or (third.endswith("ed") and len(third) > 4)
    if past:
        return not second.endswith("s")  # "Document lessons learned" still asks for work
    return _plural_then_verb(first, second, third)


#: Base verbs that also join a noun to what follows ("Use tools like Terraform").
_LINKING_BASES = wordset("like near round")


def _plural_then_verb(first: str, second: str, third: str) -> bool:
    """ "Shard counts matter", "Alert rules need an owner": a plural noun and the verb it governs. Not
    after a verb taking a clause ("Check configs match the template") nor before a participle ("Track
    jobs run by cron")."""
    if len(second) < 4 or not second.endswith("s") or second.endswith("ss") or first in _CLAUSE_VERBS:
        return False
    return third not in _LINKING_BASES and morphology.is_base_verb(third) and not morphology.is_participle(third)


@per_text
def has_modal(text: str) -> bool:
    """Asks for work with should / must / need / will ..., not as an explanation or counterfactual."""
    if not _may_hold_modal(text):
        return False
    m = _MODAL_RE.search(text)
    if m is None or _COUNTERFACTUAL_RE.search(text):
        return False
    if _INVERTED_RE.match(text, m.start()) and not _MODAL_RE.search(text, m.end()):
        return False  # "... should they occur again": a condition, not a request
    if text.startswith(" never", m.end()):
        return False  # "a single mistake should never take out two exchanges": a principle
    ws = _opening(text)
    return not ws or ws[0] not in _NOT_REQUEST_OPENERS


#: First words of a modal sentence that sums up or explains ("Together, these changes mean ... should
#: never again ...", "This should not happen again"), not one that asks for work.
_NOT_REQUEST_OPENERS = frozenset(
    {"this", "that", "these", "those", "it", "which", "there", "such", "doing", "together", "overall", "combined"}
)


#: Lower-case pieces one of which every `_MODAL_RE` match holds ("need" also for "needs to", "plan" for "plans to").
_MODAL_PIECES = (
    "should", "must", "shall", "will", "need", "have to", "has to", "ought to", "going to",
    "plan", "intend", "would like to", "want", "'ll", "we are", "we're", "i am", "i'm",
)  # fmt: skip


def _may_hold_modal(text: str) -> bool:
    """A cheap test before `_MODAL_RE`: False only when `text` cannot match it. Text is tested for the
    pieces above as plain lower-case text, unless `folds_as_ascii` says the (case-blind) pattern must
    read it."""
    if not folds_as_ascii(text):
        return True
    low = text.lower()
    for piece in _MODAL_PIECES:  # noqa: SIM110 (a plain loop: this runs for every item)
        if piece in low:
            return True
    return False


@per_text
def is_past_report(text: str) -> bool:
    """Reports finished work: "Rolled back the deployment", "Bound the cache to 1 GB", "An email was
    sent to ...", "Engineers added the ...". Tense comes from the verb's form (`morphology`)."""
    if has_modal(text):
        return False
    ws = _opening(text)
    if not ws:
        return False
    if _opens_with_past_verb(text, ws):
        return True
    if is_imperative(text):
        return False
    if (
        len(ws) > 1
        and ws[0] not in NON_TASK_OPENERS
        and morphology.is_past_form(ws[1])
        and (len(ws) == 2 or ws[2] in _OBJECT_STARTS or ws[2] in _AFTER_EVENT or not ws[1].endswith("ed"))
    ):
        return True  # "GitHub implemented more ...", "Engineers added the ...", "Rollback completed at 10:15"
    return (
        _is_passive_past(text)
        or _is_perfect(text)
        or _tells_new_state(text)
        or _ends_done(text)
        or _is_present_state(text)
    )


#: "... is explicitly pinned to 300 s", "Alerts are routed to the on-call": a present passive that
#: tells how things stand after the change (not "is being migrated", which is work under way).
_STATE_RE = re.compile(r"\b(?:is|are)\s+(?:[a-z]+ly\s+)?([a-z]+(?:ed|en))\b", re.I)


def _is_present_state(text: str) -> bool:
    if " is " not in text and " are " not in text:
        return False
    m = _STATE_RE.search(text)
    if m is None or _CLAUSE_OPENER_RE.search(text, 0, m.start()):
        return False  # "Redeploy services when a token is rotated": the passive is in a clause of its own
    word = m.group(1).lower()
    return word not in _WANTED and word not in _PASSIVE_NOT_PAST and morphology.is_past_form(word)


#: Past participles that close a note of what is wanted, not of what was done ("More tests needed").
_WANTED = wordset(
    "needed required wanted desired requested proposed planned suggested recommended expected scheduled intended"
)


def _ends_done(text: str) -> bool:
    """A short note closed by a past participle and without a verb of its own: "Hotfix v2.3.1
    deployed", "Runbook updated." (not "We recommend that every endpoint is monitored")."""
    ws = [w.lower() for w in words(text)] if len(text) <= 80 else []
    if not 1 < len(ws) <= 8 or ws[0] in NON_TASK_OPENERS or not _CLAUSE_WORDS.isdisjoint(ws):
        return False
    return ws[-1] not in _WANTED and morphology.is_past_form(ws[-1])


#: Words that give a note a clause of its own.
_CLAUSE_WORDS = wordset("is are be been being was were that which who will would should must can could get gets")


#: Words after "<noun> <past form>" that tell an event ("Rollback completed at 10:15"), not a
#: participle used as an adjective ("Better automated testing").
_AFTER_EVENT = wordset(
    "at after successfully without overnight yesterday today earlier in on to for across into before when while during"
)
#: The present perfect of finished work: "The team has since added ...", "We've rolled back ...",
#: "... is complete", "... are now in place".
_PERFECT_RE = re.compile(
    r"\b(?:has|have|'ve)\s+(?:since\s+|already\s+|now\s+|also\s+|just\s+|recently\s+)?([a-z]+)\b"
    r"|\b(?:is|are)\s+(?:now\s+|already\s+)?(complete|completed|done|finished|in\s+place|live|resolved|fixed)\b",
    re.I,
)


def _is_perfect(text: str) -> bool:
    """Finished work in the present perfect of its main clause ("We've rolled back ...", "Key rotation
    is complete"); a perfect inside a clause of its own ("Alert when no job has started") is not."""
    if "has" not in text and "have" not in text and "'ve" not in text and " is " not in text and " are " not in text:
        return False
    for m in _PERFECT_RE.finditer(text):
        if _CLAUSE_OPENER_RE.search(text, 0, m.start()):
            return False  # "Alert when no job has started ...": the perfect of a clause of its own
        if m.group(2) or (m.group(1).lower() not in _PASSIVE_NOT_PAST and morphology.is_past_form(m.group(1))):
            return True
    return False


#: "<subject> now / already <verb>": how things stand since the change ("Health checks now test a write").
_NEW_STATE_RE = re.compile(r"^\W*[A-Za-z][^,;:]*?\s(?:now|already)\s+(?!that\b|be\b)[a-z]+\b")


def _tells_new_state(text: str) -> bool:
    """Says how things work since the change was made: finished work, though in the present tense."""
    return ("now " in text or "already " in text) and _NEW_STATE_RE.match(text) is not None


def _opens_with_past_verb(text: str, ws: tuple[str, ...]) -> bool:
    """ "Added retries ...", "Rewrote the cron entry", "Reverted `x` ...": a past form first. A
    participle that can be an adjective before a plain noun names work instead ("Increased issue
    monitoring ...", "Automated tests for ...")."""
    first = ws[0]
    if first in IMPERATIVE_VERBS and not morphology.is_past_form(first):
        return False  # "Set up ...", "Put ..." ask for work
    if not morphology.is_past_form(first):
        return False
    if morphology.is_simple_past_only(first) or len(ws) == 1:
        return True
    after = _after_first_word(text)
    if ws[1] in PAST_FOLLOWERS or after[:1] in "`\"'0-9" or after[:1].isupper():
        return True
    return not morphology.can_be_adjective(first)


def is_participle_opener(text: str) -> bool:
    """Opens with a past participle read as an adjective ("Increased monitoring ..."): work asked
    for, most likely, but it may report finished work."""
    ws = _opening(text)
    return bool(ws) and morphology.is_past_form(ws[0]) and not _opens_with_past_verb(text, ws)


def _after_first_word(text: str) -> str:
    body = _without_lead(text)
    m = _WORD_RE.search(body)
    return body[m.end() :].lstrip() if m else ""


def _is_passive_past(text: str) -> bool:
    """ "The config was corrected", "An email was sent", "`proxy` has been redeployed"."""
    if not _may_be_passive(text):
        return False
    for m in _PASSIVE_RE.finditer(text):
        word = m.group(2).lower()
        if word in _PASSIVE_NOT_PAST:
            continue
        if morphology.is_past_form(word) or word in _PARTICIPLE_EXTRA:
            return True
    return False


#: Lower-case pieces one of which every `_PASSIVE_RE` match holds.
_PASSIVE_PIECES = ("was", "were", "been", "is now", "are now")


def _may_be_passive(text: str) -> bool:
    """A cheap test before `_PASSIVE_RE` (text `folds_as_ascii` refuses is left to the pattern)."""
    if not folds_as_ascii(text):
        return True
    low = text.lower()
    return any(piece in low for piece in _PASSIVE_PIECES)


def is_gerund_task(text: str) -> bool:
    """Opens with the -ing form of a task verb ("Ensuring that ...", "Adding alerts for ...")."""
    ws = _opening(text)
    if not ws or not ws[0].endswith("ing") or len(ws[0]) < 6:
        return False
    stem = ws[0][:-3]
    undoubled = stem[:-1] if stem[-1:] == stem[-2:-1] else stem  # "running" -> "run"
    return any(s in IMPERATIVE_VERBS for s in (stem, stem + "e", undoubled))


def is_noise(text: str) -> bool:
    """ "None.", "N/A", a bare link or PR number, punctuation only, a code span alone (a query, a
    command), or a line that says who made or exported the page ("Exported by Luca on 2026-04-30")."""
    stripped = text.strip().strip("*_").strip()
    if not stripped:
        return True
    first = stripped[0]
    if first == "`" and _CODE_ONLY_RE.match(stripped):
        return True
    if ("xported" in stripped or "enerated" in stripped or "pdated" in stripped) and _MADE_BY_RE.search(stripped):
        return True
    if first.isascii() and first.lower() not in _NOISE_FIRST:
        return not _WORD_RE.search(stripped)  # no `_NOISE_RE` match can start with this character
    return bool(_NOISE_RE.match(stripped)) or not _WORD_RE.search(stripped)


def is_intro(text: str) -> bool:
    """An intro sentence ("the following tasks should be completed:")."""
    stripped = text.rstrip().rstrip("*_").rstrip()
    if stripped.endswith(":") or (stripped.endswith("...") and _INTRO_RE.search(text) is not None):
        return True
    if stripped[:2].lower() == "we" and _ANNOUNCE_RE.match(stripped) is not None:
        return True
    return "changes" in stripped[-40:] and _ANNOUNCED_RE.search(stripped) is not None


def opener(text: str) -> str:
    ws = _opening(text)
    return ws[0] if ws else ""


def is_lessonish_opener(text: str) -> bool:
    return opener(text) in NON_TASK_OPENERS


def noun_phrase_task(text: str) -> bool:
    """A short line naming work without a verb ("Better alerting for disk usage")."""
    if len(text.split()) < 2 or len(words(text)) > 25 or _FINITE_RE.search(text):
        return False  # one token ("README.md", "alx-project") names a thing, not work
    if opener(text).endswith("ly"):
        return False  # "Especially the memes.": a remark, not work
    return opener(text) not in NON_TASK_OPENERS and not text.rstrip().endswith(("?", "!"))


@per_text
def is_placeholder(text: str | None) -> bool:
    """A template's blank: `{{ACTION}}`, `<fill in>`, `[describe follow-up work]`, `${owner}`, `___`,
    its example ("e.g. Add alerting for X"), or a parenthesised instruction to the writer ("(describe
    the fix here, e.g. patch the server)")."""
    if not text:
        return False
    if "{" in text and ("{{" in text or "${" in text):  # what `strip` takes from the ends holds no "{"
        return True
    head = text.lstrip().lstrip("*_").lstrip()[:1]
    if head in "eEfF" and _EXAMPLE_RE.match(text.strip().strip("*_").strip()):
        return True  # "e.g. Add alerting for X": the template's example row
    if head not in _BLANK_FIRST:
        return False  # neither a blank nor a parenthesised note can start so (no copy of the whole text)
    stripped = text.strip().strip("*_").strip()
    if stripped[:1] not in _BLANK_FIRST:
        return False  # the marks stripped from the end took the rest ("* _")
    if _BLANK_RE.match(stripped):
        return True
    m = _PAREN_NOTE_RE.match(stripped)
    if m is None:
        return False
    return is_instruction(m.group(1)) or bool(_WRITER_HINT_RE.search(m.group(1)))


def is_footnote(text: str) -> bool:
    """A footnote's definition ("[^1]: Agreed at the review ...")."""
    return "[^" in text and text.lstrip().startswith("[^")  # no copy of long text without the mark


@per_text
def is_instruction(text: str) -> bool:
    """Template or assignment instructions to the writer ("explain in detail how the issue was fixed",
    "a list of tasks to address the issue", "be brief", "make your postmortem ..."), or a placeholder
    in italics or brackets."""
    stripped = text.strip()
    if stripped[:1] in ("*", "_", "[", "<") and _PLACEHOLDER_RE.match(stripped):
        return True
    body = _without_lead(stripped)
    if _may_address_writer(body) and _WRITER_RE.search(body):
        return True  # "Make your post-mortem attractive": addressed to the writer of the document
    if ("ach " in body or "very " in body or "them as" in body) and _ABOUT_ITEMS_RE.search(body):  # (e)ach, (e)very
        return True  # "Every action item needs an owner", "Create a ticket for each one": rules for the items
    return bool(_INSTRUCTION_RE.match(body)) and not _HOW_TO_RE.search(body)  # "describe how to X in the guide"


def _may_address_writer(text: str) -> bool:
    """A cheap test before `_WRITER_RE`, which needs "your" (text `folds_as_ascii` refuses: left to the pattern)."""
    return not folds_as_ascii(text) or "your" in text.lower()


def _may_start(text: str, letters: str) -> bool:
    """A cheap test before a case-blind pattern anchored at the start whose every match opens with one
    of `letters` (ASCII, lower case): False only for text opening with another ASCII character (text
    opening otherwise is left to the pattern, which folds some other letters onto ASCII ones)."""
    first = text[:1]
    return not first.isascii() or first.lower() in letters


#: Words to the document's reader, not work for the team: "See the attached doc", "Please let us know
#: if you experience further issues", "Contact #sre with questions".
_READER_RE = re.compile(
    r"^(?:see|refer\s+to|let\s+(?:us|me)\s+know|reach\s+out|feel\s+free|(?:do\s+not|don't)\s+hesitate|"
    r"read\s+more|learn\s+more)\b"
    r"|^(?:ping|contact|message|ask)\s+(?:us\s+|me\s+)?(?:(?:on|in)\s+)?#[\w-]+\s*[.!]?$"  # "Ping #ci-infra."
    r"|\breply[\s-]+all\b|^if\s+i\s+(?:got|missed|forgot|left)\b"  # "If I got anything wrong, reply-all"
    r"|^questions?\b|\bping\s+me\b"  # "questions in thread, or ping me"
    r"|\bif\s+(?:one\s+of\s+|any\s+of\s+)?your\b|\bon\s+your\s+part\b|^your\b|\bif\s+you\b"  # "If one of your ..."
    r"|\bif\s+you\s+(?:have|had|experience|see|saw|notice|need|are|were|encounter|still|want|would\s+like|'d\s+like|can)\b"
    r"|\bwith\s+(?:any\s+)?questions\b",
    re.I,
)


#: Lower-case pieces one of which every `_READER_RE` match holds.
_READER_PIECES = (
    "see", "refer", "let ", "reach out", "feel free", "hesitate", "read more", "learn more", "you", "questions",
    "#", "reply", "if i ", "ping me", "your",
)  # fmt: skip


#: A chat channel alone, where to ask: "#data-platform on Slack.", "#sre".
_CHANNEL_RE = re.compile(
    r"^#[\w-]+(?:\s+(?:on|in)\s+(?:slack|teams|discord|matrix|irc|zulip|mattermost))?\s*[.!]?$", re.I
)


def is_for_reader(text: str) -> bool:
    """Addressed to whoever reads the document ("See the dashboard at ...", "Reach out to #sre if you
    have questions", "#data-platform on Slack."): a pointer or an offer of help, not work anyone was
    given."""
    if text[:1] == "#" and _CHANNEL_RE.match(text.strip()):
        return True
    low = text.lower()
    for piece in _READER_PIECES:  # plain substring tests before the pattern (this runs for every item)
        if piece in low:
            return bool(_READER_RE.search(_without_lead(text.strip())))
    return False


#: A letter's closing ("Cheers, Marta", "Best regards,", "Thanks again -- Jonas"): the writer signing off.
_SIGN_OFF_RE = re.compile(
    r"^(?i:cheers|thanks(?:\s+(?:again|all|everyone))?|many\s+thanks|thank\s+you(?:\s+all)?|best|all\s+the\s+best"
    r"|(?:best|kind|warm|warmest)\s+(?:regards|wishes)|regards|sincerely|yours(?:\s+truly)?|take\s+care|talk\s+soon)"
    r"(?:\s*[,.!]+|\s*(?:--?|[—–])|$)(?:\s*(?:--?|[—–])?\s*[A-Z@][\w.@-]*){0,3}\s*$"
)


_SIGNED_RE = re.compile(
    r"^(?:[-—–]\s*)?[A-Z][\w\"'.-]*(?:\s+[\w\"'.-]+){0,3},\s+(?:[A-Z][^,]{1,50},\s+)?(?:on\s+behalf\s+of|for)\s+the\s+"
    r"[^,.]{1,60}?\bteam\.?$"
)


def is_sign_off(text: str) -> bool:
    """The closing of a letter or e-mail and the name under it ("Cheers, Marta", "Ana, for the Fennec
    infrastructure team", "- Jonas Albrecht, Live Operations Lead, on behalf of the Starfall team")."""
    if len(text) <= 60 and _may_start(text.lstrip(), "ctmbkwrsy") and _SIGN_OFF_RE.match(text.strip()):
        return True
    comma = text.find(",")  # a signature names its writer before a comma, in a few words
    if not 0 < comma < 45 or len(text) > 120 or (" for the " not in text and "behalf of" not in text):
        return False
    return _SIGNED_RE.match(text.strip()) is not None


#: A note on how the follow-ups themselves are tracked: "Progress on them is a standing agenda item",
#: "Approvers will revisit open tasks at the operations review".
_TRACKING_RE = re.compile(
    r"^progress\s+on\s+(?:them|these|this|the\s+(?:above|actions|items|tasks))\b"
    r"|\b(?:revisit|review|track|report\s+on)\s+(?:the\s+|all\s+)?(?:open|remaining|outstanding)\s+"
    r"(?:tasks|items|actions|action\s+items|follow[\s-]*ups)\b",
    re.I,
)


def is_tracking_note(text: str) -> bool:
    """Says how the follow-ups will be followed up, which is no follow-up of its own."""
    return ("rogress on" in text or "open " in text or "remaining " in text or "outstanding " in text) and bool(
        _TRACKING_RE.search(text)
    )


def is_reminder(text: str) -> bool:
    """ "Remember that ...", "Note that ...": a reminder of a fact, not a request for work."""
    body = _without_lead(text.strip())
    return _may_start(body, "rnkb") and bool(_REMINDER_RE.match(body))


def is_suggestion(text: str) -> bool:
    """ "We could run ...", "It would be useful to have ...", "We recommend that ...": work proposed in a
    follow-up section."""
    body = _without_lead(text.strip())
    return _may_start(body, "wti") and bool(_SUGGESTION_RE.match(body)) and not _COUNTERFACTUAL_RE.search(text)


def is_prohibition(text: str) -> bool:
    return bool(_PROHIBITION_RE.match(_without_lead(text)))


_TICKET_KEY_RE = re.compile(r"^[A-Z][A-Z0-9]{1,9}-\d+$")


@per_text
def split_label(text: str) -> tuple[str | None, str]:
    """("Automated Testing", "Introduce ...") for "Automated Testing: Introduce ..."; else (None, text)."""
    m = _LABEL_RE.match(text) if ":" in text and _few_words_before_colon(text) else None
    if m is None:
        return None, text
    label = m.group("label").strip()
    n_words = len(label.split())
    if not 1 <= n_words <= 7 or _LABEL_BAD_RE.search(label) or label.lower() in ANNOTATION_LABELS:
        return None, text
    parts = label.lower().split()
    first, last = parts[0], parts[-1]
    # "Note:", "Due date:", "Bug 123:", "See also:" annotate; "Status page:", "Update process:" label
    keyed = n_words == 1 or parts[1] in _KEY_SECOND_WORDS or any(ch.isdigit() for ch in parts[1])
    if (first in ANNOTATION_LABELS and n_words <= 2 and keyed) or (first in _KEY_WORDS and keyed) or last in _KEY_WORDS:
        return None, text  # "Rotate keys Owner: @alice" too
    if _PRIORITY_LABEL_RE.match(label):
        return None, text  # "Rotate keys Owner: @alice", "P1: ..." are annotations, not labels
    if label.lower().startswith(("action item", "action point", "todo")) or _TICKET_KEY_RE.match(label):
        return None, text  # "OPS-4410: Run a game day": the ticket that tracks it, not a label
    return label, m.group("rest").strip()


def _few_words_before_colon(text: str) -> bool:
    """A cheap test before `_LABEL_RE`: a label ends at the first colon, and what stands before that
    colon is the label and its emphasis marks, so more than 8 words there make a label of more
    than the 7 words `split_label` takes (only a closing mark may stand apart as a word)."""
    return len(text[: text.find(":")].split()) <= 8


def sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping abbreviations ("e.g.") and initials together."""
    if _SENTENCE_END_RE.search(text) is None:  # no sentence ends before another one starts
        whole = text.strip()
        return [whole] if whole else []
    out: list[str] = []
    start = 0
    for m in _SENTENCE_RE.finditer(text):
        before = text[start : m.start()].rstrip("\"')]")
        tail = (before.rsplit(None, 1) or [""])[-1].lower()
        if tail.lstrip("([\"'*_") in _ABBREV or (len(tail) == 2 and tail[0].isalpha() and tail[1] == "."):
            continue
        out.append(text[start : m.start() + len(m.group(1))].strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]
