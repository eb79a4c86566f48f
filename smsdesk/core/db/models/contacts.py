"""Contacts, tags, custom field definitions, purchases and saved segments."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smsdesk.core.clock import utc_now
from smsdesk.core.db.models.base import Base

contact_tags = Table(
    "contact_tags",
    Base.metadata,
    Column("contact_id", ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_contact_tags_tag_id", "tag_id", "contact_id"),
)


class Contact(Base):
    """One mobile number (E.164, unique) with what campaigns need to know about its owner.

    ``consent_scope`` and ``opted_out`` are caches kept by the consent module so that
    eligibility is one indexed query; the consent log and the opt-out table are the truth.
    """

    __tablename__ = "contacts"
    __table_args__ = (
        CheckConstraint("e164 LIKE '+%'", name="e164_plus"),
        Index("ix_contacts_tier", "tier"),
        Index("ix_contacts_carrier", "carrier"),
        Index("ix_contacts_province", "province"),
        Index("ix_contacts_consent_scope", "consent_scope"),
        Index("ix_contacts_name", "name"),
        Index("ix_contacts_birthday_md", "birthday_md"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    e164: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    region: Mapped[str] = mapped_column(String(2), default="CN")
    carrier: Mapped[str] = mapped_column(String(10), default="unknown")
    province: Mapped[str] = mapped_column(String(40), default="")
    city: Mapped[str] = mapped_column(String(40), default="")
    timezone: Mapped[str] = mapped_column(String(40), default="Asia/Shanghai")
    tier: Mapped[str] = mapped_column(String(10), default="new")
    tier_override: Mapped[str | None] = mapped_column(String(10))
    consent_scope: Mapped[str] = mapped_column(String(10), default="none")
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    suspect: Mapped[bool] = mapped_column(Boolean, default=False)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    birthday: Mapped[date | None] = mapped_column(Date)
    # "MM-DD" of the birthday, indexed, for birthday-triggered campaigns.
    birthday_md: Mapped[str | None] = mapped_column(String(5))
    first_purchase_at: Mapped[datetime | None]
    last_purchase_at: Mapped[datetime | None]
    purchase_count: Mapped[int] = mapped_column(Integer, default=0)
    purchase_total_cents: Mapped[int] = mapped_column(Integer, default=0)
    fields: Mapped[dict[str, Any]] = mapped_column(default=dict)
    notes: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)

    tags: Mapped[list[Tag]] = relationship(secondary=contact_tags, back_populates="contacts")
    purchases: Mapped[list[Purchase]] = relationship(
        back_populates="contact", cascade="all, delete-orphan", passive_deletes=True
    )


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    color: Mapped[str] = mapped_column(String(9), default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    contacts: Mapped[list[Contact]] = relationship(secondary=contact_tags, back_populates="tags")


class CustomField(Base):
    """A user-defined contact field; its values live in ``Contact.fields`` under ``key``."""

    __tablename__ = "custom_fields"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class Purchase(Base):
    __tablename__ = "purchases"
    __table_args__ = (Index("ix_purchases_contact_id", "contact_id", "purchased_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    purchased_at: Mapped[datetime]
    amount_cents: Mapped[int] = mapped_column(Integer, default=0)
    reference: Mapped[str] = mapped_column(String(80), default="")
    source: Mapped[str] = mapped_column(String(200), default="")

    contact: Mapped[Contact] = relationship(back_populates="purchases")


class Segment(Base):
    """A saved, named filter over contacts (see ``core.contacts.segments``)."""

    __tablename__ = "segments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    filter: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)
