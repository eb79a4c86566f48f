"""The outbox: one row per message, from queued to delivered (or why not)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from smsdesk.core.clock import utc_now
from smsdesk.core.db.models.base import Base


class Message(Base):
    """States: queued → submitting → submitted → delivered | failed | expired, plus cancelled,
    unknown (may have reached the provider; reconcile, never resend blindly) and skipped
    (a pre-submission check failed; ``skip_reason`` says which)."""

    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_state_due", "state", "not_before"),
        Index("ix_messages_e164_created", "e164", "created_at"),
        # Covering index for the frequency cap (campaigns.frequency): state and the times a
        # message counts at are read from the index, never from the table.
        Index(
            "ix_messages_contact_created",
            "contact_id",
            "kind",
            "created_at",
            "state",
            "submitting_at",
            "not_before",
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
