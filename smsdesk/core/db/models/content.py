"""Signatures and templates, each with an approval status per provider account."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smsdesk.core.clock import utc_now
from smsdesk.core.db.models.base import Base


class Signature(Base):
    """A 【signature】 name (2–12 characters) the business registered with its providers."""

    __tablename__ = "signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(20), unique=True)
    company: Mapped[str] = mapped_column(String(120), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    approvals: Mapped[list[SignatureApproval]] = relationship(
        back_populates="signature", cascade="all, delete-orphan", passive_deletes=True
    )


class SignatureApproval(Base):
    __tablename__ = "signature_approvals"
    __table_args__ = (
        UniqueConstraint("signature_id", "provider_account_id", name="signature_account"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    signature_id: Mapped[int] = mapped_column(ForeignKey("signatures.id", ondelete="CASCADE"))
    provider_account_id: Mapped[int] = mapped_column(
        ForeignKey("provider_accounts.id", ondelete="CASCADE")
    )
    status: Mapped[str] = mapped_column(String(10), default="draft")
    reason: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)

    signature: Mapped[Signature] = relationship(back_populates="approvals")


class Template(Base):
    """A message text with ``{variables}``; the signature is kept apart and prefixed on send."""

    __tablename__ = "templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    kind: Mapped[str] = mapped_column(String(10), default="marketing")
    signature_id: Mapped[int | None] = mapped_column(
        ForeignKey("signatures.id", ondelete="SET NULL")
    )
    body: Mapped[str] = mapped_column(Text, default="")
    ai_assisted: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Items registered (报备) with the carriers for this template, allowed despite the link
    # and contact rules: {"links": [...], "contacts": [...]} (at most one link, two contacts).
    registered_items: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)

    signature: Mapped[Signature | None] = relationship()
    approvals: Mapped[list[TemplateApproval]] = relationship(
        back_populates="template", cascade="all, delete-orphan", passive_deletes=True
    )


class TemplateApproval(Base):
    """The provider's code and review state for one template, and the exact approved text:
    an edit after approval makes ``approved_text`` differ from the template (needs re-approval).
    """

    __tablename__ = "template_approvals"
    __table_args__ = (
        UniqueConstraint("template_id", "provider_account_id", name="template_account"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("templates.id", ondelete="CASCADE"))
    provider_account_id: Mapped[int] = mapped_column(
        ForeignKey("provider_accounts.id", ondelete="CASCADE")
    )
    provider_code: Mapped[str] = mapped_column(String(80), default="")
    status: Mapped[str] = mapped_column(String(10), default="draft")
    reason: Mapped[str] = mapped_column(Text, default="")
    approved_text: Mapped[str] = mapped_column(Text, default="")
    # The text last sent for review: the verdict that comes back covers this text.
    submitted_text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)

    template: Mapped[Template] = relationship(back_populates="approvals")
