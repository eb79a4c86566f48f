"""A contact book of N contacts for the export and table benchmarks (built once, kept in the
git-ignored ``benchmarks/data/``)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from smsdesk.core.db.engine import open_database, sqlite_url  # noqa: E402
from tests.helpers.contacts_data import fill_book  # noqa: E402

DATA_DIR = ROOT / "benchmarks" / "data"


def book(contacts: int) -> Path:
    """The path of a book with ``contacts`` contacts (tags, tiers, consent caches, opt-outs,
    a custom field), made with the tests' bulk filler if missing."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / f"book_{contacts}.sqlite3"
    if not path.exists():
        partial = path.with_suffix(".partial")
        for stale in DATA_DIR.glob(partial.name + "*"):
            stale.unlink()
        started = time.perf_counter()
        db = open_database(sqlite_url(partial))
        try:
            fill_book(db, contacts)
            with db.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()
        partial.rename(path)
        print(f"built {path} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return path
