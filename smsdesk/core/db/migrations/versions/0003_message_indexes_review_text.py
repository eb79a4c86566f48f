"""Narrower indexes on ``messages``: the frequency cap and the per-number lookups.

- ``ix_messages_contact_counted`` (contact_id, the time a marketing message counts at, NULL
  for messages that do not count) replaces the six-column ``ix_messages_contact_created``:
  a contact's cap is one short index range, and the index is a third of the size.
- ``ix_messages_e164_sent`` (e164, only messages that went to the provider) replaces
  ``ix_messages_e164_created``: queued messages are not in it, so queueing a campaign no
  longer writes into a number-ordered index at random.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 02:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here: the model builds the same expression (``marketing_counted_at``); a test
# checks that the two agree.
COUNTED_AT = (
    "(CASE WHEN (kind = 'marketing' AND (state NOT IN "
    "('failed', 'expired', 'cancelled', 'skipped'))) "
    "THEN coalesce(submitting_at, not_before, created_at) END)"
)
SENT = "submitting_at IS NOT NULL"


def upgrade() -> None:
    op.add_column(
        "template_approvals",
        sa.Column("submitted_text", sa.Text(), nullable=False, server_default=""),
    )
    op.drop_index("ix_messages_contact_created", table_name="messages")
    op.drop_index("ix_messages_e164_created", table_name="messages")
    op.create_index(
        "ix_messages_contact_counted", "messages", ["contact_id", sa.text(COUNTED_AT)]
    )
    op.create_index(
        "ix_messages_e164_sent",
        "messages",
        ["e164"],
        sqlite_where=sa.text(SENT),
        postgresql_where=sa.text(SENT),
    )


def downgrade() -> None:
    op.drop_column("template_approvals", "submitted_text")
    op.drop_index("ix_messages_e164_sent", table_name="messages")
    op.drop_index("ix_messages_contact_counted", table_name="messages")
    op.create_index("ix_messages_e164_created", "messages", ["e164", "created_at"])
    op.create_index(
        "ix_messages_contact_created",
        "messages",
        ["contact_id", "kind", "created_at", "state", "submitting_at", "not_before"],
    )
