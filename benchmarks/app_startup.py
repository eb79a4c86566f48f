"""Start-up and dashboard figures: how long until the user sees a living window.

``python benchmarks/app_startup.py [--contacts N] [--runs R]``

1. demo generation speed (contacts per second, bulk inserts);
2. ``open_database`` on an existing, migrated book (the migration check at every start);
3. the dashboard's ``overview()`` query at N contacts;
4. ``smsdesk --self-test`` wall time in a fresh process (interpreter, Qt, every page).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from smsdesk.core.db.engine import open_database, sqlite_url
from smsdesk.core.demo.generator import generate
from smsdesk.core.reports.overview import overview


def timed(fn, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="smsdesk-startup-"))
    os.environ["SMSDESK_HOME"] = str(work / "home")
    path = work / "book.sqlite3"
    url = sqlite_url(path)

    db = open_database(url)
    started = time.perf_counter()
    generate(db, contacts=args.contacts, seed=7)
    seconds = time.perf_counter() - started
    print(
        f"demo generation: {args.contacts:,} contacts in {seconds:.1f} s "
        f"({args.contacts / seconds:,.0f}/s)"
    )
    db.close()

    opens = timed(lambda: open_database(url).close(), args.runs)
    print(f"open_database (migrated book): median {statistics.median(opens) * 1000:.0f} ms")

    db = open_database(url)

    def dashboard() -> None:
        with db.session() as session:
            overview(session)

    samples = timed(dashboard, args.runs)
    print(
        f"dashboard overview at {args.contacts:,} contacts: median "
        f"{statistics.median(samples) * 1000:.0f} ms (runs: "
        + ", ".join(f"{s * 1000:.0f}" for s in samples)
        + ")"
    )
    db.close()

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    walls = []
    for _ in range(min(args.runs, 3)):
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "smsdesk", "--db", str(path), "--self-test"],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        walls.append(time.perf_counter() - started)
        if result.returncode != 0:
            print(result.stderr)
            return 1
    print(
        f"smsdesk --self-test (start, open all 10 pages, quit): median "
        f"{statistics.median(walls):.2f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
