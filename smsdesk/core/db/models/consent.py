"""Consent evidence (append-only, hash-chained), the opt-out list, replies and complaints.

None of these reference ``contacts``: evidence and suppression must survive deleting a contact.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from smsdesk.core.clock import utc_now
from smsdesk.core.db.models.base import Base


class ConsentRecord(Base):
    """One grant or withdrawal. ``hash`` = SHA-256 over the canonical content + ``prev_hash``."""

    __tablename__ = "consent_records"
    __table_args__ = (Index("ix_consent_records_e164", "e164", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    e164: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(10))
    scope: Mapped[str] = mapped_column(String(10))
    method: Mapped[str] = mapped_column(String(12))
    source: Mapped[str] = mapped_column(String(200), default="")
    consented_at: Mapped[datetime]
    recorded_at: Mapped[datetime]
    evidence_text: Mapped[str] = mapped_column(Text, default="")
    evidence_file: Mapped[str] = mapped_column(String(300), default="")
    evidence_sha256: Mapped[str] = mapped_column(String(64), default="")
    recorded_by: Mapped[str] = mapped_column(String(80), default="")
    # Unique: two writers that raced for the same predecessor cannot both land (no forks).
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class OptOut(Base):
    """A suppressed number. Removal keeps the row (``removed_at``) for the evidence trail;
    at most one active row per number (partial unique index)."""

    __tablename__ = "opt_outs"
    __table_args__ = (
        Index(
            "uq_opt_outs_active_e164",
            "e164",
            unique=True,
            sqlite_where=text("removed_at IS NULL"),
            postgresql_where=text("removed_at IS NULL"),
        ),
        Index("ix_opt_outs_e164", "e164"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    e164: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    removed_at: Mapped[datetime | None]
    removed_reason: Mapped[str] = mapped_column(String(200), default="")


class Reply(Base):
    """An inbound SMS (上行), with the action the reply interpreter took on it."""

    __tablename__ = "replies"
    __table_args__ = (
        UniqueConstraint("provider_account_id", "provider_reply_id", name="provider_reply"),
        Index("ix_replies_e164", "e164", "received_at"),
        Index("ix_replies_received_at", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    e164: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime]
    action: Mapped[str] = mapped_column(String(20), default="none")
    provider_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("provider_accounts.id", ondelete="SET NULL")
    )
    provider_reply_id: Mapped[str | None] = mapped_column(String(100))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"))
    consent_record_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class Complaint(Base):
    """A complaint the user learned of (carrier notice, 12321 report), counted per campaign."""

    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    e164: Mapped[str] = mapped_column(String(20))
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL"), index=True
    )
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
