"""Run the sender in its own process against the counting gateway (the kill test's victim).

``python -m tests.helpers.sender_process DB_PATH ENDPOINT [--batch N] [--until-idle]``
"""

from __future__ import annotations

import argparse
import sys

from smsdesk.core.db.engine import open_database, sqlite_url
from smsdesk.core.sending.engine import SenderEngine
from tests.helpers.counting_gateway import gateway_factory


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("endpoint")
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--until-idle", action="store_true")
    parser.add_argument("--max-seconds", type=float, default=None)
    args = parser.parse_args(argv)
    from pathlib import Path

    db = open_database(sqlite_url(Path(args.db)))
    engine = SenderEngine(db, provider_factory=gateway_factory(args.endpoint, max_batch=args.batch))
    totals = engine.run(until_idle=args.until_idle, max_seconds=args.max_seconds)
    print(totals.as_dict(), flush=True)
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
