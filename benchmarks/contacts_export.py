"""Export speed against the writer alone, and memory, at a million contacts.

    python benchmarks/contacts_export.py --contacts 1000000

The export times the writer's own calls (xlsxwriter in constant-memory mode, or the csv
module) while it runs: "the writer alone" is the time those calls took for exactly the cells
written; the rest is reading the database and formatting. Each export runs in its own
process so its peak memory (max RSS) is its own. The issue's bound for .xlsx: total within
1.5x the writer alone, memory flat.
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

from benchmarks.contacts_book import book  # noqa: E402

EXPORT = PEAK + textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from smsdesk.core.contacts.exporter import export_contacts
    from smsdesk.core.db.engine import open_database, sqlite_url
    db = open_database(sqlite_url(Path(sys.argv[1])))
    result = export_contacts(db, sys.argv[2], unmasked=True)
    peak = peak_mb()
    print(json.dumps({"rows": result.rows, "seconds": result.seconds,
                      "writer": result.writer_seconds, "peak_mb": peak,
                      "size_mb": Path(sys.argv[2]).stat().st_size / 1e6}))
    """
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--formats", default="xlsx,csv")
    args = parser.parse_args()
    source = book(args.contacts)
    print(f"book: {args.contacts:,} contacts; cpus {os.cpu_count()}")
    with tempfile.TemporaryDirectory(prefix="smsdesk-export-") as folder:
        for suffix in args.formats.split(","):
            load = os.getloadavg()[0]
            env = {
                **os.environ,
                "SMSDESK_HOME": str(Path(folder) / "home"),
                "PYTHONPATH": str(ROOT),
            }
            target = Path(folder) / f"contacts.{suffix}"
            done = subprocess.run(
                [sys.executable, "-c", EXPORT, str(source), str(target)],
                capture_output=True,
                text=True,
                check=True,
                env=env,
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
            total, writer = result["seconds"], result["writer"]
            print(
                f".{suffix}: {result['rows']:,} rows in {total:6.1f} s, writer alone "
                f"{writer:6.1f} s -> {total / writer:4.2f}x; peak {result['peak_mb']:4.0f} MB; "
                f"file {result['size_mb']:.0f} MB; load average before {load:.2f}"
            )


if __name__ == "__main__":
    main()
