"""`tracker remind` as whole processes at 100,000 items across 500 owners, against the test fakes.

    .venv/bin/python benchmarks/bench_remind.py [--items 100000] [--owners 500]

The store is benchmarks/_fill.py's (300 of the 500 owners in `[people]`, each with an e-mail; the
other 200 are unreachable and listed to `ownerless_to`). Slack is the fake Web API
(tests/fakes/slack_api_fake.py, knowing every address, so each person is looked up by e-mail
once) and e-mail a real aiosmtpd server, both on 127.0.0.1 in this process. Each run starts from
a fresh copy of the store. Printed per run: wall time, messages sent, Slack requests by method,
and SMTP messages:

1. `--dry-run` (nothing sent);
2. the first real run (every reminder; Slack ids looked up and cached);
3. the same day again (nothing new: no request at all);
4. the next day (everything again, ids from the store: no look-ups).

Also checks that `remind` imports neither the GitHub nor the Jira client.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._fill import cached_store
from benchmarks._run import ENV, imported, ms, tracker_cmd
from tests.fakes.http_server import serve
from tests.fakes.slack_api_fake import FakeSlackApi
from tests.fakes.smtp_server import Inbox, smtp_server

TOKEN = "xoxb-BENCH-remind-TOKEN-1"
# Today and tomorrow: what was sent is stamped with the real clock, and a day counts from then.
DAY = datetime.now(UTC).date().isoformat()
NEXT = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()


def _config(base: Path, out: Path, slack_url: str, port: int) -> None:
    remind = (
        f'[remind]\nslack_token_env = "BENCH_SLACK"\nslack_api_url = "{slack_url}/api/"\nsmtp_host = "127.0.0.1"\n'
        f'smtp_port = {port}\nsmtp_starttls = false\nfrom = "tracker@example.com"\nownerless_to = "#ops"\n'
    )
    out.write_text(base.read_text(encoding="utf-8") + remind, encoding="utf-8")


def _run(argv: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, env={**ENV, "BENCH_SLACK": TOKEN})
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr}")
    return wall, done.stdout.strip().splitlines()[-1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--owners", type=int, default=500)
    args = parser.parse_args()
    db, base_config = cached_store(args.items, args.owners)
    users = {f"owner{n}@example.com": f"U{n:05d}" for n in range(args.owners)}
    slack = FakeSlackApi(token=TOKEN, users=users, channels={"#ops"})
    inbox = Inbox()
    work = Path(tempfile.mkdtemp(prefix="bench-remind-"))
    try:
        with serve(slack.handle) as url, smtp_server(inbox) as port:
            config, store = work / "config.toml", work / "t.db"
            _config(base_config, config, url, port)
            shutil.copy(db, store)
            base = [*tracker_cmd(), "--config", str(config), "--db", str(store), "remind"]
            print(f"{args.items:,} items, {args.owners} owners ({db.name}); one whole process per run")
            for label, extra in (
                ("--dry-run", ["--dry-run", "--as-of", DAY]),
                ("first run", ["--as-of", DAY]),
                ("same day again", ["--as-of", DAY]),
                ("next day", ["--as-of", NEXT]),
            ):
                slack.calls.clear()
                mails = len(inbox.received)
                wall, summary = _run([*base, *extra])
                calls = ", ".join(f"{n} {m}" for m, n in sorted(Counter(slack.calls).items())) or "none"
                print(f"  {label:15} {ms(wall)}   Slack requests: {len(slack.calls):4} ({calls})")
                print(f"  {'':15}            SMTP messages: {len(inbox.received) - mails}")
                print(f"  {'':15}            {summary[:160]}")
            heavy = imported(
                ["--config", str(config), "--db", str(store), "remind", "--dry-run", "--as-of", DAY], ("github", "jira")
            )
            print(f"  modules remind imported of github, jira: {', '.join(heavy) or 'none'}")
            biggest = max((len(m.message.as_bytes()) for m in inbox.received), default=0)
            print(f"  largest e-mail: {biggest / 1024:.0f} KB; store after: {os.path.getsize(store) / 1e6:.1f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if not heavy else 1


if __name__ == "__main__":
    raise SystemExit(main())
