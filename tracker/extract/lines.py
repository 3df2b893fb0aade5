"""Text -> classified lines: blank, heading, rule, table row, list entry, code, plain text.

Markdown and plain text, and the two pieces of Confluence / Jira wiki markup that carry a
postmortem's structure: `h2. Heading` lines and `||Header||cells||` tables (see blocks.py); the
headings of AsciiDoc and MediaWiki (`== Heading`) and reStructuredText (`~~~` underlines), and its
directives (`.. todo:: X` is a TODO marker, the others are left out). Org mode is rewritten as
Markdown first (org.py); tables pasted with tabs or drawn as reStructuredText grids become Markdown
tables, and an e-mail's signature and quoted reply are left out (pasted.py).

Before classifying: newlines are normalised, front matter and fenced code are blanked, HTML comments
are dropped except for the `TODO` markers inside them, `<br>` becomes a line break outside tables.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from tracker.extract.org import is_org, org_to_markdown
from tracker.extract.pasted import drop_email_tail, grid_tables, tab_tables
from tracker.extract.vocab import ANNOTATION_LABELS, wordset

BLANK, ATX, SETEXT, RULE, TABLE, TABLE_SEP, ENTRY, TEXT, CODE = range(9)

_COMMENT_RE = re.compile(r"<!--(.*?)(?:-->|\Z)", re.DOTALL)
_COMMENT_TODO_RE = re.compile(r"\bTODO(?:\([^)\n]*\))?\s*:[^\n]*?(?=-->|$|\n)", re.MULTILINE)
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG_RE = re.compile(
    r"</?(?:details|summary|p|div|span|sup|sub|b|i|em|strong|center|img|a|u|small|font|hr|ul|ol|li|h[1-6]|br|"
    r"table|tr|td|th|tbody|thead|code|pre|section|article|header|footer|body|html|head)\b[^>\n]*>",
    re.IGNORECASE,
)
_HTML_H_RE = re.compile(r"<h([1-6])\b[^>\n]*>", re.IGNORECASE)
_HTML_LI_RE = re.compile(r"<li\b[^>\n]*>", re.IGNORECASE)
_SHORTCODE_RE = re.compile(r"^(\s*(?:[-*+]\s+)?)(?::[a-z0-9_+-]{2,40}:\s*)+(?=\S)")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: A heading in Confluence / Jira wiki markup: "h2. Action items".
_WIKI_HEADING_RE = re.compile(r"^h([1-6])\.[ \t]+(\S.*?)[ \t]*$")
#: A heading in AsciiDoc ("== Action Items") or MediaWiki ("== Action Items ==") markup.
_EQ_HEADING_RE = re.compile(r"^(={1,6})[ \t]+([^\s=].*?)(?:[ \t]+=+)?[ \t]*$")
#: A reStructuredText underline in one of the characters Markdown gives no meaning there ("~~~~~"
#: under a title; "=" and "-" are read as setext underlines).
_RST_UNDERLINE_RE = re.compile(r"^([~^\"'+])\1{2,}[ \t]*$")
#: A reStructuredText directive or comment: ".. todo:: Split the cache", ".. note::", ".. image:: x.png".
_RST_DIRECTIVE_RE = re.compile(r"^\.\.[ \t]+(?:(?P<name>[\w-]+)::[ \t]*(?P<arg>.*))?")
_RULE_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_UNDERLINE_RE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_SEP_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BULLETS = frozenset("-*+•‣▪◦●○■□◆◇➢➤►▸▹→☐⬜🔲")
_BULLET_FIRST = _BULLETS | {"("}
#: Lower-case Roman numbering up to x: "iv.", "ii)".
_ROMAN = r"(?:i{1,3}|iv|vi{0,3}|ix|x)[.)]"
_ENTRY_RE = re.compile(
    rf"^(?P<ind>[ \t]*)(?P<m>[{re.escape(''.join(sorted(_BULLETS)))}]|\d{{1,3}}(?:\.\d{{1,3}})+\.?|\d{{1,3}}[.)]|"
    rf"{_ROMAN}|[A-Za-z][.)]|\(\d{{1,3}}\)|\([a-z]\))"
    r"(?:[ \t]+|$)(?P<body>.*)$"
)
_ROMAN_RE = re.compile(rf"{_ROMAN}\s")
#: The bullets a Google Docs export gives the second and third list levels, with no indent of their own.
_LEVEL_BULLETS = {"○": 2, "◦": 2, "■": 4, "▪": 4}
#: Ballot boxes written as characters: an open checkbox.
_OPEN_BOXES = frozenset("☐⬜🔲")
#: A pictograph that only decorates the start of an item ("🔧 Add rate limiting"); not a status mark.
_DECORATION_RE = re.compile(r"^[\U0001F300-\U0001FAFF\u2600-\u26FF\u2700-\u27BF](?<![✅✔✓✗✘❌☑])\ufe0f?\s+")
#: A line of a pasted chat log: "[14:02] carol: ...", "14:02 <bob> ...", and in a quote "> alice: ...":
#: what people said while it happened, not work anyone was given (LABELING.md).
_TIME = r"\[?\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?\]?"
_SPEAKER = r"(?:<@?[\w.-]{1,30}>|(?:\*\*|__)?@?[A-Za-z][\w.-]{0,30}(?:\*\*|__)?\s*:(?:\*\*|__)?)"
_CHAT_RE = re.compile(rf"^{_TIME}\s+{_SPEAKER}\s")
_QUOTED_CHAT_RE = re.compile(rf"^(?:{_TIME}\s+)?{_SPEAKER}\s")
#: A quoted note to the reader: "> **Note:** ...", "> [!WARNING]".
_QUOTED_NOTE_RE = re.compile(r"^(?:\[!\w+\]|(?:\*\*|__)?(?:note|warning|tip|important|caution|nb)\b)", re.I)
_NOT_SPEAKERS = ANNOTATION_LABELS | wordset("summary impact")  # "> Owner: Ana" annotates, no one speaks
_LINK_DEF_RE = re.compile(r"^\[\^?[^\]]{1,100}\]:\s*(?:<?\S+>?(?:\s+[\"'(].*)?)?$")
_CHECK_RE = re.compile(r"^\[(?P<c>[ xX✓✔-]?)\](?:[ \t]+|$)")


@dataclass(slots=True)
class Line:
    no: int
    kind: int
    indent: int
    text: str  # content without indentation (for ENTRY: the body after marker and checkbox)
    level: int = 0  # heading level
    marker: str = ""
    check: str | None = None  # " " open box, "x" ticked box, None no box


def _comment(m: re.Match[str]) -> str:
    body = m.group(1)
    todos = [t.group(0).strip() for t in _COMMENT_TODO_RE.finditer(body)]
    return " ".join(todos) + "\n" * body.count("\n")


def _front_matter(lines: list[str]) -> None:
    if not lines or lines[0].strip() != "---":
        return
    for i in range(1, min(len(lines), 60)):
        if lines[i].strip() in ("---", "..."):
            for j in range(i + 1):
                lines[j] = ""
            return


def _html_line(line: str) -> str:
    line = _HTML_H_RE.sub(lambda m: "\n" + "#" * int(m.group(1)) + " ", line)
    line = _HTML_LI_RE.sub("\n- ", line)
    line = _TAG_RE.sub("", _BR_RE.sub("\n", line))
    return html.unescape(line) if "&" in line else line


def normalise(text: str) -> list[str]:
    """The document's lines, cleaned as described above (HTML line breaks and pasted tables may add lines)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\ufeff", "").replace("\x00", "")
    if "<!--" in text:
        text = _COMMENT_RE.sub(_comment, text)
    lines = text.split("\n")
    _front_matter(lines)
    plus = "+" in text  # Org's settings and a grid table's borders hold one (a one-character test is cheap)
    if _may_be_org(text, plus) and is_org(lines):
        lines = org_to_markdown(lines)
    if "\t" in text:
        lines = tab_tables(lines)
    if plus and "-+" in text:  # a grid table's border: "+----+----+"
        lines = grid_tables(lines)
    if "wrote:" in text or "\n--" in text:
        drop_email_tail(lines)
    out: list[str] = []
    if "<" in text or "&" in text:  # else no line has HTML to clean
        for line in lines:
            if ("<" in line or "&" in line) and not line.lstrip().startswith("|"):
                out.extend(_html_line(line).split("\n"))
            else:
                out.append(line)
    else:
        out = lines
    return [_without_shortcodes(line) if ":" in line else line for line in out]


def _may_be_org(text: str, plus: bool) -> bool:
    """A cheap test before `is_org`: an in-buffer setting holds "#+", a second-level headline "** "."""
    return (plus and "#+" in text) or text.startswith("** ") or ("*" in text and "\n** " in text)


#: Shortcodes that mark a status (Slack's ":white_check_mark: Bump consumers"): kept as the mark.
_SHORTCODE_MARKS = {
    ":white_check_mark:": "✅ ",
    ":heavy_check_mark:": "✅ ",
    ":ballot_box_with_check:": "✅ ",
    ":black_square_button:": "[ ] ",
    ":white_large_square:": "[ ] ",
    ":white_square_button:": "[ ] ",
}


def _without_shortcodes(line: str) -> str:
    """The line without the `:emoji:` shortcodes that open it (after its indent and bullet), but for
    a check mark or a box, which stays as its character."""
    if not _may_open_shortcode(line):
        return line
    m = _SHORTCODE_RE.match(line)  # anchored: a match at the start is the only one `sub` could make
    if m is None:
        return line
    codes = m.group(0)[len(m.group(1)) :]
    mark = next((sign for code, sign in _SHORTCODE_MARKS.items() if code in codes), "")
    return m.group(1) + mark + line[m.end() :]


def _may_open_shortcode(line: str) -> bool:
    """A cheap test before `_SHORTCODE_RE`: after the indent and bullet it skips, a shortcode opens with
    a colon (a whitespace character that `strip` does not take here is left to the pattern)."""
    first = line.lstrip(" \t\n\r\f\v-*+")[:1]
    return first == ":" or first.isspace()


def _indent(raw: str) -> tuple[int, str]:
    """(the indent's width in columns, tabs to the next multiple of 4; the line after it)."""
    if raw[:1] not in (" ", "\t"):
        return 0, raw
    content = raw.lstrip(" \t")
    if "\t" not in raw[: len(raw) - len(content)]:
        return len(raw) - len(content), content
    col = 0
    for i, ch in enumerate(raw):
        if ch == " ":
            col += 1
        elif ch == "\t":
            col += 4 - col % 4
        else:
            return col, raw[i:]
    return col, ""


def _atx(raw: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading: up to three spaces, one to six "#", then blanks and the text (or
    a letter right away: "#Summary"), without a closing run of "#". The line is read as the pattern
    `^ {0,3}(#{1,6})(?:[ \t]+(.*?)|(?=[A-Za-z])(.*?))?(?:[ \t]+#+)?[ \t]*$` reads it, without the
    lazy scan that costs the pattern a step per character."""
    content = raw.lstrip(" ")
    if len(raw) - len(content) > 3:
        return None
    body = content.lstrip("#")
    level = len(content) - len(body)
    if not 1 <= level <= 6:
        return None
    if body[:1] in (" ", "\t"):
        body = body.lstrip(" \t")
    elif body and not (body[0].isascii() and body[0].isalpha()):
        return None  # "#1", "#!": no heading
    text = body.rstrip(" \t")
    unclosed = text.rstrip("#")
    if unclosed != text and unclosed[-1:] in (" ", "\t"):
        text = unclosed.rstrip(" \t")  # "## Summary ##"
    return level, text.strip()


def _entry(no: int, raw: str, indent: int, unindented: str) -> Line | None:
    """The list entry `raw` starts (`unindented`: the line after its indent), else None."""
    if unindented[0] in _BULLETS:  # a bullet and then blanks or the end: `_ENTRY_RE`'s reading, without it
        if unindented[1:2] not in ("", " ", "\t"):
            return None
        marker, body = unindented[0], unindented[1:].strip()
    else:
        m = _ENTRY_RE.match(raw)
        if m is None:
            return None
        body = m.group("body").strip()
        marker = m.group("m")
    if marker[0].isalpha() and (not body or (not body[0].isupper() and body[0] not in "[`*_")):
        return None  # "a) ..." needs a capitalised body; avoids sentences like "I. e. ..."
    if marker in _LEVEL_BULLETS and indent < 2:  # "○" under "●", flush left in a Docs export
        indent += _LEVEL_BULLETS[marker]
    if body and not body[0].isascii():
        body = _DECORATION_RE.sub("", body, count=1)
    check: str | None = " " if marker in _OPEN_BOXES else None
    c = _CHECK_RE.match(body) if body[:1] == "[" else None
    if c:
        check = "x" if c.group("c") in ("x", "X", "✓", "✔") else " "
        body = body[c.end() :].strip()
    return Line(no, ENTRY, indent, body, marker=marker, check=check)


def _may_open_marker(content: str) -> bool:
    """ "a) ...", "B. ...", and lower-case Roman numerals up to x ("iv. ...")."""
    second = content[1:2]
    if second == "." or second == ")":
        return True
    return content[0] in "ivx" and second in "ivx" and _ROMAN_RE.match(content) is not None


def _is_chat(content: str, quoted: bool) -> bool:
    """A line of a pasted chat log (`quoted`: inside a blockquote, where no timestamp is needed)."""
    m = (_QUOTED_CHAT_RE if quoted else _CHAT_RE).match(content)
    if m is None:
        return False
    speaker = m.group(0).split(":")[0].split()[-1].strip("*_<>@").lower()
    return speaker not in _NOT_SPEAKERS


def _classify(no: int, raw: str) -> Line:
    indent, unindented = _indent(raw) if raw[:1] in (" ", "\t") else (0, raw)
    content = unindented.rstrip()
    if not content or (content[0] == "[" and _LINK_DEF_RE.match(content)):
        return Line(no, BLANK, indent, "")  # blank, or a link reference definition "[id]: https://..."
    first = content[0]
    if first == ">":  # a blockquote: its lines as they would stand unquoted, but for chat and notes
        unquoted = content.lstrip("> \t")
        if not unquoted or _is_chat(unquoted, True) or _QUOTED_NOTE_RE.match(unquoted):
            return Line(no, CODE, indent, "")
        return _classify(no, " " * indent + unquoted)
    atx = _atx(raw) if first == "#" and indent < 4 else None
    if atx:
        return Line(no, ATX, indent, atx[1], level=atx[0])
    w = _WIKI_HEADING_RE.match(content) if first == "h" and content[2:3] == "." else None
    if w:
        return Line(no, ATX, indent, w.group(2), level=int(w.group(1)))
    e = _EQ_HEADING_RE.match(content) if first == "=" and indent < 4 else None
    if e and (e.group(2)[0].isalpha() or not e.group(2)[0].isascii()):
        return Line(no, ATX, indent, e.group(2), level=len(e.group(1)))
    d = _RST_DIRECTIVE_RE.match(content) if first == "." and content[1:3] in (". ", ".\t") else None
    if d:
        todo = (d.group("name") or "").lower() == "todo" and d.group("arg")
        if todo:
            return Line(no, TEXT, indent, f"TODO: {d.group('arg')}")
        comment = content[3:].lstrip()  # ".. TODO(sofia): ...": a comment keeps its TODO marker
        marked = comment.upper().startswith(("TODO", "FIXME"))
        return Line(no, TEXT, indent, comment) if marked else Line(no, CODE, indent, "")
    if first in "-*_" and not content.strip(first + " \t") and _RULE_RE.match(raw):  # only marks and blanks
        return Line(no, RULE, indent, content)
    if "|" in content and (first == "|" or (_SEP_RE.match(content) and "-" in content)):
        return Line(no, TABLE_SEP if _SEP_RE.match(content) else TABLE, indent, content)
    if first == "o" and content[1:2] == " " and content[2:3].isupper():  # "o Replace the cron line": a bullet
        return Line(no, ENTRY, indent, content[2:].strip(), marker="o")
    if first in _BULLET_FIRST or first.isdigit() or (first.isalpha() and _may_open_marker(content)):
        entry = _entry(no, raw, indent, unindented)
        if entry is not None:
            return entry
    if (first == "[" or first.isdigit()) and _is_chat(content, False):
        return Line(no, CODE, indent, "")
    c = _CHECK_RE.match(content) if first == "[" else None
    if c and len(content) > c.end():
        check = "x" if c.group("c") in ("x", "X", "✓", "✔") else " "
        return Line(no, ENTRY, indent, content[c.end() :].strip(), marker="[]", check=check)
    return Line(no, TEXT, indent, content)


def classify_lines(lines: list[str]) -> list[Line]:
    """Every line (from `normalise`), classified; a setext underline makes the text line above a heading."""
    out: list[Line] = []
    fence: str | None = None
    for no, raw in enumerate(lines):
        f = _FENCE_RE.match(raw) if ("`" in raw or "~" in raw) else None
        if f and fence is None and raw[0] == "~" and _rst_underline(out, raw, lines):
            f = None  # "~~~~~~~" under a title: reStructuredText's underline, not a code fence
        if fence is not None:
            if f and f.group(1)[0] == fence[0] and len(f.group(1)) >= len(fence):
                fence = None
            out.append(Line(no, CODE, 0, ""))
            continue
        if f:
            fence = f.group(1)
            out.append(Line(no, CODE, 0, ""))
            continue
        line = _classify(no, raw)
        if line.kind == TEXT and line.text[0] in _RST_MARKS and _rst_underline(out, raw, lines):
            out[-1].kind, out[-1].level = SETEXT, 3  # "~~~~", "^^^^" under a title
            out.append(Line(no, BLANK, 0, ""))
            continue
        u = _UNDERLINE_RE.match(raw) if line.kind in (RULE, TEXT) and line.text[0] in "=-" else None
        if u and out and _setext_target(out):
            prev = out[-1]
            prev.kind, prev.level = SETEXT, 1 if u.group(1)[0] == "=" else 2
            out.append(Line(no, BLANK, 0, ""))
            continue
        if out and "|" in line.text:
            if line.kind == TABLE_SEP and out[-1].kind == TEXT and "|" in out[-1].text:
                out[-1].kind = TABLE  # a table without outer pipes: header line above the separator
            elif line.kind == TEXT and out[-1].kind in (TABLE, TABLE_SEP):
                line.kind = TABLE
        out.append(line)
    return out


_RST_MARKS = frozenset("~^\"'+")


def _rst_underline(out: list[Line], raw: str, lines: list[str]) -> bool:
    """`raw` underlines the text line above it, reStructuredText's way: at least as long as the title."""
    if not out or _RST_UNDERLINE_RE.match(raw) is None or not _setext_target(out):
        return False
    return len(raw.rstrip()) >= len(lines[out[-1].no].strip())


def _setext_target(out: list[Line]) -> bool:
    prev = out[-1]
    if prev.kind != TEXT or prev.indent >= 4 or len(prev.text.split()) > 12:
        return False
    return len(out) < 2 or out[-2].kind in (BLANK, ATX, SETEXT, RULE, CODE)
