"""The hash chain: a valid log verifies, every kind of tampering made with raw SQL is caught
and located, and the database refuses UPDATE/DELETE while its triggers are in place."""

from __future__ import annotations

import itertools
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from smsdesk.core.consent import consent_log
from smsdesk.core.consent.evidence_chain import (
    ANCHOR_KEY,
    GENESIS,
    HASHED_FIELDS,
    ChainProblem,
    append,
    canonical_bytes,
    chain_head,
    record_hash,
    verify_chain,
)
from smsdesk.core.db.engine import Database, open_database, sqlite_url
from smsdesk.core.db.models import ConsentRecord
from tests.helpers.consent_records import entry, raw_sql

Chain = Callable[[int], list[int]]
Tamper = Callable[..., None]


def verify(db: Database):  # type: ignore[no-untyped-def]
    with db.session() as session:
        return verify_chain(session)


def forged_values(db: Database, index: int, prev_hash: str) -> tuple[object, ...]:
    """A well-formed record (correct hash for ``prev_hash``) as a tool could compute it."""
    fake = entry(index)
    values = {name: getattr(fake, name) for name in HASHED_FIELDS if name != "recorded_at"}
    values["recorded_at"] = fake.consented_at
    digest = record_hash(values, prev_hash)
    return (
        fake.e164, fake.action, fake.scope, fake.method, fake.source,
        fake.consented_at.replace(tzinfo=None).isoformat(sep=" "),
        fake.consented_at.replace(tzinfo=None).isoformat(sep=" "),
        fake.evidence_text, "", "", fake.recorded_by, prev_hash, digest,
    )  # fmt: skip


INSERT = (
    "INSERT INTO consent_records (id, e164, action, scope, method, source, consented_at, "
    "recorded_at, evidence_text, evidence_file, evidence_sha256, recorded_by, prev_hash, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def hash_of(db: Database, record_id: int) -> str:
    with db.session() as session:
        value = session.scalar(select(ConsentRecord.hash).where(ConsentRecord.id == record_id))
    assert value is not None
    return value


# --- a valid log -------------------------------------------------------------------------------


def test_empty_log_verifies(db: Database) -> None:
    result = verify(db)
    assert (result.ok, result.records, result.first_bad, result.problem) == (True, 0, None, None)
    assert result.head == GENESIS


def test_valid_chain_verifies_and_links(db: Database, chain: Chain) -> None:
    ids = chain(5)
    result = verify(db)
    assert result.ok
    assert result.records == 5
    assert result.head == hash_of(db, ids[-1])
    with db.session() as session:
        rows = session.scalars(select(ConsentRecord).order_by(ConsentRecord.id)).all()
        assert rows[0].prev_hash == GENESIS
        for before, after in itertools.pairwise(rows):
            assert after.prev_hash == before.hash
        anchor = session.execute(
            text("SELECT value FROM settings WHERE key = :k"), {"k": ANCHOR_KEY}
        ).scalar()
        assert anchor is not None
        assert chain_head(session) == rows[-1].hash


def test_bulk_append_in_one_call_verifies(db: Database) -> None:
    with db.session() as session:
        ids = append(session, [entry(i) for i in range(300)])
    assert ids == sorted(ids)
    assert len(set(ids)) == 300
    result = verify(db)
    assert result.ok
    assert result.records == 300


def test_canonical_content_is_stable_json() -> None:
    fake = entry(7)
    values = {name: getattr(fake, name) for name in HASHED_FIELDS if name != "recorded_at"}
    values["recorded_at"] = fake.consented_at
    assert canonical_bytes(values).decode() == (
        '{"action":"grant","consented_at":"2026-03-01T09:07:00.000000Z","e164":"+8613800000007",'
        '"evidence_file":"","evidence_sha256":"","evidence_text":"签字表单 7","method":"paper",'
        '"recorded_at":"2026-03-01T09:07:00.000000Z","recorded_by":"tester","scope":"marketing",'
        '"source":"门店"}'
    )


# --- the database refuses -------------------------------------------------------------------


def test_database_refuses_update_and_delete_through_raw_sql(db_path: Path, chain: Chain) -> None:
    chain(2)
    with raw_sql(db_path, drop_triggers=False) as connection:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute("UPDATE consent_records SET evidence_text = 'x' WHERE id = 1")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute("DELETE FROM consent_records WHERE id = 2")
        assert connection.execute("SELECT count(*) FROM consent_records").fetchone() == (2,)


def test_database_refuses_orm_update_and_delete(db: Database, chain: Chain) -> None:
    chain(1)
    session = db.sessions()
    try:
        session.scalars(select(ConsentRecord)).one().scope = "service"
        with pytest.raises(IntegrityError, match="append-only"):
            session.flush()
        session.rollback()
        session.delete(session.scalars(select(ConsentRecord)).one())
        with pytest.raises(IntegrityError, match="append-only"):
            session.flush()
        session.rollback()
    finally:
        session.close()
    assert verify(db).ok


# --- tampering, each made with raw SQL ---------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("evidence_text", "伪造的证据"),
        ("scope", "service"),
        ("action", "withdraw"),
        ("e164", "+8613900000000"),
        ("consented_at", "2025-01-01 00:00:00.000000"),
        ("recorded_by", "someone else"),
    ],
)
def test_edited_field_is_caught_at_that_record(
    db: Database, chain: Chain, tamper: Tamper, column: str, value: str
) -> None:
    ids = chain(5)
    tamper((f"UPDATE consent_records SET {column} = ? WHERE id = ?", (value, ids[2])))
    result = verify(db)
    assert not result.ok
    assert (result.problem, result.first_bad) == (ChainProblem.ALTERED, ids[2])


def test_edited_hash_column_is_caught(db: Database, chain: Chain, tamper: Tamper) -> None:
    ids = chain(4)
    tamper((f"UPDATE consent_records SET hash = '{'a' * 64}' WHERE id = ?", (ids[1],)))
    result = verify(db)
    assert (result.ok, result.problem, result.first_bad) == (False, "altered", ids[1])


def test_edit_with_recomputed_hash_is_caught_at_the_edited_record(
    db: Database, chain: Chain, tamper: Tamper
) -> None:
    ids = chain(5)
    with db.session() as session:
        record = session.get(ConsentRecord, ids[2])
        assert record is not None
        values = {name: getattr(record, name) for name in HASHED_FIELDS}
        prev = record.prev_hash
    values["scope"] = "service"
    new_hash = record_hash(values, prev)
    tamper(
        ("UPDATE consent_records SET scope = 'service', hash = ? WHERE id = ?", (new_hash, ids[2]))
    )
    result = verify(db)
    assert (result.ok, result.problem, result.first_bad) == (False, "altered", ids[2])


def test_deleted_middle_record_is_caught_after_the_gap(
    db: Database, chain: Chain, tamper: Tamper
) -> None:
    ids = chain(5)
    tamper(("DELETE FROM consent_records WHERE id = ?", (ids[2],)))
    result = verify(db)
    assert (result.ok, result.problem, result.first_bad) == (False, "deleted", ids[3])
    assert result.detail["missing_after"] == ids[1]


def test_deleted_first_record_is_caught(db: Database, chain: Chain, tamper: Tamper) -> None:
    ids = chain(3)
    tamper(("DELETE FROM consent_records WHERE id = ?", (ids[0],)))
    result = verify(db)
    assert (result.ok, result.problem, result.first_bad) == (False, "deleted", ids[1])


def test_deleted_last_record_is_caught_by_the_anchor(
    db: Database, chain: Chain, tamper: Tamper
) -> None:
    ids = chain(5)
    tamper(("DELETE FROM consent_records WHERE id = ?", (ids[-1],)))
    result = verify(db)
    assert (result.ok, result.problem, result.first_bad) == (False, "deleted", None)
    assert result.detail == {"expected_records": 5, "found_records": 4}


def test_deleted_last_record_stays_visible_after_new_appends(
    db: Database, chain: Chain, tamper: Tamper
) -> None:
    ids = chain(3)
    tamper(("DELETE FROM consent_records WHERE id = ?", (ids[-1],)))
    with db.session() as session:  # the app goes on: SQLite even reuses the deleted id
        (new_id,) = append(session, [entry(50)])
    assert new_id == ids[-1]
    result = verify(db)
    assert (result.ok, result.problem) == (False, "deleted")
    assert result.detail == {"expected_records": 4, "found_records": 3}


def test_correctly_hashed_record_added_by_a_tool_is_caught(
    db: Database, chain: Chain, tamper: Tamper
) -> None:
    ids = chain(3)
    forged = forged_values(db, 90, hash_of(db, ids[-1]))
    tamper((INSERT, (ids[-1] + 1, *forged)))
    result = verify(db)
    assert (result.ok, result.problem, result.first_bad) == (False, "inserted", ids[-1] + 1)


def test_unlinked_record_added_at_the_end_is_caught(
    db: Database, chain: Chain, tamper: Tamper
) -> None:
    ids = chain(3)
    tamper((INSERT, (ids[-1] + 1, *forged_values(db, 91, "f" * 64))))
    result = verify(db)
    assert (result.ok, result.problem, result.first_bad) == (False, "inserted", ids[-1] + 1)


def test_record_slipped_between_others_is_caught(
    db: Database, chain: Chain, tamper: Tamper
) -> None:
    ids = chain(4)
    # Make room after record 2 (ids renumbered), then insert a record there. prev_hash is
    # unique, so the forgery cannot reuse record 2's hash as its predecessor.
    tamper(
        ("UPDATE consent_records SET id = id + 100 WHERE id > ?", (ids[1],)),
        (INSERT, (ids[1] + 1, *forged_values(db, 92, "e" * 64))),
    )
    result = verify(db)
    assert (result.ok, result.problem, result.first_bad) == (False, "inserted", ids[1] + 1)


def test_linked_record_slipped_in_without_constraints_is_caught(
    db: Database, db_path: Path, chain: Chain
) -> None:
    ids = chain(4)
    linked = forged_values(db, 93, hash_of(db, ids[1]))
    with raw_sql(db_path) as connection:  # a tool rebuilds the table without its constraints
        connection.executescript(
            "CREATE TABLE loose AS SELECT * FROM consent_records;"
            "DROP TABLE consent_records;"
            "ALTER TABLE loose RENAME TO consent_records;"
        )
        connection.execute("UPDATE consent_records SET id = id + 100 WHERE id > ?", (ids[1],))
        connection.execute(INSERT, (ids[1] + 1, *linked))
    result = verify(db)
    assert (result.ok, result.problem, result.first_bad) == (False, "inserted", ids[1] + 1)


def test_swapped_records_are_caught_as_reordered(
    db: Database, chain: Chain, tamper: Tamper
) -> None:
    ids = chain(5)
    tamper(
        ("UPDATE consent_records SET id = -1 WHERE id = ?", (ids[1],)),
        ("UPDATE consent_records SET id = ? WHERE id = ?", (ids[1], ids[2])),
        ("UPDATE consent_records SET id = ? WHERE id = -1", (ids[2],)),
    )
    result = verify(db)
    assert (result.ok, result.problem, result.first_bad) == (False, "reordered", ids[1])


def test_last_record_moved_to_the_front_is_caught(
    db: Database, chain: Chain, tamper: Tamper
) -> None:
    ids = chain(4)
    tamper(("UPDATE consent_records SET id = 0 WHERE id = ?", (ids[-1],)))
    result = verify(db)
    assert (result.ok, result.problem, result.first_bad) == (False, "reordered", 0)


def test_deleted_anchor_is_caught_and_stays_caught(
    db: Database, chain: Chain, tamper: Tamper
) -> None:
    chain(2)
    tamper(("DELETE FROM settings WHERE key = ?", (ANCHOR_KEY,)))
    assert verify(db).problem == "anchor_missing"
    with db.session() as session:
        append(session, [entry(60)])
    result = verify(db)
    assert (result.ok, result.problem) == (False, "anchor_missing")


def test_rewritten_tail_with_anchor_passes_the_chain_but_not_the_witness(
    db: Database, chain: Chain, tamper: Tamper
) -> None:
    """The documented limit: a writer who recomputes every later hash and the anchor passes
    the in-database checks; the witness kept outside the database still catches it."""
    ids = chain(3)
    with db.session() as session:
        assert consent_log.verify(session).ok  # remembers count and head outside the database
        last = session.get(ConsentRecord, ids[-1])
        assert last is not None
        values = {name: getattr(last, name) for name in HASHED_FIELDS}
        prev = last.prev_hash
    values["evidence_text"] = "rewritten"
    new_hash = record_hash(values, prev)
    tamper(
        (
            "UPDATE consent_records SET evidence_text = 'rewritten', hash = ? WHERE id = ?",
            (new_hash, ids[-1]),
        ),
        (
            "UPDATE settings SET value = json_object('count', 3, 'head', ?) WHERE key = ?",
            (new_hash, ANCHOR_KEY),
        ),
    )
    assert verify(db).ok
    with db.session() as session:
        result = consent_log.verify(session)
    assert (result.ok, result.problem) == (False, "witness_mismatch")


# --- for all inputs ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def template_db() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="chain-template-"))
    path = folder / "template.sqlite3"
    database = open_database(sqlite_url(path))
    for index in range(8):
        with database.session() as session:
            append(session, [entry(index)])
    database.close()
    yield path
    shutil.rmtree(folder, ignore_errors=True)


def _copy_and_open(template: Path, folder: Path) -> tuple[Path, Database]:
    path = folder / "copy.sqlite3"
    shutil.copy(template, path)
    return path, open_database(sqlite_url(path), upgrade=False)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    operation=st.sampled_from(["edit", "delete", "swap", "rehash"]),
    first=st.integers(min_value=1, max_value=8),
    second=st.integers(min_value=1, max_value=8),
    column=st.sampled_from(HASHED_FIELDS),
)
def test_any_single_tampering_is_detected_and_located(
    template_db: Path, operation: str, first: int, second: int, column: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path, database = _copy_and_open(template_db, Path(folder))
        try:
            expected: int | None = first
            with raw_sql(path) as connection:
                if operation == "edit":
                    changed = f"{column} || 'x'"
                    if column.endswith("_at"):
                        changed = f"datetime({column}, '+1 second')"
                    connection.execute(
                        f"UPDATE consent_records SET {column} = {changed} WHERE id = ?", (first,)
                    )
                elif operation == "delete":
                    connection.execute("DELETE FROM consent_records WHERE id = ?", (first,))
                    expected = first + 1 if first < 8 else None
                elif operation == "swap":
                    low, high = sorted((first, second if second != first else first % 8 + 1))
                    connection.execute("UPDATE consent_records SET id = -1 WHERE id = ?", (low,))
                    connection.execute(
                        "UPDATE consent_records SET id = ? WHERE id = ?", (low, high)
                    )
                    connection.execute("UPDATE consent_records SET id = ? WHERE id = -1", (high,))
                    expected = low
                else:  # change the hash itself
                    connection.execute(
                        "UPDATE consent_records SET hash = ? WHERE id = ?", ("c" * 64, first)
                    )
            with database.session() as session:
                result = verify_chain(session)
            assert not result.ok
            assert result.first_bad == expected
        finally:
            database.close()
