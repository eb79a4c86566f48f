"""The outbox: one row per message, from queued to delivered (or why not)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    and_,
    case,
    func,
    literal_column,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import Grouping

from smsdesk.core.clock import utc_now
from smsdesk.core.db.models.base import Base
from smsdesk.core.enums import MessageState


class Message(Base):
    """States: queued → submitting → submitted → delivered | failed | expired, plus cancelled,
    unknown (may have reached the provider; reconcile, never resend blindly) and skipped
    (a pre-submission check failed; ``skip_reason`` says which)."""

    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_state_due", "state", "not_before"),
        # Messages to a number (receipts, vendor per-number limits, replies, re-permission)
        # are always looked up among those that went to the provider: queued messages stay
        # out of this index, so queueing a campaign does not write into it at random.
        Index(
            "ix_messages_e164_sent",
            "e164",
            sqlite_where=text("submitting_at IS NOT NULL"),
            postgresql_where=text("submitting_at IS NOT NULL"),
        ),
        Index("ix_messages_campaign_state", "campaign_id", "state"),
        Index("ix_messages_provider_id", "provider_account_id", "provider_message_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    our_ref: Mapped[str] = mapped_column(String(40), unique=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"))
    variant_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign_variants.id", ondelete="SET NULL")
    )
    run_id: Mapped[int | None] = mapped_column(ForeignKey("campaign_runs.id", ondelete="SET NULL"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    e164: Mapped[str] = mapped_column(String(20))
    template_id: Mapped[int | None] = mapped_column(ForeignKey("templates.id", ondelete="SET NULL"))
    provider_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("provider_accounts.id", ondelete="SET NULL")
    )
    kind: Mapped[str] = mapped_column(String(10), default="marketing")
    body: Mapped[str] = mapped_column(Text, default="")
    variables: Mapped[dict[str, Any]] = mapped_column(default=dict)
    parts: Mapped[int] = mapped_column(Integer, default=1)
    cost: Mapped[float] = mapped_column(Float, default=0.0)
    code: Mapped[str | None] = mapped_column(String(16), unique=True)
    state: Mapped[str] = mapped_column(String(12), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    provider_message_id: Mapped[str | None] = mapped_column(String(100))
    error_code: Mapped[str] = mapped_column(String(60), default="")
    error_message: Mapped[str] = mapped_column(Text, default="")
    skip_reason: Mapped[str] = mapped_column(String(40), default="")
    not_before: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    submitting_at: Mapped[datetime | None]
    submitted_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]


# States of messages that never reached anyone: they do not count towards a frequency cap.
NOT_COUNTED_STATES = tuple(
    state.value
    for state in (
        MessageState.FAILED,
        MessageState.EXPIRED,
        MessageState.CANCELLED,
        MessageState.SKIPPED,
    )
)


def marketing_counted_at() -> ColumnElement[datetime]:
    """The time a message counts at for the frequency cap: for a marketing message that may
    reach (or reached) its recipient, when it went to the provider, or while queued when it
    is planned for; ``NULL`` for every other message.

    Indexed with ``contact_id`` (``ix_messages_contact_counted``), so a contact's cap is one
    short index range. The kind and states are literals, not parameters: the database
    matches a query's expression to the index's by its text.
    """
    counted = and_(
        Message.kind == literal_column("'marketing'"),
        Message.state.not_in([literal_column(f"'{state}'") for state in NOT_COUNTED_STATES]),
    )
    return case(
        (counted, func.coalesce(Message.submitting_at, Message.not_before, Message.created_at))
    )


# Also what ``ON DELETE SET NULL`` from contacts looks messages up by.
# (In parentheses: PostgreSQL takes an expression in an index only so.)
Index("ix_messages_contact_counted", Message.contact_id, Grouping(marketing_counted_at()))
