"""Make the benchmark input files (git-ignored ``benchmarks/data/``), once per size and seed.

    python benchmarks/contacts_files.py --rows 1000000

The mix is the issue's: about 10% duplicates, 5% invalid numbers, numbers as text and floats.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers.contacts_data import realistic_rows, write_csv, write_xlsx  # noqa: E402

DATA_DIR = ROOT / "benchmarks" / "data"


def import_file(rows: int, *, suffix: str = ".xlsx", seed: int = 7) -> Path:
    """The path of the benchmark file with ``rows`` rows, written if missing."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / f"contacts_{rows}_{seed}{suffix}"
    if not path.exists():
        partial = path.with_suffix(".partial" + suffix)
        started = time.perf_counter()
        if suffix == ".csv":
            write_csv(partial, realistic_rows(rows, seed=seed), encoding="gb18030")
        else:
            write_xlsx(partial, realistic_rows(rows, seed=seed))
        partial.rename(path)
        print(f"wrote {path} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--csv", action="store_true", help="a GB18030 CSV instead of .xlsx")
    args = parser.parse_args()
    print(import_file(args.rows, suffix=".csv" if args.csv else ".xlsx"))


if __name__ == "__main__":
    main()
