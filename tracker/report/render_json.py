"""The report as JSON. The schema below is stable; `schema_version` changes only when a key is
removed or changes meaning (adding keys does not change it).

Schema (version 1)::

    {
      "schema_version": 1,
      "as_of": "YYYY-MM-DD",                 # the day flags are computed for
      "timezone": str,                       # [report] timezone (IANA name)
      "settings": {"due_soon_days": int, "stale_days": int},
      "filters": {"owner": str|null, "postmortem": str|null, "target": str|null,
                  "only": [FLAG, ...]|null},
      "flags": [FLAG, ...],                  # the flags reported on, in this fixed order:
                                             # overdue, due_soon, stale, no_due_date, ownerless,
                                             # unassignable, broken_link, needs_review (fewer with --only)
      "summary": {
        "open": int,                         # open + in-progress items in scope
        "flagged": int,                      # items listed below
        "flags": {FLAG: int, ...},           # items per reported flag (every reported flag a key);
                                             # needs_review: the proposed items in scope
        "owners": [                          # every owner with open items, worst first
          {"owner": str|null, "open": int, "flagged": int, "flags": {FLAG: int, ...}}
        ]                                    # owner null: items without an owner; their flags are
                                             # those of open items: every reported flag but needs_review
      },
      "fail_on": {"flags": [FLAG, ...], "items": int},   # --fail-on and how many items hit it
      "groups": [
        {"kind": "owner"|"no_owner"|"broken_link"|"needs_review", "name": str, "items": [ITEM, ...]}
      ]
    }

    ITEM = {
      "id": str, "text": str,
      "owner": str|null,                     # as written on the item
      "status": "open"|"in_progress"|"proposed",   # proposed: in the needs_review group only
      "due": "YYYY-MM-DD"|null, "due_derived": bool,     # derived: from [policy] due_days
      "days_overdue": int|null,              # > 0 when overdue
      "days_until_due": int|null,            # >= 0 when due today or later
      "days_idle": int,                      # days since the last change here or remotely
      "flags": [FLAG, ...],
      "notes": [str, ...],                   # why unassignable / which link is broken
      "postmortem": {"id": str, "title": str|null, "incident_date": "YYYY-MM-DD"|null},
      "links": [{"target": str, "key": str|null, "url": str|null,
                 "state": "pending"|"linked"|"broken"}]
    }

Groups are ordered: owners worst first, then "no_owner", then "broken_link", then "needs_review"
(items extracted but not yet accepted by `tracker review`: nothing is filed for them); items by due date
(no due date last), then id number. Output is byte-identical for the same store, config and as-of.
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable, Iterator
from datetime import date

from tracker.report.build import Report, ReportItem
from tracker.store.reader import LinkInfo, PostmortemView

SCHEMA_VERSION = 1


def render(report: Report) -> str:
    return "".join(chunks(report))


def chunks(report: Report) -> Iterator[str]:
    """The document in pieces (to stream to a file); one item per line, so large reports stay
    diff-friendly and fast to write."""
    head = {
        "schema_version": SCHEMA_VERSION,
        "as_of": report.as_of.isoformat(),
        "timezone": report.timezone,
        "settings": {"due_soon_days": report.due_soon_days, "stale_days": report.stale_days},
        "filters": {
            "owner": report.options.owner,
            "postmortem": report.options.postmortem,
            "target": report.options.target,
            "only": [f.value for f in report.shown] if report.options.only else None,
        },
        "flags": [f.value for f in report.shown],
        "summary": {
            "open": report.open,
            "flagged": report.flagged,
            "flags": {f.value: n for f, n in report.counts.items()},
            "owners": [
                {
                    "owner": s.owner,
                    "open": s.open,
                    "flagged": s.flagged,
                    "flags": {f.value: n for f, n in s.counts.items()},
                }
                for s in report.owners
            ],
        },
        "fail_on": {"flags": sorted(f.value for f in report.options.fail_on), "items": report.failing},
    }
    text = json.dumps(head, indent=2, ensure_ascii=False)
    yield text[: text.rindex("}")].rstrip() + ',\n  "groups": ['
    write = _Writer()
    for n, group in enumerate(report.groups):
        name = f'{{"kind":{_s(group.kind)},"name":{_s(group.name)}'
        yield f'{"," if n else ""}\n    {name},"items":['
        items = group.items
        for start in range(0, len(items), _BATCH):  # (pieces of a few hundred kB: few writes, little memory)
            lines = [write.item(item) for item in items[start : start + _BATCH]]
            yield ("\n      " if start == 0 else ",\n      ") + ",\n      ".join(lines)
        yield "\n    ]}"
    yield "\n  ]\n}\n" if report.groups else "]\n}\n"


_BATCH = 1000


# Items are written with f-strings around the json module's C string encoder: the same JSON as
# json.dumps(..., separators=(",", ":"), ensure_ascii=False), several times faster on 100k items.
_s: Callable[[str], str] = json.encoder.encode_basestring
_STATUS = {"open": '"open"', "in_progress": '"in_progress"', "proposed": '"proposed"'}


class _Writer:
    def __init__(self) -> None:
        self.postmortems: dict[str, str] = {}
        self.flags: dict[int, str] = {}
        self.days: dict[date, str] = {}

    def _day(self, day: date) -> str:
        text = self.days[day] = f'"{day.isoformat()}"'
        return text

    def item(self, item: ReportItem) -> str:
        row, found = item.row, item.flags
        pm = self.postmortems.get(row.postmortem_id)
        if pm is None:
            pm = self.postmortems[row.postmortem_id] = _postmortem(row.postmortem_id, item.postmortem)
        flags = self.flags.get(found.mask)
        if flags is None:
            flags = self.flags[found.mask] = ",".join([f'"{f.value}"' for f in found.flags])
        notes = ",".join([_s(n) for n in found.notes]) if found.notes else ""
        links = row.links
        link = (_link(links[0]) if len(links) == 1 else ",".join([_link(x) for x in links])) if links else ""
        owner, over, until, day = row.owner, found.days_overdue, found.days_until_due, row.due
        due = "null" if day is None else self.days.get(day) or self._day(day)
        return (
            f'{{"id":{_s(row.id)},"text":{_s(row.text)},"owner":{"null" if owner is None else _s(owner)},'
            f'"status":{_STATUS.get(row.status) or _s(row.status)},"due":{due},'
            f'"due_derived":{"true" if row.due_derived else "false"},'
            f'"days_overdue":{"null" if over is None else over},'
            f'"days_until_due":{"null" if until is None else until},'
            f'"days_idle":{found.days_idle},"flags":[{flags}],"notes":[{notes}],'
            f'"postmortem":{pm},"links":[{link}]}}'
        )


def _opt(value: str | None) -> str:
    return "null" if value is None else _s(value)


def _link(link: LinkInfo) -> str:
    return f'{{"target":{_s(link.target)},"key":{_opt(link.key)},"url":{_opt(link.url)},"state":{_s(link.state)}}}'


def _postmortem(pm_id: str, pm: PostmortemView | None) -> str:
    title = _opt(pm.title) if pm else "null"
    incident = f'"{pm.incident_date.isoformat()}"' if pm and pm.incident_date else "null"
    return f'{{"id":{_s(pm_id)},"title":{title},"incident_date":{incident}}}'
