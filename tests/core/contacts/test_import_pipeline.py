"""Merging staged batches on a second thread while the file is read (SQLite imports)."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from smsdesk.core.contacts import import_staging, importer
from smsdesk.core.contacts.bulk_sql import BulkSQL
from smsdesk.core.contacts.import_pipeline import Batch, BatchPipeline
from smsdesk.core.contacts.importer import DuplicatePolicy, ImportOptions, import_file
from smsdesk.core.contacts.numbers import normalize
from smsdesk.core.db.engine import Database, open_database, sqlite_url
from smsdesk.core.errors import Cancelled
from smsdesk.core.progress import Progress
from tests.helpers.contacts_data import realistic_rows, write_xlsx
from tests.helpers.contacts_snapshot import snapshot


def test_batches_run_in_order_on_another_thread() -> None:
    seen: list[int] = []
    before = sys.getswitchinterval()
    with BatchPipeline(lambda batch: seen.extend(row[0] for row in batch)) as pipeline:
        assert sys.getswitchinterval() < before
        for start in range(0, 30, 3):
            pipeline.put([(n,) for n in range(start, start + 3)])
    assert seen == list(range(30))
    assert sys.getswitchinterval() == before


def test_the_workers_error_reaches_the_reading_thread() -> None:
    handled: list[Batch] = []

    def handle(batch: Batch) -> None:
        if batch[0][0] == 2:
            raise ValueError("no room")
        handled.append(batch)

    def feed() -> None:
        with BatchPipeline(handle, depth=1) as pipeline:
            for n in range(50):
                pipeline.put([(n,)])

    with pytest.raises(ValueError, match="no room"):
        feed()
    assert [b[0][0] for b in handled] == [0, 1]  # nothing after the failed batch


def _book(db: Database) -> dict[str, Any]:
    """The contacts as an import leaves them, without ids and timestamps."""
    with db.engine.connect() as connection:
        contacts = connection.execute(
            text(
                "SELECT e164, name, tier, tier_override, birthday, birthday_md, notes, fields,"
                " first_purchase_at, last_purchase_at, purchase_count, purchase_total_cents,"
                " opted_out, suspect, region, carrier, province, city, timezone"
                " FROM contacts ORDER BY e164"
            )
        ).all()
        tags = connection.execute(
            text(
                "SELECT c.e164, t.name FROM contact_tags ct JOIN contacts c ON c.id = ct.contact_id"
                " JOIN tags t ON t.id = ct.tag_id ORDER BY 1, 2"
            )
        ).all()
    return {"contacts": [tuple(r) for r in contacts], "tags": [tuple(r) for r in tags]}


def _import_twice(
    folder: Path, rows: list[list[object]], policy: DuplicatePolicy
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Half the rows into an empty book, then all of them with ``policy``."""
    folder.mkdir()
    db = open_database(sqlite_url(folder / "book.sqlite3"))
    try:
        first = import_file(db, write_xlsx(folder / "half.xlsx", iter(rows[: len(rows) // 2])))
        again = import_file(
            db,
            write_xlsx(folder / "all.xlsx", iter(rows)),
            ImportOptions(on_duplicate=policy),
        )
        counts = {
            key: (first.to_json()[key], again.to_json()[key])
            for key in ("imported", "updated", "skipped", "merged", "rejected", "tags_added")
        }
        return counts, _book(db)
    finally:
        db.close()


@pytest.mark.parametrize("rebuild", [False, True], ids=["staged-here", "staged-by-worker"])
@pytest.mark.parametrize("policy", list(DuplicatePolicy))
def test_merging_in_small_steps_gives_the_same_book(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, policy: DuplicatePolicy, rebuild: bool
) -> None:
    """Steps of a few rows (a number's repeats fall in later steps) against one step at the
    end: the same contacts, tags and counts, for every duplicate policy; also when the
    indexes are dropped for a large first import and the worker stages each batch."""
    rows = list(realistic_rows(700, seed=21, duplicate_rate=0.35))
    if rebuild:
        monkeypatch.setattr(importer.import_merge, "REBUILD_INDEXES_ABOVE", 50)
    monkeypatch.setattr(import_staging, "BATCH_ROWS", 7)
    monkeypatch.setattr(importer, "MERGE_ROWS", 13)
    small = _import_twice(tmp_path / "small", rows, policy)
    monkeypatch.setattr(import_staging, "BATCH_ROWS", 100_000)
    monkeypatch.setattr(importer, "MERGE_ROWS", 10**9)
    whole = _import_twice(tmp_path / "whole", rows, policy)
    assert small == whole
    counts, book = small
    if policy is DuplicatePolicy.SKIP:
        assert counts["rejected"][1] > 0  # repeats in the file are rejected
    else:
        assert counts["merged"][1] > 0
        assert counts["skipped"][1] + counts["updated"][1] > 0
    assert counts["imported"][0] > 200  # the first half of the list: a real import
    assert len(book["contacts"]) == counts["imported"][0] + counts["imported"][1]


def _indexes(db: Database) -> set[str]:
    with db.engine.connect() as connection:
        return set(
            connection.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contacts'"
                )
            ).scalars()
        )


def test_an_error_in_a_merge_step_leaves_the_book_as_it_was(
    db: Database, tmp_path: Path, smsdesk_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real database error on the worker thread, after earlier steps merged contacts (and
    dropped the secondary indexes for a large import): rolled back, indexes and all."""
    rows = list(realistic_rows(400, seed=5, duplicate_rate=0.0, invalid_rate=0.0))
    import_file(db, write_xlsx(tmp_path / "first.xlsx", iter(rows[:10])))
    late = normalize(rows[350][1])
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "CREATE TRIGGER refuse_late BEFORE INSERT ON contacts"
                f" WHEN NEW.e164 = '{late}' BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )
        )
    before, indexes = snapshot(db), _indexes(db)
    monkeypatch.setattr(import_staging, "BATCH_ROWS", 20)
    monkeypatch.setattr(importer, "MERGE_ROWS", 20)
    monkeypatch.setattr(importer.import_merge, "REBUILD_INDEXES_ABOVE", 50)
    with pytest.raises(Exception, match="disk full"):
        import_file(db, write_xlsx(tmp_path / "all.xlsx", iter(rows)))
    assert snapshot(db) == before
    assert _indexes(db) == indexes
    assert not any((smsdesk_home / "reports").glob("*"))


def test_cancel_after_some_steps_leaves_the_book_as_it_was(
    db: Database, tmp_path: Path, smsdesk_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancel while reading, once the merging thread has inserted and tagged contacts with
    the secondary indexes dropped."""
    rows = list(realistic_rows(400, seed=8))
    import_file(db, write_xlsx(tmp_path / "first.xlsx", iter(rows[:10])))
    before, indexes = snapshot(db), _indexes(db)
    reports = set((smsdesk_home / "reports").glob("*"))
    monkeypatch.setattr(import_staging, "BATCH_ROWS", 20)
    monkeypatch.setattr(importer, "MERGE_ROWS", 20)
    monkeypatch.setattr(importer.import_merge, "REBUILD_INDEXES_ABOVE", 50)
    event = threading.Event()
    updates: list[int] = []

    def update(done: int, total: int, current: str) -> None:
        updates.append(done)
        if done >= 300:
            event.set()

    progress = Progress(cancel_event=event, on_update=update, min_interval=0)
    with pytest.raises(Cancelled):
        import_file(db, write_xlsx(tmp_path / "all.xlsx", iter(rows)), progress=progress)
    assert max(updates) >= 300
    assert snapshot(db) == before
    assert _indexes(db) == indexes
    assert set((smsdesk_home / "reports").glob("*")) == reports  # this import's report deleted


def test_multi_row_inserts_keep_every_row_in_order(db: Database) -> None:
    """2,500 rows of 3 values: chunks of 1,024, 1,024, 256, 128, 64 and 4 rows (each
    statement shape prepared once), every value where it belongs."""
    rows = [(n, f"+86138{n:08d}", None if n % 3 else "标签") for n in range(1, 2501)]
    with db.engine.connect() as connection:
        sql = BulkSQL(connection)
        sql.run("CREATE TEMPORARY TABLE t (seq INTEGER PRIMARY KEY, e164 TEXT, tags TEXT)")
        sql.insert_rows("t", ["seq", "e164", "tags"], rows)
        sql.insert_rows("t", ["seq", "e164", "tags"], [])
        stored = [tuple(r) for r in sql.run("SELECT seq, e164, tags FROM t ORDER BY seq")]
    assert stored == rows
