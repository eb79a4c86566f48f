"""A contact book of 100,000 contacts made by the demo generator, built once and reused.

The generator takes some seconds for 100,000 contacts (it writes consent records through the
hash chain), so the finished file is kept in pytest's cache folder under a key made of the
sources that shape it (generator, vocabulary, numbers, migrations); any change to those
builds it again. Tests get a copy, so no test sees another's changes.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from smsdesk.core.db.engine import open_database, sqlite_url

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (
    "smsdesk/core/demo/generator.py",
    "smsdesk/core/demo/vocabulary.py",
    "smsdesk/core/contacts/numbers.py",
    "smsdesk/core/contacts/cn_tables.py",
    "smsdesk/core/contacts/tiers.py",
    "smsdesk/core/consent/evidence_chain.py",
    "smsdesk/core/db/models/contacts.py",
    "smsdesk/core/db/models/consent.py",
)


def _key(count: int, seed: int) -> str:
    digest = hashlib.sha256(f"{count}:{seed}".encode())
    files = [ROOT / s for s in SOURCES]
    files += sorted((ROOT / "smsdesk/core/db/migrations/versions").glob("*.py"))
    for path in files:
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def demo_book(cache: Path, target: Path, *, count: int = 100_000, seed: int = 7) -> Path:
    """A copy at ``target`` of the cached demo book with ``count`` contacts."""
    from smsdesk.core.demo.generator import generate

    cache.mkdir(parents=True, exist_ok=True)
    built = cache / f"demo-{count}-{_key(count, seed)}.sqlite3"
    if not built.exists():
        partial = built.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        db = open_database(sqlite_url(partial))
        try:
            generate(db, contacts=count, seed=seed)
            with db.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            db.close()
        for stale in cache.glob(f"demo-{count}-*.sqlite3"):
            stale.unlink()
        partial.replace(built)
    shutil.copyfile(built, target)
    return target
