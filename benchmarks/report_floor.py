"""The least any Python `tracker report --format json` must do, timed by bench_report.py as a whole process.

    python benchmarks/report_floor.py STORE SQL OUTPUT

Reads the rows the report reads (the same query, passed as SQL) with the standard library's
sqlite3 and writes each row as one line of JSON with f-strings around the json module's C string
encoder, as render_json does: no flags, no grouping, no sorting, no config, no CLI. Whatever the
report adds is what the report itself costs; this is the floor under it on this machine.
"""

from __future__ import annotations

import gc
import json.encoder
import sqlite3
import sys


def main(store: str, sql: str, output: str) -> None:
    gc.disable()  # as the report does
    s = json.encoder.encode_basestring
    rows = sqlite3.connect(store).execute(sql)
    with open(output, "w", encoding="utf-8") as out:
        out.writelines(
            f'{{"id":{s(i)},"postmortem":{s(p)},"text":{s(t)},"owner":{"null" if o is None else s(o)},'
            f'"due":{"null" if d is None else s(d)},"due_derived":{dd},"status":{s(st)},"updated":{s(u)},'
            f'"targets":{own or "null"},"link":[{"null" if ta is None else s(ta)},{s(state or "")},'
            f"{s(key or '')},{s(url or '')},{s(ru or '')},{ra}]}}\n"
            for n, i, p, t, o, d, dd, st, u, own, ta, state, key, url, ru, ra in rows
        )


if __name__ == "__main__":
    main(*sys.argv[1:4])
