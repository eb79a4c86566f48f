"""Append-only consent log, saved import mappings, sender lease, birthday index.

- Triggers make the database refuse UPDATE and DELETE on ``consent_records`` (SQLite and
  PostgreSQL, both as an integrity error); the hash chain still catches edits by tools that drop the triggers.
- ``contacts.birthday_md`` ("MM-DD", indexed) is back-filled from ``birthday`` so birthday
  campaigns find their audience with an index instead of a date function over every row.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 23:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import smsdesk.core.db.models.base

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY_MESSAGE = "consent records are append-only"

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER consent_records_no_update BEFORE UPDATE ON consent_records
        BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END""",
    f"""CREATE TRIGGER consent_records_no_delete BEFORE DELETE ON consent_records
        BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END""",
]

POSTGRES_TRIGGERS = [
    f"""CREATE OR REPLACE FUNCTION consent_records_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' USING ERRCODE = 'restrict_violation';
        END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER consent_records_no_update BEFORE UPDATE OR DELETE ON consent_records
        FOR EACH ROW EXECUTE FUNCTION consent_records_append_only()""",
    """CREATE TRIGGER consent_records_no_truncate BEFORE TRUNCATE ON consent_records
        FOR EACH STATEMENT EXECUTE FUNCTION consent_records_append_only()""",
]


def upgrade() -> None:
    op.create_table(
        "import_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("header_key", sa.String(length=64), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("updated_at", smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_mappings")),
        sa.UniqueConstraint("header_key", name=op.f("uq_import_mappings_header_key")),
    )
    op.create_table(
        "leases",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("holder", sa.String(length=120), nullable=False),
        sa.Column("expires_at", smsdesk.core.db.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_leases")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("birthday_md", sa.String(length=5), nullable=True))
        batch_op.create_index("ix_contacts_birthday_md", ["birthday_md"], unique=False)
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(
            "UPDATE contacts SET birthday_md = to_char(birthday, 'MM-DD') "
            "WHERE birthday IS NOT NULL"
        )
        for statement in POSTGRES_TRIGGERS:
            op.execute(statement)
    else:
        op.execute(
            "UPDATE contacts SET birthday_md = strftime('%m-%d', birthday) "
            "WHERE birthday IS NOT NULL"
        )
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS consent_records_no_update ON consent_records")
        op.execute("DROP TRIGGER IF EXISTS consent_records_no_truncate ON consent_records")
        op.execute("DROP FUNCTION IF EXISTS consent_records_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS consent_records_no_update")
        op.execute("DROP TRIGGER IF EXISTS consent_records_no_delete")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index("ix_contacts_birthday_md")
        batch_op.drop_column("birthday_md")
    op.drop_table("leases")
    op.drop_table("import_mappings")
