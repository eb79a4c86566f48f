"""Campaigns, their A/B variants, recurring runs and redemptions of ``{code}`` codes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smsdesk.core.clock import utc_now
from smsdesk.core.db.models.base import Base


class Campaign(Base):
    __tablename__ = "campaigns"
    __table_args__ = (Index("ix_campaigns_state", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    state: Mapped[str] = mapped_column(String(10), default="draft")
    kind: Mapped[str] = mapped_column(String(10), default="marketing")
    template_id: Mapped[int | None] = mapped_column(ForeignKey("templates.id", ondelete="SET NULL"))
    provider_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("provider_accounts.id", ondelete="SET NULL")
    )
    # {"segments": [ids], "tags": [names], "exclude_segments": [...], "exclude_tags": [...]}
    audience: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # {"type": "now"|"at"|"daily"|"weekly"|"birthday"|"since_purchase", ...}
    schedule: Mapped[dict[str, Any]] = mapped_column(default=dict)
    window_start: Mapped[str] = mapped_column(String(5), default="09:00")
    window_end: Mapped[str] = mapped_column(String(5), default="20:00")
    throttle_per_minute: Mapped[int | None] = mapped_column(Integer)
    starts_at: Mapped[datetime | None]
    ends_at: Mapped[datetime | None]
    variables: Mapped[dict[str, Any]] = mapped_column(default=dict)
    ab_winner_at: Mapped[datetime | None]
    paused_reason: Mapped[str] = mapped_column(Text, default="")
    warning: Mapped[str] = mapped_column(Text, default="")
    seed: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(default=utc_now, onupdate=utc_now)

    variants: Mapped[list[CampaignVariant]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", passive_deletes=True
    )


class CampaignVariant(Base):
    """One A/B arm: a template and its share of the audience (percent)."""

    __tablename__ = "campaign_variants"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(10), default="A")
    template_id: Mapped[int | None] = mapped_column(ForeignKey("templates.id", ondelete="SET NULL"))
    split_percent: Mapped[int] = mapped_column(Integer, default=100)

    campaign: Mapped[Campaign] = relationship(back_populates="variants")


class CampaignRun(Base):
    """One firing of a campaign (once for a one-off, per day for recurring and triggers)."""

    __tablename__ = "campaign_runs"
    __table_args__ = (Index("ix_campaign_runs_campaign", "campaign_id", "run_key", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    run_key: Mapped[str] = mapped_column(String(40))  # e.g. "once", "2026-05-20"
    status: Mapped[str] = mapped_column(String(10), default="done")  # done | missed
    queued: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class Redemption(Base):
    __tablename__ = "redemptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL"), index=True
    )
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaigns.id", ondelete="SET NULL"), index=True
    )
    redeemed_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(200), default="")
