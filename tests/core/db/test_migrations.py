"""Schema versioning: from empty, from the first revision with data, and drift checks."""

from __future__ import annotations

import os
import stat
import warnings
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, create_engine, text
from sqlalchemy.schema import CreateIndex

from smsdesk.core.db import migrate
from smsdesk.core.db.engine import create_db_engine, open_database, sqlite_url
from smsdesk.core.db.models import Base
from smsdesk.core.errors import DatabaseError


def test_empty_database_reaches_head(db_path: Path) -> None:
    db = open_database(sqlite_url(db_path))
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        with db.engine.connect() as connection:
            tables = {
                row[0]
                for row in connection.execute(
                    text("SELECT name FROM sqlite_master WHERE type='table'")
                )
            }
        assert set(Base.metadata.tables) <= tables
    finally:
        db.close()


def test_models_match_migrations(db_path: Path) -> None:
    """Every model change has its migration: autogenerate finds nothing to do at head."""
    db = open_database(sqlite_url(db_path))
    try:
        with db.engine.connect() as connection, warnings.catch_warnings():
            # Expression indexes cannot be reflected: the next test compares them.
            warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression")
            warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expr")
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diff == []
    finally:
        db.close()


def test_expression_indexes_match_the_models(db_path: Path) -> None:
    """The migration's frozen SQL for each expression index is what the model would create."""
    db = open_database(sqlite_url(db_path))
    try:
        with db.engine.connect() as connection:
            created = dict(
                connection.exec_driver_sql(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                ).all()
            )
        expression_indexes = [
            index
            for table in Base.metadata.tables.values()
            for index in table.indexes
            if any(not isinstance(e, Column) for e in index.expressions)
        ]
        assert expression_indexes  # the cap's index is one
        for index in expression_indexes:
            model_sql = str(CreateIndex(index).compile(dialect=db.engine.dialect)).strip()
            assert " ".join(created[index.name].split()) == " ".join(model_sql.split())
    finally:
        db.close()


def test_upgrade_from_first_revision_keeps_data(db_path: Path) -> None:
    engine = create_db_engine(sqlite_url(db_path))
    migrate.upgrade_to(engine, "0001")
    assert migrate.current_revision(engine) == "0001"
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO contacts (e164, name, region, carrier, province, city, timezone,"
                " tier, consent_scope, opted_out, suspect, consecutive_failures, birthday,"
                " purchase_count, purchase_total_cents, fields, notes, source, created_at,"
                " updated_at) VALUES ('+8613812345678', '王芳', 'CN', 'mobile', '江苏', '连云港',"
                " 'Asia/Shanghai', 'loyal', 'marketing', 0, 0, 0, '1990-05-20', 7, 123400,"
                " '{\"门店\": \"南山店\"}', '', 'old', '2025-01-01 00:00:00',"
                " '2025-01-01 00:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO tags (name, color, created_at) VALUES ('VIP', '', "
                "'2025-01-01 00:00:00')"
            )
        )
        connection.execute(text("INSERT INTO contact_tags VALUES (1, 1)"))
    engine.dispose()

    db = open_database(sqlite_url(db_path))
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        with db.engine.connect() as connection:
            row = connection.execute(
                text(
                    "SELECT e164, name, tier, purchase_total_cents, birthday, birthday_md, fields"
                    " FROM contacts"
                )
            ).one()
            tags = connection.execute(text("SELECT count(*) FROM contact_tags")).scalar()
        assert row.e164 == "+8613812345678"
        assert row.name == "王芳"
        assert row.tier == "loyal"
        assert row.purchase_total_cents == 123400
        assert date.fromisoformat(str(row.birthday)) == date(1990, 5, 20)
        assert row.birthday_md == "05-20"  # back-filled by revision 0002
        assert "南山店" in row.fields
        assert tags == 1
    finally:
        db.close()


def test_database_from_newer_version_is_refused(db_path: Path) -> None:
    db = open_database(sqlite_url(db_path))
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    db.close()
    with pytest.raises(DatabaseError, match="newer version"):
        open_database(sqlite_url(db_path))


def test_sqlite_pragmas_and_private_file(db_path: Path) -> None:
    db = open_database(sqlite_url(db_path))
    try:
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        if os.name == "posix":
            mode = stat.S_IMODE(db_path.stat().st_mode)
            assert mode == 0o600
    finally:
        db.close()


def test_unreadable_database_gives_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "not-a-db.sqlite3"
    bogus.write_bytes(b"this is not a database file at all" * 100)
    with pytest.raises(DatabaseError, match="Cannot open the database"):
        open_database(sqlite_url(bogus))


def test_downgrade_to_first_revision_and_back(db_path: Path) -> None:
    """Downgrades work too (a user rolling back a release with a backup in hand)."""
    from alembic import command

    db = open_database(sqlite_url(db_path))
    command.downgrade(migrate.alembic_config(db.engine), "0001")
    assert migrate.current_revision(db.engine) == "0001"
    migrate.upgrade_to_head(db.engine)
    assert migrate.current_revision(db.engine) == migrate.head_revision()
    db.close()
    assert create_engine(sqlite_url(db_path))  # file still a valid database


def test_an_upgrade_is_pending_only_for_an_older_database(db_path: Path) -> None:
    engine = create_db_engine(sqlite_url(db_path))
    try:
        assert not migrate.upgrade_pending(engine)  # new and empty: created, not upgraded
        migrate.upgrade_to(engine, "0002")
        assert migrate.upgrade_pending(engine)
        migrate.upgrade_to_head(engine)
        assert not migrate.upgrade_pending(engine)
    finally:
        engine.dispose()
