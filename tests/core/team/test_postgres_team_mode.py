"""Team mode: the same schema, rules and data paths on a shared PostgreSQL server."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from smsdesk.core.clock import utc_now
from smsdesk.core.consent.evidence_chain import ConsentEntry, append
from smsdesk.core.db import migrate
from smsdesk.core.db.engine import Database, open_database
from smsdesk.core.db.models import Base, Contact, OptOut
from smsdesk.core.demo.generator import generate
from smsdesk.core.reports.overview import overview

pytestmark = pytest.mark.postgres


def test_migrations_reach_head_and_match_models(pg_db: Database) -> None:
    assert migrate.current_revision(pg_db.engine) == migrate.head_revision()
    with pg_db.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        indexes = dict(
            connection.execute(
                text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'messages'")
            ).all()
        )
    # PostgreSQL rewrites an expression index's text (casts, ARRAY), so autogenerate sees it
    # as removed and added again; the index is checked here and by the planner test below.
    rewritten = [d for d in diff if d[1].name == "ix_messages_contact_counted"]
    assert [d for d in diff if d not in rewritten] == []
    assert sorted(d[0] for d in rewritten) in ([], ["add_index", "remove_index"])
    counted = indexes["ix_messages_contact_counted"]
    assert "'marketing'" in counted
    assert "COALESCE(submitting_at, not_before, created_at)" in counted
    assert "WHERE (submitting_at IS NOT NULL)" in indexes["ix_messages_e164_sent"]


def test_frequency_cap_uses_the_counted_index_on_postgres(pg_db: Database) -> None:
    """The cap's expression in a query is matched to the index's (literals, not parameters)."""
    from datetime import timedelta

    from smsdesk.core.campaigns.frequency import Cap, over_cap

    query = select(over_cap({"new": Cap(1, 7)}, utc_now() - timedelta(days=1))).select_from(Contact)
    with pg_db.engine.connect() as connection:
        connection.execute(text("SET enable_seqscan = off"))
        compiled = query.compile(connection, compile_kwargs={"render_postcompile": True})
        plan = "\n".join(
            row[0]
            for row in connection.exec_driver_sql("EXPLAIN " + str(compiled), compiled.params)
        )
    assert "ix_messages_contact_counted" in plan


def test_upgrade_from_first_revision_on_postgres(postgres_server) -> None:  # type: ignore[no-untyped-def]
    from smsdesk.core.db.engine import create_db_engine

    url = postgres_server.create_database()
    engine = create_db_engine(url)
    migrate.upgrade_to(engine, "0001")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO contacts (e164, name, region, carrier, province, city, timezone, tier,"
                " consent_scope, opted_out, suspect, consecutive_failures, birthday, purchase_count,"
                " purchase_total_cents, fields, notes, source, created_at, updated_at) VALUES"
                " ('+8613812345678', '王芳', 'CN', 'mobile', '江苏', '连云港', 'Asia/Shanghai',"
                " 'new', 'none', false, false, 0, '1991-12-03', 0, 0, '{}', '', '', now(), now())"
            )
        )
    engine.dispose()
    db = open_database(url)
    with db.session() as session:
        contact = session.scalars(select(Contact)).one()
        assert contact.name == "王芳"
        assert contact.birthday_md == "12-03"
    db.close()


def test_demo_data_and_overview_on_postgres(pg_db: Database) -> None:
    generate(pg_db, contacts=300, seed=4)
    with pg_db.session() as session:
        data = overview(session)
        assert data.contacts == 300
        opted = session.scalar(select(func.count()).select_from(OptOut))
        assert data.opted_out == opted


def test_consent_log_is_append_only_on_postgres(pg_db: Database) -> None:
    with pg_db.session() as session:
        append(
            session,
            [
                ConsentEntry(
                    e164="+8613812345678",
                    action="grant",
                    scope="marketing",
                    method="otp",
                    consented_at=utc_now(),
                )
            ],
        )
    for statement in (
        "UPDATE consent_records SET scope = 'service'",
        "DELETE FROM consent_records",
        "TRUNCATE consent_records",
    ):
        with pytest.raises(IntegrityError, match="append-only"), pg_db.session() as session:
            session.execute(text(statement))


def test_one_row_per_number_on_postgres(pg_db: Database) -> None:
    with pg_db.session() as session:
        session.add(Contact(e164="+8613812345678"))
    with pytest.raises(IntegrityError), pg_db.session() as session:
        session.add(Contact(e164="+8613812345678"))
