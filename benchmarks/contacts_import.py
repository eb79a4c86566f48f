"""Import speed and memory against python-calamine's own read time, in one run.

    python benchmarks/contacts_import.py --rows 1000000 [--runs 3]

Each measurement runs in its own process, so peak memory (max RSS) belongs to it alone:
1. calamine alone: open the workbook and read every cell of the sheet;
2. ``import_file`` into an empty book (default policy: skip);
3. the same file again with ``on_duplicate=update``.
The issue's bound: 2 and 3 within 4x of 1, and under 700 MB each.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Peak memory of the measuring process itself: VmHWM starts afresh at exec, while
# ru_maxrss keeps the high-water mark of the parent that forked it.
PEAK = textwrap.dedent(
    """
    def peak_mb():
        import resource
        try:
            with open("/proc/self/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    """
)

from benchmarks.contacts_files import import_file as benchmark_file  # noqa: E402

CALAMINE = PEAK + textwrap.dedent(
    """
    import json, sys, time
    from python_calamine import CalamineWorkbook
    started = time.perf_counter()
    sheet = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0)
    cells = sum(len(row) for row in sheet.iter_rows())
    seconds = time.perf_counter() - started
    peak = peak_mb()
    print(json.dumps({"seconds": seconds, "cells": cells, "peak_mb": peak}))
    """
)

IMPORT = PEAK + textwrap.dedent(
    """
    import json, sys, time
    from smsdesk.core.contacts.importer import DuplicatePolicy, ImportOptions, import_file
    from smsdesk.core.db.engine import open_database, sqlite_url
    from pathlib import Path
    db = open_database(sqlite_url(Path(sys.argv[2])))
    options = ImportOptions(on_duplicate=DuplicatePolicy(sys.argv[3]))
    result = import_file(db, sys.argv[1], options)
    peak = peak_mb()
    print(json.dumps({**result.to_json(), "peak_mb": peak}))
    """
)


def run(code: str, *args: str, home: Path) -> dict[str, object]:
    env = {**os.environ, "SMSDESK_HOME": str(home), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--runs", type=int, default=1, help="repeat the three measurements (this machine varies)"
    )
    args = parser.parse_args()
    path = benchmark_file(args.rows)
    print(f"file: {path.name} ({path.stat().st_size / 1e6:.0f} MB, {args.rows:,} rows)")
    ratios: dict[str, list[float]] = {"import": [], "re-import": []}
    for _ in range(args.runs):
        for label, ratio in measure(path).items():
            ratios[label].append(ratio)
    if args.runs > 1:
        for label, values in ratios.items():
            print(
                f"{label}: {min(values):.2f}x to {max(values):.2f}x, median {median(values):.2f}x"
            )


def measure(path: Path) -> dict[str, float]:
    """One calamine read, one import into an empty book, one re-import; prints them and
    returns the two ratios."""
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="smsdesk-bench-") as folder:
        home = Path(folder) / "home"
        home.mkdir()
        # Warm the prefix-table cache (a one-time cost per phonenumbers version).
        run(
            "from smsdesk.core.contacts.numbers import normalize; normalize('13812345678'); print('{}')",
            home=home,
        )
        calamine = run(CALAMINE, str(path), home=home)
        book = Path(folder) / "book.sqlite3"
        first = run(IMPORT, str(path), str(book), "skip", home=home)
        again = run(IMPORT, str(path), str(book), "update", home=home)
    load_after = os.getloadavg()
    base = float(calamine["seconds"])  # type: ignore[arg-type]
    print(
        f"cpus: {os.cpu_count()}, load average before {load_before[0]:.2f}, after {load_after[0]:.2f}"
    )
    print(f"calamine read:       {base:7.1f} s   peak {calamine['peak_mb']:5.0f} MB")
    ratios: dict[str, float] = {}
    for key, label, result in (
        ("import", "import (empty book)", first),
        ("re-import", "re-import (update) ", again),
    ):
        seconds = float(result["seconds"])  # type: ignore[arg-type]
        ratios[key] = seconds / base
        print(
            f"{label}: {seconds:7.1f} s = {seconds / base:4.2f}x calamine   "
            f"peak {result['peak_mb']:5.0f} MB   imported {result['imported']:,}, "
            f"updated {result['updated']:,}, skipped {result['skipped']:,}, "
            f"merged {result['merged']:,}, rejected {result['rejected']:,}"
        )
    return ratios


if __name__ == "__main__":
    main()
