"""The JQL subset the Jira connector sends, parsed strictly: anything else is a 400, like a typo.

query  := clause ("AND" clause)*
clause := "project" "=" STR | "labels" ("=" STR | "in" list) | "key" ("=" STR | "in" list)
        | "updated" ">=" STR            (STR: "yyyy/MM/dd HH:mm", "yyyy-MM-dd HH:mm" or a date)
list   := "(" STR ("," STR)* ")"
STR    := a double-quoted string; escapes \\" \\\\ \\n \\r \\t (values are never unquoted)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

_TOKEN = re.compile(r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<op>>=|=|\(|\)|,)|(?P<word>[A-Za-z]+))', re.DOTALL)
_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "r": "\r", "t": "\t"}
_DATE_FORMATS = ("%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M", "%Y/%m/%d", "%Y-%m-%d")
_ALLOWED = {
    ("project", "="),
    ("labels", "="),
    ("labels", "in"),
    ("key", "="),
    ("key", "in"),
    ("updated", ">="),
}


class JqlError(ValueError):
    """The query is outside the subset (Jira: "Error in the JQL Query: ...")."""


@dataclass(frozen=True)
class Clause:
    field: str
    op: str
    values: tuple[str, ...]


def tokenize(jql: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    while pos < len(jql.rstrip()):
        match = _TOKEN.match(jql, pos)
        if not match:
            raise JqlError(f"unexpected character at position {pos}: {jql[pos : pos + 10]!r}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        pos = match.end()
    return tokens


def _unquote(token: str) -> str:
    out, chars = [], iter(token[1:-1])
    for c in chars:
        if c == "\\":
            nxt = next(chars)
            if nxt not in _ESCAPES:
                raise JqlError(f"illegal escape sequence \\{nxt}")
            out.append(_ESCAPES[nxt])
        else:
            out.append(c)
    return "".join(out)


def parse(jql: str) -> list[Clause]:
    tokens = tokenize(jql)
    if not tokens:
        raise JqlError("Unbounded JQL queries are not allowed here. Please add a search restriction.")
    clauses, i = [], 0
    while True:
        clause, i = _clause(tokens, i)
        clauses.append(clause)
        if i == len(tokens):
            return clauses
        kind, text = tokens[i]
        if kind != "word" or text.upper() != "AND":
            raise JqlError(f"expecting AND but got {text!r}")
        i += 1


def _clause(tokens: list[tuple[str, str]], i: int) -> tuple[Clause, int]:
    if i + 2 >= len(tokens):
        raise JqlError("incomplete clause at the end of the query")
    (fk, field), (ok, op) = tokens[i], tokens[i + 1]
    field, op = field.lower(), op.lower()
    if fk != "word" or ok not in ("op", "word") or (field, op) not in _ALLOWED:
        raise JqlError(f"unsupported clause {field!r} {op!r}")
    if op != "in":
        kind, text = tokens[i + 2]
        if kind != "str":
            raise JqlError(f"expecting a quoted string after {field} {op} but got {text!r}")
        return Clause(field, op, (_unquote(text),)), i + 3
    return _list_clause(tokens, i + 2, field)


def _list_clause(tokens: list[tuple[str, str]], i: int, field: str) -> tuple[Clause, int]:
    if tokens[i] != ("op", "("):
        raise JqlError("expecting '(' after in")
    values, i = [], i + 1
    while i < len(tokens):
        kind, text = tokens[i]
        if kind != "str":
            raise JqlError(f"expecting a quoted string in the list but got {text!r}")
        values.append(_unquote(text))
        sep = tokens[i + 1] if i + 1 < len(tokens) else ("", "")
        if sep == ("op", ")"):
            return Clause(field, "in", tuple(values)), i + 2
        if sep != ("op", ","):
            raise JqlError("expecting ',' or ')' in the list")
        i += 2
    raise JqlError("unclosed list")


def jql_time(value: str, zone: tzinfo) -> datetime:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).replace(tzinfo=zone)
        except ValueError:
            continue
    raise JqlError(
        f"Date value '{value}' for field 'updated' is invalid. Valid formats include: "
        "'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd'"
    )


Issue = Any  # the fake's issue record: .project, .labels, .key, .updated
Predicate = Callable[[Issue], bool]


def compile_query(jql: str, *, zone: tzinfo, projects: set[str]) -> Predicate:
    """A predicate over the fake's issues; JqlError for anything outside the subset."""
    tests = [_predicate(clause, zone, projects) for clause in parse(jql)]
    return lambda issue: all(test(issue) for test in tests)


def _predicate(clause: Clause, zone: tzinfo, projects: set[str]) -> Predicate:
    values = set(clause.values)
    if clause.field == "project":
        (name,) = clause.values
        if name not in projects:
            raise JqlError(f"The value '{name}' does not exist for the field 'project'.")
        return lambda issue: bool(issue.project == name)
    if clause.field == "labels":
        return lambda issue: bool(values & set(issue.labels))
    if clause.field == "key":
        return lambda issue: issue.key in values
    since = jql_time(clause.values[0], zone)
    return lambda issue: bool(issue.updated >= since)
